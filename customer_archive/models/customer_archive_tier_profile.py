import threading

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveTierProfile(models.Model):
    """Scoring profile of a company: the criteria, their thresholds, the score bands, and the
    actions that run the tier engine on the company's archives. The criteria and their
    computations: customer_archive_tier_criteria.py; the engine: customer_archive_tier_engine.py."""

    _name = "customer.archive.tier.profile"
    _description = "Tier Scoring Profile"
    _order = "company_id, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    window_months = fields.Integer(
        string="Window (months)", default=12, required=True,
        help="Orders and invoices of this many past months count.",
    )
    revenue_source = fields.Selection(
        [("order", "Confirmed Sale Orders"), ("invoice", "Posted Invoices")],
        default="order",
        required=True,
        help="Revenue is the untaxed amount of confirmed sale orders, or of posted customer "
        "invoices less credit notes, in company currency.",
    )
    criterion_ids = fields.One2many(
        "customer.archive.tier.criterion", "profile_id", string="Criteria", copy=True
    )
    band_ids = fields.One2many(
        "customer.archive.tier.band", "profile_id", string="Score Bands", copy=True
    )
    max_score = fields.Integer(compute="_compute_max_score")
    alert_tier_ids = fields.Many2many(
        "customer.archive.tier",
        string="Alert on Downgrade From",
        help="A customer leaving one of these tiers for a lower one creates an activity for "
        "its salesperson and keeper (中高端客户预警).",
    )
    require_approval = fields.Boolean(
        string="Overrides Need Approval",
        help="A tier set by hand by someone who is not an archive manager takes effect only "
        "once an archive manager approves it.",
    )
    batch_size = fields.Integer(default=2000, required=True)
    last_run_at = fields.Datetime(string="Last Recompute", readonly=True, copy=False)
    last_run_count = fields.Integer(string="Customers Recomputed", readonly=True, copy=False)
    last_run_changes = fields.Integer(string="Tier Changes", readonly=True, copy=False)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A company has one scoring profile."),
    ]

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    @api.depends("criterion_ids.threshold_ids.points")
    def _compute_max_score(self):
        for profile in self:
            profile.max_score = sum(profile.criterion_ids.mapped("max_points"))

    def _criterion_label(self, criterion):
        return dict(criterion._fields["criterion"]._description_selection(self.env))[
            criterion.criterion
        ]

    def _check_thresholds(self, criterion):
        label = self._criterion_label(criterion)
        thresholds = criterion.threshold_ids.sorted(lambda t: (t.value_from, t.id))
        if not thresholds:
            raise ValidationError(
                self.env._("Criterion %(criterion)s of profile %(profile)s has no thresholds.",
                  criterion=label, profile=self.name)
            )
        previous = None
        for threshold in thresholds:
            if threshold.points < 0:
                raise ValidationError(
                    self.env._("Criterion %(criterion)s: points cannot be negative (%(points)s).",
                      criterion=label, points=threshold.points)
                )
            if threshold.has_upper_bound and threshold.value_to <= threshold.value_from:
                raise ValidationError(
                    self.env._("Criterion %(criterion)s: the threshold from %(start)s must end above its "
                      "start, not at %(end)s.",
                      criterion=label, start=threshold.value_from, end=threshold.value_to)
                )
            if previous is not None:
                if not previous.has_upper_bound or threshold.value_from < previous.value_to:
                    raise ValidationError(
                        self.env._("Criterion %(criterion)s: the thresholds starting at %(first)s and "
                          "%(second)s overlap.",
                          criterion=label, first=previous.value_from, second=threshold.value_from)
                    )
            previous = threshold

    def _check_bands(self):
        bands = self.band_ids.sorted(lambda b: (b.score_from, b.id))
        if not bands:
            raise ValidationError(self.env._("Profile %(profile)s has no score bands.", profile=self.name))
        expected = 0
        for band in bands:
            if band.score_to < band.score_from:
                raise ValidationError(
                    self.env._("Score band %(tier)s: %(start)s to %(end)s is reversed.",
                      tier=band.tier_id.display_name, start=band.score_from, end=band.score_to)
                )
            if band.score_from < expected:
                raise ValidationError(
                    self.env._("Score bands overlap at score %(score)s (%(tier)s).",
                      score=band.score_from, tier=band.tier_id.display_name)
                )
            if band.score_from > expected:
                raise ValidationError(
                    self.env._("No tier covers the scores %(start)s to %(end)s.",
                      start=expected, end=band.score_from - 1)
                )
            expected = band.score_to + 1
        if expected <= self.max_score:
            raise ValidationError(
                self.env._("No tier covers the scores %(start)s to %(end)s (the highest possible score).",
                  start=expected, end=self.max_score)
            )

    @api.constrains("window_months", "batch_size", "criterion_ids", "band_ids")
    def _check_profile(self):
        for profile in self:
            if profile.window_months <= 0:
                raise ValidationError(
                    self.env._("The window of profile %(profile)s must be at least one month, not %(months)s.",
                      profile=profile.name, months=profile.window_months)
                )
            if profile.batch_size <= 0:
                raise ValidationError(self.env._("The batch size must be greater than 0."))
            if not profile.criterion_ids:
                raise ValidationError(
                    self.env._("Profile %(profile)s has no criteria: add at least one.", profile=profile.name)
                )
            for criterion in profile.criterion_ids:
                profile._check_thresholds(criterion)
            profile._check_bands()

    def _check_profile_lines(self):
        """Checks run when a threshold, criterion or band changes on its own. While a profile
        is being created its lines arrive one by one: the bands are checked once both bands
        and criteria exist (the profile's own constraint checks everything at the end)."""
        for profile in self:
            for criterion in profile.criterion_ids.filtered("threshold_ids"):
                profile._check_thresholds(criterion)
            if profile.band_ids and profile.criterion_ids:
                profile._check_bands()

    def write(self, vals):
        res = super().write(vals)
        # A changed profile invalidates every stored result: the next run is a full one.
        if set(vals) - {
            "last_run_at", "last_run_date", "last_run_count", "last_run_changes", "active", "name"
        }:
            super().write({"last_run_at": False})
        return res

    # ------------------------------------------------------------------
    # Window
    # ------------------------------------------------------------------
    def _get_window_start(self, today):
        return today - relativedelta(months=self.window_months)

    # ------------------------------------------------------------------
    # Actions and scheduled action
    # ------------------------------------------------------------------
    def action_recompute_full(self):
        self.check_access("write")
        for profile in self:
            profile._recompute()
        return self._recompute_notification()

    def action_recompute_incremental(self):
        self.check_access("write")
        for profile in self:
            profile._recompute(incremental=True)
        return self._recompute_notification()

    def _recompute_notification(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s customers recomputed, %(changes)s tier changes.",
                             count=sum(self.mapped("last_run_count")),
                             changes=sum(self.mapped("last_run_changes"))),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_recompute_tiers(self):
        """Daily: expire manual overrides, then recompute every profile (incremental when a
        previous run exists), committing batch by batch."""
        self.env["res.partner"]._expire_tier_overrides()
        # Commit batch by batch, except under tests (Odoo's own crons do the same).
        commit = not getattr(threading.current_thread(), "testing", False)
        for profile in self.search([]):
            profile._recompute(incremental=bool(profile.last_run_at), commit=commit)

    @api.model
    def _get_profile(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)
