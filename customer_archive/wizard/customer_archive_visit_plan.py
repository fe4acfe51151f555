import math
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class CustomerArchiveVisitPlan(models.TransientModel):
    """Plan the visits of a salesperson over a period: from the visit policy of each
    customer's tier, or every N days (recurring visits)."""

    _name = "customer.archive.visit.plan"
    _description = "Plan Visits"

    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    mode = fields.Selection(
        [("policy", "From the Visit Policy"), ("recurring", "Every N Days")],
        default="policy", required=True,
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers",
        domain="[('is_customer_archive', '=', True), ('parent_id', '=', False)]",
        help="Empty: every customer the salesperson is responsible for.",
    )
    tier_ids = fields.Many2many("customer.archive.tier", string="Tiers",
                                help="Only the customers of these tiers (empty: all tiers).")
    date_from = fields.Date(string="From", required=True,
                            default=lambda self: fields.Date.context_today(self))
    date_to = fields.Date(
        string="Until", required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
    )
    interval_days = fields.Integer(string="Repeat Every (days)", default=14)
    hour = fields.Float(string="Visit Time", default=9.0,
                        help="Time of day of the planned visits, in the salesperson's time zone.")
    duration = fields.Float(string="Duration (hours)", default=1.0)
    method_id = fields.Many2one("customer.archive.visit.method")
    purpose_id = fields.Many2one("customer.archive.visit.purpose")
    skip_weekends = fields.Boolean(default=True, help="Visits falling on Saturday or Sunday move "
                                   "to the next Monday.")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            res["partner_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
            res["mode"] = "recurring"
        return res

    def _field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _check_input(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise ValidationError(self.env._(
                "%(to_field)s (%(to)s) cannot be before %(from_field)s (%(from_date)s).",
                to_field=self._field_label("date_to"), to=format_date(self.env, self.date_to),
                from_field=self._field_label("date_from"),
                from_date=format_date(self.env, self.date_from),
            ))
        if (self.date_to - self.date_from).days > 366:
            raise ValidationError(self.env._(
                "Plan at most one year at a time: %(from_date)s to %(to)s is longer.",
                from_date=format_date(self.env, self.date_from),
                to=format_date(self.env, self.date_to),
            ))
        if self.mode == "recurring" and self.interval_days <= 0:
            raise ValidationError(self.env._(
                "%(field)s must be greater than 0, not %(value)s.",
                field=self._field_label("interval_days"), value=self.interval_days,
            ))
        if not 0 <= self.hour < 24:
            raise ValidationError(self.env._(
                "%(field)s must be between 00:00 and 23:59, not %(value)s.",
                field=self._field_label("hour"), value=self.hour,
            ))
        bad = self.partner_ids.filtered(lambda p: not p.is_customer_archive)
        if bad:
            raise ValidationError(self.env._(
                "%(partner)s is not a customer archive: visits are planned for customer "
                "archives only.", partner=bad[0].display_name,
            ))

    def _get_customer_domain(self):
        """Customers planned for when no customer is chosen (extension point)."""
        domain = [
            ("is_customer_archive", "=", True),
            ("parent_id", "=", False),
            ("user_id", "=", self.user_id.id),
            ("archive_company_id", "=", self.company_id.id),
        ]
        if self.tier_ids:
            domain.append(("tier_id", "in", self.tier_ids.ids))
        return domain

    def _get_interval(self, partner, policies):
        """Days between two planned visits of ``partner`` (None: not to be visited)."""
        if self.mode == "recurring":
            return self.interval_days
        policy = policies.get((partner.archive_company_id.id, partner.tier_id.id))
        if not policy or not policy.active:
            return None
        interval = policy.max_days_between
        if policy.min_visits_month:
            # Enough visits for the monthly minimum (30-day months).
            interval = min(interval, math.floor(30 / policy.min_visits_month))
        return max(interval, 1)

    def _get_first_day(self, partner, policies):
        """First visit day: the next due date (policy mode), not before the period. A customer
        due after the period gets no visit, unless its tier has a monthly minimum."""
        if self.mode != "policy" or not partner.next_visit_due:
            return self.date_from
        first = max(partner.next_visit_due, self.date_from)
        if first > self.date_to:
            policy = policies.get((partner.archive_company_id.id, partner.tier_id.id))
            return self.date_from if policy and policy.min_visits_month else None
        return first

    def _to_utc(self, day):
        tz = pytz.timezone(self.user_id.tz or self.env.user.tz or "UTC")
        hours = int(self.hour)
        minutes = int(round((self.hour - hours) * 60))
        local = tz.localize(datetime.combine(day, time(hours, min(minutes, 59))))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _get_planned_days(self, partner, policies):
        interval = self._get_interval(partner, policies)
        if not interval:
            return []
        days, day = [], self._get_first_day(partner, policies)
        while day and day <= self.date_to:
            actual = day
            if self.skip_weekends:
                while actual.weekday() >= 5:
                    actual += timedelta(days=1)
                if actual > self.date_to:
                    # Past the period: the Friday before instead.
                    actual = day - timedelta(days=day.weekday() - 4)
            if self.date_from <= actual <= self.date_to and actual not in days:
                days.append(actual)
            day += timedelta(days=interval)
        return days

    def _prepare_visit_vals(self, partner, day):
        """Values of one planned visit (extension point)."""
        return {
            "partner_id": partner.id,
            "user_id": self.user_id.id,
            "company_id": (partner.archive_company_id or self.company_id).id,
            "planned_date": self._to_utc(day),
            "planned_duration": self.duration,
            "method_id": self.method_id.id,
            "purpose_id": self.purpose_id.id,
        }

    def action_plan(self):
        self._check_input()
        partners = self.partner_ids or self.env["res.partner"].search(self._get_customer_domain())
        if not partners:
            raise UserError(self.env._("%(user)s has no customer to plan visits for.",
                              user=self.user_id.name))
        policies = self.env["customer.archive.visit.policy"]._get_policy_map(
            partners.archive_company_id | self.company_id
        )
        # Days that already have a visit planned, per customer (one grouped query).
        existing = defaultdict(set)
        for partner, day, _count in self.env["customer.archive.visit"]._read_group(
            [("partner_id", "in", partners.ids), ("state", "=", "planned"),
             ("visit_date", ">=", self.date_from), ("visit_date", "<=", self.date_to)],
            ["partner_id", "visit_date:day"], ["__count"],
        ):
            existing[partner.id].add(fields.Date.to_date(day))
        vals_list = [
            self._prepare_visit_vals(partner, day)
            for partner in partners
            for day in self._get_planned_days(partner, policies)
            if day not in existing[partner.id]
        ]
        visits = self.env["customer.archive.visit"].create(vals_list)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_visit_action"
        )
        action["domain"] = [("id", "in", visits.ids)]
        action["views"] = [(False, "calendar"), (False, "list"), (False, "form")]
        action["context"] = {"initial_date": fields.Date.to_string(self.date_from)}
        return action
