from odoo import api, fields, models


class CustomerArchiveTierThreshold(models.Model):
    """A value band of a scoring criterion: values from ``value_from`` (inclusive) up to
    ``value_to`` (exclusive, empty = no upper bound) earn ``points``."""

    _name = "customer.archive.tier.threshold"
    _description = "Tier Criterion Threshold"
    _order = "criterion_id, value_from, id"

    criterion_id = fields.Many2one(
        "customer.archive.tier.criterion", required=True, ondelete="cascade", index=True
    )
    value_from = fields.Float(string="From", required=True, default=0.0)
    value_to = fields.Float(string="Up To", help="Exclusive; leave empty for no upper bound.")
    has_upper_bound = fields.Boolean(string="Bounded", default=True)
    points = fields.Integer(required=True, default=0)

    @api.constrains("value_from", "value_to", "has_upper_bound", "points")
    def _check_profile_lines(self):
        self.criterion_id.profile_id._check_profile_lines()
