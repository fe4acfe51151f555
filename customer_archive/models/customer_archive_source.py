from odoo import fields, models


class CustomerArchiveSource(models.Model):
    """Customer source (客户来源): referral, advertising, media, walk-in, exhibition, online, …"""

    _name = "customer.archive.source"
    _inherit = ["customer.archive.type.mixin"]
    _description = "Customer Source"
    _order = "sequence, name, id"
    _archive_partner_field = "source_id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A customer source with this name already exists."),
    ]
