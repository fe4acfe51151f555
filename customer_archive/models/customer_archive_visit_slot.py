"""Time slots of the visits: the one place that knows when a salesperson can be planned.

A working day (the company's working calendar, Monday to Friday without one) has
``per_day`` slots of ``slot_minutes`` from ``first_slot`` (hours, in the salesperson's time
zone). A slot is free when no planned visit of the salesperson overlaps it and the day has fewer
than ``per_day`` planned visits. Used by the plan wizard and by *Plan Visit* on an archive."""

from collections import Counter, namedtuple
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

SlotConfig = namedtuple("SlotConfig", "first_slot slot_minutes per_day duration")
# How far ahead the next free slot of a salesperson is looked for.
NEXT_SLOT_HORIZON_DAYS = 90


class CustomerArchiveVisitSlot(models.AbstractModel):
    _name = "customer.archive.visit.slot"
    _description = "Visit Time Slots"

    # ------------------------------------------------------------------ settings
    @api.model
    def _get_tz(self, user, company=None):
        """Time zone the visits of ``user`` are planned in: theirs, else their company's
        address, else UTC (the same rule as the visit day of a visit)."""
        company = company or user.company_id or self.env.company
        return pytz.timezone(user.tz or company.partner_id.tz or "UTC")

    @api.model
    def _get_slot_config(self, company, **overrides):
        """Slots of ``company`` (Settings → Visits); keyword arguments replace single values
        (the plan wizard's). ``duration`` is in hours, the time a planned visit takes."""
        values = {
            "first_slot": company.visit_first_slot,
            "slot_minutes": company.visit_slot_minutes,
            "per_day": company.visit_slots_per_day,
            "duration": 1.0,
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return SlotConfig(**values)

    # ------------------------------------------------------------------ days and slots
    @api.model
    def _get_working_days(self, company, date_from, date_to, tz):
        """Working days of ``company`` from ``date_from`` to ``date_to`` (included): the days
        with working hours in its working calendar, public holidays (global time off) excluded;
        Monday to Friday when the company has no calendar (extension point)."""
        days = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
        calendar = company.resource_calendar_id
        if not calendar or not days:
            return [day for day in days if day.weekday() < 5]
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to, time(23, 59, 59)))
        unusual = calendar._get_unusual_days(start, end, company)
        return [day for day in days if not unusual.get(fields.Date.to_string(day), True)]

    @api.model
    def _get_day_slots(self, day, tz, config):
        """Starts (naive UTC) of the slots of ``day`` (local date in ``tz``)."""
        midnight = datetime.combine(day, time.min)
        return [
            tz.localize(
                midnight + timedelta(hours=config.first_slot, minutes=index * config.slot_minutes)
            )
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
            for index in range(config.per_day)
        ]

    @api.model
    def _get_busy_intervals(self, user, start, end):
        """[(start, end)] (naive UTC) of the planned visits of ``user`` overlapping
        [``start``, ``end``)."""
        # The salesperson's whole agenda counts, also visits the planning user cannot read; only
        # their times leave this method.
        Visit = self.env["customer.archive.visit"].sudo()  # sudo: the whole agenda, times only
        visits = Visit.search_fetch(
            [
                ("user_id", "=", user.id),
                ("state", "=", "planned"),
                ("planned_date", "<", end),
                ("planned_end", ">", start),
            ],
            ["planned_date", "planned_end"],
        )
        return [(visit.planned_date, visit.planned_end) for visit in visits]

    @api.model
    def _count_per_day(self, busy, tz):
        return Counter(pytz.utc.localize(start).astimezone(tz).date() for start, _end in busy)

    @api.model
    def _overlaps(self, start, config, busy):
        """Whether a visit starting at ``start`` overlaps a visit of ``busy``: it holds the
        slot, or its duration when longer."""
        end = start + timedelta(minutes=max(config.slot_minutes, config.duration * 60))
        return any(busy_start < end and start < busy_end for busy_start, busy_end in busy)

    @api.model
    def _is_slot_free(self, start, tz, config, busy):
        """Whether a visit of the salesperson can start at ``start`` (naive UTC): no visit of
        ``busy`` ((start, end) of their planned visits) overlaps the slot, and their day has
        fewer than ``config.per_day`` visits."""
        day = pytz.utc.localize(start).astimezone(tz).date()
        if self._count_per_day(busy, tz)[day] >= config.per_day:
            return False
        return not self._overlaps(start, config, busy)

    @api.model
    def _find_free_slot(self, days, tz, config, busy, not_before=None):
        """First free slot (naive UTC) of the days ``days``, not before ``not_before``; None
        when every slot is taken. ``busy`` is the list of (start, end) of the salesperson."""
        per_day = self._count_per_day(busy, tz)
        for day in days:
            if per_day[day] >= config.per_day:
                continue
            for start in self._get_day_slots(day, tz, config):
                if not_before and start < not_before:
                    continue
                if not self._overlaps(start, config, busy):
                    return start
        return None

    @api.model
    def _next_free_slot(self, user, company=None, not_before=None):
        """The next free slot (naive UTC) of ``user`` from ``not_before`` (default: now) within
        NEXT_SLOT_HORIZON_DAYS days; None when their agenda is full."""
        company = company or user.company_id or self.env.company
        not_before = not_before or fields.Datetime.now()
        tz = self._get_tz(user, company)
        config = self._get_slot_config(company)
        first_day = pytz.utc.localize(not_before).astimezone(tz).date()
        days = self._get_working_days(
            company, first_day, first_day + timedelta(days=NEXT_SLOT_HORIZON_DAYS), tz
        )
        if not days:
            return None
        busy = self._get_busy_intervals(
            user,
            not_before - timedelta(days=1),
            not_before + timedelta(days=NEXT_SLOT_HORIZON_DAYS + 2),
        )
        return self._find_free_slot(days, tz, config, busy, not_before=not_before)
