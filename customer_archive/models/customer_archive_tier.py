from odoo import fields, models


class CustomerArchiveTier(models.Model):
    """Customer tier (客户级别): A/B/C/D or 重要 / 特殊 / 一般. Lower sequence = higher tier."""

    _name = "customer.archive.tier"
    _inherit = ["customer.archive.type.mixin"]
    _description = "Customer Tier"
    _order = "sequence, id"
    _archive_partner_field = "tier_id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10, help="Higher tiers come first.")
    color = fields.Integer()
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A customer tier with this code already exists."),
    ]
