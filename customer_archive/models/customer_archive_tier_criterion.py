from odoo import fields, models

CRITERIA = [
    ("revenue", "Revenue"),
    ("order_count", "Number of Orders"),
    ("recency_days", "Days Since Last Order"),
    ("avg_payment_days", "Average Days to Pay"),
    ("overdue_amount", "Overdue Amount"),
    ("credit_note_ratio", "Credit Note Ratio (%)"),
    ("gross_margin", "Gross Margin (%)"),
]


class CustomerArchiveTierCriterion(models.Model):
    """A scoring criterion of a profile: a value computed from the ERP, mapped to points."""

    _name = "customer.archive.tier.criterion"
    _description = "Tier Scoring Criterion"
    _order = "profile_id, sequence, id"

    profile_id = fields.Many2one(
        "customer.archive.tier.profile", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    criterion = fields.Selection(CRITERIA, required=True)
    threshold_ids = fields.One2many(
        "customer.archive.tier.threshold", "criterion_id", string="Thresholds", copy=True
    )
    max_points = fields.Integer(compute="_compute_max_points")

    _sql_constraints = [
        (
            "criterion_profile_uniq",
            "unique(profile_id, criterion)",
            "A criterion can appear only once in a scoring profile.",
        ),
    ]

    def _compute_max_points(self):
        for criterion in self:
            criterion.max_points = max(criterion.threshold_ids.mapped("points") or [0])

    def _points_for(self, value):
        """Points and the matching threshold for ``value`` (None: no data, 0 points)."""
        self.ensure_one()
        if value is None:
            return 0, None
        for threshold in self.threshold_ids:
            if threshold._contains(value):
                return threshold.points, threshold
        return 0, None
