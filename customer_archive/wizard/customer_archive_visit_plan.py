import math
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, format_datetime


class CustomerArchiveVisitPlan(models.TransientModel):
    """Plan the visits of a salesperson over a period: from the visit policy of each
    customer's tier, or every N days (recurring visits). The visits are spread over the
    working days and the free time slots of the salesperson (customer.archive.visit.slot) and
    shown as a preview, where lines can be removed, before they are created."""

    _name = "customer.archive.visit.plan"
    _description = "Plan Visits"

    state = fields.Selection(
        [("setup", "Set Up"), ("preview", "Preview")], default="setup", required=True
    )
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
    first_slot = fields.Float(
        string="First Visit Slot", default=lambda self: self.env.company.visit_first_slot,
        help="Start of the first visit of a working day, in the salesperson's time zone.",
    )
    slot_minutes = fields.Integer(
        string="Visit Slot (minutes)", default=lambda self: self.env.company.visit_slot_minutes,
        help="Time between the starts of two visits of a day.",
    )
    per_day = fields.Integer(
        string="Visits per Day", default=lambda self: self.env.company.visit_slots_per_day,
    )
    duration = fields.Float(string="Duration (hours)", default=1.0)
    method_id = fields.Many2one("customer.archive.visit.method")
    purpose_id = fields.Many2one("customer.archive.visit.purpose")
    tz = fields.Char(string="Time Zone", compute="_compute_tz",
                     help="The times are those of the salesperson's time zone.")
    line_ids = fields.One2many("customer.archive.visit.plan.line", "plan_id",
                               string="Visits to Create")
    note = fields.Text(readonly=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            res["partner_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
            res["mode"] = "recurring"
        return res

    @api.depends("user_id", "company_id")
    def _compute_tz(self):
        Slot = self.env["customer.archive.visit.slot"]
        for wizard in self:
            wizard.tz = Slot._get_tz(wizard.user_id, wizard.company_id).zone

    @api.onchange("company_id")
    def _onchange_company_id(self):
        company = self.company_id
        if company:
            self.first_slot = company.visit_first_slot
            self.slot_minutes = company.visit_slot_minutes
            self.per_day = company.visit_slots_per_day

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
        if self.duration <= 0:
            raise ValidationError(self.env._(
                "%(field)s must be greater than 0, not %(value)s.",
                field=self._field_label("duration"), value=self.duration,
            ))
        self.company_id._check_visit_slots(self.first_slot, self.slot_minutes, self.per_day)
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

    def _get_due_days(self, partner, interval, policies):
        """Days on which ``partner`` is due for a visit in the period (before spreading)."""
        days, day = [], self._get_first_day(partner, policies)
        while day and day <= self.date_to:
            days.append(day)
            day += timedelta(days=interval)
        return days

    def _get_slot_config(self):
        return self.env["customer.archive.visit.slot"]._get_slot_config(
            self.company_id, first_slot=self.first_slot, slot_minutes=self.slot_minutes,
            per_day=self.per_day, duration=self.duration,
        )

    def _prepare_line_vals(self, partner, start, due_day):
        """Values of one preview line (extension point)."""
        return {
            "plan_id": self.id,
            "partner_id": partner.id,
            "planned_date": start,
            "due_date": due_day,
            "duration": self.duration,
        }

    def _compute_plan(self):
        """(line values, [(partner, due day)] without a free slot in the period)."""
        self.ensure_one()
        partners = self.partner_ids or self.env["res.partner"].search(self._get_customer_domain())
        if not partners:
            raise UserError(self.env._("%(user)s has no customer to plan visits for.",
                                       user=self.user_id.name))
        Slot = self.env["customer.archive.visit.slot"]
        policies = self.env["customer.archive.visit.policy"]._get_policy_map(
            partners.archive_company_id | self.company_id
        )
        intervals = {partner: self._get_interval(partner, policies) for partner in partners}
        # Planned visits of the customers (anyone's), by day: a due day with a planned visit
        # before the next due day needs none (planning twice creates nothing twice).
        planned_days = defaultdict(list)
        for partner, day, _count in self.env["customer.archive.visit"]._read_group(
            [("partner_id", "in", partners.ids), ("state", "=", "planned"),
             ("visit_date", ">=", self.date_from), ("visit_date", "<=", self.date_to)],
            ["partner_id", "visit_date:day"], ["__count"],
        ):
            planned_days[partner.id].append(fields.Date.to_date(day))
        requests = []
        for partner in partners:
            interval = intervals[partner]
            if not interval:
                continue
            for due_day in self._get_due_days(partner, interval, policies):
                window_end = due_day + timedelta(days=interval)
                if not any(due_day <= day < window_end for day in planned_days[partner.id]):
                    requests.append((due_day, partner.tier_id.sequence, partner.name or "",
                                     partner.id, partner))
        requests.sort(key=lambda request: request[:4])

        tz = pytz.timezone(self.tz)
        config = self._get_slot_config()
        days = Slot._get_working_days(self.company_id, self.date_from, self.date_to, tz)
        # A day of margin on either side: the salesperson's days are not UTC days.
        busy = Slot._get_busy_intervals(
            self.user_id,
            datetime.combine(self.date_from - timedelta(days=1), time.min),
            datetime.combine(self.date_to + timedelta(days=2), time.min),
        )
        span = timedelta(minutes=max(config.slot_minutes, config.duration * 60))
        now = fields.Datetime.now()
        vals_list, unplaced = [], []
        for due_day, _sequence, _name, _id, partner in requests:
            start = Slot._find_free_slot(
                [day for day in days if day >= due_day], tz, config, busy, not_before=now
            )
            if start is None:
                unplaced.append((partner, due_day))
                continue
            busy.append((start, start + span))
            vals_list.append(self._prepare_line_vals(partner, start, due_day))
        return vals_list, unplaced

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Visits"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }

    def action_preview(self):
        """Compute the visits and show them; nothing is created yet."""
        self._check_input()
        vals_list, unplaced = self._compute_plan()
        notes = []
        if unplaced:
            notes.append(self.env._(
                "No free slot until %(date)s for %(count)s visits: %(customers)s. Plan a longer "
                "period or more visits per day.",
                date=format_date(self.env, self.date_to), count=len(unplaced),
                customers=", ".join(
                    "%s (%s)" % (partner.name, format_date(self.env, day)) for partner, day in unplaced
                ),
            ))
        if not vals_list:
            notes.append(self.env._(
                "Nothing to plan: the customers have their visits planned in this period."
            ))
        self.line_ids.unlink()
        self.env["customer.archive.visit.plan.line"].create(vals_list)
        self.write({"state": "preview", "note": "\n".join(notes) or False})
        return self._reopen()

    def action_back(self):
        self.line_ids.unlink()
        self.write({"state": "setup", "note": False})
        return self._reopen()

    def _prepare_visit_vals(self, line):
        """Values of one planned visit (extension point)."""
        partner = line.partner_id
        return {
            "partner_id": partner.id,
            "user_id": self.user_id.id,
            "company_id": (partner.archive_company_id or self.company_id).id,
            "planned_date": line.planned_date,
            "planned_duration": line.duration,
            "method_id": self.method_id.id,
            "purpose_id": self.purpose_id.id,
        }

    def _check_lines_free(self):
        """Refuse lines whose slot was taken (or passed) since the preview."""
        Slot = self.env["customer.archive.visit.slot"]
        lines = self.line_ids.sorted("planned_date")
        tz = pytz.timezone(self.tz)
        config = self._get_slot_config()
        span = timedelta(minutes=max(config.slot_minutes, config.duration * 60))
        busy = Slot._get_busy_intervals(
            self.user_id, lines[0].planned_date - timedelta(days=1),
            lines[-1].planned_date + timedelta(days=1),
        )
        now = fields.Datetime.now()
        for line in lines:
            if line.planned_date < now or not Slot._is_slot_free(line.planned_date, tz, config, busy):
                raise ValidationError(self.env._(
                    "The slot %(date)s of %(user)s for %(partner)s is no longer free: preview the "
                    "visits again.",
                    date=format_datetime(self.env, line.planned_date, tz=self.tz, dt_format="short"),
                    user=self.user_id.name, partner=line.partner_id.display_name,
                ))
            busy.append((line.planned_date, line.planned_date + span))

    def action_plan(self):
        """Create the visits of the preview lines that were kept."""
        self.ensure_one()
        if self.state != "preview":
            raise UserError(self.env._("Preview the visits before creating them."))
        if not self.line_ids:
            raise UserError(self.env._("There is no visit to create: preview again or discard."))
        self._check_lines_free()
        visits = self.env["customer.archive.visit"].create(
            [self._prepare_visit_vals(line) for line in self.line_ids.sorted("planned_date")]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_visit_action"
        )
        action["domain"] = [("id", "in", visits.ids)]
        action["views"] = [(False, "calendar"), (False, "list"), (False, "form")]
        action["context"] = {
            "initial_date": fields.Datetime.to_string(min(visits.mapped("planned_date")))
        }
        return action
