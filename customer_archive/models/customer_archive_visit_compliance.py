from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerArchiveVisitCompliance(models.Model):
    """Visit compliance per salesperson, tier and month (SQL view, read-only).

    Visits: those of the salesperson (visit.user_id) in the month, by the current tier of the
    customer; planned = not cancelled, done, missed. Customers: the archives the salesperson is
    responsible for (partner.user_id) in each month they have visits; a customer is in policy
    for a month when its done visits of that month reach the minimum of its tier's policy."""

    _name = "customer.archive.visit.compliance"
    _inherit = ["customer.archive.date.group.mixin"]
    _description = "Visit Compliance"
    _auto = False
    _order = "month desc, user_id, tier_sequence"
    _rec_name = "user_id"

    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    tier_id = fields.Many2one("customer.archive.tier", readonly=True)
    tier_sequence = fields.Integer(readonly=True)
    month = fields.Date(readonly=True)
    planned_count = fields.Integer(string="Visits Planned", readonly=True)
    done_count = fields.Integer(string="Visits Done", readonly=True)
    missed_count = fields.Integer(string="Visits Missed", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    in_policy_count = fields.Integer(string="Customers in Policy", readonly=True)
    overdue_count = fields.Integer(
        string="Customers Overdue", readonly=True,
        help="Customers whose done visits of the month are below the minimum of their tier.",
    )
    done_rate = fields.Float(string="Done Rate (%)", readonly=True, aggregator="avg")

    def _with(self):
        return """
            visit AS (
                SELECT v.company_id, v.user_id, p.tier_id, v.partner_id, v.state,
                       date_trunc('month', v.visit_date)::date AS month
                  FROM customer_archive_visit v
                  JOIN res_partner p ON p.id = v.partner_id
                 WHERE v.visit_date IS NOT NULL
            ),
            visit_agg AS (
                SELECT company_id, user_id, tier_id, month,
                       count(*) FILTER (WHERE state <> 'cancelled') AS planned_count,
                       count(*) FILTER (WHERE state = 'done') AS done_count,
                       count(*) FILTER (WHERE state = 'missed') AS missed_count
                  FROM visit
                 GROUP BY company_id, user_id, tier_id, month
            ),
            user_month AS (
                SELECT DISTINCT company_id, user_id, month FROM visit
            ),
            partner_done AS (
                SELECT partner_id, month, count(*) AS done
                  FROM visit WHERE state = 'done'
                 GROUP BY partner_id, month
            ),
            customer_agg AS (
                SELECT um.company_id, um.user_id, p.tier_id, um.month,
                       count(*) AS customer_count,
                       count(*) FILTER (
                           WHERE COALESCE(pd.done, 0) >= COALESCE(pol.min_visits_month, 0)
                       ) AS in_policy_count
                  FROM user_month um
                  JOIN res_partner p
                    ON p.user_id = um.user_id AND p.archive_company_id = um.company_id
                   AND p.is_customer_archive AND p.active AND p.parent_id IS NULL
                   AND p.archive_approval_state = 'approved'
                  LEFT JOIN partner_done pd ON pd.partner_id = p.id AND pd.month = um.month
                  LEFT JOIN customer_archive_visit_policy pol
                    ON pol.company_id = um.company_id AND pol.tier_id = p.tier_id AND pol.active
                 GROUP BY um.company_id, um.user_id, p.tier_id, um.month
            )
        """

    def _select(self):
        return """
            SELECT row_number() OVER (ORDER BY k.month, k.company_id, k.user_id, k.tier_id) AS id,
                   k.company_id, k.user_id, k.tier_id, t.sequence AS tier_sequence, k.month,
                   COALESCE(va.planned_count, 0) AS planned_count,
                   COALESCE(va.done_count, 0) AS done_count,
                   COALESCE(va.missed_count, 0) AS missed_count,
                   COALESCE(ca.customer_count, 0) AS customer_count,
                   COALESCE(ca.in_policy_count, 0) AS in_policy_count,
                   COALESCE(ca.customer_count, 0) - COALESCE(ca.in_policy_count, 0) AS overdue_count,
                   CASE WHEN COALESCE(va.planned_count, 0) > 0
                        THEN round(100.0 * va.done_count / va.planned_count, 1)
                        ELSE 0 END AS done_rate
        """

    def _from(self):
        return """
              FROM (SELECT company_id, user_id, tier_id, month FROM visit_agg
                    UNION
                    SELECT company_id, user_id, tier_id, month FROM customer_agg) k
              LEFT JOIN visit_agg va
                ON va.company_id = k.company_id AND va.user_id = k.user_id
               AND va.tier_id IS NOT DISTINCT FROM k.tier_id AND va.month = k.month
              LEFT JOIN customer_agg ca
                ON ca.company_id = k.company_id AND ca.user_id = k.user_id
               AND ca.tier_id IS NOT DISTINCT FROM k.tier_id AND ca.month = k.month
              LEFT JOIN customer_archive_tier t ON t.id = k.tier_id
        """

    def _query(self):
        return "WITH %s %s %s" % (self._with(), self._select(), self._from())

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(self._query())
        ))
