from odoo import fields, models


class CustomerArchiveVisitOutcome(models.Model):
    """Visit Outcome (configurable). What the contact achieved."""

    _name = "customer.archive.visit.outcome"
    _description = "Visit Outcome"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, used by imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    is_positive = fields.Boolean(
        string="Positive Outcome", help="Counts as a successful contact in the evaluation."
    )
