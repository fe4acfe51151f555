"""Service case deadlines per tier on the visit policy (issue #16): how many hours a case of a
customer of the tier may wait for an answer, and in how many days it must be resolved."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Without a policy for the customer's tier (no tier, inactive policy): these terms.
DEFAULT_RESPONSE_HOURS = 24
DEFAULT_RESOLUTION_DAYS = 7


class CustomerArchiveVisitPolicy(models.Model):
    _inherit = "customer.archive.visit.policy"

    case_response_hours = fields.Integer(
        string="Case Response (hours)",
        default=DEFAULT_RESPONSE_HOURS,
        help="A service case of a customer of this tier is answered within this many hours.",
    )
    case_resolution_days = fields.Integer(
        string="Case Resolution (days)",
        default=DEFAULT_RESOLUTION_DAYS,
        help="A service case of a customer of this tier is resolved within this many days.",
    )

    @api.constrains("case_response_hours", "case_resolution_days")
    def _check_case_terms(self):
        for policy in self:
            for fname in ("case_response_hours", "case_resolution_days"):
                if policy[fname] <= 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of the tier %(tier)s must be greater than 0, not %(value)s.",
                            field=self._field_label(fname),
                            tier=policy.tier_id.name,
                            value=policy[fname],
                        )
                    )

    @api.model
    def _default_policy_values(self):
        """Higher tiers are answered and served faster."""
        values = super()._default_policy_values()
        terms = {"A": (4, 3), "B": (8, 5), "C": (24, 7), "D": (48, 10)}
        for code, (hours, days) in terms.items():
            if code in values:
                values[code].update(case_response_hours=hours, case_resolution_days=days)
        return values

    @api.model
    def _get_case_terms(self, policy):
        """(response hours, resolution days) of a case under ``policy`` (a policy or nothing)."""
        if policy and policy.active:
            return policy.case_response_hours, policy.case_resolution_days
        return DEFAULT_RESPONSE_HOURS, DEFAULT_RESOLUTION_DAYS
