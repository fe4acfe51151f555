"""Benchmark `audit`: opening an archive form with the access log on against off.

As the demo salesperson ca_user, side by side in one process (warm-up, then interleaved
repetitions, median), on the archives ca_user sees (record rules applied):

(a) measured: ``web_read`` of one archive with the fields specification of the archive form
    (customer_archive's form on res.partner, as the web client builds it from the view), with
    *Log Archive Opening* on: each call appends an ``open`` entry to the access log, and then
    chains it (hash over the entry and the previous hash, under the lock of the company's chain
    head), which a request does right after its commit (post-commit hook; here in the same
    cursor, since the bench rolls back);
(b) baseline: the same call with the setting off (no log entry, nothing to chain).
The setting (res.company.archive_log_open) is switched by an untimed UPDATE before each call;
every call opens the next of up to 20 archives. Goal: (a) / (b) <= 1.05. Everything is rolled
back at the end. Writes bench/results/audit.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 40).
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.05
RELATIONAL = ("many2one", "many2many", "one2many")


def form_specification(env):
    """The specification the web client sends when it opens the archive form: every field of
    the form view (as seen by the current user), relational ones with their display name."""
    Partner = env["res.partner"]
    action = env.ref("customer_archive.res_partner_archive_action").sudo()
    form_view = next((v.view_id.id for v in action.view_ids if v.view_mode == "form"), False)
    views = Partner.get_views([(form_view, "form")])
    fields = views["models"]["res.partner"]["fields"]
    # Only the fields of the arch the user gets (``fields`` also describes fields of nodes that
    # the user's groups removed, which the web client does not ask for).
    arch = views["views"]["form"]["arch"]
    spec = {}
    for fname, field in fields.items():
        if f'name="{fname}"' not in arch:
            continue
        if field["type"] in RELATIONAL:
            spec[fname] = {"fields": {"display_name": {}}}
        else:
            spec[fname] = {}
    assert "archive_form_marker" in spec, "the archive form must carry the open marker"
    return spec


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 40)
    with common.odoo_env(db, login="ca_user") as env:
        rows = env["res.partner"].sudo().search_count([("is_customer_archive", "=", True)])
        archives = env["res.partner"].search([("is_customer_archive", "=", True)], limit=20)
        if not archives:
            sys.exit(f"bench audit: no archive visible to ca_user in {db}")
        spec = form_specification(env)
        companies = archives.archive_company_id | env.company
        Log = env["customer.archive.access.log"].sudo()
        logged_before = Log.search_count([("event", "=", "open")])

        def set_logging(on):
            position["on"] = on
            env.cr.execute(
                "UPDATE res_company SET archive_log_open = %s WHERE id = ANY(%s)",
                (on, companies.ids),
            )

        Chain = env["customer.archive.access.log.chain"]
        # The companies of the entries (the archives' companies), as the post-commit hook gets them.
        log_company_ids = (archives.company_id | env.company).ids
        position = {"i": 0, "on": False}

        def open_form():
            partner = archives[position["i"] % len(archives)]
            position["i"] += 1
            result = partner.web_read(spec)
            if position["on"]:
                Chain._chain_pending(log_company_ids)  # what the post-commit hook does
            return result

        samples = {"on": [], "off": []}
        for rep in range(3 + reps):
            order = ("on", "off") if rep % 2 == 0 else ("off", "on")
            for case in order:
                set_logging(case == "on")
                seconds, _result = common.timed(env, open_form)
                if rep >= 3:
                    samples[case].append(seconds)
        logged = Log.search_count([("event", "=", "open")]) - logged_before
        unchained = Log.search_count([("event", "=", "open"), ("chain_seq", "=", False)])
        queries_on = queries_off = 0
        for case in ("on", "off"):
            set_logging(case == "on")
            position["i"] = 0  # the same archive for both counts
            count = common.query_count(env, open_form)
            if case == "on":
                queries_on = count
            else:
                queries_off = count

    measured, baseline = statistics.median(samples["on"]), statistics.median(samples["off"])
    ratio = measured / baseline if baseline else float("inf")
    expected_logged = (
        3 + reps
    )  # the timed "on" calls (warm-up included), counted before the query counts
    goal_met = ratio <= GOAL_RATIO and logged == expected_logged and not unchained
    result = {
        "name": "audit",
        "rows": rows,
        "measured_s": round(measured, 5),
        "baseline_s": round(baseline, 5),
        "ratio": round(ratio, 3),
        "goal": f"ratio <= {GOAL_RATIO} (form opening with the access log on vs off)",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "open_entries_written": logged,
        "open_entries_unchained": unchained,
        "queries_on": queries_on,
        "queries_off": queries_off,
        "form_fields": len(spec),
        "repetitions": reps,
        "db": db,
    }
    common.write_result("audit", result)
    print(
        f"audit: ratio {ratio:.3f} (goal <= {GOAL_RATIO}) measured {measured * 1000:.2f}ms "
        f"baseline {baseline * 1000:.2f}ms rows {rows} queries on/off {queries_on}/{queries_off} "
        f"entries {logged}" + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
