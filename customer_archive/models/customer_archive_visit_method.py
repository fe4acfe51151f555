from odoo import fields, models


class CustomerArchiveVisitMethod(models.Model):
    """Visit Method (configurable). How the contact took place: on-site, phone, WeChat..."""

    _name = "customer.archive.visit.method"
    _description = "Visit Method"
    _inherit = ["customer.archive.visit.option.mixin"]
    _order = "sequence, id"
    is_remote = fields.Boolean(
        string="Remote Contact",
        help="Phone, video or messaging: no check-in location is asked for.",
    )
