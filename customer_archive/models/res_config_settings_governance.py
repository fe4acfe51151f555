from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_nda_required = fields.Boolean(related="company_id.archive_nda_required", readonly=False)
    archive_disclosure_group_id = fields.Many2one(
        related="company_id.archive_disclosure_group_id", readonly=False
    )
