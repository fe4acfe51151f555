from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_link_days = fields.Integer(
        related="company_id.satisfaction_link_days", readonly=False
    )
