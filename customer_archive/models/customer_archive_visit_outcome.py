from odoo import fields, models


class CustomerArchiveVisitOutcome(models.Model):
    """Visit Outcome (configurable). What the contact achieved."""

    _name = "customer.archive.visit.outcome"
    _description = "Visit Outcome"
    _inherit = ["customer.archive.visit.option.mixin"]
    _order = "sequence, id"
    is_positive = fields.Boolean(
        string="Positive Outcome", help="Counts as a successful contact in the evaluation."
    )
