from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_team_visibility = fields.Boolean(
        related="company_id.archive_team_visibility", readonly=False
    )
    archive_log_open = fields.Boolean(related="company_id.archive_log_open", readonly=False)
    archive_risk_export_limit = fields.Integer(
        related="company_id.archive_risk_export_limit", readonly=False
    )
    archive_risk_reveal_limit = fields.Integer(
        related="company_id.archive_risk_reveal_limit", readonly=False
    )
    archive_risk_print_limit = fields.Integer(
        related="company_id.archive_risk_print_limit", readonly=False
    )
    archive_risk_open_limit = fields.Integer(
        related="company_id.archive_risk_open_limit", readonly=False
    )
