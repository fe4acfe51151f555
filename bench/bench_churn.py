"""Benchmark `churn`: the churn analysis against hand-written SQL giving the same figures.

Set-up (committed once per database, not timed): the lost archives of the scale data that have
no churn snapshot get one, from the addon's own code for the revenue
(``res.partner._get_churn_revenue``, per batch of 2,000: the tier window ending on each
archive's last transaction) and deterministic values for the rest (a lost date spread over the
last 18 months, one of the six seeded reasons, the tier they have); then 100 active archives are
marked lost with a reason through the ORM as the demo manager, the way the wizard does
(``mark_lost_s``), and the table is analysed.

Measured, side by side (warm-up, interleaved repetitions, median), as the demo manager
ca_manager (record rules applied): ``res.partner._read_group`` of the lost archives grouped by
month lost, tier when lost, sales region, salesperson and lost reason with the count and the sum
of the revenue lost (the grouped query of the Churn Analysis and of the workbook's Churn sheet);
baseline: one hand-written SQL query giving the same groups and figures, joined to the labels'
tables as the ORM's grouping order is (the archives' company and the manager's allowed
companies as the record rules filter them). Figures compared per group: ``mismatches`` must be
0. Also timed, not part of the ratio: the web client's ``read_group`` (``lazy=False``, all five
dimensions at once), whose per-group formatting (Odoo's month labels through babel, the group
domains) costs about 1 ms a group (``web_read_group_s``, its figures compared too). And the
pivot of *Churn Analysis* as it opens (``pivot_s``): the web client's four ``read_group`` calls
(totals, months, reasons, months x reasons) against one SQL query with GROUPING SETS giving the
same figures (``pivot_sql_s``, ``pivot_ratio``, compared group by group).

Goal: ratio <= 1.5, 0 mismatches (pivot_ratio is recorded, not part of the goal). Writes bench/results/churn.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 10 small,
5 full).
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

GOAL_RATIO = 1.5
BATCH = 2000
MARK_LOST = 100
GROUPBY = ["lost_date:month", "lost_tier_id", "region_id", "user_id", "lost_reason_id"]
DOMAIN = [("is_customer_archive", "=", True), ("archive_stage", "=", "lost")]
REASONS = ["price", "service", "competitor", "closed", "contact_left", "other"]

CHURN_SQL = """
SELECT date_trunc('month', p.lost_date)::date AS month,
       p.lost_tier_id, COALESCE(t.name->>%(lang)s, t.name->>'en_US'),
       p.region_id, g.name,
       p.user_id, up.name,
       p.lost_reason_id, COALESCE(r.name->>%(lang)s, r.name->>'en_US'),
       count(*), sum(p.lost_revenue)
  FROM res_partner p
  LEFT JOIN customer_archive_tier t ON t.id = p.lost_tier_id
  LEFT JOIN customer_archive_region g ON g.id = p.region_id
  LEFT JOIN res_users u ON u.id = p.user_id
  LEFT JOIN res_partner up ON up.id = u.partner_id
  LEFT JOIN customer_archive_lost_reason r ON r.id = p.lost_reason_id
 WHERE p.is_customer_archive AND p.active AND p.archive_stage = 'lost'
   AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
   AND (p.archive_company_id IS NULL OR p.archive_company_id = ANY(%(companies)s))
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
 ORDER BY 1, 2, 4, 6, 8
"""

# What the Churn Analysis pivot asks when it opens (rows: month lost, columns: reason): the
# totals, the rows, the columns and the cells, each a read_group of the web client (lazy=False).
PIVOT_GROUPBYS = [
    [],
    ["lost_date:month"],
    ["lost_reason_id"],
    ["lost_date:month", "lost_reason_id"],
]
PIVOT_SQL = """
SELECT GROUPING(date_trunc('month', p.lost_date)::date, p.lost_reason_id) AS level,
       date_trunc('month', p.lost_date)::date AS month, p.lost_reason_id,
       COALESCE(r.name->>%(lang)s, r.name->>'en_US'), count(*), sum(p.lost_revenue)
  FROM res_partner p
  LEFT JOIN customer_archive_lost_reason r ON r.id = p.lost_reason_id
 WHERE p.is_customer_archive AND p.active AND p.archive_stage = 'lost'
   AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
   AND (p.archive_company_id IS NULL OR p.archive_company_id = ANY(%(companies)s))
 GROUP BY GROUPING SETS ((), (2), (3, 4), (2, 3, 4))
"""


def log(message):
    print(f"churn: {message}", file=sys.stderr, flush=True)


def analyze(db):
    """ANALYZE res_partner after the set-up (own autocommit connection)."""
    import psycopg2

    import odoo

    _name, info = odoo.sql_db.connection_info_for(db)
    conn = psycopg2.connect(**info)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE res_partner")
    finally:
        conn.close()


def setup(env):
    """Churn snapshots for the scale data's lost archives (once), then MARK_LOST archives marked
    lost through the ORM as the current user. Returns (snapshots written, mark-lost seconds)."""
    cr = env.cr
    su = env(su=True)
    Partner = su["res.partner"]
    reasons = [su.ref(f"customer_archive.lost_reason_{key}").id for key in REASONS]
    cr.execute(
        """SELECT id FROM res_partner WHERE is_customer_archive AND archive_stage = 'lost'
           AND lost_date IS NULL ORDER BY id"""
    )
    ids = [row[0] for row in cr.fetchall()]
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = Partner.browse(ids[start : start + BATCH])
        revenue = batch._get_churn_revenue()
        cr.execute(
            """
            UPDATE res_partner p
               SET lost_date = CURRENT_DATE - (p.id %% 540),
                   lost_tier_id = p.tier_id,
                   lost_reason_id = (%(reasons)s::int[])[1 + p.id %% 6],
                   lost_revenue = v.revenue
              FROM unnest(%(ids)s::int[], %(revenues)s::numeric[]) AS v(id, revenue)
             WHERE p.id = v.id
            """,
            {
                "reasons": reasons,
                "ids": batch.ids,
                "revenues": [revenue.get(pid, 0.0) for pid in batch.ids],
            },
        )
        written += cr.rowcount
        log(f"snapshots {written}/{len(ids)}")
    env.invalidate_all()
    mark_lost_s = None
    cr.execute(
        """SELECT id FROM res_partner WHERE is_customer_archive AND active
           AND archive_stage = 'active' ORDER BY id LIMIT %s""",
        [MARK_LOST],
    )
    active = env["res.partner"].browse(row[0] for row in cr.fetchall())
    if len(active) == MARK_LOST:
        lost = env["customer.archive.status"]._get_default_for_stage("lost")
        start = time.perf_counter()
        active.write({"archive_status_id": lost.id, "lost_reason_id": reasons[0]})
        active.flush_recordset()
        mark_lost_s = time.perf_counter() - start
    cr.commit()
    return written, mark_lost_s


def main():
    db = common.bench_db()
    scale = common.bench_scale()
    reps = int(os.environ.get("BENCH_REPS") or (10 if scale == "small" else 5))
    with common.odoo_env(db, login="ca_manager") as env:
        written, mark_lost_s = setup(env)
        if written or mark_lost_s is not None:
            analyze(db)
        cr = env.cr
        lang = env.lang or "en_US"
        companies = env.context["allowed_company_ids"]
        Partner = env["res.partner"]

        def orm():
            return Partner._read_group(DOMAIN, GROUPBY, ["__count", "lost_revenue:sum"])

        def web():
            return Partner.read_group(DOMAIN, ["lost_revenue:sum"], GROUPBY, lazy=False)

        def sql():
            cr.execute(CHURN_SQL, {"lang": lang, "companies": companies})
            return cr.fetchall()

        def pivot():
            return [
                Partner.read_group(DOMAIN, ["lost_revenue:sum"], groupby, lazy=False)
                for groupby in PIVOT_GROUPBYS
            ]

        def pivot_sql():
            cr.execute(PIVOT_SQL, {"lang": lang, "companies": companies})
            return cr.fetchall()

        pivot_rows = {}
        for groupby, groups in zip(PIVOT_GROUPBYS, pivot()):
            for group in groups:
                month = (
                    group["__range"]["lost_date:month"]["from"][:10]
                    if "lost_date:month" in groupby and group["lost_date:month"]
                    else None
                )
                reason = (
                    (group["lost_reason_id"] or (None,))[0] if "lost_reason_id" in groupby else None
                )
                pivot_rows[(len(groupby), "lost_date:month" in groupby, month, reason)] = (
                    group["__count"],
                    round(group["lost_revenue"] or 0.0, 2),
                )
        # GROUPING(month, reason): 0 both grouped, 1 month only, 2 reason only, 3 totals
        level_keys = {0: (2, True), 1: (1, True), 2: (1, False), 3: (0, False)}
        pivot_sql_rows = {
            (*level_keys[level], str(month) if month else None, reason): (
                count,
                round(float(revenue or 0.0), 2),
            )
            for level, month, reason, _name, count, revenue in pivot_sql()
        }
        pivot_mismatches = len(set(pivot_rows) ^ set(pivot_sql_rows)) + sum(
            1
            for key in set(pivot_rows) & set(pivot_sql_rows)
            if pivot_rows[key] != pivot_sql_rows[key]
        )

        orm_rows = {
            (
                month and str(month),
                tier.id or None,
                region.id or None,
                user.id or None,
                reason.id or None,
            ): (count, round(revenue or 0.0, 2))
            for month, tier, region, user, reason, count, revenue in orm()
        }
        web_rows = {
            (
                group["__range"]["lost_date:month"]["from"] if group["lost_date:month"] else None,
                *(
                    (group[f] or (None,))[0]
                    for f in ("lost_tier_id", "region_id", "user_id", "lost_reason_id")
                ),
            ): (group["__count"], round(group["lost_revenue"] or 0.0, 2))
            for group in web()
        }
        sql_rows = {
            (str(month) if month else None, tier, region, user, reason): (
                count,
                round(float(revenue or 0.0), 2),
            )
            for month, tier, _t, region, _r, user, _u, reason, _n, count, revenue in sql()
        }

        def differences(rows):
            return len(set(rows) ^ set(sql_rows)) + sum(
                1 for key in set(rows) & set(sql_rows) if rows[key] != sql_rows[key]
            )

        mismatches = differences(orm_rows)
        web_mismatches = differences(web_rows)
        lost = sum(v[0] for v in sql_rows.values())
        revenue = round(sum(v[1] for v in sql_rows.values()), 2)
        medians, _samples = common.interleaved(
            env,
            {"orm": orm, "sql": sql, "web": web, "pivot": pivot, "pivot_sql": pivot_sql},
            repetitions=reps,
            warmup=2,
        )
        cr.execute("SELECT count(*) FROM res_partner WHERE is_customer_archive")
        archives = cr.fetchone()[0]
    ratio = medians["orm"] / medians["sql"]
    pivot_ratio = medians["pivot"] / medians["pivot_sql"]
    # the goal: the grouped query; the pivot as it opens (four calls of the web client against
    # one GROUPING SETS query) is recorded beside it, its figures compared
    goal_met = ratio <= GOAL_RATIO and mismatches == web_mismatches == pivot_mismatches == 0
    result = {
        "name": "churn",
        "rows": archives,
        "measured_s": round(medians["orm"], 4),
        "baseline_s": round(medians["sql"], 4),
        "ratio": round(ratio, 2),
        "goal": f"ratio <= {GOAL_RATIO} (the grouped query), 0 mismatches (grouped query, web "
        "read_group, pivot)",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "groups": len(orm_rows),
        "archives": archives,
        "lost_archives": lost,
        "revenue_lost": revenue,
        "mismatches": mismatches,
        "web_read_group_s": round(medians["web"], 4),
        "web_read_group_ratio": round(medians["web"] / medians["sql"], 2),
        "web_read_group_mismatches": web_mismatches,
        "pivot_s": round(medians["pivot"], 4),
        "pivot_sql_s": round(medians["pivot_sql"], 4),
        "pivot_ratio": round(pivot_ratio, 2),
        "pivot_groups": len(pivot_rows),
        "pivot_mismatches": pivot_mismatches,
        "snapshots_written_in_setup": written,
        "mark_lost_archives": MARK_LOST if mark_lost_s is not None else 0,
        "mark_lost_s": round(mark_lost_s, 3) if mark_lost_s is not None else None,
        "user": "ca_manager",
        "repetitions": reps,
        "scale": scale,
        "db": db,
    }
    common.write_result("churn", result)
    print(
        f"churn: ratio {ratio:.2f} ({medians['orm']:.3f}s vs {medians['sql']:.3f}s, goal <= "
        f"{GOAL_RATIO}), {len(orm_rows)} groups, {lost} lost archives of {archives}, "
        f"mismatches {mismatches}; web read_group {medians['web']:.3f}s "
        f"(ratio {medians['web'] / medians['sql']:.2f}, mismatches {web_mismatches}); pivot "
        f"{medians['pivot']:.3f}s vs {medians['pivot_sql']:.3f}s (ratio {pivot_ratio:.2f}, "
        f"{len(pivot_rows)} groups, mismatches {pivot_mismatches})"
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
