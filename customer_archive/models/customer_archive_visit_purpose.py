from odoo import models


class CustomerArchiveVisitPurpose(models.Model):
    """Visit Purpose (configurable). Why the customer is contacted: relationship, order, collection..."""

    _name = "customer.archive.visit.purpose"
    _description = "Visit Purpose"
    _inherit = ["customer.archive.visit.option.mixin"]
    _order = "sequence, id"
