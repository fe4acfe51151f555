from odoo import api, fields, models, tools
from odoo.tools import SQL


class CustomerArchiveSatisfactionReport(models.Model):
    """Satisfaction analysis (客户满意度分析): one row per score given for a customer archive,
    with the archive's current tier, salesperson and region (SQL view, read-only). Its record
    rules follow the archive's visibility (security/customer_archive_satisfaction_rules.xml)."""

    _name = "customer.archive.satisfaction.report"
    _inherit = ["customer.archive.date.group.mixin", "customer.archive.data.guard"]
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "rated_on desc, id desc"
    _rec_name = "archive_id"

    archive_id = fields.Many2one("res.partner", string="Customer Archive", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tier_id = fields.Many2one("customer.archive.tier", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    region_id = fields.Many2one("customer.archive.region", readonly=True)
    rated_partner_id = fields.Many2one("res.partner", string="Rated Employee", readonly=True)
    res_model_id = fields.Many2one("ir.model", string="Rated Document", readonly=True)
    source = fields.Selection(
        [("manual", "Entered by the Salesperson"), ("link", "Given by the Customer")],
        string="Given Through",
        readonly=True,
    )
    rated_on = fields.Datetime(readonly=True)
    score = fields.Float(string="Average Score", readonly=True, aggregator="avg", digits=(16, 2))
    rating_count = fields.Integer(string="Scores", readonly=True)
    low_count = fields.Integer(string="Dissatisfied (1-2)", readonly=True, help="Scores of 1 or 2.")
    feedback = fields.Text(string="Comment", readonly=True)

    @api.model
    def _archive_data_guard_partners(self, records):
        return records.mapped("archive_id")

    def _select(self):
        return SQL(
            """
            SELECT r.id, r.archive_id, p.archive_company_id AS company_id, p.tier_id,
                   p.user_id, p.region_id, r.rated_partner_id, r.res_model_id,
                   r.satisfaction_source AS source, r.satisfaction_date AS rated_on,
                   r.rating AS score, 1 AS rating_count,
                   CASE WHEN r.rating < 3 THEN 1 ELSE 0 END AS low_count, r.feedback
            """
        )

    def _from(self):
        return SQL(
            """
              FROM rating_rating r
              JOIN res_partner p ON p.id = r.archive_id
             WHERE r.consumed AND r.rating >= 1 AND r.satisfaction_date IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
            )
        )
