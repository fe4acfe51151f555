from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_inactive_user_days = fields.Integer(
        related="company_id.archive_inactive_user_days", readonly=False
    )
