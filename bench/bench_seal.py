"""Benchmark `seal`: the annual seal job against hand-written SQL writing the same sealed cards.

As the superuser, in one process with the Odoo registry of the bench database:

1. reset: the seals (and sealed cards, their PDFs) of previous runs of this benchmark are
   deleted through SQL (years >= BENCH_YEAR).
2. measured: a seal of the main company (year BENCH_YEAR, dated today, batches of 1,000, no
   PDF) is started and run by the job as the scheduled action runs it,
   ``seal._run_seal(commit=True)``: per batch one ORM search of the next archives, one ORM
   ``read()`` of the card fields (in clear), the card data formatted like the printed card,
   its sha256, one SQL insert, one commit, the caches emptied. Time and peak RSS of the
   process (ru_maxrss; ``rss_start_mb`` is the registry's before the run). ``batch_rss_mb``
   is the resident memory after each batch (constant memory: it must not grow with the
   number of batches).
3. baseline: ONE hand-written SQL query reading the same columns of every archive (many2one
   names from dictionaries loaded once), the same Python formatting and hash, and the same
   SQL insert per 1,000 rows into a second seal, then one commit; timed.
4. the cards of (2) and (3) are compared (data and hash): differences are mismatches.
5. PDF sample: BENCH_SEAL_PDFS (default 20 at small scale, 1,000 at full) sealed cards
   rendered as PDFs through the seal's sample, time per card (``pdf_per_card_s``).

Everything this benchmark wrote is deleted at the end. Goal: time per 1,000 archives <= 1.5 x
the baseline's, peak RSS <= 1024 MB, batch RSS growth <= 50 MB, 0 mismatches.
Writes bench/results/seal.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_SEAL_PDFS.
"""

import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.5
GOAL_RSS_MB = 1024
GOAL_BATCH_GROWTH_MB = 50
BENCH_YEAR = 2900  # seals of this benchmark: years 2900 (measured), 2901 (baseline), 2902 (PDF)
BATCH = 1000


def log(message):
    print(f"seal: {message}", file=sys.stderr, flush=True)


def rss_now_mb():
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return round(pages * resource.getpagesize() / 1024 / 1024, 1)


def reset(cr):
    cr.execute(
        "DELETE FROM ir_attachment WHERE res_model = 'customer.archive.seal.line' AND res_id IN "
        "(SELECT l.id FROM customer_archive_seal_line l JOIN customer_archive_seal s "
        "ON s.id = l.seal_id WHERE s.year >= %s)",
        (BENCH_YEAR,),
    )
    cr.execute(
        "DELETE FROM customer_archive_seal_line WHERE seal_id IN "
        "(SELECT id FROM customer_archive_seal WHERE year >= %s)",
        (BENCH_YEAR,),
    )
    cr.execute("DELETE FROM customer_archive_seal WHERE year >= %s", (BENCH_YEAR,))


def new_seal(env, year, pdfs=0):
    from odoo import fields

    seal = env["customer.archive.seal"].create(
        {
            "year": year,
            "date": fields.Date.context_today(env["customer.archive.seal"]),
            "batch_size": BATCH,
            "pdf_sample_size": pdfs,
            "note": "bench",
        }
    )
    seal.action_seal()
    return seal


def names_of(env, model, ids):
    records = env[model].sudo().with_context(active_test=False).browse(sorted(ids))
    return {record.id: record.display_name for record in records}


def baseline(env, seal):
    """One SQL query for every archive, the same formatting, hash and insert as the job."""
    from odoo.tools import SQL

    from odoo.addons.customer_archive.models.customer_archive_seal import (
        canonical_json,
        seal_line_hash,
    )

    cr = env.cr
    Line = env["customer.archive.seal.line"].with_context(lang=seal.sealed_by_id.lang or env.lang)
    partner_fields = env["res.partner"]._fields
    fnames = Line._get_seal_card_fields()
    columns = {}
    for fname in fnames:
        field = partner_fields[fname]
        columns[fname] = field.related if field.related and not field.store else fname
    many2one = {
        f: partner_fields[f].comodel_name for f in fnames if partner_fields[f].type == "many2one"
    }
    select = SQL(", ").join(
        SQL("p.%s AS %s", SQL.identifier(column), SQL.identifier(fname))
        for fname, column in columns.items()
    )
    cr.execute(
        SQL(
            "SELECT p.id, %s FROM res_partner p WHERE p.is_customer_archive "
            "AND p.archive_company_id = %s ORDER BY p.id",
            select,
            seal.company_id.id,
        )
    )
    names = [desc[0] for desc in cr.description]
    rows = cr.fetchall()
    ids_by_model = {}
    for fname, model in many2one.items():
        index = names.index(fname)
        ids_by_model.setdefault(model, set()).update(row[index] for row in rows if row[index])
    display = {model: names_of(env, model, ids) for model, ids in ids_by_model.items()}
    currency = seal.company_id.currency_id
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    for start in range(0, len(rows), BATCH):
        batch = []
        for row in rows[start : start + BATCH]:
            values = dict(zip(names, row))
            for fname, model in many2one.items():
                if values[fname]:
                    values[fname] = (values[fname], display[model][values[fname]])
            data = Line._prepare_seal_card(values, currency)
            number = values.get("archive_number") or ""
            batch.append(
                (
                    values["id"],
                    number,
                    values.get("name") or "",
                    canonical_json(data),
                    seal_line_hash(seal.year, values["id"], number, data),
                )
            )
        cr.execute(
            SQL(
                """
                INSERT INTO customer_archive_seal_line
                       (seal_id, year, company_id, archive_id, archive_ref, archive_number,
                        archive_name, data, hash, create_uid, create_date, write_uid, write_date)
                SELECT %(seal)s, %(year)s, %(company)s, v.archive, v.archive, v.number, v.name, v.data::jsonb,
                       v.hash, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(archives)s::int[], %(numbers)s::varchar[], %(names)s::varchar[],
                              %(datas)s::text[], %(hashes)s::varchar[])
                       AS v(archive, number, name, data, hash)
                """,
                seal=seal.id,
                year=seal.year,
                company=seal.company_id.id,
                uid=env.uid,
                now=now,
                archives=[r[0] for r in batch],
                numbers=[r[1] for r in batch],
                names=[r[2] for r in batch],
                datas=[r[3] for r in batch],
                hashes=[r[4] for r in batch],
            )
        )
    cr.commit()
    return len(rows)


def main():
    scale = common.bench_scale()
    db = common.bench_db()
    pdfs = int(os.environ.get("BENCH_SEAL_PDFS") or (20 if scale == "small" else 1000))
    with common.odoo_env(db) as env:
        cr = env.cr
        env = env(context=dict(env.context, lang="zh_CN", tz="Asia/Shanghai"))
        reset(cr)
        cr.commit()
        rss_start = common.peak_rss_mb()

        # measured: the job
        seal = new_seal(env, BENCH_YEAR)
        cr.commit()
        env.invalidate_all()
        # One batch per call, as a killed run resumed batch after batch: the resident memory
        # after each batch (not timed).
        batch_rss = []
        measured = 0.0
        while seal.state != "done":
            start = time.perf_counter()
            seal._run_seal(commit=True, max_batches=1)
            measured += time.perf_counter() - start
            batch_rss.append(rss_now_mb())
            seal.invalidate_recordset()
        rows = seal.archive_count
        log(f"measured: {rows} archives in {measured:.2f}s")
        peak = common.peak_rss_mb()

        # baseline: hand-written SQL
        base_seal = new_seal(env, BENCH_YEAR + 1)
        env.cr.execute(
            "UPDATE customer_archive_seal SET state = 'done' WHERE id = %s", (base_seal.id,)
        )
        cr.commit()
        env.invalidate_all()
        start = time.perf_counter()
        base_rows = baseline(env, base_seal)
        baseline_s = time.perf_counter() - start
        log(f"baseline: {base_rows} archives in {baseline_s:.2f}s")

        cr.execute(
            """
            SELECT count(*)
              FROM (SELECT archive_id, data FROM customer_archive_seal_line WHERE seal_id = %(seal)s) a
              FULL JOIN (SELECT archive_id, data FROM customer_archive_seal_line
                          WHERE seal_id = %(base)s) b USING (archive_id)
             WHERE a.data IS DISTINCT FROM b.data
            """,
            {"seal": seal.id, "base": base_seal.id},
        )
        mismatches = cr.fetchone()[0]
        verify = seal._verify()

        # PDF sample
        pdf_seal = new_seal(env, BENCH_YEAR + 2, pdfs=pdfs)
        cr.commit()
        Partner = env["res.partner"].with_context(active_test=False)
        sample = Partner.search(
            seal._get_seal_archive_domain(seal.company_id), order="id", limit=pdfs
        )
        start = time.perf_counter()
        pdf_seal._seal_batch(sample)
        pdf_s = time.perf_counter() - start
        log(f"pdf: {pdf_seal.pdf_count} cards in {pdf_s:.2f}s")
        cr.rollback()

        reset(cr)
        cr.commit()

    per_1000 = measured / rows * 1000 if rows else 0.0
    base_per_1000 = baseline_s / base_rows * 1000 if base_rows else 0.0
    ratio = round(per_1000 / base_per_1000, 2) if base_per_1000 else None
    growth = round(max(batch_rss) - min(batch_rss), 1) if batch_rss else 0.0
    goal_met = bool(
        ratio is not None
        and ratio <= GOAL_RATIO
        and peak <= GOAL_RSS_MB
        and growth <= GOAL_BATCH_GROWTH_MB
        and mismatches == 0
        and not verify["lines"]
    )
    payload = {
        "name": "seal",
        "rows": rows,
        "measured_s": round(measured, 2),
        "baseline_s": round(baseline_s, 2),
        "ratio": ratio,
        "goal": "time per 1,000 archives <= 1.5 x SQL select + insert, peak RSS <= 1024 MB, "
        "batch RSS growth <= 50 MB, 0 mismatches",
        "goal_met": goal_met,
        "peak_rss_mb": peak,
        "rss_start_mb": rss_start,
        "measured_per_1000_s": round(per_1000, 3),
        "baseline_per_1000_s": round(base_per_1000, 3),
        "batches": len(batch_rss),
        "batch_rss_first_mb": batch_rss[0] if batch_rss else None,
        "batch_rss_last_mb": batch_rss[-1] if batch_rss else None,
        "batch_rss_growth_mb": growth,
        "mismatches": mismatches,
        "verified": verify["checked"],
        "pdf_cards": pdfs,
        "pdf_s": round(pdf_s, 2),
        "pdf_per_card_s": round(pdf_s / pdfs, 3) if pdfs else None,
        "db": db,
    }
    path = common.write_result("seal", payload)
    print(
        f"seal: {rows} archives {measured:.2f}s vs SQL {baseline_s:.2f}s ratio {ratio} "
        f"peak RSS {peak} MB (batches {growth:+} MB) mismatches {mismatches} "
        f"pdf {payload['pdf_per_card_s']}s/card goal {'met' if goal_met else 'NOT met'} -> {path}"
    )
    return 0 if goal_met else 1


if __name__ == "__main__":
    sys.exit(main())
