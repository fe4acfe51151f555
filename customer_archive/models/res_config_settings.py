from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_dormant_days = fields.Integer(
        related="company_id.archive_dormant_days", readonly=False
    )
    archive_lost_days = fields.Integer(related="company_id.archive_lost_days", readonly=False)
    archive_review_months = fields.Integer(
        related="company_id.archive_review_months", readonly=False
    )
    archive_completeness_field_ids = fields.Many2many(
        related="company_id.archive_completeness_field_ids", readonly=False
    )
