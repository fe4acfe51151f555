"""Benchmark `masking`: the archive list with sensitive-field masking on against off.

As the demo salesperson ca_user (an archive user: not cleared for the sensitive fields), in one
process, alternately (warm-up, then interleaved repetitions, median):

(a) measured: the archive list as the web client loads it — ``web_search_read`` on res.partner
    with the action's domain and default filters, the fields of the list view
    customer_archive.res_partner_view_list plus the person fields of the archive form that are
    classified (annual turnover, mobile, birthday, resident id, street: so that every row
    carries masked values), limit 80 — with the default classification active;
(b) baseline: the same call with every classification archived (the switch: no field is
    sensitive, nothing is masked). The switch is flipped outside the timed calls and the
    masking configuration is warmed up first, as it is cached per registry.

Goal: (a) / (b) <= 1.2. Writes bench/results/masking.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 20).
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_list import COUNT_LIMIT, action_domain_and_context  # noqa: E402

import common  # noqa: E402

GOAL_RATIO = 1.1
EXTRA_FIELDS = ("annual_turnover", "mobile", "birthday", "resident_id", "street")


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 30)
    with common.odoo_env(db, login="ca_user") as env:
        rows = env["res.partner"].sudo().search_count([("is_customer_archive", "=", True)])
        domain, action_context = action_domain_and_context(
            env, "customer_archive.res_partner_archive_action"
        )
        Archives = env["res.partner"].with_context(**action_context)
        # sudo: the benchmark flips the classification switch, a manager's setting
        rules = (
            env["customer.archive.sensitive.field"]
            .sudo()
            .with_context(active_test=False)
            .search([])
        )
        rules.write({"active": True})
        spec, order = common.list_view_specification(
            env, "res.partner", env.ref("customer_archive.res_partner_view_list").id
        )
        spec.update({fname: {} for fname in EXTRA_FIELDS})

        def archive_list():
            return Archives.web_search_read(
                domain, spec, limit=80, order=order, count_limit=COUNT_LIMIT
            )

        def switch(on):
            rules.write({"active": on})
            env["customer.archive.sensitive.field"]._get_masking_config()  # warm the cache

        switch(True)
        first = archive_list()["records"]
        masked_values = sum(
            1
            for rec in first
            for fname in spec
            if isinstance(rec.get(fname), str) and "***" in rec[fname]
        )
        if not first:
            sys.exit(f"bench masking: no archive visible to ca_user in {db}")
        samples = {"on": [], "off": []}
        for rep in range(reps + 3):
            for state in ("on", "off") if rep % 2 == 0 else ("off", "on"):
                switch(state == "on")
                seconds, _result = common.timed(env, archive_list)
                if rep >= 3:  # warm-up rounds are not counted
                    samples[state].append(seconds)
        switch(True)
    measured, baseline = statistics.median(samples["on"]), statistics.median(samples["off"])
    ratio = measured / baseline if baseline else float("inf")
    result = {
        "name": "masking",
        "rows": rows,
        "measured_s": round(measured, 4),
        "baseline_s": round(baseline, 4),
        "ratio": round(ratio, 2),
        "goal": f"ratio <= {GOAL_RATIO}",
        "goal_met": ratio <= GOAL_RATIO,
        "peak_rss_mb": common.peak_rss_mb(),
        "records": len(first),
        "masked_values": masked_values,
        "repetitions": reps,
        "db": db,
    }
    common.write_result("masking", result)
    print(
        f"masking: ratio {ratio:.2f} (goal <= {GOAL_RATIO}) on {measured:.4f}s off {baseline:.4f}s "
        f"rows {rows}, {len(first)} listed, {masked_values} masked values"
        + ("" if ratio <= GOAL_RATIO else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
