from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_change_approval = fields.Boolean(
        related="company_id.archive_change_approval", readonly=False
    )
    archive_change_field_ids = fields.Many2many(
        related="company_id.archive_change_field_ids", readonly=False
    )
