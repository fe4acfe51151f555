from odoo import fields, models


class CustomerArchiveVisitPurpose(models.Model):
    """Visit Purpose (configurable). Why the customer is contacted: relationship, order, collection..."""

    _name = "customer.archive.visit.purpose"
    _description = "Visit Purpose"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, used by imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
