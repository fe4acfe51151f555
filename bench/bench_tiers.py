"""Benchmark `tiers`: the tier engine against hand-written SQL computing the same tiers.

As the superuser, in one process with the Odoo registry of the bench database, one after the
other (each step is a few minutes at full scale: single runs, no repetitions):

1. reset: the orders added by a previous run of this benchmark are deleted; the tier results of
   the main company's archives are cleared through SQL (tier_id, tier_computed_id, tier_score,
   tier_breakdown, tier_computed_at set to NULL; their tier history rows, the chatter notes and
   downgrade activities the engine logged on them deleted); orders, invoices and archives
   written less than an hour ago are backdated by a day (the incremental run looks 10 minutes
   before the last run: data generated just before would all count as changed); VACUUM ANALYZE.
2. measured: a full recompute of the main company's scoring profile,
   ``profile._recompute()`` over all its archives, then one commit; time and peak RSS of the
   process (ru_maxrss). On the reset database every archive gets its first tier (one history
   row each). The results are then compared with the SQL of (4) (not timed; the comparisons
   run in the database, on a temporary copy of the engine's results, so the peak RSS is the
   engine's plus the registry's, ``rss_start_mb``).
3. incremental: 1,000 confirmed sale orders are added through SQL (copies of the latest order
   and its line of 1,000 existing archives, dated and written now to the second, names
   ``SCBT…``), then
   ``profile._recompute(incremental=True)`` and a commit, timed; the number of customers it
   recomputed (``last_run_count``) should be close to 1,000. Before it, not timed, the code
   translations of the active languages are loaded, as a running server has them (the run's
   tier notes and alerts are this process's first messages; 0.4 s the first time), and
   res_partner is vacuumed, as autovacuum does within a minute of the full run that rewrote
   every archive (a scheduled incremental run comes hours later; run right after it, the
   index of the unscored archives still lists the 100,000 old row versions, about 0.1 s).
4. baseline: the same tier columns cleared again (and VACUUM ANALYZE), then ONE hand-written
   SQL statement computing, for every archive, the aggregates of the profile's criteria
   (revenue in company currency, order count and last order of confirmed orders, invoiced /
   refunded / overdue amounts of posted invoices, average days to pay), the points of each
   criterion and the tier with CASE expressions built from the profile's thresholds and score
   bands, and UPDATE-ing tier_computed_id, tier_id (manual override applied) and tier_score of
   the rows that differ (JIT off for it: compiling its plan costs more than running it); then
   a commit, timed. Its result must equal the engine's (after the incremental run) for every
   archive (tier, effective tier, score): differences are reported as mismatches.

At the end the orders added in (3) are deleted again (the bench data stays gen_scale's). The
bench database keeps the baseline's tiers (no breakdown): the next run resets them anyway.

Goal (issue #17): full recompute <= 1.5 x the SQL baseline, peak RSS <= 1024 MB, incremental
run <= 2 % of the full one; ``goal_met`` also requires 0 mismatches. Writes bench/results/tiers.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_NEW_ORDERS (default 1000).
"""

import os
import random
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.5
GOAL_RSS_MB = 1024
GOAL_INCREMENTAL = 0.02
ORDER_PREFIX = "SCBT"  # orders added by this benchmark (gen_scale's are SCS…)
SEED = 42
TIER_COLUMNS = ("tier_id", "tier_computed_id", "tier_score", "tier_breakdown", "tier_computed_at")


def log(message):
    print(f"tiers: {message}", file=sys.stderr, flush=True)


def archive_where(alias="p"):
    """The archives a profile scores, as its _get_archive_domain() searched by the ORM (active
    only, approved: an archive waiting for approval is not scored yet): the company is the
    %(company)s parameter."""
    return (f"{alias}.is_customer_archive AND {alias}.archive_company_id = %(company)s AND {alias}.active"
            f" AND {alias}.archive_approval_state = 'approved'")


def vacuum(db, tables):
    """VACUUM ANALYZE outside any transaction (own autocommit connection)."""
    import odoo

    _name, info = odoo.sql_db.connection_info_for(db)
    conn = psycopg2.connect(**info)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            for table in tables:
                cur.execute(f"VACUUM ANALYZE {table}")
    finally:
        conn.close()


# ----------------------------------------------------------------------------------------
# reset
# ----------------------------------------------------------------------------------------
def delete_bench_orders(cr):
    """Orders added by a run of this benchmark (their lines and tax links cascade)."""
    cr.execute("DELETE FROM sale_order WHERE name LIKE %s", (ORDER_PREFIX + "%",))
    return cr.rowcount


def clear_tier_columns(cr, company_id):
    sets = ", ".join(f"{c} = NULL" for c in TIER_COLUMNS)
    not_null = " OR ".join(f"p.{c} IS NOT NULL" for c in TIER_COLUMNS)
    cr.execute(
        f"UPDATE res_partner p SET {sets} WHERE p.is_customer_archive "
        f"AND p.archive_company_id = %(company)s AND ({not_null})",
        {"company": company_id},
    )
    return cr.rowcount


# the chatter notes of res.partner._record_tier_changes
TIER_NOTES = (
    "Tier alert: downgraded from %(old)s to %(new)s (%(origin)s).",
    "Tier upgraded from %(old)s to %(new)s (%(origin)s).",
    "Tier set to %(new)s (%(origin)s).",
    "Tier changed from %(old)s to %(new)s (%(origin)s).",
)


def tier_note_patterns(env):
    """LIKE patterns matching the bodies of the engine's chatter notes, in every installed
    language (the text up to its first placeholder)."""
    from odoo.tools.translate import code_translations

    texts = set(TIER_NOTES)
    for lang, _name in env["res.lang"].get_installed():
        translations = code_translations.get_python_translations("customer_archive", lang)
        texts.update(translations.get(source) or source for source in TIER_NOTES)
    patterns = set()
    for text in texts:
        prefix = text.split("%(")[0]
        prefix = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        patterns.update({f"<p>{prefix}%", f"{prefix}%"})
    return sorted(patterns)


def reset(env, profile):
    cr = env.cr
    company = profile.company_id.id
    stats = {"bench_orders_deleted": delete_bench_orders(cr)}
    stats["results_cleared"] = clear_tier_columns(cr, company)
    archives = ("SELECT p.id FROM res_partner p WHERE p.is_customer_archive "
                "AND p.archive_company_id = %(company)s")
    cr.execute(f"DELETE FROM customer_archive_tier_history WHERE partner_id IN ({archives})",
               {"company": company})
    stats["history_deleted"] = cr.rowcount
    # what the engine logged on the archives: chatter notes (_record_tier_changes, recognised by
    # the start of their text in any installed language) and downgrade activities
    note = env.ref("mail.mt_note").id
    cr.execute(
        f"""DELETE FROM mail_message m WHERE m.model = 'res.partner' AND m.res_id IN ({archives})
              AND m.message_type = 'notification' AND m.subtype_id = %(note)s
              AND m.body LIKE ANY(%(patterns)s)""",
        {"company": company, "note": note, "patterns": tier_note_patterns(env)},
    )
    stats["notes_deleted"] = cr.rowcount
    activity_type = env.ref("customer_archive.mail_activity_type_tier_downgrade", raise_if_not_found=False)
    if activity_type:
        cr.execute(
            f"""DELETE FROM mail_activity a WHERE a.res_model = 'res.partner'
                  AND a.res_id IN ({archives}) AND a.activity_type_id = %(type)s""",
            {"company": company, "type": activity_type.id},
        )
        stats["activities_deleted"] = cr.rowcount
    # the incremental run takes whatever was written since 10 minutes before the last run
    backdated = 0
    for table, where in (
        ("sale_order", "company_id = %(company)s"),
        ("account_move", "company_id = %(company)s"),
        ("res_partner", "is_customer_archive AND archive_company_id = %(company)s"),
    ):
        cr.execute(
            f"""UPDATE {table} SET write_date = (now() AT TIME ZONE 'UTC') - interval '1 day'
                 WHERE {where} AND write_date > (now() AT TIME ZONE 'UTC') - interval '1 hour'""",
            {"company": company},
        )
        backdated += cr.rowcount
    stats["backdated"] = backdated
    cr.execute("UPDATE customer_archive_tier_profile SET last_run_at = NULL, last_run_date = NULL, "
               "last_run_count = NULL, last_run_changes = NULL WHERE id = %s", (profile.id,))
    cr.commit()
    env.invalidate_all()
    return stats


# ----------------------------------------------------------------------------------------
# the SQL baseline
# ----------------------------------------------------------------------------------------
def baseline_query(env, profile, today, now):
    """(sql, params, criteria): the CTEs of one statement whose last one, ``r``, has one row
    per archive of ``profile`` with the criterion values, the score, the computed tier and the
    effective tier (manual override applied), all in SQL. The aggregates are those of
    _get_order_aggregates / _get_invoice_aggregates / _get_payment_days, grouped over all of the
    company's partners at once, then joined to its archives (the average days to pay starts
    from the reconciliations); points and tiers are CASE expressions built from the profile's
    thresholds and bands, in the engine's order."""
    from datetime import datetime, time as dtime

    start = profile._get_window_start(today)
    params = {
        "company": profile.company_id.id,
        "start": start,
        "start_dt": datetime.combine(start, dtime.min),
        "today": today,
        "now": now,
    }
    criteria = profile.criterion_ids
    names = set(criteria.mapped("criterion"))
    has_margin = profile._has_margin()
    margin = ("SUM(so.margin / COALESCE(NULLIF(so.currency_rate, 0), 1)) "
              "FILTER (WHERE so.date_order >= %(start_dt)s)") if has_margin else "NULL::numeric"
    revenue = ("COALESCE(o.revenue, 0)" if profile.revenue_source == "order"
               else "COALESCE(i.invoiced, 0) - COALESCE(i.refunded, 0)")
    value_sql = {
        "revenue": f"round({revenue}, 2)",
        "order_count": "COALESCE(o.order_count, 0)",
        "recency_days": "(%(today)s::date - o.last_order::date)",
        "avg_payment_days": "round(pd.days, 1)",
        "overdue_amount": "CASE WHEN i.moves > 0 THEN round(COALESCE(i.overdue, 0), 2) END",
        "credit_note_ratio": ("CASE WHEN COALESCE(i.invoiced, 0) <> 0 "
                              "THEN round(100 * COALESCE(i.refunded, 0) / i.invoiced, 2) END"),
        "gross_margin": ("CASE WHEN o.margin IS NOT NULL AND COALESCE(o.revenue, 0) <> 0 "
                         "THEN round(100 * o.margin / o.revenue, 2) END"),
    }
    payment_cte = """,
        pd AS (
            SELECT m.commercial_partner_id AS pid, AVG(paid.paid_date - m.invoice_date) AS days
              FROM (SELECT l.move_id, MAX(apr.max_date) AS paid_date
                      FROM account_move_line l
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
                     WHERE l.display_type = 'payment_term'
                     GROUP BY l.move_id) paid
              JOIN account_move m ON m.id = paid.move_id
             WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
               AND m.payment_state IN ('paid', 'in_payment')
               AND m.invoice_date >= %(start)s AND m.company_id = %(company)s
             GROUP BY m.commercial_partner_id)""" if "avg_payment_days" in names else ""
    payment_join = "LEFT JOIN pd ON pd.pid = a.id" if payment_cte else ""
    if not payment_cte:
        value_sql["avg_payment_days"] = "NULL::numeric"

    def literal(key, value):
        params[key] = value
        return f"%({key})s"

    points = []
    for criterion in criteria:
        value = criterion.criterion
        whens = []
        for n, threshold in enumerate(criterion.threshold_ids):  # the engine's order
            key = f"{value}_{n}"
            cond = f"v.{value} >= {literal(key + '_from', threshold.value_from)}"
            if threshold.has_upper_bound:
                cond += f" AND v.{value} < {literal(key + '_to', threshold.value_to)}"
            whens.append(f"WHEN {cond} THEN {int(threshold.points)}")
        points.append(f"(CASE WHEN v.{value} IS NULL THEN 0 {' '.join(whens)} ELSE 0 END)")
    lowest = profile._lowest_tier().id or None
    params["lowest"] = lowest
    bands = " ".join(
        f"WHEN s.score >= {int(b.score_from)} AND s.score <= {int(b.score_to)} THEN {b.tier_id.id}"
        for b in profile.band_ids  # the engine's order (score_from desc)
    )
    columns = ", ".join(f"{value_sql[c]} AS {c}" for c in dict.fromkeys(criteria.mapped("criterion")))
    sql = f"""
        WITH a AS (
            SELECT p.id, p.tier_override_state, p.tier_override_tier_id, p.tier_override_expiry
              FROM res_partner p WHERE {archive_where('p')}),
        o AS (
            SELECT p.commercial_partner_id AS pid,
                   SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                       FILTER (WHERE so.date_order >= %(start_dt)s) AS revenue,
                   COUNT(*) FILTER (WHERE so.date_order >= %(start_dt)s) AS order_count,
                   MAX(so.date_order) AS last_order,
                   {margin} AS margin
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale' AND so.company_id = %(company)s AND so.date_order <= %(now)s
             GROUP BY p.commercial_partner_id),
        i AS (
            SELECT m.commercial_partner_id AS pid,
                   SUM(m.amount_untaxed_signed) FILTER (
                       WHERE m.move_type = 'out_invoice' AND m.invoice_date >= %(start)s) AS invoiced,
                   -SUM(m.amount_untaxed_signed) FILTER (
                       WHERE m.move_type = 'out_refund' AND m.invoice_date >= %(start)s) AS refunded,
                   SUM(m.amount_residual_signed) FILTER (
                       WHERE m.move_type = 'out_invoice' AND m.invoice_date_due < %(today)s
                         AND m.payment_state NOT IN ('paid', 'in_payment', 'reversed')) AS overdue,
                   COUNT(*) AS moves
              FROM account_move m
             WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.company_id = %(company)s
             GROUP BY m.commercial_partner_id){payment_cte},
        v AS (
            SELECT a.id, a.tier_override_state, a.tier_override_tier_id, a.tier_override_expiry,
                   {columns},
                   (COALESCE(o.order_count, 0) > 0 OR COALESCE(i.invoiced, 0) <> 0
                    OR COALESCE(i.refunded, 0) <> 0) AS has_transactions
              FROM a
              LEFT JOIN o ON o.pid = a.id
              LEFT JOIN i ON i.pid = a.id
              {payment_join}),
        s AS (
            SELECT v.*, ({' + '.join(points)}) AS score FROM v),
        t AS (
            SELECT s.*, CASE WHEN NOT s.has_transactions THEN %(lowest)s {bands}
                             ELSE %(lowest)s END AS tier
              FROM s),
        r AS (
            SELECT t.*, CASE WHEN t.tier_override_state = 'approved' AND t.tier_override_tier_id IS NOT NULL
                              AND (t.tier_override_expiry IS NULL OR t.tier_override_expiry >= %(today)s)
                             THEN t.tier_override_tier_id ELSE t.tier END AS effective
              FROM t)
    """
    return sql, params, list(dict.fromkeys(criteria.mapped("criterion")))


def baseline_update(cr, sql, params):
    """The baseline proper: the results written to the rows that differ. JIT off for this
    transaction: with the cluster's defaults the CASE-heavy plan costs enough to be JIT-compiled,
    which takes ~18 s of ~22 s at full scale (the statement itself runs in ~4 s)."""
    cr.execute("SET LOCAL jit = off")
    cr.execute(sql + """
        UPDATE res_partner p
           SET tier_computed_id = r.tier, tier_id = r.effective, tier_score = r.score
          FROM r
         WHERE p.id = r.id
           AND (p.tier_computed_id IS DISTINCT FROM r.tier OR p.tier_id IS DISTINCT FROM r.effective
                OR p.tier_score IS DISTINCT FROM r.score)
    """, params)
    return cr.rowcount


def snapshot_engine(cr, company_id):
    """Copy the engine's stored results of the archives (computed tier, tier, score, breakdown)
    into the temporary table bench_engine (kept across commits, dropped with the connection)."""
    cr.execute("DROP TABLE IF EXISTS bench_engine")
    cr.execute(f"""CREATE TEMP TABLE bench_engine AS
                   SELECT p.id, p.tier_computed_id AS tier, p.tier_id AS effective, p.tier_score AS score,
                          p.tier_breakdown AS breakdown
                     FROM res_partner p WHERE {archive_where('p')}""", {"company": company_id})


def mismatches_sql(cr, sql, params, criteria, limit=5):
    """Archives whose results in bench_engine differ from the baseline's SELECT, compared in
    the database (nothing is loaded into this process): (ids, a few examples)."""
    values = ", ".join(f"r.{c}" for c in criteria)
    cr.execute(sql + f"""
        SELECT COALESCE(r.id, e.id), e.tier, e.effective, e.score, e.breakdown,
               r.tier, r.effective, r.score, {values}
          FROM r FULL JOIN bench_engine e ON e.id = r.id
         WHERE (e.tier, e.effective, e.score) IS DISTINCT FROM (r.tier, r.effective, r.score)
         ORDER BY 1""", params)
    return diff_rows(cr.fetchall(), criteria, limit)


def mismatches_stored(cr, company_id, limit=5):
    """Archives whose results stored now (by the baseline) differ from bench_engine."""
    cr.execute(f"""
        SELECT COALESCE(p.id, e.id), e.tier, e.effective, e.score, e.breakdown,
               p.tier_computed_id, p.tier_id, p.tier_score
          FROM (SELECT * FROM res_partner p WHERE {archive_where('p')}) p
          FULL JOIN bench_engine e ON e.id = p.id
         WHERE (e.tier, e.effective, e.score) IS DISTINCT FROM (p.tier_computed_id, p.tier_id, p.tier_score)
         ORDER BY 1""", {"company": company_id})
    return diff_rows(cr.fetchall(), [], limit)


def diff_rows(rows, criteria, limit):
    """(ids, examples) of mismatch rows (id, engine tier, effective, score, breakdown, SQL tier,
    effective, score, SQL criterion values...)."""
    examples = [{
        "id": row[0],
        "engine": {"tier": row[1], "effective": row[2], "score": row[3], "breakdown": row[4]},
        "sql": {"tier": row[5], "effective": row[6], "score": row[7],
                **{c: v if v is None or isinstance(v, int) else float(v)
                   for c, v in zip(criteria, row[8:])}},
    } for row in rows[:limit]]
    return [row[0] for row in rows], examples


# ----------------------------------------------------------------------------------------
# incremental data
# ----------------------------------------------------------------------------------------
def columns_of(cr, table):
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position""",
               (table,))
    return [row[0] for row in cr.fetchall()]


def copy_insert(cr, table, source, overrides):
    """INSERT INTO table SELECT every column of ``source`` (alias t), some replaced."""
    cols = columns_of(cr, table)
    exprs = [overrides.get(c, f"t.{c}") for c in cols]
    return f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {source}"


def add_orders(cr, company_id, count):
    """``count`` new confirmed orders, one for each of ``count`` archives with orders (random,
    seeded): copies of each archive's latest confirmed order and of its first line (like
    gen_scale's: quantity 1-40 at the line's price, the order's tax rate), dated and written now,
    not invoiced yet. Returns the number of orders and of archives."""
    cr.execute(f"""SELECT DISTINCT p.id FROM res_partner p JOIN sale_order so ON so.partner_id = p.id
                    WHERE {archive_where('p')} AND p.archive_number LIKE 'SC%%' AND so.state = 'sale'
                    ORDER BY p.id""", {"company": company_id})
    candidates = [row[0] for row in cr.fetchall()]
    picked = sorted(random.Random(SEED).sample(candidates, min(count, len(candidates))))
    cr.execute("SELECT setseed(%s)", (SEED / 1000.0,))
    cr.execute("""
        CREATE TEMP TABLE bench_new_order ON COMMIT DROP AS
        SELECT nextval('sale_order_id_seq')::int AS id, nextval('sale_order_line_id_seq')::int AS line_id,
               t.id AS tmpl_id, l.id AS tmpl_line_id,
               row_number() OVER (ORDER BY t.partner_id) AS rn,
               (1 + floor(random() * 40))::numeric AS qty,
               COALESCE(t.amount_tax / NULLIF(t.amount_untaxed, 0), 0) AS tax_rate,
               l.price_unit
          FROM (SELECT DISTINCT ON (partner_id) id, partner_id, amount_tax, amount_untaxed
                  FROM sale_order WHERE partner_id = ANY(%s) AND state = 'sale'
                 ORDER BY partner_id, date_order DESC, id DESC) t
          JOIN LATERAL (SELECT id, price_unit FROM sale_order_line
                         WHERE order_id = t.id ORDER BY id LIMIT 1) l ON true
    """, (picked,))
    cr.execute("ALTER TABLE bench_new_order ADD COLUMN untaxed numeric, ADD COLUMN tax numeric")
    cr.execute("""UPDATE bench_new_order SET untaxed = round(qty * price_unit, 2),
                         tax = round(round(qty * price_unit, 2) * tax_rate, 2)""")
    # whole seconds, like the ORM's datetimes: the engine counts orders up to fields.Datetime.now()
    # (truncated to the second), an order stamped 12:00:00.5 would miss a run started at 12:00:00
    now = "date_trunc('second', now() AT TIME ZONE 'UTC')"
    cr.execute(copy_insert(cr, "sale_order", "bench_new_order n JOIN sale_order t ON t.id = n.tmpl_id", {
        "id": "n.id",
        "name": f"'{ORDER_PREFIX}' || lpad(n.rn::text, 9, '0')",
        "date_order": now,
        "validity_date": f"{now}::date + 30",
        "invoice_status": "'to invoice'",
        "amount_untaxed": "n.untaxed",
        "amount_tax": "n.tax",
        "amount_total": "n.untaxed + n.tax",
        "access_token": "NULL",
        "create_date": now,
        "write_date": now,
    }))
    orders = cr.rowcount
    cr.execute(copy_insert(cr, "sale_order_line",
                           "bench_new_order n JOIN sale_order_line t ON t.id = n.tmpl_line_id", {
        "id": "n.line_id",
        "order_id": "n.id",
        "invoice_status": "'to invoice'",
        "product_uom_qty": "n.qty",
        "price_subtotal": "n.untaxed",
        "price_tax": "n.tax",
        "price_total": "n.untaxed + n.tax",
        "qty_invoiced": "0",
        "qty_to_invoice": "n.qty",
        "untaxed_amount_invoiced": "0",
        "untaxed_amount_to_invoice": "n.untaxed",
        "create_date": now,
        "write_date": now,
    }))
    cr.execute("""INSERT INTO account_tax_sale_order_line_rel (sale_order_line_id, account_tax_id)
                  SELECT n.line_id, r.account_tax_id FROM bench_new_order n
                    JOIN account_tax_sale_order_line_rel r ON r.sale_order_line_id = n.tmpl_line_id""")
    return orders, len(picked)


# ----------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------
def warm_code_translations(env):
    """Load the code translations of the active languages, as a running server has them."""
    from odoo.tools.translate import code_translations

    for lang in env["res.lang"].search([]).mapped("code"):
        for module in ("customer_archive", "base", "mail"):
            code_translations.get_python_translations(module, lang)


def engine_version(scale):
    """What engine was measured: the hash of the addon sources bench/run.sh updated the bench
    DB with (var/bench-<scale>.stamp), the git commit and whether the addon has uncommitted
    changes."""
    import subprocess

    stamp = os.path.join(common.ROOT, "var", f"bench-{scale}.stamp")
    version = {"addon_stamp": open(stamp).read().strip() if os.path.exists(stamp) else None}
    try:
        git = ["git", "-C", common.ROOT]
        version["commit"] = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                                           text=True, check=True).stdout.strip()
        version["addon_dirty"] = bool(subprocess.run(
            git + ["status", "--porcelain", "--", "customer_archive"], capture_output=True, text=True,
            check=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        pass
    return version


def fmt_s(seconds):
    return f"{seconds:.1f}s" if seconds >= 1 else f"{seconds:.2f}s"


def main():
    from odoo import fields

    db = common.bench_db()
    new_orders = int(os.environ.get("BENCH_NEW_ORDERS") or 1000)
    with common.odoo_env(db) as env:
        cr = env.cr
        company = env.ref("base.main_company")
        profile = env["customer.archive.tier.profile"].sudo()._get_profile(company)
        if not profile:
            sys.exit(f"bench tiers: no scoring profile for {company.name} in {db}")
        rss_start = common.peak_rss_mb()

        # 1. reset ---------------------------------------------------------------------------
        t = time.perf_counter()
        stats = reset(env, profile)
        vacuum(db, ["res_partner", "sale_order", "account_move", "customer_archive_tier_history"])
        log(f"reset in {time.perf_counter() - t:.1f}s: {stats}")
        rows = env["res.partner"].sudo().search_count(profile._get_archive_domain())
        cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale' AND company_id = %s", (company.id,))
        orders = cr.fetchone()[0]

        # 2. measured: full recompute --------------------------------------------------------
        log(f"full recompute of {rows} archives ({orders} confirmed orders)")

        def full():
            changes = profile._recompute()
            cr.commit()
            return changes

        measured, full_changes = common.timed(env, full)
        peak_rss = common.peak_rss_mb()
        full_count = profile.last_run_count
        log(f"full recompute: {measured:.1f}s, {full_count} customers, {full_changes} changes, "
            f"peak RSS {peak_rss} MB")
        # check against the SQL (not timed, in the database): same clock as the engine's run
        today = fields.Date.context_today(profile)
        now = fields.Datetime.now()
        sql, params, criteria = baseline_query(env, profile, today, now)
        snapshot_engine(cr, company.id)
        cr.execute("SET LOCAL jit = off")
        diff_full, examples_full = mismatches_sql(cr, sql, params, criteria)
        cr.commit()
        log(f"full recompute vs SQL: {len(diff_full)} mismatches")

        # 3. incremental ---------------------------------------------------------------------
        # A server loads the code translations of a language once per process, the first time
        # a message is written in it: the tier notes and alerts of this run are the first of
        # this process (the full run above writes none). Loaded here, not timed (0.4 s).
        warm_code_translations(env)
        # The full run rewrote every archive: autovacuum cleans the old row versions a minute
        # later, long before the next scheduled incremental run. Done here, not timed.
        vacuum(db, ["res_partner"])
        added, touched = add_orders(cr, company.id, new_orders)
        cr.commit()
        log(f"{added} orders added for {touched} archives; incremental recompute")

        def incremental():
            changes = profile._recompute(incremental=True)
            cr.commit()
            return changes

        incremental_s, incremental_changes = common.timed(env, incremental)
        incremental_customers = profile.last_run_count
        peak_rss = max(peak_rss, common.peak_rss_mb())
        log(f"incremental: {incremental_s:.2f}s, {incremental_customers} customers, "
            f"{incremental_changes} changes")
        snapshot_engine(cr, company.id)
        cr.commit()

        # 4. baseline: the same results in SQL ------------------------------------------------
        clear_tier_columns(cr, company.id)
        cr.commit()
        vacuum(db, ["res_partner"])
        today = fields.Date.context_today(profile)
        now = fields.Datetime.now()
        sql, params, criteria = baseline_query(env, profile, today, now)

        def baseline():
            updated = baseline_update(cr, sql, params)
            cr.commit()
            return updated

        baseline_s, updated = common.timed(env, baseline)
        log(f"baseline: {baseline_s:.2f}s, {updated} rows updated")
        diff_inc, examples_inc = mismatches_stored(cr, company.id)
        log(f"engine after the incremental run vs SQL: {len(diff_inc)} mismatches")

        # the bench data stays gen_scale's
        delete_bench_orders(cr)
        cr.commit()

    mismatches = len(set(diff_full) | set(diff_inc))
    ratio = measured / baseline_s if baseline_s else float("inf")
    incremental_ratio = incremental_s / measured if measured else float("inf")
    goal_met = (ratio <= GOAL_RATIO and peak_rss <= GOAL_RSS_MB and incremental_ratio <= GOAL_INCREMENTAL
                and mismatches == 0)
    result = {
        "name": "tiers",
        "rows": rows,
        "orders": orders,
        "measured_s": round(measured, 2),
        "baseline_s": round(baseline_s, 2),
        "ratio": round(ratio, 2),
        "goal": f"ratio <= {GOAL_RATIO:g}, peak RSS <= {GOAL_RSS_MB} MB, incremental <= "
                f"{GOAL_INCREMENTAL:.0%} of full",
        "goal_met": goal_met,
        "peak_rss_mb": peak_rss,
        "incremental_s": round(incremental_s, 3),
        "incremental_ratio": round(incremental_ratio, 4),
        "incremental_customers": incremental_customers,
        "mismatches": mismatches,
        "mismatches_full": len(diff_full),
        "mismatches_incremental": len(diff_inc),
        "mismatch_examples": (examples_full or examples_inc)[:5],
        "full_customers": full_count,
        "full_changes": full_changes,
        "incremental_orders": added,
        "incremental_changes": incremental_changes,
        "baseline_rows_updated": updated,
        "rss_start_mb": rss_start,
        "db": db,
        **engine_version(common.bench_scale()),
    }
    common.write_result("tiers", result)
    print(
        f"tiers: ratio {ratio:.1f} (goal <= {GOAL_RATIO:g}) measured {fmt_s(measured)} "
        f"baseline {fmt_s(baseline_s)} rows {rows} rss {peak_rss:.0f}MB "
        f"incremental {fmt_s(incremental_s)} ({incremental_ratio:.1%})"
        + (f" mismatches {mismatches}" if mismatches else "")
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
