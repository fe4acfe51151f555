from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_log_retention_days = fields.Integer(
        related="company_id.archive_log_retention_days", readonly=False
    )
