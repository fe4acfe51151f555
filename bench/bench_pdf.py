"""Benchmark `pdf`: rendering archive cards (controlled copies) is linear in the number of cards.

As the demo archive officer ca_officer, under one approved print request covering 200 archives
(created in the benchmark's transaction, rolled back at the end), side by side in one process
(a 5-card warm-up, then interleaved repetitions, median): the PDF of 50 cards and the PDF of
200 cards, each a full `_render_qweb_pdf` (read, aggregates, QWeb, wkhtmltopdf, copy register).

Goal (issue #6): t200 <= 4.5 x t50. Reported ratio = t200 / (4 x t50): 1.0 is exactly linear,
the goal is ratio <= 1.125. measured_s = t200, baseline_s = 4 x t50.
Writes bench/results/pdf.json. Env: BENCH_SCALE, BENCH_DB, BENCH_REPS (default 3).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_FACTOR = 4.5
REPORT = "customer_archive.action_report_customer_archive_card"


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 3)
    with common.odoo_env(db, login="ca_officer") as env:
        from odoo import Command, fields

        su = env(su=True)
        archives = su["res.partner"].search(
            [("is_customer_archive", "=", True), ("is_company", "=", True)], limit=200, order="id"
        )
        if len(archives) < 200:
            sys.exit(f"bench pdf: only {len(archives)} archives in {db}")
        manager = su.ref("customer_archive.user_archive_manager")
        request = su["customer.archive.print.request"].create(
            {
                "partner_ids": [Command.set(archives.ids)],
                "purpose": "benchmark",
                "copies": 1000,
                "requester_id": env.uid,
            }
        )
        request.write(
            {"state": "approved", "approver_id": manager.id, "decided_on": fields.Datetime.now()}
        )
        Report = env["ir.actions.report"]
        data = {"print_request_id": request.id}
        sizes = {}

        def render(count):
            def run():
                pdf, kind = Report._render_qweb_pdf(REPORT, archives[:count].ids, data=dict(data))
                assert kind == "pdf" and pdf.startswith(b"%PDF")
                sizes[count] = len(pdf)

            return run

        # Warm-up on 5 cards (font registration, watermark image, QWeb compilation), then the
        # interleaved measurements.
        common.timed(env, render(5))
        medians, samples = common.interleaved(
            env, {"cards_50": render(50), "cards_200": render(200)}, repetitions=reps, warmup=0
        )

    t50, t200 = medians["cards_50"], medians["cards_200"]
    baseline = 4 * t50
    ratio = t200 / baseline if baseline else float("inf")
    goal_met = t200 <= GOAL_FACTOR * t50
    result = {
        "name": "pdf",
        "rows": 200,
        "measured_s": round(t200, 3),
        "baseline_s": round(baseline, 3),
        "ratio": round(ratio, 3),
        "goal": f"t200 <= {GOAL_FACTOR} x t50, i.e. ratio = t200 / (4 x t50) <= {GOAL_FACTOR / 4}",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "t50_s": round(t50, 3),
        "t200_s": round(t200, 3),
        "t200_over_t50": round(t200 / t50, 2) if t50 else None,
        "pdf_bytes_50": sizes.get(50),
        "pdf_bytes_200": sizes.get(200),
        "samples": {name: [round(s, 3) for s in values] for name, values in samples.items()},
        "repetitions": reps,
        "db": db,
    }
    common.write_result("pdf", result)
    print(
        f"pdf: ratio {ratio:.3f} (t200/(4 t50), goal <= {GOAL_FACTOR / 4}) t50 {t50:.2f}s "
        f"t200 {t200:.2f}s (t200/t50 {t200 / t50:.2f})" + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
