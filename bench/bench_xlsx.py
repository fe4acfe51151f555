"""Benchmark `xlsx`: Excel export of every archive against xlsxwriter writing the same rows.

As the demo archive manager ca_manager, in one process:

(a) measured: the archive list export (report.customer_archive.archive_list_xlsx) of every
    archive the manager sees: search, read() in batches as the user, display names and
    selection labels, and the workbook written in constant-memory mode;
(b) baseline: plain xlsxwriter (constant-memory, same header, column widths, formats, freeze
    pane and autofilter) writing the same rows from a Python list built beforehand.

Goal (issue #17): ratio (a)/(b) <= 1.3 and the peak RSS of the process <= 300 MB. The peak RSS is taken
after the first export, before the baseline's list is built (that list alone holds every row),
and again at the end. Writes bench/results/xlsx.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 3 small,
1 full).
"""

import datetime
import io
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.3
GOAL_RSS_MB = 300


def baseline_write(headers, widths, kinds, rows):
    """xlsxwriter alone: the same workbook from a list of rows."""
    import xlsxwriter

    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    header = book.add_format({"bold": True, "border": 1})
    formats = {
        "text": book.add_format({}),
        "int": book.add_format({"num_format": "#,##0"}),
        "money": book.add_format({"num_format": "#,##0.00"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    sheet = book.add_worksheet("Customer Archives")
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, headers, header)
    sheet.freeze_panes(1, 2)
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if value is None or value is False:
                continue
            if isinstance(value, (int, float)):
                sheet.write_number(row, col, value, formats[kinds[col]])
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row, col, value, formats["date"])
            else:
                sheet.write_string(row, col, str(value), formats["text"])
    sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    book.close()
    return output.getvalue()


def main():
    db = common.bench_db()
    scale = common.bench_scale()
    reps = int(os.environ.get("BENCH_REPS") or (3 if scale == "small" else 1))
    with common.odoo_env(db, login="ca_manager") as env:
        Report = env["report.customer_archive.archive_list_xlsx"]
        data = {"domain": []}

        def export():
            return Report._create_xlsx_report(data)[0]

        env.invalidate_all()
        start = time.perf_counter()
        content = export()
        first_export = time.perf_counter() - start
        rss_export = common.peak_rss_mb()

        # The same rows as a plain list, read once (not timed).
        records = Report._get_report_records(data)
        fnames, fields_info, headers, widths, kinds = Report._archive_export_layout(records)
        rows = list(Report._archive_export_rows(records, fnames, fields_info))

        samples = {"export": [first_export], "baseline": []}
        for rep in range(reps):
            order = ("baseline", "export") if rep % 2 == 0 else ("export", "baseline")
            for name in order:
                if name == "export" and rep == 0:
                    continue  # the first export is already measured
                env.invalidate_all()
                start = time.perf_counter()
                if name == "export":
                    export()
                else:
                    baseline_write(headers, widths, kinds, rows)
                samples[name].append(time.perf_counter() - start)
        if len(samples["export"]) < len(samples["baseline"]):
            env.invalidate_all()
            start = time.perf_counter()
            export()
            samples["export"].append(time.perf_counter() - start)

    measured = statistics.median(samples["export"])
    baseline = statistics.median(samples["baseline"])
    ratio = measured / baseline if baseline else float("inf")
    rss_end = common.peak_rss_mb()
    goal_met = ratio <= GOAL_RATIO and rss_export <= GOAL_RSS_MB
    result = {
        "name": "xlsx",
        "rows": len(rows),
        "measured_s": round(measured, 3),
        "baseline_s": round(baseline, 3),
        "ratio": round(ratio, 2),
        "goal": f"ratio <= {GOAL_RATIO} and peak RSS of the export <= {GOAL_RSS_MB} MB",
        "goal_met": goal_met,
        "peak_rss_mb": rss_export,
        "peak_rss_mb_with_baseline_list": rss_end,
        "file_mb": round(len(content) / 1e6, 2),
        "columns": len(fnames),
        "samples_s": {k: [round(v, 3) for v in vals] for k, vals in samples.items()},
        "db": db,
        "scale": scale,
    }
    common.write_result("xlsx", result)
    print(
        f"xlsx: ratio {ratio:.2f} (goal <= {GOAL_RATIO}) measured {measured:.2f}s baseline {baseline:.2f}s "
        f"rows {len(rows)} peak RSS {rss_export} MB (goal <= {GOAL_RSS_MB})"
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
