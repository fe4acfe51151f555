from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerArchiveRisk(models.Model):
    """Monthly risk assessment (每月风险评估): per user and month, what the access log holds —
    exports (events and records), imports, reveals, prints, opened archives — and whether it is
    above the company's thresholds (Settings). Grouped by sales team in the pivot. Read-only SQL
    view over the access log, one entry per event (``record_count`` the records of the event)."""

    _name = "customer.archive.risk"
    _inherit = ["customer.archive.date.group.mixin"]
    _description = "Customer Archive Monthly Risk Assessment"
    _auto = False
    _order = "month desc, risk_score desc, user_id"
    _rec_name = "user_id"

    month = fields.Date(readonly=True, help="First day of the month.")
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    export_count = fields.Integer(string="Exports", readonly=True)
    export_records = fields.Integer(string="Exported Records", readonly=True)
    import_records = fields.Integer(string="Imported Records", readonly=True)
    reveal_count = fields.Integer(string="Reveals", readonly=True)
    print_count = fields.Integer(string="Prints", readonly=True)
    open_count = fields.Integer(string="Archives Opened", readonly=True)
    share_count = fields.Integer(string="Shares", readonly=True)
    unusual_export = fields.Boolean(string="Unusual Exports", readonly=True)
    unusual_reveal = fields.Boolean(string="Unusual Reveals", readonly=True)
    unusual_print = fields.Boolean(string="Unusual Prints", readonly=True)
    unusual_open = fields.Boolean(string="Unusual Opening", readonly=True)
    is_unusual = fields.Boolean(string="Unusual", readonly=True)
    risk_score = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Number of thresholds exceeded in the month (0 to 4).",
    )

    def _select(self):
        return SQL(
            """
            s.month, s.company_id, s.user_id, team.crm_team_id AS team_id,
            s.export_count, s.export_records, s.import_records, s.reveal_count, s.print_count,
            s.open_count, s.share_count,
            (c.archive_risk_export_limit > 0 AND s.export_records > c.archive_risk_export_limit) AS unusual_export,
            (c.archive_risk_reveal_limit > 0 AND s.reveal_count > c.archive_risk_reveal_limit) AS unusual_reveal,
            (c.archive_risk_print_limit > 0 AND s.print_count > c.archive_risk_print_limit) AS unusual_print,
            (c.archive_risk_open_limit > 0 AND s.open_count > c.archive_risk_open_limit) AS unusual_open
            """
        )

    def _from(self):
        return SQL(
            """
            (SELECT date_trunc('month', l.create_date)::date AS month, l.company_id, l.user_id,
                    -- one entry per event (an export of many archives is one entry)
                    count(*) FILTER (WHERE l.event = 'export') AS export_count,
                    COALESCE(sum(l.record_count) FILTER (WHERE l.event = 'export'), 0) AS export_records,
                    COALESCE(sum(l.record_count) FILTER (WHERE l.event = 'import'), 0) AS import_records,
                    count(*) FILTER (WHERE l.event = 'reveal') AS reveal_count,
                    count(*) FILTER (WHERE l.event = 'print') AS print_count,
                    count(*) FILTER (WHERE l.event = 'open') AS open_count,
                    count(*) FILTER (WHERE l.event IN ('share', 'unshare')) AS share_count
               FROM customer_archive_access_log l
              WHERE l.user_id IS NOT NULL
              GROUP BY 1, 2, 3) s
            JOIN res_company c ON c.id = s.company_id
            LEFT JOIN LATERAL (
                SELECT m.crm_team_id FROM crm_team_member m
                 WHERE m.user_id = s.user_id AND m.active
                 ORDER BY m.id LIMIT 1) team ON TRUE
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT row_number() OVER (ORDER BY month, company_id, user_id) AS id, v.*,
                       (v.unusual_export OR v.unusual_reveal OR v.unusual_print OR v.unusual_open) AS is_unusual,
                       (v.unusual_export::int + v.unusual_reveal::int + v.unusual_print::int
                        + v.unusual_open::int) AS risk_score
                  FROM (SELECT %(select)s FROM %(from)s) v
            )
            """,
                table=SQL.identifier(self._table),
                select=self._select(),
                **{"from": self._from()},
            )
        )
