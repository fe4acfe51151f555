"""Benchmark `history`: opening an archive form with the sales picture against the same form
without it.

As the demo salesperson ca_user, side by side in one process (warm-up, then interleaved
repetitions, median), on archives ca_user sees (record rules applied) that have confirmed
orders:

(a) measured: ``web_read`` of one archive with the fields specification of the archive form
    (customer_archive's form on res.partner, as the web client builds it from the view, see
    bench_audit.form_specification), the *Sales Picture* page included: its last five orders,
    last five invoices and top products over the tier window, read from sale.order,
    account.move and sale.order.line;
(b) baseline: the same call with the same specification minus that page (``sales_picture``).
Every call opens the next of up to 20 archives. Goal: (a) / (b) <= 1.15, and the query count of
(a) the same for the archive with the fewest and the one with the most orders. Everything is
rolled back at the end. Writes bench/results/history.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 40).
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_audit import form_specification  # noqa: E402

import common  # noqa: E402

GOAL_RATIO = 1.15
FIELD = "sales_picture"


def archives_with_orders(env, limit=20):
    """Up to ``limit`` archives visible to the current user with confirmed orders, and the
    number of orders of each (counted as superuser)."""
    env.cr.execute(
        """
        SELECT p.commercial_partner_id, count(*)
          FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
         WHERE so.state = 'sale' AND p.commercial_partner_id IN (
                SELECT id FROM res_partner WHERE is_customer_archive AND user_id = %s
                 ORDER BY id LIMIT 500)
         GROUP BY p.commercial_partner_id
        """,
        [env.uid],
    )
    counts = dict(env.cr.fetchall())
    visible = env["res.partner"].search([("id", "in", list(counts))], limit=limit, order="id")
    return visible, {pid: counts[pid] for pid in visible.ids}


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 40)
    with common.odoo_env(db, login="ca_user") as env:
        rows = env["res.partner"].sudo().search_count([("is_customer_archive", "=", True)])
        orders_total = env["sale.order"].sudo().search_count([("state", "=", "sale")])
        archives, order_counts = archives_with_orders(env)
        if not archives:
            sys.exit(f"bench history: no archive with orders visible to ca_user in {db}")
        spec_with = form_specification(env)
        if FIELD not in spec_with:
            sys.exit("bench history: the archive form has no sales picture")
        spec_without = {k: v for k, v in spec_with.items() if k != FIELD}
        position = {"i": 0}

        def opener(spec):
            def open_form():
                partner = archives[position["i"] % len(archives)]
                position["i"] += 1
                return partner.web_read(spec)

            return open_form

        cases = {"with": opener(spec_with), "without": opener(spec_without)}
        samples = {"with": [], "without": []}
        for rep in range(3 + reps):
            order = ("with", "without") if rep % 2 == 0 else ("without", "with")
            for case in order:
                position["i"] = rep  # both cases open the same archive in a round
                seconds, _result = common.timed(env, cases[case])
                if rep >= 3:
                    samples[case].append(seconds)
        # Query count of the picture (form with it minus form without it, same archive) for the
        # archive with the fewest and the one with the most orders.
        fewest = min(order_counts, key=lambda pid: (order_counts[pid], pid))
        most = max(order_counts, key=lambda pid: (order_counts[pid], -pid))
        counts = {}
        for pid in (fewest, most, fewest, most):  # the second pass counts (caches warm)
            partner = env["res.partner"].browse(pid)
            counts[pid] = {
                "with": common.query_count(env, lambda p=partner: p.web_read(spec_with)),
                "without": common.query_count(env, lambda p=partner: p.web_read(spec_without)),
            }
        picture = env["res.partner"].browse(most).web_read({FIELD: {}})[0][FIELD] or ""

    measured, baseline = statistics.median(samples["with"]), statistics.median(samples["without"])
    ratio = measured / baseline if baseline else float("inf")
    picture_queries = {pid: c["with"] - c["without"] for pid, c in counts.items()}
    independent = picture_queries[fewest] == picture_queries[most]
    goal_met = ratio <= GOAL_RATIO and independent and "<table" in picture
    result = {
        "name": "history",
        "rows": rows,
        "orders": orders_total,
        "measured_s": round(measured, 5),
        "baseline_s": round(baseline, 5),
        "ratio": round(ratio, 3),
        "goal": f"ratio <= {GOAL_RATIO} (archive form with the sales picture vs without it), "
        "query count independent of the number of orders",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "queries_with": counts[most]["with"],
        "queries_without": counts[most]["without"],
        "picture_queries_fewest_orders": {
            "orders": order_counts[fewest],
            "queries": picture_queries[fewest],
        },
        "picture_queries_most_orders": {
            "orders": order_counts[most],
            "queries": picture_queries[most],
        },
        "form_fields": len(spec_with),
        "archives_opened": len(archives),
        "repetitions": reps,
        "db": db,
    }
    common.write_result("history", result)
    print(
        f"history: ratio {ratio:.3f} (goal <= {GOAL_RATIO}) measured {measured * 1000:.2f}ms "
        f"baseline {baseline * 1000:.2f}ms rows {rows} orders {orders_total} queries "
        f"with/without {counts[most]['with']}/{counts[most]['without']}, picture queries "
        f"{picture_queries[fewest]}/{picture_queries[most]} for "
        f"{order_counts[fewest]}/{order_counts[most]} orders"
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
