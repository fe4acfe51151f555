"""The partner's side of the tiers: the tier fields of an archive, "Why this tier", the history,
notes and downgrade alerts of every change, and manual tiers (override, approval, expiry).

The tiers are computed by the tier engine of the company's scoring profile
(customer_archive_tier_engine.py); only it and the override flow write these fields.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import create_index, format_date

from .customer_archive_markers import MERGE_IN_PROGRESS
from .res_users_archive_role import GROUP_MANAGER

# Written by the tier engine and the override flow only (as superuser), never by users.
TIER_ENGINE_FIELDS = {
    "tier_id",
    "tier_computed_id",
    "tier_score",
    "tier_breakdown",
    "tier_computed_at",
    "tier_override_tier_id",
    "tier_override_reason",
    "tier_override_expiry",
    "tier_override_state",
    "tier_override_user_id",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    tier_id = fields.Many2one(
        "customer.archive.tier",
        readonly=True,
        index=True,
        copy=False,
        group_expand="_read_group_tier_id",
        help="The computed tier, or the manual override while it is approved and not expired.",
    )
    tier_color = fields.Integer(related="tier_id.color", string="Tier Colour")
    tier_computed_id = fields.Many2one(
        "customer.archive.tier", string="Computed Tier", readonly=True, copy=False
    )
    tier_score = fields.Integer(readonly=True, copy=False, aggregator="avg")
    tier_breakdown = fields.Json(string="Score Breakdown", readonly=True, copy=False)
    tier_computed_at = fields.Datetime(string="Tier Computed On", readonly=True, copy=False)
    tier_explanation = fields.Html(
        string="Why This Tier", compute="_compute_tier_explanation", sanitize=False
    )
    tier_override_tier_id = fields.Many2one(
        "customer.archive.tier", string="Manual Tier", readonly=True, copy=False
    )
    tier_override_reason = fields.Text(string="Override Reason", readonly=True, copy=False)
    tier_override_expiry = fields.Date(string="Override Expires", readonly=True, copy=False)
    tier_override_state = fields.Selection(
        [("none", "None"), ("pending", "Waiting for Approval"), ("approved", "Approved")],
        string="Override Status",
        default="none",
        readonly=True,
        copy=False,
    )
    tier_override_user_id = fields.Many2one(
        "res.users", string="Override Requested By", readonly=True, copy=False
    )
    tier_history_ids = fields.One2many("customer.archive.tier.history", "partner_id", readonly=True)

    def init(self):
        res = super().init()
        # The incremental tier run looks for the archives changed since the last run and those
        # never scored (customer.archive.tier.profile._get_incremental_partner_ids): without
        # these, each run read the whole partner table (a quarter of a second at 100,000
        # archives, a third of an incremental run). Partial: archives only, the unscored ones.
        # An archive is unscored while it has no computed tier: not the run's date, which
        # changes at every scoring, and a column an index depends on makes each update of the
        # row write a new entry in every index of res_partner (about fifty) instead of a "HOT"
        # update in place (five times slower); the tier itself changes only with the tier.
        self.env.cr.execute("DROP INDEX IF EXISTS customer_archive_res_partner_unscored_idx")
        create_index(
            self.env.cr,
            "customer_archive_res_partner_archive_write_date_idx",
            "res_partner",
            ["write_date"],
            where="is_customer_archive",
        )
        create_index(
            self.env.cr,
            "customer_archive_res_partner_untiered_idx",
            "res_partner",
            ["archive_company_id"],
            where="is_customer_archive AND tier_computed_id IS NULL",
        )
        return res

    # ------------------------------------------------------------------
    # CRUD: the tier fields are the engine's
    # ------------------------------------------------------------------
    def _check_tier_fields_writable(self, vals):
        """Tier fields are the tier engine's: a client may not write them. Empty values and
        the fields' defaults pass (res.users and the merge wizard send every field's default)."""
        if self.env.su or self.env.context.get("customer_archive_merge") is MERGE_IN_PROGRESS:
            return
        defaults = {"tier_override_state": "none"}
        written = {
            fname
            for fname in TIER_ENGINE_FIELDS & set(vals)
            if vals[fname] and vals[fname] != defaults.get(fname)
        }
        if written:
            raise AccessError(
                self.env._(
                    'Tiers are computed from sales and accounting, or set through "Set Tier '
                    'Manually"; they cannot be written directly.'
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_tier_fields_writable(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_tier_fields_writable(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Explanation, history and alerts
    # ------------------------------------------------------------------
    @api.model
    def _read_group_tier_id(self, tiers, domain):
        return tiers.search([])

    def _format_tier_value(self, criterion, value):
        """A criterion's value as "Why this tier" shows it (by its unit, see the profile's
        ``_get_tier_criteria``); amounts in the currency of the archive's company."""
        company = self.archive_company_id or self.env.company
        return self.env["customer.archive.tier.profile"]._format_criterion_value(
            criterion, value, company.currency_id
        )

    @api.depends("tier_breakdown", "tier_id", "tier_override_state")
    def _compute_tier_explanation(self):
        labels = dict(
            self.env["customer.archive.tier.criterion"]
            ._fields["criterion"]
            ._description_selection(self.env)
        )
        tiers = {
            t.code: t.name
            for t in self.env["customer.archive.tier"].with_context(active_test=False).search([])
        }
        for partner in self:
            data = partner.tier_breakdown
            if not data:
                partner.tier_explanation = Markup("<p>%s</p>") % self.env._("Not computed yet.")
                continue
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
                )
                % (
                    labels.get(line["criterion"], line["criterion"]),
                    partner._format_tier_value(line["criterion"], line["value"]),
                    line["points"],
                )
                for line in data.get("criteria", [])
            )
            window = data.get("window") or ["", ""]
            html = Markup(
                "<p>%s</p><table class='table table-sm o_tier_breakdown'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead><tbody>%s</tbody>"
                "<tfoot><tr><th>%s</th><th></th><th class='text-end'>%s</th></tr></tfoot></table>"
            ) % (
                self.env._(
                    "Window %(start)s to %(end)s: score %(score)s gives tier %(tier)s.",
                    start=format_date(self.env, window[0]),
                    end=format_date(self.env, window[1]),
                    score=data.get("score", 0),
                    tier=tiers.get(data.get("tier"), data.get("tier")),
                ),
                self.env._("Criterion"),
                self.env._("Value"),
                self.env._("Points"),
                rows,
                self.env._("Total"),
                data.get("score", 0),
            )
            if data.get("no_transactions"):
                html += Markup("<p class='text-warning'>%s</p>") % self.env._(
                    "No confirmed order and no posted invoice in the window: lowest tier."
                )
            if partner.tier_override_state == "approved" and partner.tier_override_tier_id:
                html += Markup("<p class='text-info'>%s</p>") % self.env._(
                    "Overridden by hand to %(tier)s until %(date)s: %(reason)s",
                    tier=partner.tier_override_tier_id.name,
                    date=format_date(self.env, partner.tier_override_expiry),
                    reason=partner.tier_override_reason or "",
                )
            partner.tier_explanation = html

    def _prepare_tier_history_vals(self, change):
        partner = change["partner"]
        company = change.get("company") or partner.archive_company_id or self.env.company
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "old_tier_id": change["old"].id,
            "new_tier_id": change["new"].id,
            "direction": self.env["customer.archive.tier.history"]._direction(
                change["old"], change["new"]
            ),
            "source": change["source"],
            "reason": change.get("reason"),
            # Not .get(key, default): the default would read the partner for every change.
            "score": change["score"] if "score" in change else partner.tier_score,
            "breakdown": change["breakdown"] if "breakdown" in change else partner.tier_breakdown,
            "user_id": self.env.user.id,
        }

    def _record_tier_changes(self, changes, profile=None):
        """History rows, chatter notes and downgrade alerts for a batch of tier changes.

        ``changes``: list of dicts with partner, old, new (tiers), source, and optionally
        reason, score, breakdown."""
        if not changes:
            return
        History = self.env["customer.archive.tier.history"].sudo()  # append-only: no user writes it
        vals_list = [self._prepare_tier_history_vals(change) for change in changes]
        # the engine's breakdowns come serialized already (JSON of the change's breakdown)
        History._create_batch(vals_list, breakdown_json=[c.get("breakdown_json") for c in changes])
        # Chatter notes in the language of whoever changes the tiers (a scheduled action has
        # none), each activity in the language of its recipient.
        env = self.env["res.users"]._get_lang_env(self.env)
        sources = dict(History._fields["source"]._description_selection(env))
        profiles = {}
        bodies = {}
        activities = []
        activity_type = self.env.ref(
            "customer_archive.mail_activity_type_tier_downgrade", raise_if_not_found=False
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        for change, vals in zip(changes, vals_list):
            partner, old, new = (
                change["partner"],
                change["old"].with_env(env),
                change["new"].with_env(env),
            )
            direction, source = vals["direction"], sources[vals["source"]]
            if direction == "new" and vals["source"] == "computed":
                continue  # a first computed tier: the history row is enough
            company_id = vals["company_id"]
            if company_id not in profiles:
                profiles[company_id] = (
                    profile
                    if profile and profile.company_id.id == company_id
                    else self.env["customer.archive.tier.profile"]
                    .sudo()  # the alert tiers of the company, whoever changes the tier
                    ._get_profile(self.env["res.company"].browse(company_id))
                )
            alert_tiers = profiles[company_id].alert_tier_ids
            if vals["source"] == "computed" and old not in alert_tiers and new not in alert_tiers:
                continue  # moves among the lower tiers: the history row is enough
            if direction == "down" and old in alert_tiers:
                body = self._get_tier_alert_body(env, old, new, vals["source"])
                for user in (partner.user_id | partner.keeper_id).filtered("active"):
                    user_env = user._get_lang_env(self.env)
                    activities.append(
                        {
                            "res_model_id": model_id,
                            "res_id": partner.id,
                            "activity_type_id": activity_type.id if activity_type else False,
                            "summary": user_env._(
                                "Tier downgrade: %(old)s → %(new)s",
                                old=old.with_env(user_env).name,
                                new=new.with_env(user_env).name or "-",
                            ),
                            "note": escape(
                                self._get_tier_alert_body(user_env, old, new, vals["source"])
                            ),
                            "user_id": user.id,
                            "date_deadline": today,
                        }
                    )
            elif direction == "up":
                body = env._(
                    "Tier upgraded from %(old)s to %(new)s (%(origin)s).",
                    old=old.name,
                    new=new.name,
                    origin=source,
                )
            elif direction == "new":
                body = env._(
                    "Tier set to %(new)s (%(origin)s).",
                    new=new.name or env._("none"),
                    origin=source,
                )
            else:
                body = env._(
                    "Tier changed from %(old)s to %(new)s (%(origin)s).",
                    old=old.name or env._("none"),
                    new=new.name or env._("none"),
                    origin=source,
                )
            if change.get("reason"):
                body = "%s %s" % (body, env._("Reason: %(reason)s", reason=change["reason"]))
            bodies[partner.id] = body
        if activities:
            Activity = self.env["mail.activity"].sudo()  # recipients: salesperson and keeper
            Activity.with_context(mail_activity_quick_update=True).create(activities)
        if bodies:
            self.sudo().browse(list(bodies))._message_log_batch(bodies=bodies)  # system notes

    @api.model
    def _get_tier_alert_body(self, env, old, new, source):
        """The downgrade alert (中高端客户预警) in the language of ``env``."""
        History = self.env["customer.archive.tier.history"]
        return env._(
            "Tier alert: downgraded from %(old)s to %(new)s (%(origin)s).",
            old=old.with_env(env).name,
            new=new.with_env(env).name or env._("none"),
            origin=dict(History._fields["source"]._description_selection(env))[source],
        )

    def _set_effective_tier(self, changes):
        """Write the effective tiers of ``changes`` (as superuser: see _check_tier_fields_writable)."""
        by_tier = defaultdict(lambda: self.browse())
        for change in changes:
            by_tier[change["new"]] |= change["partner"]
        for tier, partners in by_tier.items():
            # sudo: tier fields are written by the engine and the override flow only
            partners.sudo().write({"tier_id": tier.id})

    def action_open_tier_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Set Tier Manually"),
            "res_model": "customer.archive.tier.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _notify_tier_override_request(self, tier, reason):
        """Ask the archive managers to approve a manual tier (one activity per archive)."""
        managers = (
            self.env.ref(GROUP_MANAGER)
            .sudo()  # the approvers, whom the requester may not read
            .users.filtered(lambda u: not u.share and u.active)
        )
        manager = managers.filtered(lambda u: u != self.env.user)[:1] or managers[:1]
        model_id = self.env["ir.model"]._get_id("res.partner")
        manager_env = manager._get_lang_env(self.env)  # the approver's language
        self.env["mail.activity"].sudo().create(  # an activity for a manager, not for the requester
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": manager_env._(
                        "Approve manual tier %(tier)s", tier=tier.with_env(manager_env).name
                    ),
                    "note": escape(reason),
                    "user_id": manager.id,
                }
                for partner in self
            ]
            if manager
            else []
        )
        self.sudo()._message_log_batch(  # system note on archives the requester may not write
            bodies={
                partner.id: self.env._(
                    "Manual tier %(tier)s requested by %(user)s, waiting for approval: %(reason)s",
                    tier=tier.name,
                    user=self.env.user.name,
                    reason=reason,
                )
                for partner in self
            }
        )

    def _check_archive_manager(self):
        if not self.env.user._is_archive_manager():
            raise AccessError(
                self.env._("Only archive managers can approve or reject tier overrides.")
            )

    def action_approve_tier_override(self):
        self._check_archive_manager()
        pending = self.filtered(lambda p: p.tier_override_state == "pending")
        if not pending:
            raise UserError(self.env._("There is no tier override waiting for approval."))
        changes = []
        for partner in pending:
            changes.append(
                {
                    "partner": partner,
                    "old": partner.tier_id,
                    "new": partner.tier_override_tier_id,
                    "source": "approval",
                    "reason": partner.tier_override_reason,
                }
            )
        pending.sudo().write({"tier_override_state": "approved"})  # tier fields: override flow only
        self._set_effective_tier(changes)
        self._record_tier_changes([change for change in changes if change["old"] != change["new"]])
        return True

    def action_reject_tier_override(self):
        self._check_archive_manager()
        pending = self.filtered(lambda p: p.tier_override_state == "pending")
        if not pending:
            raise UserError(self.env._("There is no tier override waiting for approval."))
        bodies = {
            p.id: self.env._(
                "Manual tier %(tier)s rejected by %(user)s.",
                tier=p.tier_override_tier_id.name,
                user=self.env.user.name,
            )
            for p in pending
        }
        pending.sudo().write(self._prepare_clear_override_vals())  # tier fields: override flow only
        pending.sudo()._message_log_batch(bodies=bodies)  # system note
        return True

    @api.model
    def _prepare_clear_override_vals(self):
        return {
            "tier_override_tier_id": False,
            "tier_override_reason": False,
            "tier_override_expiry": False,
            "tier_override_state": "none",
            "tier_override_user_id": False,
        }

    @api.model
    def _expire_tier_overrides(self):
        """Overrides past their expiry date end: the computed tier returns."""
        today = fields.Date.context_today(self)
        expired = self.sudo().search(  # scheduled: every company's expired overrides
            [
                ("tier_override_state", "in", ("approved", "pending")),
                ("tier_override_expiry", "<", today),
            ]
        )
        changes = [
            {
                "partner": p,
                "old": p.tier_id,
                "new": p.tier_computed_id,
                "source": "expiry",
                "reason": p.tier_override_reason,
            }
            for p in expired
            if p.tier_override_state == "approved" and p.tier_id != p.tier_computed_id
        ]
        expired.write(self._prepare_clear_override_vals())
        self._set_effective_tier(changes)
        self._record_tier_changes(changes)
        return len(expired)
