"""Benchmark `form_history`: opening an archive form with its history and documents against
opening one without them (issue #15: <= 1.10 x).

As the demo salesperson ca_user, side by side in one process (warm-up, then interleaved
repetitions, median), on archives of the scale data that ca_user sees (record rules applied):

(a) measured: 20 archives, each given DOCS documents of the document checklist (number, issue and
    expiry dates, a copy on every other one) and CHANGES recorded changes of tracked archive
    fields (each change a chatter message with its tracking values, i.e. rows of the field
    history), written by the archive officer ca_officer as the screens do;
(b) baseline: 20 other archives of the same scale data without documents or history, whose
    chatter holds as many messages (internal notes by the same officer): the chatter's length is
    the same on both sides, so the ratio is the cost of the history (tracking values, masked for
    the reader) and of the documents, not of a longer chatter.
Opening a form is what the web client does: ``web_read`` with the archive form's fields
specification (the Documents page's list included), then the chatter's thread data and its first
page of 30 messages (the history as tracking values, masked for the reader). Goal: (a) / (b) <=
1.10, and the query count of opening one archive the same with 5 and with CHANGES recorded
changes (it does not grow with the history). Everything is rolled back at the end. Writes bench/results/form_history.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 40),
BENCH_DOCS (default 10), BENCH_CHANGES (default 60).
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_audit import form_specification  # noqa: E402

import common  # noqa: E402

GOAL_RATIO = 1.10
THREAD_REQUESTS = [
    "activities",
    "attachments",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
]
# Tracked archive fields an officer edits in the screens (no approval flow on them).
CHANGED_FIELDS = (
    "phone",
    "mobile",
    "email",
    "street",
    "city",
    "wechat_id",
    "qq",
    "business_scope",
    "main_products",
    "employee_count",
)


def give_history(env, partner, changes, offset):
    """``changes`` writes of two tracked fields by the officer, each its own chatter message."""
    for i in range(changes):
        values = {}
        for fname in (
            CHANGED_FIELDS[(i + offset) % len(CHANGED_FIELDS)],
            CHANGED_FIELDS[(i + offset + 3) % len(CHANGED_FIELDS)],
        ):
            field = partner._fields[fname]
            values[fname] = 10 + i if field.type == "integer" else f"{fname}-{i}@{partner.id}"
            if fname in ("phone", "mobile"):
                values[fname] = f"+86 138 {partner.id % 10000:04d} {i:04d}"
            elif fname == "email":
                values[fname] = f"c{partner.id}.{i}@example.cn"
        partner.write(values)
        env.flush_all()
        env.cr.precommit.run()  # what the commit of the request does: the tracking messages


def give_notes(env, partner, count):
    """``count`` internal notes by the officer: a chatter as long as the history, no changes."""
    for i in range(count):
        partner.message_post(
            body=f"拜访小结 {i}: 客户对新品目录感兴趣。",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
    env.flush_all()


def give_documents(env, partner, docs, types):
    today = datetime.date.today()
    env["customer.archive.document"].create(
        [
            {
                "partner_id": partner.id,
                "type_id": types[i % len(types)].id,
                "number": f"DOC-{partner.id}-{i:03d}",
                "issue_date": today - datetime.timedelta(days=400 + i),
                "expiry_date": today + datetime.timedelta(days=30 * (i + 1)),
                "attachment": b"JVBERi0xLjQK" if i % 2 == 0 else False,
                "attachment_filename": f"doc-{i}.pdf" if i % 2 == 0 else False,
            }
            for i in range(docs)
        ]
    )
    env.flush_all()


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 40)
    docs = int(os.environ.get("BENCH_DOCS") or 10)
    changes = int(os.environ.get("BENCH_CHANGES") or 60)
    with common.odoo_env(db, login="ca_user") as env:
        from odoo.addons.mail.tools.discuss import Store  # importable once the registry is loaded

        rows = env["res.partner"].sudo().search_count([("is_customer_archive", "=", True)])
        archives = env["res.partner"].search(
            [
                ("is_customer_archive", "=", True),
                ("archive_number", "=like", "SC%"),
                ("archive_approval_state", "=", "approved"),
            ],
            limit=41,
            order="id",
        )
        if len(archives) < 41:
            sys.exit(f"bench form_history: fewer than 41 scale archives visible to ca_user in {db}")
        with_history, without, short = archives[:20], archives[20:40], archives[40]
        officer = env["res.users"].sudo().search([("login", "=", "ca_officer")])
        officer_env = env(user=officer)
        types = env["customer.archive.document.type"].sudo().search([], order="sequence, id")
        for n, partner in enumerate(with_history):
            give_documents(officer_env, partner.with_env(officer_env), docs, types)
            give_history(officer_env, partner.with_env(officer_env), changes, n)
        for partner in without:
            give_notes(officer_env, partner.with_env(officer_env), changes)
        give_documents(officer_env, short.with_env(officer_env), docs, types)
        give_history(officer_env, short.with_env(officer_env), 5, 0)
        env.invalidate_all()
        history_rows = (
            env["customer.archive.field.history"]
            .sudo()
            .search_count([("archive_id", "in", with_history.ids)])
        )
        documents = env["customer.archive.document"].search_count(
            [("partner_id", "in", with_history.ids)]
        )
        spec = form_specification(env)
        assert "archive_document_ids" in spec, "the archive form must carry the Documents page"
        spec["archive_document_ids"] = {
            "fields": {
                name: {}
                for name in (
                    "type_id",
                    "is_identity",
                    "number",
                    "issue_date",
                    "expiry_date",
                    "state",
                    "has_copy",
                    "attachment_filename",
                    "attachment",
                )
            }
        }
        spec["archive_document_ids"]["fields"]["type_id"] = {"fields": {"display_name": {}}}

        def open_form(partner):
            # one record, as a request of the web client has it (no prefetch of its siblings)
            partner = partner.with_prefetch()
            data = partner.web_read(spec)
            thread = Store(partner, as_thread=True, request_list=THREAD_REQUESTS).get_result()
            fetched = env["mail.message"]._message_fetch(
                [
                    ("res_id", "=", partner.id),
                    ("model", "=", "res.partner"),
                    ("message_type", "!=", "user_notification"),
                ],
                limit=30,
            )
            messages = fetched.pop("messages")
            store = Store(messages, for_current_user=True).get_result()
            return data, thread, messages, store

        position = {"with": 0, "without": 0}

        def opener(name, records):
            def fn():
                partner = records[position[name] % len(records)]
                position[name] += 1
                return open_form(partner)

            return fn

        # What the reader gets: the documents, the history page of the chatter, masked values.
        data, _thread, messages, _store = open_form(with_history[0])
        shown_docs = len(data[0]["archive_document_ids"])
        shown_messages = len(messages)
        tracked_values = len(messages.sudo().tracking_value_ids)

        medians, samples = common.interleaved(
            env,
            {"with": opener("with", with_history), "without": opener("without", without)},
            repetitions=reps,
        )
        # the same archive with a short history (5 changes), then a long one: same queries
        queries_short = common.query_count(env, lambda: open_form(short))
        give_history(officer_env, short.with_env(officer_env), changes - 5, 5)
        queries_long = common.query_count(env, lambda: open_form(short))
        queries_without = common.query_count(env, lambda: open_form(without[0]))

    measured, baseline = medians["with"], medians["without"]
    ratio = measured / baseline if baseline else float("inf")
    goal_met = ratio <= GOAL_RATIO and queries_long == queries_short and shown_docs == docs
    result = {
        "name": "form_history",
        "rows": rows,
        "measured_s": round(measured, 5),
        "baseline_s": round(baseline, 5),
        "ratio": round(ratio, 3),
        "goal": f"ratio <= {GOAL_RATIO} (archive form with {docs} documents and {changes} recorded "
        "changes vs one without; form data + chatter's first page) and the same query count "
        "for a long and a short history",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "documents_per_archive": docs,
        "changes_per_archive": changes,
        "history_rows": history_rows,
        "documents": documents,
        "documents_shown": shown_docs,
        "messages_shown": shown_messages,
        "tracking_values_shown": tracked_values,
        "queries_long_history": queries_long,
        "queries_short_history": queries_short,
        "queries_without": queries_without,
        "form_fields": len(spec),
        "repetitions": reps,
        "samples_s": {name: [round(s, 5) for s in values] for name, values in samples.items()},
        "scale": common.bench_scale(),
        "db": db,
    }
    common.write_result("form_history", result)
    print(
        f"form_history: ratio {ratio:.3f} (goal <= {GOAL_RATIO}) measured {measured * 1000:.1f}ms "
        f"baseline {baseline * 1000:.1f}ms rows {rows} history rows {history_rows} documents {documents} "
        f"queries long/short/without {queries_long}/{queries_short}/{queries_without}"
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
