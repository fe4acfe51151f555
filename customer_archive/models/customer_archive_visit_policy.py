from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveVisitPolicy(models.Model):
    """How often the customers of a tier must be visited, and when they go to the public pool."""

    _name = "customer.archive.visit.policy"
    _description = "Visit Policy"
    _order = "company_id, tier_sequence, id"
    _rec_name = "tier_id"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    tier_id = fields.Many2one("customer.archive.tier", required=True,
                              ondelete="cascade")
    tier_sequence = fields.Integer(related="tier_id.sequence", store=True)
    active = fields.Boolean(default=True)
    min_visits_month = fields.Integer(
        string="Minimum Visits per Month",
        help="Done visits each customer of this tier needs every month.",
    )
    max_days_between = fields.Integer(
        string="Maximum Days Between Visits",
        default=30,
        help="The next visit is due this many days after the last done visit.",
    )
    pool_release_days = fields.Integer(
        string="Release to Pool After (days)",
        help="With the public pool enabled: a customer with no visit and no order for this "
        "many days is released into the pool. 0: never.",
    )

    _sql_constraints = [
        ("company_tier_uniq", "unique(company_id, tier_id)",
         "There is already a visit policy for this tier in this company."),
    ]

    def _field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    @api.constrains("min_visits_month", "max_days_between", "pool_release_days")
    def _check_values(self):
        for policy in self:
            for fname in ("min_visits_month", "pool_release_days"):
                if policy[fname] < 0:
                    raise ValidationError(self.env._(
                        "%(field)s of the tier %(tier)s cannot be negative (%(value)s).",
                        field=self._field_label(fname), tier=policy.tier_id.name,
                        value=policy[fname],
                    ))
            if policy.max_days_between <= 0:
                raise ValidationError(self.env._(
                    "%(field)s of the tier %(tier)s must be greater than 0, not %(value)s.",
                    field=self._field_label("max_days_between"), tier=policy.tier_id.name,
                    value=policy.max_days_between,
                ))

    @api.model
    def _get_policy_map(self, companies):
        """{(company id, tier id): policy} of ``companies`` (one search)."""
        # sudo: the policies of the companies apply to every user's visits
        policies = self.sudo().search([("company_id", "in", companies.ids)])
        return {(p.company_id.id, p.tier_id.id): p for p in policies}

    @api.model
    def _default_policy_values(self):
        """Default policy per tier code (extension point): minimum visits per month, maximum
        days between visits, days before release into the public pool."""
        return {
            "A": {"min_visits_month": 4, "max_days_between": 10, "pool_release_days": 0},
            "B": {"min_visits_month": 2, "max_days_between": 20, "pool_release_days": 90},
            "C": {"min_visits_month": 1, "max_days_between": 45, "pool_release_days": 120},
            "D": {"min_visits_month": 0, "max_days_between": 90, "pool_release_days": 180},
        }

    @api.model
    def _create_default_policies(self, companies=None):
        """Give every company (or ``companies``) the default policies it lacks."""
        companies = companies or self.env["res.company"].search([])
        tiers = self.env["customer.archive.tier"].search([])
        existing = self._get_policy_map(companies)
        defaults = self._default_policy_values()
        vals_list = [
            {"company_id": company.id, "tier_id": tier.id, **defaults[tier.code]}
            for company in companies
            for tier in tiers
            if tier.code in defaults and (company.id, tier.id) not in existing
        ]
        # sudo: default policies are created for any company, whoever triggers it
        return self.sudo().create(vals_list)

    def _partners_to_recompute(self):
        return self.env["res.partner"].search([
            ("is_customer_archive", "=", True),
            ("archive_company_id", "in", self.company_id.ids),
            ("tier_id", "in", self.tier_id.ids),
        ])

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        policies._recompute_partner_due()
        return policies

    def write(self, vals):
        before = self._partners_to_recompute() if {"tier_id", "company_id"} & set(vals) else None
        res = super().write(vals)
        if {"max_days_between", "tier_id", "company_id", "active"} & set(vals):
            self._recompute_partner_due(before)
        return res

    def _recompute_partner_due(self, extra=None):
        """The due dates of the customers under these policies follow the new figures."""
        partners = self._partners_to_recompute()
        if extra:
            partners |= extra
        if partners:
            fields_map = self.env["res.partner"]._fields
            for fname in ("next_visit_due", "visit_overdue"):
                self.env.add_to_compute(fields_map[fname], partners)
