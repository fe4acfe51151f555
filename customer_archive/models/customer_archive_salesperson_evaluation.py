from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerArchiveSalespersonEvaluation(models.Model):
    """Salesperson evaluation (客户经理工作评价) per salesperson, tier and month (SQL view).

    Revenue: the posted customer invoices and credit notes of archives (untaxed, company
    currency, net of credit notes) by the salesperson of the invoice and the current tier of the
    archive, in the month of the invoice. New archives: archives whose archive date falls in the
    month, by their salesperson and tier. Visits and compliance: the figures of the visit
    compliance view (customer.archive.visit.compliance) for the same salesperson, tier and month.
    Service cases: the cases closed in the month by their assignee, and those closed by their
    resolution deadline (the tier's terms), by the current tier of the archive.
    """

    _name = "customer.archive.salesperson.evaluation"
    _inherit = ["customer.archive.date.group.mixin"]
    _description = "Salesperson Evaluation"
    _auto = False
    _order = "month desc, user_id, tier_sequence"
    _rec_name = "user_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    tier_id = fields.Many2one("customer.archive.tier", readonly=True)
    tier_sequence = fields.Integer(readonly=True)
    month = fields.Date(readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="Posted customer invoices minus credit notes of archives, untaxed, in the company "
        "currency.",
    )
    new_archive_count = fields.Integer(string="New Archives", readonly=True)
    planned_count = fields.Integer(string="Visits Planned", readonly=True)
    done_count = fields.Integer(string="Visits Done", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    in_policy_count = fields.Integer(string="Customers in Policy", readonly=True)
    overdue_count = fields.Integer(string="Customers Overdue", readonly=True)
    compliance_rate = fields.Float(
        string="Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Customers whose done visits of the month reach the minimum of their tier, out of "
        "the salesperson's customers.",
    )
    cases_closed_count = fields.Integer(string="Cases Closed", readonly=True)
    cases_on_time_count = fields.Integer(
        string="Cases Closed on Time",
        readonly=True,
        help="Service cases closed by their resolution deadline.",
    )
    cases_on_time_rate = fields.Float(
        string="Cases on Time (%)",
        readonly=True,
        aggregator="avg",
        help="Service cases closed by their resolution deadline, out of the cases closed.",
    )

    def _with(self):
        return SQL(
            """
            revenue AS (
                SELECT am.company_id, am.invoice_user_id AS user_id, p.tier_id,
                       date_trunc('month', am.invoice_date)::date AS month,
                       sum(am.amount_untaxed_signed) AS revenue
                  FROM account_move am
                  JOIN res_partner p ON p.id = am.commercial_partner_id
                 WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.invoice_date IS NOT NULL AND am.invoice_user_id IS NOT NULL
                   AND p.is_customer_archive
                 GROUP BY 1, 2, 3, 4
            ),
            new_archive AS (
                SELECT p.archive_company_id AS company_id, p.user_id, p.tier_id,
                       date_trunc('month', p.archive_date)::date AS month,
                       count(*) AS new_archive_count
                  FROM res_partner p
                 WHERE p.is_customer_archive AND p.active AND p.parent_id IS NULL
                   AND p.archive_date IS NOT NULL AND p.user_id IS NOT NULL
                 GROUP BY 1, 2, 3, 4
            ),
            cases AS (
                SELECT c.company_id, c.user_id, p.tier_id,
                       date_trunc('month', c.closed_on)::date AS month,
                       count(*) AS cases_closed_count,
                       count(*) FILTER (WHERE c.resolution_deadline IS NULL
                                           OR c.closed_on <= c.resolution_deadline)
                           AS cases_on_time_count
                  FROM customer_archive_case c
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.closed_on IS NOT NULL AND c.user_id IS NOT NULL
                 GROUP BY 1, 2, 3, 4
            ),
            compliance AS (
                SELECT company_id, user_id, tier_id, month, planned_count, done_count,
                       customer_count, in_policy_count, overdue_count
                  FROM customer_archive_visit_compliance
            )
            """
        )

    def _select(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY k.month, k.company_id, k.user_id, k.tier_id) AS id,
                   k.company_id, k.user_id, k.tier_id, t.sequence AS tier_sequence, k.month,
                   COALESCE(r.revenue, 0) AS revenue,
                   COALESCE(n.new_archive_count, 0) AS new_archive_count,
                   COALESCE(c.planned_count, 0) AS planned_count,
                   COALESCE(c.done_count, 0) AS done_count,
                   COALESCE(c.customer_count, 0) AS customer_count,
                   COALESCE(c.in_policy_count, 0) AS in_policy_count,
                   COALESCE(c.overdue_count, 0) AS overdue_count,
                   CASE WHEN COALESCE(c.customer_count, 0) > 0
                        THEN round(100.0 * c.in_policy_count / c.customer_count, 1)
                        ELSE 0 END AS compliance_rate,
                   COALESCE(s.cases_closed_count, 0) AS cases_closed_count,
                   COALESCE(s.cases_on_time_count, 0) AS cases_on_time_count,
                   CASE WHEN COALESCE(s.cases_closed_count, 0) > 0
                        THEN round(100.0 * s.cases_on_time_count / s.cases_closed_count, 1)
                        ELSE 0 END AS cases_on_time_rate
            """
        )

    def _from(self):
        return SQL(
            """
              FROM (SELECT company_id, user_id, tier_id, month FROM revenue
                    UNION SELECT company_id, user_id, tier_id, month FROM new_archive
                    UNION SELECT company_id, user_id, tier_id, month FROM compliance
                    UNION SELECT company_id, user_id, tier_id, month FROM cases) k
              LEFT JOIN revenue r
                ON r.company_id = k.company_id AND r.user_id = k.user_id
               AND r.tier_id IS NOT DISTINCT FROM k.tier_id AND r.month = k.month
              LEFT JOIN new_archive n
                ON n.company_id = k.company_id AND n.user_id = k.user_id
               AND n.tier_id IS NOT DISTINCT FROM k.tier_id AND n.month = k.month
              LEFT JOIN compliance c
                ON c.company_id = k.company_id AND c.user_id = k.user_id
               AND c.tier_id IS NOT DISTINCT FROM k.tier_id AND c.month = k.month
              LEFT JOIN cases s
                ON s.company_id = k.company_id AND s.user_id = k.user_id
               AND s.tier_id IS NOT DISTINCT FROM k.tier_id AND s.month = k.month
              LEFT JOIN customer_archive_tier t ON t.id = k.tier_id
            """
        )

    def init(self):
        # Reads the compliance view: created before (its model is initialised first), and
        # dropping it (CASCADE) on an update drops this one, created again here.
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (WITH %s %s %s)",
                SQL.identifier(self._table),
                self._with(),
                self._select(),
                self._from(),
            )
        )
