from odoo import fields, models


class CustomerArchiveCaseType(models.Model):
    """What a service case is about (complaint, dispute, defective goods, repair, enquiry…)."""

    _name = "customer.archive.case.type"
    _description = "Service Case Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "There is already a service case type with this name."),
    ]
