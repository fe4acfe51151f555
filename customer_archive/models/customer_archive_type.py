from odoo import fields, models


class CustomerArchiveType(models.Model):
    """Customer type (客户类型): purchaser, competitor, cooperation partner, supplier, …"""

    _name = "customer.archive.type"
    _inherit = ["customer.archive.type.mixin"]
    _description = "Customer Type"
    _order = "sequence, name, id"
    _archive_partner_field = "customer_type_id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_competitor = fields.Boolean(
        string="Competitor Type",
        help="Partners of this type can be listed as competitors on an enterprise archive.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A customer type with this name already exists."),
    ]
