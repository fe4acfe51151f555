from odoo import fields, models


class CustomerArchiveLostReason(models.Model):
    """Why a customer was lost (流失原因): configurable, required when an archive is marked lost,
    one of the dimensions of the churn analysis."""

    _name = "customer.archive.lost.reason"
    _description = "Lost Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
