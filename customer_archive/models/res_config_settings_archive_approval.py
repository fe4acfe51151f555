from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_approval_required = fields.Boolean(
        related="company_id.archive_approval_required", readonly=False
    )
