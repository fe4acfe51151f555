"""Visits, visit policy, reminders and the public pool on the customer archive (res.partner).

Kept apart from res_partner.py (the archive record itself): this file only adds the fields and
methods of the visits feature."""

import logging
from collections import defaultdict
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)


def next_birthday(birthday, today):
    """The next occurrence of ``birthday`` on or after ``today``; a 29 February birthday falls
    on 28 February in non-leap years."""
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:  # 29 February in a non-leap year
            day = date(year, 2, 28)
        if day >= today:
            return day
    return None  # not reached: next year's occurrence is always >= today


class ResPartner(models.Model):
    _inherit = "res.partner"

    visit_ids = fields.One2many("customer.archive.visit", "partner_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    last_visit_date = fields.Date(
        string="Last Visit",
        compute="_compute_last_visit_date",
        store=True,
        copy=False,
        help="Day of the last done visit.",
    )
    next_visit_due = fields.Date(
        compute="_compute_next_visit_due",
        store=True,
        index=True,
        copy=False,
        help="Last done visit (else the archive date) plus the maximum days between visits of "
        "the customer's tier (Visit Policies).",
    )
    visit_overdue = fields.Boolean(
        compute="_compute_visit_overdue",
        store=True,
        index=True,
        copy=False,
        help="The next visit was due before today (updated daily).",
    )
    # Public pool (客户公海)
    in_public_pool = fields.Boolean(index=True, copy=False,
                                    tracking=True, readonly=True)
    pool_release_date = fields.Date(string="Released to Pool On", copy=False, readonly=True)
    pool_previous_user_id = fields.Many2one(
        "res.users", string="Previous Salesperson", copy=False, readonly=True
    )
    pool_claim_date = fields.Date(string="Claimed On", copy=False, readonly=True)
    pool_history_ids = fields.One2many(
        "customer.archive.pool.history", "partner_id", readonly=True
    )

    # ------------------------------------------------------------------
    # Visit figures (batch computes: one grouped query per batch)
    # ------------------------------------------------------------------
    def _compute_visit_count(self):
        ids = [pid for pid in self._origin.ids if pid]
        counts = {}
        if ids:
            groups = self.env["customer.archive.visit"]._read_group(
                [("partner_id", "in", ids)], ["partner_id"], ["__count"]
            )
            counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.visit_count = counts.get(partner._origin.id, 0)

    @api.model
    def _get_done_visit_domain(self, partner_ids):
        """Visits that count as a contact for the visit policy (extension point)."""
        return [("partner_id", "in", partner_ids), ("state", "=", "done")]

    @api.depends("visit_ids.state", "visit_ids.visit_date")
    def _compute_last_visit_date(self):
        ids = [pid for pid in self._origin.ids if pid]
        last = {}
        if ids:
            Visit = self.env["customer.archive.visit"]
            Visit.flush_model(["partner_id", "state", "visit_date"])
            # sudo: the last visit counts every visit of the customer, also those the user
            # triggering the recompute cannot see.
            groups = Visit.sudo()._read_group(
                self._get_done_visit_domain(ids), ["partner_id"], ["visit_date:max"]
            )
            last = {partner.id: day for partner, day in groups}
        for partner in self:
            partner.last_visit_date = last.get(partner._origin.id, False)

    @api.depends(
        "last_visit_date", "tier_id", "archive_date", "is_customer_archive", "archive_company_id"
    )
    def _compute_next_visit_due(self):
        # Only the columns the due date needs: reading a field of a partner not yet in the
        # cache loads every column of the partner table (the daily recompute of 100,000
        # archives spent a fifth of its time there).
        stored = self.browse([pid for pid in self._ids if isinstance(pid, int)])
        if stored:
            stored.fetch(self._get_visit_due_fnames())
        archives = self.filtered("is_customer_archive")
        policies = self.env["customer.archive.visit.policy"]._get_policy_map(
            archives.archive_company_id | self.env.company
        )
        for partner in self:
            policy = partner.is_customer_archive and policies.get(
                ((partner.archive_company_id or self.env.company).id, partner.tier_id.id)
            )
            start = partner.last_visit_date or partner.archive_date
            if policy and policy.active and start:
                partner.next_visit_due = start + timedelta(days=policy.max_days_between)
            else:
                partner.next_visit_due = False

    @api.model
    def _get_visit_due_fnames(self):
        """The fields of a partner its due date is computed from (fetched together)."""
        return ["is_customer_archive", "archive_company_id", "tier_id", "archive_date"]

    @api.depends("next_visit_due")
    def _compute_visit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.visit_overdue = bool(partner.next_visit_due and partner.next_visit_due < today)

    def action_open_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_visit_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "search_default_partner_id": False,
        }
        return action

    def action_plan_visit(self):
        """A new visit of the customer for the current user, at their next free slot."""
        self.ensure_one()
        partner = self.commercial_partner_id
        context = {"default_partner_id": partner.id}
        slot = self.env["customer.archive.visit.slot"]._next_free_slot(
            self.env.user, partner.archive_company_id or self.env.company
        )
        if slot:
            context["default_planned_date"] = fields.Datetime.to_string(slot)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Visit"),
            "res_model": "customer.archive.visit",
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    # ------------------------------------------------------------------
    # Daily visit policy: overdue flags and due-visit activities
    # ------------------------------------------------------------------
    @api.model
    def _get_visit_due_domain(self, company, horizon):
        """Archives of ``company`` whose next visit is due by ``horizon`` (extension point)."""
        return [
            ("is_customer_archive", "=", True),
            ("archive_company_id", "=", company.id),
            ("user_id", "!=", False),
            ("next_visit_due", "<=", horizon),
        ]

    @api.model
    def _refresh_visit_overdue(self):
        """Overdue flags follow the calendar: recompute those whose value changed since
        yesterday (two searches, one batch recompute)."""
        today = fields.Date.context_today(self)
        stale = self.search([
            "|",
            "&", ("visit_overdue", "=", False), ("next_visit_due", "<", today),
            "&", ("visit_overdue", "=", True),
            "|", ("next_visit_due", "=", False), ("next_visit_due", ">=", today),
        ])
        if stale:
            self.env.add_to_compute(self._fields["visit_overdue"], stale)
            stale.flush_recordset(["visit_overdue"])
        return stale

    @api.model
    def _cron_visit_policy(self):
        """Daily: update the overdue flags and create one due-visit activity per customer and
        due date for its salesperson (never twice: see customer.archive.reminder)."""
        # sudo: the scheduled action works on every archive of every company.
        self = self.sudo()
        changed = self._refresh_visit_overdue()
        items = []
        Visit = self.env["customer.archive.visit"]
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([]):
            horizon = fields.Date.context_today(self) + timedelta(days=company.visit_reminder_days)
            due = self.search(self._get_visit_due_domain(company, horizon))
            if not due:
                continue
            # Customers with a visit planned today or later need no reminder (a visit is late
            # only the day after its planned day).
            planned = {
                partner.id
                for partner, _count in Visit._read_group(
                    [("partner_id", "in", due.ids), ("state", "=", "planned"),
                     ("visit_date", ">=", today)],
                    ["partner_id"], ["__count"],
                )
            }
            for partner in due:
                if partner.id in planned:
                    continue
                env = partner.user_id._get_lang_env(self.env)  # the salesperson's language
                items.append({
                    "key": "visit_due:%s:%s" % (partner.id, partner.next_visit_due),
                    "kind": "visit_due",
                    "record": partner,
                    "partner": partner,
                    "user": partner.user_id,
                    "date": partner.next_visit_due,
                    "activity_type": "customer_archive.mail_activity_type_visit_due",
                    "summary": env._("Visit due by %(date)s", date=format_date(env, partner.next_visit_due)),
                    "note": env._(
                        "%(partner)s (tier %(tier)s) must be visited by %(date)s; last visit: "
                        "%(last)s.",
                        partner=partner.display_name,
                        tier=partner.tier_id.with_env(env).name or "-",
                        date=format_date(env, partner.next_visit_due),
                        last=format_date(env, partner.last_visit_date)
                        if partner.last_visit_date else env._("none"),
                    ),
                })
        created = self.env["customer.archive.reminder"]._create_reminders(items)
        _logger.info(
            "customer_archive visits: %s overdue flags changed, %s due-visit activities created",
            len(changed), len(created),
        )
        return created

    # ------------------------------------------------------------------
    # Reminders (提前 N 天提醒): birthdays, planned visits, archive reviews
    # ------------------------------------------------------------------
    def _get_responsible_user(self):
        """Who is reminded about this partner: the salesperson of its commercial partner,
        else the archive keeper (one record)."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return commercial.user_id or commercial.keeper_id or self.user_id

    @api.model
    def _get_birthday_reminder_items(self, today, days_by_company):
        people = self.search([
            ("birthday", "!=", False),
            "|", ("is_customer_archive", "=", True),
            ("commercial_partner_id.is_customer_archive", "=", True),
        ])
        items = []
        for person in people:
            company = person.commercial_partner_id.archive_company_id or self.env.company
            days = days_by_company.get(company.id, 0)
            occurrence = next_birthday(person.birthday, today)
            user = person._get_responsible_user()
            if not user or (occurrence - today).days > days:
                continue
            env = user._get_lang_env(self.env)  # the reminded user's language
            items.append({
                "key": "birthday:%s:%s" % (person.id, occurrence),
                "kind": "birthday",
                "record": person,
                "partner": person.commercial_partner_id,
                "user": user,
                "date": occurrence,
                "activity_type": "customer_archive.mail_activity_type_birthday",
                "summary": env._("Birthday of %(name)s on %(date)s", name=person.name,
                                 date=format_date(env, occurrence)),
                "note": env._("%(name)s (%(company)s) has a birthday on %(date)s.",
                              name=person.name, company=person.commercial_partner_id.name,
                              date=format_date(env, occurrence)),
            })
        return items

    @api.model
    def _get_review_reminder_items(self, today, days_by_company):
        horizon = today + timedelta(days=max(days_by_company.values(), default=0))
        archives = self.search([
            ("is_customer_archive", "=", True),
            ("next_review_date", ">=", today),
            ("next_review_date", "<=", horizon),
        ])
        items = []
        for partner in archives:
            days = days_by_company.get((partner.archive_company_id or self.env.company).id, 0)
            user = partner.keeper_id or partner.user_id
            if not user or (partner.next_review_date - today).days > days:
                continue
            env = user._get_lang_env(self.env)  # the reminded user's language
            items.append({
                "key": "review:%s:%s" % (partner.id, partner.next_review_date),
                "kind": "review",
                "record": partner,
                "partner": partner,
                "user": user,
                "date": partner.next_review_date,
                "activity_type": "customer_archive.mail_activity_type_archive_review",
                "summary": env._("Archive review due on %(date)s",
                                 date=format_date(env, partner.next_review_date)),
                "note": env._("The archive of %(partner)s must be reviewed by %(date)s.",
                              partner=partner.display_name,
                              date=format_date(env, partner.next_review_date)),
            })
        return items

    @api.model
    def _get_visit_reminder_items(self, today, days_by_company):
        horizon = today + timedelta(days=max(days_by_company.values(), default=0))
        visits = self.env["customer.archive.visit"].search([
            ("state", "=", "planned"),
            ("visit_date", ">=", today),
            ("visit_date", "<=", horizon),
        ])
        items = []
        for visit in visits:
            if (visit.visit_date - today).days > days_by_company.get(visit.company_id.id, 0):
                continue
            env = visit.user_id._get_lang_env(self.env)  # the salesperson's language
            items.append({
                "key": "visit:%s:%s" % (visit.id, fields.Datetime.to_string(visit.planned_date)),
                "kind": "visit",
                "record": visit,
                "partner": visit.partner_id,
                "user": visit.user_id,
                "date": visit.visit_date,
                "activity_type": "customer_archive.mail_activity_type_visit_reminder",
                "summary": env._("Planned visit to %(partner)s", partner=visit.partner_id.name),
                "note": env._("Prepare the visit to %(partner)s planned on %(date)s.",
                              partner=visit.partner_id.display_name,
                              date=visit.with_env(env)._format_dt(visit.planned_date)),
            })
        return items

    @api.model
    def _cron_visit_reminders(self):
        """Daily: reminders N days ahead (N per company, Settings) as activities for the
        responsible user; each birthday, planned visit and review is reminded once."""
        # sudo: the scheduled action reminds about every archive of every company.
        self = self.sudo()
        today = fields.Date.context_today(self)
        days_by_company = {
            company.id: company.visit_reminder_days
            for company in self.env["res.company"].search([])
        }
        items = (
            self._get_birthday_reminder_items(today, days_by_company)
            + self._get_visit_reminder_items(today, days_by_company)
            + self._get_review_reminder_items(today, days_by_company)
        )
        created = self.env["customer.archive.reminder"]._create_reminders(items)
        _logger.info("customer_archive reminders: %s activities created", len(created))
        return created

    # ------------------------------------------------------------------
    # Public pool (客户公海)
    # ------------------------------------------------------------------
    def _check_pool_enabled(self):
        disabled = self.filtered(
            lambda p: not (p.archive_company_id or self.env.company).pool_enabled
        )
        if disabled:
            company = disabled[0].archive_company_id or self.env.company
            raise UserError(
                self.env._("The public pool is not enabled for %(company)s.", company=company.name)
            )

    def _get_pool_idle_since(self, last_transactions):
        """Day from which the customer counts as idle: its last visit, order or invoice, claim
        or archive date, whichever is latest (one record)."""
        self.ensure_one()
        days = [
            d for d in (
                self.last_visit_date,
                last_transactions.get(self.id),
                self.pool_claim_date,
                self.archive_date,
            ) if d
        ]
        return max(days) if days else fields.Date.context_today(self)

    @api.model
    def _get_pool_candidate_domain(self, company):
        """Archives that can be released into the pool of ``company`` (extension point)."""
        return [
            ("is_customer_archive", "=", True),
            ("archive_company_id", "=", company.id),
            ("in_public_pool", "=", False),
            ("user_id", "!=", False),
            ("parent_id", "=", False),
        ]

    @api.model
    def _cron_public_pool(self):
        """Daily: warn the salespeople M days before release, then release into the public pool
        the customers without visit and order for N days (N per tier, Visit Policies)."""
        # sudo: the scheduled action handles every archive of every company.
        self = self.sudo()
        today = fields.Date.context_today(self)
        released = self.browse()
        warnings = []
        for company in self.env["res.company"].search([("pool_enabled", "=", True)]):
            policies = self.env["customer.archive.visit.policy"]._get_policy_map(company)
            release_days = {
                tier_id: policy.pool_release_days
                for (_company, tier_id), policy in policies.items()
                if policy.active and policy.pool_release_days > 0
            }
            if not release_days:
                continue
            candidates = self.search(
                self._get_pool_candidate_domain(company) + [("tier_id", "in", list(release_days))]
            )
            last_transactions = candidates._get_last_transaction_dates()
            to_release = self.browse()
            for partner in candidates:
                days = release_days[partner.tier_id.id]
                release_on = partner._get_pool_idle_since(last_transactions) + timedelta(days=days)
                if release_on <= today:
                    to_release |= partner
                elif (release_on - today).days <= company.pool_warning_days:
                    env = partner.user_id._get_lang_env(self.env)  # the salesperson's language
                    warnings.append({
                        "key": "pool_warning:%s:%s" % (partner.id, release_on),
                        "kind": "pool_warning",
                        "record": partner,
                        "partner": partner,
                        "user": partner.user_id,
                        "date": release_on,
                        "activity_type": "customer_archive.mail_activity_type_pool_warning",
                        "summary": env._("Goes to the public pool on %(date)s",
                                         date=format_date(env, release_on)),
                        "note": env._(
                            "%(partner)s has had no visit and no order for a while: it will be "
                            "released into the public pool on %(date)s unless it is visited "
                            "or orders before.",
                            partner=partner.display_name, date=format_date(env, release_on),
                        ),
                    })
            to_release._release_to_pool(reason="auto")
            released |= to_release
        self.env["customer.archive.reminder"]._create_reminders(warnings)
        _logger.info("customer_archive pool: %s released, %s warnings", len(released), len(warnings))
        return released

    def _release_to_pool(self, reason="manual"):
        """Release into the public pool (history row and chatter note for each archive)."""
        if not self:
            return
        today = fields.Date.context_today(self)
        History = self.env["customer.archive.pool.history"]
        history_vals = [
            History._prepare_pool_history_vals(partner, "release", reason, partner.user_id)
            for partner in self
        ]
        # The chatter note in the language of whoever releases (a scheduled action has none).
        env = self.env["res.users"]._get_lang_env(self.env)
        bodies = {
            partner.id: env._("Released into the public pool (%(reason)s); previous salesperson "
                              "%(user)s.",
                              reason=History.with_env(env)._reason_label(reason),
                              user=partner.user_id.name or "-")
            for partner in self
        }
        by_user = defaultdict(lambda: self.browse())
        for partner in self:
            by_user[partner.user_id] |= partner
        for user, partners in by_user.items():
            # One write per previous salesperson (their id is kept for the cooldown).
            partners.write({
                "user_id": False,
                "in_public_pool": True,
                "pool_release_date": today,
                "pool_previous_user_id": user.id,
                "pool_claim_date": False,
            })
        # sudo: the history is append-only, written by the pool flow only.
        History.sudo().create(history_vals)
        self._message_log_batch(bodies=bodies)

    def action_pool_release(self):
        """Release the customers into the public pool by hand (their salesperson or a manager)."""
        self._check_pool_enabled()
        is_manager = self.env.user._is_archive_manager()
        for partner in self:
            if not partner.is_customer_archive or partner.in_public_pool:
                raise UserError(self.env._(
                    "%(partner)s cannot be released: it is not a customer archive or is "
                    "already in the public pool.", partner=partner.display_name,
                ))
            if not is_manager and partner.user_id != self.env.user:
                raise UserError(self.env._(
                    "Only the salesperson of %(partner)s (%(user)s) or an archive manager can "
                    "release it into the public pool.",
                    partner=partner.display_name, user=partner.user_id.name or "-",
                ))
        self._release_to_pool(reason="manual")
        return True

    def action_pool_claim(self):
        """Claim customers from the public pool, within the holding limit and after the
        cooldown of their previous salesperson."""
        self._check_pool_enabled()
        user = self.env.user
        today = fields.Date.context_today(self)
        not_in_pool = self.filtered(lambda p: not p.in_public_pool)
        if not_in_pool:
            raise UserError(self.env._(
                "%(partner)s is not in the public pool and cannot be claimed.",
                partner=not_in_pool[0].display_name,
            ))
        for company in self.archive_company_id:
            partners = self.filtered(lambda p: p.archive_company_id == company)
            cooldown = company.pool_cooldown_days
            for partner in partners:
                if (
                    partner.pool_previous_user_id == user
                    and partner.pool_release_date
                    and today < partner.pool_release_date + timedelta(days=cooldown)
                ):
                    raise UserError(self.env._(
                        "You released %(partner)s on %(date)s: you can claim it again from "
                        "%(claim_from)s (cooldown of %(days)s days).",
                        partner=partner.display_name,
                        date=format_date(self.env, partner.pool_release_date),
                        claim_from=format_date(
                            self.env, partner.pool_release_date + timedelta(days=cooldown)),
                        days=cooldown,
                    ))
            limit = company.pool_holding_limit
            if limit:
                # sudo: count every customer the user holds, also those not visible to them.
                held = self.sudo().search_count([
                    ("is_customer_archive", "=", True),
                    ("archive_company_id", "=", company.id),
                    ("user_id", "=", user.id),
                    ("parent_id", "=", False),
                ])
                if held + len(partners) > limit:
                    raise UserError(self.env._(
                        "You hold %(held)s customers in %(company)s; claiming %(count)s more "
                        "would exceed the holding limit of %(limit)s.",
                        held=held, company=company.name, count=len(partners), limit=limit,
                    ))
        History = self.env["customer.archive.pool.history"]
        history_vals = [
            History._prepare_pool_history_vals(partner, "claim", "manual", user)
            for partner in self
        ]
        self.write({
            "user_id": user.id,
            "in_public_pool": False,
            "pool_claim_date": today,
        })
        # sudo: the history is append-only, written by the pool flow only.
        History.sudo().create(history_vals)
        env = user._get_lang_env(self.env)
        self._message_log_batch(bodies={
            partner.id: env._("Claimed from the public pool by %(user)s.", user=user.name)
            for partner in self
        })
        return True
