from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_approval_required = fields.Boolean(
        string="Archives Need Approval",
        help="New archives created by archive users (not officers or managers) wait for an "
        "archive officer's approval (建档审批) before they count for tiers, visits and the "
        "public pool.",
    )
