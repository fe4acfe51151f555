from odoo import fields, models


class CustomerArchiveVisitMethod(models.Model):
    """Visit Method (configurable). How the contact took place: on-site, phone, WeChat..."""

    _name = "customer.archive.visit.method"
    _description = "Visit Method"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, used by imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    is_remote = fields.Boolean(
        string="Remote Contact",
        help="Phone, video or messaging: no check-in location is asked for.",
    )
