"""Benchmark `pdf`: archive cards (controlled copies) against a stock Odoo report of similar size,
linearity, and a 500-card batch and its memory.

As the demo archive officer ca_officer, under one approved print request covering 500 archives
(created in the benchmark's transaction, rolled back at the end), in one process, each print a
full ``ir.actions.report._render_qweb_pdf`` (read, QWeb, wkhtmltopdf; for the card also its
aggregates, copy register and stamp), after a 5-record warm-up of each report:

- interleaved repetitions (median): 1, 50 and 200 archive cards in one call
  (``customer_archive.action_report_customer_archive_card``), 1 sale order with the stock report
  ``sale.action_report_saleorder`` printed by the administrator;
- once: the stock report for 200 sale orders (one order of each of the same customers), one call
  per order. Stock Odoo cannot print them in one call with Debian's wkhtmltopdf (unpatched Qt:
  several input documents make it exit with "unknown error" and an empty file; the benchmark
  records what 2 orders in one call give, ``stock_two_orders_in_one_call``); the card's layout
  puts every card in one document;
- once: 500 cards in one call.

The stock layout fetches its stylesheets and the company logo over HTTP, as in production: an
Odoo server on 127.0.0.1:PDF_PORT serves them (``report.url`` points to it in the benchmark's
transaction); the card's layout is self-contained. The memory of this process and of its
children (wkhtmltopdf) is sampled every 0.1 s during the 200- and 500-record batches.

Figures: ``ratio`` = card time per record / stock time per record, 200 records (goal <= 1.5);
``ratio_single`` = one card / one sale order; ``linearity`` = t(200) / (4 x t(50)) of the card
(goal <= 1.125, i.e. t200 <= 4.5 x t50); memory: the peak RSS (this process + wkhtmltopdf)
during the 500-card batch at most MEMORY_FACTOR (1.25) x the peak during the 200-card batch
(memory growing with the cards gives 1 + 1.5 x the share that grows). measured_s = card t200,
baseline_s = stock t200.
Writes bench/results/pdf.json. Env: BENCH_SCALE, BENCH_DB, BENCH_REPS (default 3),
PDF_PORT (default 8075), PDF_BIG (default 500, 0: no big batch).
"""

import os
import sys
import threading
import time

import psutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.5
GOAL_LINEARITY = 4.5 / 4
MEMORY_FACTOR = 1.25
CARD = "customer_archive.action_report_customer_archive_card"
STOCK = "sale.action_report_saleorder"
PORT = int(os.environ.get("PDF_PORT") or 8075)
BIG = int(os.environ.get("PDF_BIG") if os.environ.get("PDF_BIG") is not None else 500)
LOG = os.path.join(common.ROOT, "var", "pdf-server.log")


def start_asset_server(db):
    """An Odoo server for the stylesheets and images wkhtmltopdf fetches (stock layout)."""
    args = ["--max-cron-threads", "0", "--workers", "0"]
    return common.start_server("pdf", db, PORT, args, LOG), f"http://127.0.0.1:{PORT}"


class RssSampler:
    """Peak resident memory (MB) of this process, and with its children, while ``phase`` is set."""

    def __init__(self):
        self.me = psutil.Process()
        self.phase = None
        self.peaks = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def sample(self):
        own = self.me.memory_info().rss
        total = own
        for child in self.me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return own / 1024 / 1024, total / 1024 / 1024

    def run(self):
        while not self.done.is_set():
            phase = self.phase
            if phase:
                own, total = self.sample()
                peak = self.peaks.setdefault(phase, {"process_mb": 0.0, "with_wkhtmltopdf_mb": 0.0})
                peak["process_mb"] = max(peak["process_mb"], round(own, 1))
                peak["with_wkhtmltopdf_mb"] = max(peak["with_wkhtmltopdf_mb"], round(total, 1))
            time.sleep(0.1)

    def measure(self, phase, fn):
        self.phase = phase
        try:
            return fn()
        finally:
            self.phase = None


def main():
    db = common.bench_db()
    reps = int(os.environ.get("BENCH_REPS") or 3)
    big = max(BIG, 200)
    server, url = start_asset_server(db)
    sampler = RssSampler()
    try:
        with common.odoo_env(db, login="ca_officer") as env:
            from odoo import Command, fields

            su = env(su=True)
            archives = su["res.partner"].search(
                [("is_customer_archive", "=", True), ("is_company", "=", True)],
                limit=big + 200,
                order="id",
            )
            # one sale order of each of the same customers, in the same order
            groups = su["sale.order"]._read_group(
                [("partner_id", "in", archives.ids)], ["partner_id"], ["id:min"]
            )
            first_order = {partner.id: order_id for partner, order_id in groups}
            archives = archives.filtered(lambda p: p.id in first_order)[:big]
            if len(archives) < big:
                sys.exit(f"bench pdf: only {len(archives)} archives with a sale order in {db}")
            order_ids = [first_order[pid] for pid in archives.ids]
            su["ir.config_parameter"].set_param("report.url", url)
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
                {
                    "state": "approved",
                    "approver_id": manager.id,
                    "decided_on": fields.Datetime.now(),
                }
            )
            admin = su.ref("base.user_admin")
            stock_env = env(
                user=admin, context=dict(env.context, allowed_company_ids=admin.company_id.ids)
            )
            cards = env["ir.actions.report"]
            stock = stock_env["ir.actions.report"]
            data = {"print_request_id": request.id}
            sizes = {}

            def render(report, ref, ids, key):
                def run():
                    pdf, kind = report._render_qweb_pdf(
                        ref, ids, data=dict(data) if ref == CARD else None
                    )
                    assert kind == "pdf" and pdf.startswith(b"%PDF"), kind
                    sizes[key] = len(pdf)

                return run

            def card(count):
                return render(cards, CARD, archives[:count].ids, f"cards_{count}")

            def orders(count):
                # one call per order: with Debian's wkhtmltopdf (unpatched Qt) stock Odoo cannot
                # print more than one record in a call (several input documents: wkhtmltopdf exits
                # with "unknown error" and an empty file), checked below
                def run():
                    total = 0
                    for order_id in order_ids[:count]:
                        pdf, kind = stock._render_qweb_pdf(STOCK, [order_id])
                        assert kind == "pdf" and pdf.startswith(b"%PDF"), kind
                        total += len(pdf)
                    sizes[f"stock_{count}"] = total

                return run

            def stock_batch_error():
                """What stock Odoo answers when it prints 2 orders in one call (None: it works)."""
                try:
                    with env.cr.savepoint():
                        stock._render_qweb_pdf(STOCK, order_ids[:2])
                except Exception as exc:  # noqa: BLE001 (recorded in the result)
                    return f"{type(exc).__name__}: {str(exc)[:200]}"
                return None

            # Warm-up on 5 records each (fonts, watermark image, QWeb compilation, asset bundle)
            common.timed(env, card(5))
            common.timed(env, orders(5))
            batch_error = stock_batch_error()

            def sampled(name, fn):
                return lambda: sampler.measure(name, fn)

            medians, samples = common.interleaved(
                env,
                {
                    "cards_1": card(1),
                    "stock_1": orders(1),
                    "cards_50": card(50),
                    "cards_200": sampled("cards_200", card(200)),
                },
                repetitions=reps,
                warmup=0,
            )
            # stock, 200 orders: 200 calls (each alike: once is enough, and takes minutes)
            medians["stock_200"], _ = common.timed(env, sampled("stock_200", orders(200)))
            samples["stock_200"] = [medians["stock_200"]]
            t_big = None
            if BIG:
                t_big, _ = common.timed(env, sampled(f"cards_{big}", card(big)))
    finally:
        sampler.done.set()
        common.stop_server(server)

    c50, c200 = medians["cards_50"], medians["cards_200"]
    s1, s200 = medians["stock_1"], medians["stock_200"]
    c1 = medians["cards_1"]
    ratio = c200 / s200
    linearity = c200 / (4 * c50)
    peaks = sampler.peaks
    memory = None
    if t_big:
        p200 = peaks["cards_200"]["with_wkhtmltopdf_mb"]
        pbig = peaks[f"cards_{big}"]["with_wkhtmltopdf_mb"]
        memory = {
            f"peak_{big}_over_200": round(pbig / p200, 3),
            "goal": f"peak RSS (process + wkhtmltopdf) during {big} cards <= {MEMORY_FACTOR} x "
            "during 200",
            "constant": pbig <= MEMORY_FACTOR * p200,
        }
    goal_met = (
        ratio <= GOAL_RATIO
        and linearity <= GOAL_LINEARITY
        and (memory is None or memory["constant"])
    )
    result = {
        "name": "pdf",
        "rows": 200,
        "measured_s": round(c200, 3),
        "baseline_s": round(s200, 3),
        "ratio": round(ratio, 3),
        "goal": f"ratio = card time per record / stock sale order report per record <= {GOAL_RATIO}; "
        f"linearity = t200 / (4 x t50) <= {GOAL_LINEARITY}; {big} cards in one batch in constant "
        f"memory (peak RSS <= {MEMORY_FACTOR} x that of 200)",
        "goal_met": goal_met,
        "peak_rss_mb": max(p["with_wkhtmltopdf_mb"] for p in peaks.values()) if peaks else None,
        "linearity": round(linearity, 3),
        # one record, one call each: the card against one sale order, the same path
        "ratio_single": round(c1 / s1, 3),
        "t1_s": round(c1, 3),
        "stock_t1_s": round(s1, 3),
        "card_ms_per_record": round(1000 * c200 / 200, 1),
        "stock_ms_per_record": round(1000 * s200 / 200, 1),
        "t50_s": round(c50, 3),
        "t200_s": round(c200, 3),
        "stock_t200_s": round(s200, 3),
        f"t{big}_s": round(t_big, 3) if t_big else None,
        f"card_ms_per_record_{big}": round(1000 * t_big / big, 1) if t_big else None,
        "memory": memory,
        "peak_rss_by_batch": peaks,
        "pdf_bytes": sizes,
        "samples": {name: [round(s, 3) for s in values] for name, values in samples.items()},
        "stock_report": STOCK,
        "stock_printed": "one _render_qweb_pdf call per order",
        "stock_two_orders_in_one_call": batch_error or "works",
        "repetitions": reps,
        "db": db,
        "scale": common.bench_scale(),
    }
    common.write_result("pdf", result)
    print(
        f"pdf: card {c200:.2f}s vs stock sale order {s200:.2f}s for 200: ratio {ratio:.3f} "
        f"(goal <= {GOAL_RATIO}); linearity {linearity:.3f} (goal <= {GOAL_LINEARITY}); "
        + (
            f"{big} cards {t_big:.1f}s, peak RSS {big}/200 {memory[f'peak_{big}_over_200']}"
            if t_big
            else "no big batch"
        )
        + ("" if goal_met else "  [goal missed]")
    )
    return 0 if goal_met else 1


if __name__ == "__main__":
    sys.exit(main())
