import logging
import threading

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_archive_pipl_common import DATA_CATEGORIES

_logger = logging.getLogger(__name__)

RETENTION_ACTIONS = [("review", "Review"), ("anonymise", "Anonymise")]


class CustomerArchiveRetentionPolicy(models.Model):
    """How long personal data of a category is kept after the last transaction of a lost or
    dormant customer. A daily scheduled action asks the archive keeper to review (or anonymise)
    the archives past it: nothing is deleted automatically."""

    _name = "customer.archive.retention.policy"
    _description = "Personal Data Retention Period"
    _order = "company_id, months, category"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    category = fields.Selection(DATA_CATEGORIES, string="Data Category", required=True)
    months = fields.Integer(
        string="Keep for (months)",
        required=True,
        default=36,
        help="Months after the last confirmed order or posted invoice "
        "(or after the archive date when there is none).",
    )
    action = fields.Selection(RETENTION_ACTIONS, string="Then", required=True, default="review")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "category_company_uniq",
            "unique(company_id, category)",
            "Each data category has one retention period per company.",
        ),
    ]

    @api.constrains("months")
    def _check_months(self):
        for policy in self:
            if policy.months <= 0:
                raise ValidationError(
                    self.env._(
                        "The retention period of %(category)s must be at least one month (not "
                        "%(months)s).",
                        category=dict(self._fields["category"]._description_selection(self.env))[
                            policy.category
                        ],
                        months=policy.months,
                    )
                )

    @api.depends("category", "months")
    def _compute_display_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for policy in self:
            policy.display_name = self.env._(
                "%(category)s: %(months)s months",
                category=labels.get(policy.category, ""),
                months=policy.months,
            )

    # ------------------------------------------------------------------
    # Scheduled review
    # ------------------------------------------------------------------
    @api.model
    def _get_retention_candidate_domain(self, company):
        """Archives whose retention is checked: lost or dormant customers (extension point)."""
        return [
            ("is_customer_archive", "=", True),
            ("archive_company_id", "=", company.id),
            ("archive_stage", "in", ("lost", "dormant")),
            ("pipl_anonymised", "=", False),
        ]

    @api.model
    def _prepare_retention_activity_vals(self, partner, expired, user, activity_type):
        env = user._get_lang_env(self.env)  # the reviewer's language
        labels = dict(self._fields["category"]._description_selection(env))
        actions = dict(self._fields["action"]._description_selection(env))
        anonymise = any(policy.action == "anonymise" for policy in expired)
        items = Markup("").join(
            Markup("<li>%s</li>")
            % env._(
                "%(category)s: kept %(months)s months, then %(action)s",
                category=labels[policy.category],
                months=policy.months,
                action=actions[policy.action].lower(),
            )
            for policy in expired
        )
        return {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": partner.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "summary": env._("Retention period passed: anonymise personal data")
            if anonymise
            else env._("Retention period passed: review personal data"),
            "note": Markup("<p>%s</p><ul>%s</ul>")
            % (escape(env._("No transaction for the retention period of:")), items),
        }

    @api.model
    def _get_review_interval_months(self):
        """An archive reviewed for retention is not asked again for this many months."""
        return 12

    @api.model
    def _cron_retention_review(self, batch_size=500):
        """Create one review activity per archive past a retention period (none when one is
        still open or was done within the review interval). Batched; outside tests each batch is committed on its own — a batch's
        activities are complete, and a rerun skips archives that already have one."""
        commit = not getattr(threading.current_thread(), "testing", False)
        activity_type = self.env.ref("customer_archive.mail_activity_type_retention_review")
        today = fields.Date.context_today(self)
        created = 0
        Partner = self.env["res.partner"]
        policies_by_company = self.search([]).grouped("company_id")
        for company, policies in policies_by_company.items():
            shortest = min(policies.mapped("months"))
            candidates = Partner.search(self._get_retention_candidate_domain(company), order="id")
            for start in range(0, len(candidates), batch_size):
                batch = candidates[start : start + batch_size]
                last_dates = batch._get_last_transaction_dates()
                open_ids = set(
                    self.env["mail.activity"]
                    .search(
                        [
                            ("res_model", "=", "res.partner"),
                            ("res_id", "in", batch.ids),
                            ("activity_type_id", "=", activity_type.id),
                        ]
                    )
                    .mapped("res_id")
                )
                # Reviews done recently (a done activity leaves a message of its type).
                open_ids.update(
                    self.env["mail.message"]
                    .search(
                        [
                            ("model", "=", "res.partner"),
                            ("res_id", "in", batch.ids),
                            ("mail_activity_type_id", "=", activity_type.id),
                            (
                                "date",
                                ">=",
                                today - relativedelta(months=self._get_review_interval_months()),
                            ),
                        ]
                    )
                    .mapped("res_id")
                )
                vals_list = []
                for partner in batch:
                    if partner.id in open_ids:
                        continue
                    last = last_dates.get(partner.id) or partner.archive_date
                    if not last or last > today - relativedelta(months=shortest):
                        continue
                    expired = policies.filtered(
                        lambda p, last=last: last <= today - relativedelta(months=p.months)
                    )
                    user = partner.keeper_id or company.pipl_officer_id or partner.user_id
                    if expired and user:
                        vals_list.append(
                            self._prepare_retention_activity_vals(
                                partner, expired, user, activity_type
                            )
                        )
                self.env["mail.activity"].create(vals_list)
                created += len(vals_list)
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("customer_archive retention review: %s activities created", created)
        return created
