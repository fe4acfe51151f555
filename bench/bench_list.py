"""Benchmark `list`: the customer archive list against the stock Contacts list.

As the demo salesperson ca_user, side by side in one process (warm-up, then interleaved
repetitions, median):

(a) measured: the archive list as the web client loads it, i.e. ``web_search_read`` on
    res.partner with the domain of the action customer_archive.res_partner_archive_action plus
    its default filters, the fields of the list view customer_archive.res_partner_view_list,
    limit 80, the list's default order, count limit 10001;
(b) baseline: the stock Contacts list (fields of base.view_partner_tree) for the SAME 80
    partners.

Also counts the SQL queries of (a) for 80 and for 20 rows: the count must not grow with the
number of rows (no per-record queries). Writes bench/results/list.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 20).
"""

import os
import sys
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.15  # issue #13: the archive list as a salesperson, rules and masking on
COUNT_LIMIT = 10001  # what the web client sends (DEFAULT_COUNT_LIMIT + 1)


def eval_context(env):
    today = date.today()
    return {
        "uid": env.uid,
        "context_today": lambda: today,
        "current_date": today.strftime("%Y-%m-%d"),
        "datetime": datetime,
        "relativedelta": relativedelta,
        "allowed_company_ids": env.context.get("allowed_company_ids", []),
    }


def action_domain_and_context(env, xmlid):
    """Domain of the window action plus its default filters (search_default_*), and the
    context the action adds."""
    from odoo.osv import expression
    from odoo.tools.safe_eval import safe_eval

    action = env.ref(xmlid).sudo()
    values = eval_context(env)
    domain = safe_eval(action.domain or "[]", values)
    context = safe_eval(action.context or "{}", values)
    defaults = {k[len("search_default_"):]: v for k, v in context.items()
                if k.startswith("search_default_") and v}
    if defaults and action.search_view_id:
        model = env[action.res_model]
        search = model.get_views([(action.search_view_id.id, "search")])["views"]["search"]["arch"]
        groups, current = [], []
        for node in etree.fromstring(search).iter("filter", "separator", "field"):
            if node.tag == "separator":
                groups.append(current)
                current = []
            elif node.tag == "filter" and node.get("name") in defaults and node.get("domain"):
                current.append(safe_eval(node.get("domain"), values))
            elif node.tag == "field" and node.get("name") in defaults:
                groups.append([[(node.get("name"), "=", defaults[node.get("name")])]])
        groups.append(current)
        for group in groups:
            if group:
                domain = expression.AND([domain, expression.OR(group)])
    context = {k: v for k, v in context.items() if not k.startswith("search_default_")}
    return domain, context


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 20)
    with common.odoo_env(db, login="ca_user") as env:
        rows = env["res.partner"].sudo().search_count([("is_customer_archive", "=", True)])
        domain, action_context = action_domain_and_context(
            env, "customer_archive.res_partner_archive_action")
        Archives = env["res.partner"].with_context(**action_context)
        list_view = env.ref("customer_archive.res_partner_view_list")
        archive_spec, order = common.list_view_specification(env, "res.partner", list_view.id)
        contacts_spec, _order = common.list_view_specification(
            env, "res.partner", env.ref("base.view_partner_tree").id)
        contacts_action = env.ref("contacts.action_contacts", raise_if_not_found=False)
        _contacts_domain, contacts_context = (
            action_domain_and_context(env, "contacts.action_contacts") if contacts_action else ([], {}))
        Contacts = env["res.partner"].with_context(**contacts_context)

        def archive_list(limit=80):
            return Archives.web_search_read(
                domain, archive_spec, limit=limit, order=order, count_limit=COUNT_LIMIT)

        first = archive_list()
        ids = [record["id"] for record in first["records"]]
        if not ids:
            sys.exit(f"bench list: no archive visible to ca_user in {db}")

        def contacts_list():
            return Contacts.web_search_read(
                [("id", "in", ids)], contacts_spec, limit=80, count_limit=COUNT_LIMIT)

        medians, _samples = common.interleaved(
            env, {"archives": archive_list, "contacts": contacts_list}, repetitions=reps)
        queries_80 = common.query_count(env, lambda: archive_list(80))
        queries_20 = common.query_count(env, lambda: archive_list(20))

    measured, baseline = medians["archives"], medians["contacts"]
    ratio = measured / baseline if baseline else float("inf")
    goal_met = ratio <= GOAL_RATIO and queries_80 == queries_20
    result = {
        "name": "list",
        "rows": rows,
        "measured_s": round(measured, 4),
        "baseline_s": round(baseline, 4),
        "ratio": round(ratio, 2),
        "goal": f"ratio <= {GOAL_RATIO} and queries(80) == queries(20)",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "queries_80": queries_80,
        "queries_20": queries_20,
        "records_80": len(ids),
        "repetitions": reps,
        "db": db,
    }
    common.write_result("list", result)
    print(
        f"list: ratio {ratio:.2f} (goal <= {GOAL_RATIO}) measured {measured:.3f}s "
        f"baseline {baseline:.3f}s rows {rows} queries 80/20: {queries_80}/{queries_20}"
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
