from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pipl_request_days = fields.Integer(related="company_id.pipl_request_days", readonly=False)
    pipl_request_working_days = fields.Boolean(
        related="company_id.pipl_request_working_days", readonly=False
    )
    pipl_officer_id = fields.Many2one(related="company_id.pipl_officer_id", readonly=False)
