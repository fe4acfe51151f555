from odoo import fields, models

# The criteria of this addon: key, label, and unit (how a value reads in "Why this tier": money
# in company currency, percent, days, or a plain number). Each is computed for a whole batch by
# the profile's ``_compute_criterion_<key>`` (customer_archive_tier_criteria.py, which registers
# them). A new criterion: one line here and its method there.
CRITERIA = [
    ("revenue", "Revenue", "money"),
    ("order_count", "Number of Orders", "number"),
    ("recency_days", "Days Since Last Order", "days"),
    ("avg_payment_days", "Average Days to Pay", "days"),
    ("overdue_amount", "Overdue Amount", "money"),
    ("credit_note_ratio", "Credit Note Ratio (%)", "percent"),
    ("gross_margin", "Gross Margin (%)", "percent"),
    ("member_points", "Member Points", "number"),
]


def points_for(thresholds, value):
    """Points and band ``[from, to]`` of ``value`` among ``(from, to or None, points)``
    thresholds; ``(0, None)`` when there is no data or no threshold contains the value."""
    if value is None:
        return 0, None
    for value_from, value_to, points in thresholds:
        if value >= value_from and (value_to is None or value < value_to):
            return points, [value_from, value_to]
    return 0, None


class CustomerArchiveTierCriterion(models.Model):
    """A scoring criterion of a profile: a value computed from the ERP, mapped to points."""

    _name = "customer.archive.tier.criterion"
    _description = "Tier Scoring Criterion"
    _order = "profile_id, sequence, id"

    profile_id = fields.Many2one(
        "customer.archive.tier.profile", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    criterion = fields.Selection([(key, label) for key, label, _unit in CRITERIA], required=True)
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

    def _get_threshold_table(self):
        """The thresholds as ``(from, to or None, points)`` tuples, by ascending start."""
        self.ensure_one()
        return [
            (t.value_from, t.value_to if t.has_upper_bound else None, t.points)
            for t in self.threshold_ids.sorted(lambda t: (t.value_from, t.id))
        ]

    def _points_for(self, value):
        """Points and band for ``value`` (None: no data, 0 points)."""
        return points_for(self._get_threshold_table(), value)
