"""Benchmark `visits`: visit compliance and due-visit computation against hand-written SQL.

Side by side in one process (warm-up, then interleaved repetitions, median):

(a) compliance, measured: ``_read_group`` on customer.archive.visit.compliance (the SQL view
    model) per salesperson, tier and month with its sums, as the demo manager ca_manager
    (record rules applied), i.e. what the pivot view asks for;
    baseline: one hand-written SQL query computing the same figures from the tables;
(b) due-visit computation, measured: the ORM batch recompute of last_visit_date,
    next_visit_due and visit_overdue for every archive (one grouped query for the last visits,
    then the policy, flushed to the database), as the daily cron would;
    baseline: one hand-written UPDATE ... FROM (SELECT ... GROUP BY) doing the same.
Both results are compared (figures must be equal). Each (b) round writes every archive row;
all of it is rolled back at the end.

Also counts the SQL queries of the visit list of one customer (web_search_read with the list
view's fields, limit 80) for the customer with the most visits and for the one with the fewest
visits in the same states (a missed visit brings its reason, ...: both lists read the same kinds
of related records): the count must not grow with the number of visits. The hand-written SQL
takes approved archives only, as the view does (an archive waiting for its opening approval is
not counted, issue #15). Writes bench/results/visits.json.
Env: BENCH_SCALE (small|full), BENCH_DB (default bench_<scale>), BENCH_REPS (default 10 small,
5 full).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SUPERUSER_ID = 1

GOAL_RATIO = 1.5  # issue #17 (was 3.0)
COUNT_LIMIT = 10001

COMPLIANCE_SQL = """
WITH v AS (
    SELECT v.user_id, p.tier_id, date_trunc('month', v.visit_date)::date AS m,
           v.partner_id, v.state, v.company_id
      FROM customer_archive_visit v JOIN res_partner p ON p.id = v.partner_id
     WHERE v.company_id = ANY(%(companies)s) AND v.visit_date IS NOT NULL
), visits AS (
    SELECT user_id, tier_id, m,
           count(*) FILTER (WHERE state <> 'cancelled') AS planned,
           count(*) FILTER (WHERE state = 'done') AS done
      FROM v GROUP BY 1, 2, 3
), um AS (
    SELECT DISTINCT user_id, company_id, m FROM v
), pd AS (
    SELECT partner_id, m, count(*) AS n FROM v WHERE state = 'done' GROUP BY 1, 2
), cust AS (
    SELECT um.user_id, p.tier_id, um.m, count(*) AS customers,
           count(*) FILTER (WHERE COALESCE(pd.n, 0) >= COALESCE(pol.min_visits_month, 0)) AS in_policy
      FROM um
      JOIN res_partner p ON p.user_id = um.user_id AND p.archive_company_id = um.company_id
                        AND p.is_customer_archive AND p.active AND p.parent_id IS NULL
                        AND p.archive_approval_state = 'approved'
      LEFT JOIN pd ON pd.partner_id = p.id AND pd.m = um.m
      LEFT JOIN customer_archive_visit_policy pol
             ON pol.company_id = p.archive_company_id AND pol.tier_id = p.tier_id AND pol.active
     GROUP BY 1, 2, 3
)
SELECT COALESCE(a.user_id, b.user_id), COALESCE(a.tier_id, b.tier_id), COALESCE(a.m, b.m),
       COALESCE(a.planned, 0), COALESCE(a.done, 0), COALESCE(b.customers, 0),
       COALESCE(b.in_policy, 0)
  FROM visits a FULL JOIN cust b
    ON a.user_id = b.user_id AND a.tier_id IS NOT DISTINCT FROM b.tier_id AND a.m = b.m
"""

DUE_SQL = """
WITH last AS (
    SELECT partner_id, max(visit_date) AS day FROM customer_archive_visit
     WHERE state = 'done' GROUP BY partner_id
)
UPDATE res_partner p
   SET last_visit_date = last.day,
       next_visit_due = COALESCE(last.day, p.archive_date) + pol.max_days_between,
       visit_overdue = COALESCE(COALESCE(last.day, p.archive_date) + pol.max_days_between
                                < CURRENT_DATE, false)
  FROM res_partner p2
  LEFT JOIN last ON last.partner_id = p2.id
  LEFT JOIN customer_archive_visit_policy pol
         ON pol.company_id = p2.archive_company_id AND pol.tier_id = p2.tier_id AND pol.active
 WHERE p.id = p2.id AND p2.is_customer_archive
"""


def main():
    db = common.bench_db()
    scale = common.bench_scale()
    reps = int(os.environ.get("BENCH_REPS") or (10 if scale == "small" else 5))
    with common.odoo_env(db, login="ca_manager") as env:
        cr = env.cr
        cr.execute("SELECT count(*) FROM res_partner WHERE is_customer_archive")
        archives = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM customer_archive_visit")
        visits = cr.fetchone()[0]
        if not visits:
            sys.exit(f"bench visits: no visit in {db} (scripts/gen_scale.py --archives 0 --visits 10)")
        companies = env.user.company_ids.ids
        Compliance = env["customer.archive.visit.compliance"]
        measures = ["planned_count:sum", "done_count:sum", "customer_count:sum", "in_policy_count:sum"]

        def compliance_orm():
            return Compliance._read_group([], ["user_id", "tier_id", "month:month"], measures)

        def compliance_sql():
            cr.execute(COMPLIANCE_SQL, {"companies": companies})
            return cr.fetchall()

        # Due-visit computation as the cron runs it (superuser), rolled back at the end.
        su = env(user=SUPERUSER_ID, context={}, su=True)
        Partner = su["res.partner"]
        fields_due = [Partner._fields[f] for f in ("last_visit_date", "next_visit_due", "visit_overdue")]

        def due_orm():
            partners = Partner.search([("is_customer_archive", "=", True)])
            for field in fields_due:
                su.add_to_compute(field, partners)
            partners.flush_recordset([f.name for f in fields_due])
            return len(partners)

        def due_sql():
            cr.execute(DUE_SQL)
            return cr.rowcount

        # Same figures?
        orm_rows = {
            (user.id or None, tier.id or None, fields_month(month)): tuple(values)
            for user, tier, month, *values in compliance_orm()
        }
        sql_rows = {(u, t, m): (planned, done, customers, in_policy)
                    for u, t, m, planned, done, customers, in_policy in compliance_sql()}
        compliance_equal = orm_rows == sql_rows
        due_sql()
        cr.execute("SELECT md5(string_agg(concat_ws(',', id, last_visit_date, next_visit_due, visit_overdue), ';' ORDER BY id)) FROM res_partner WHERE is_customer_archive")
        sql_digest = cr.fetchone()[0]
        due_orm()
        env.invalidate_all()
        cr.execute("SELECT md5(string_agg(concat_ws(',', id, last_visit_date, next_visit_due, visit_overdue), ';' ORDER BY id)) FROM res_partner WHERE is_customer_archive")
        due_equal = cr.fetchone()[0] == sql_digest

        compliance_medians, _samples = common.interleaved(
            env, {"orm": compliance_orm, "sql": compliance_sql}, repetitions=reps, warmup=1)
        due_medians, _samples = common.interleaved(
            su, {"orm": due_orm, "sql": due_sql}, repetitions=reps, warmup=1)

        # Visit list of one customer: queries independent of its length.
        cr.execute("""SELECT partner_id, count(*) FROM customer_archive_visit
                      GROUP BY partner_id ORDER BY count(*) DESC, partner_id LIMIT 1""")
        long_partner, long_count = cr.fetchone()
        # The shortest list with visits in the same states (each state brings its related
        # records: a missed visit its reason, ...): the same kinds of records to read.
        cr.execute("""SELECT partner_id FROM customer_archive_visit GROUP BY partner_id
                      HAVING array_agg(DISTINCT state ORDER BY state) = (
                             SELECT array_agg(DISTINCT state ORDER BY state)
                               FROM customer_archive_visit WHERE partner_id = %s)
                         AND bool_and(state <> 'done' OR outcome_id IS NOT NULL)
                      ORDER BY count(*), partner_id LIMIT 1""", [long_partner])
        row = cr.fetchone()
        short_partner = row[0] if row else long_partner
        list_view = env.ref("customer_archive.customer_archive_visit_view_list")
        spec, order = common.list_view_specification(env, "customer.archive.visit", list_view.id)
        Visit = env["customer.archive.visit"]

        def visit_list(partner_id):
            return Visit.web_search_read([("partner_id", "=", partner_id)], spec, limit=80,
                                         order=order, count_limit=COUNT_LIMIT)

        visit_list(long_partner)
        queries_long = common.query_count(env, lambda: visit_list(long_partner))
        queries_short = common.query_count(env, lambda: visit_list(short_partner))
        rows_long = len(visit_list(long_partner)["records"])

    c_ratio = compliance_medians["orm"] / compliance_medians["sql"]
    d_ratio = due_medians["orm"] / due_medians["sql"]
    goal_met = (c_ratio <= GOAL_RATIO and d_ratio <= GOAL_RATIO and queries_long == queries_short
                and compliance_equal and due_equal)
    result = {
        "name": "visits",
        # The common keys: both computations together (compliance + due visits).
        "rows": archives,
        "measured_s": round(compliance_medians["orm"] + due_medians["orm"], 4),
        "baseline_s": round(compliance_medians["sql"] + due_medians["sql"], 4),
        "ratio": round((compliance_medians["orm"] + due_medians["orm"])
                       / (compliance_medians["sql"] + due_medians["sql"]), 2),
        "archives": archives,
        "visits": visits,
        "compliance_measured_s": round(compliance_medians["orm"], 4),
        "compliance_baseline_s": round(compliance_medians["sql"], 4),
        "compliance_ratio": round(c_ratio, 2),
        "compliance_rows": len(orm_rows),
        "compliance_equal": compliance_equal,
        "due_measured_s": round(due_medians["orm"], 4),
        "due_baseline_s": round(due_medians["sql"], 4),
        "due_ratio": round(d_ratio, 2),
        "due_equal": due_equal,
        "goal": f"ratios <= {GOAL_RATIO}, same figures, list queries(long) == queries(short)",
        "goal_met": goal_met,
        "peak_rss_mb": common.peak_rss_mb(),
        "list_queries_long": queries_long,
        "list_queries_short": queries_short,
        "list_rows_long": rows_long,
        "list_visits_long": long_count,
        "repetitions": reps,
        "db": db,
    }
    common.write_result("visits", result)
    print(
        f"visits: compliance ratio {c_ratio:.2f} ({compliance_medians['orm']:.3f}s vs "
        f"{compliance_medians['sql']:.3f}s), due ratio {d_ratio:.2f} ({due_medians['orm']:.3f}s vs "
        f"{due_medians['sql']:.3f}s) (goal <= {GOAL_RATIO}), archives {archives} visits {visits}, "
        f"list queries {queries_long}/{queries_short}, equal {compliance_equal}/{due_equal}"
        + ("" if goal_met else "  [goal missed]")
    )
    return 0


def fields_month(value):
    """_read_group gives the first day of the month as a date."""
    return value


if __name__ == "__main__":
    sys.exit(main())
