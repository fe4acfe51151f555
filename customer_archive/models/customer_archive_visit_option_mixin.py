from odoo import fields, models


class CustomerArchiveVisitOptionMixin(models.AbstractModel):
    """Fields shared by the configurable visit options (method, purpose, outcome)."""

    _name = "customer.archive.visit.option.mixin"
    _description = "Customer Archive Visit Option"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, used by imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
