"""Company settings of the visits feature (kept apart from res_company.py, the archive settings)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


def format_float_time(hours):
    """09:30 for 9.5 (the float_time widget's display)."""
    minutes = int(round((hours or 0.0) * 60))
    return "%02d:%02d" % divmod(minutes, 60)

VISIT_SETTING_FIELDS = (
    "visit_reminder_days",
    "pool_warning_days",
    "pool_holding_limit",
    "pool_cooldown_days",
    "visit_first_slot",
    "visit_slot_minutes",
    "visit_slots_per_day",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    visit_checkin_enabled = fields.Boolean(
        string="Visit Check-in",
        help="On \"Start Visit\" the browser's location is asked for and stored with the visit, "
        "only when the user agrees to share it.",
    )
    visit_first_slot = fields.Float(
        string="First Visit Slot",
        default=9.0,
        help="Start of the first visit of a working day, in the salesperson's time zone.",
    )
    visit_slot_minutes = fields.Integer(
        string="Visit Slot (minutes)",
        default=90,
        help="Time between the starts of two visits of a day: the visit and the travel to the "
        "next customer.",
    )
    visit_slots_per_day = fields.Integer(
        string="Visits per Day",
        default=4,
        help="Planned visits of a salesperson on one working day, at most.",
    )
    visit_reminder_days = fields.Integer(
        string="Remind Days Ahead",
        default=3,
        help="Birthdays, planned visits, archive reviews and due visits are reminded this many "
        "days ahead (提前 N 天提醒).",
    )
    pool_enabled = fields.Boolean(
        string="Public Pool",
        help="Customers without visit and order for the days set on the visit policy of their "
        "tier are released into the public pool (客户公海), where anyone may claim them.",
    )
    pool_warning_days = fields.Integer(
        string="Warn Days Before Release", default=7,
        help="The salesperson gets an activity this many days before the release.",
    )
    pool_holding_limit = fields.Integer(
        string="Holding Limit per Salesperson", default=200,
        help="A salesperson cannot claim customers beyond this number of customers held. "
        "0: no limit.",
    )
    pool_cooldown_days = fields.Integer(
        string="Cooldown (days)", default=30,
        help="The previous salesperson cannot claim a released customer back before this many "
        "days.",
    )

    @api.constrains(*VISIT_SETTING_FIELDS)
    def _check_visit_settings(self):
        for company in self:
            for fname in VISIT_SETTING_FIELDS:
                if company[fname] < 0:
                    raise ValidationError(self.env._(
                        "%(field)s cannot be negative (%(value)s).",
                        field=self._fields[fname]._description_string(self.env),
                        value=company[fname],
                    ))
            company._check_visit_slots(
                company.visit_first_slot, company.visit_slot_minutes, company.visit_slots_per_day
            )

    def _check_visit_slots(self, first_slot, slot_minutes, per_day):
        """Refuse slots that do not fit in one day (the settings and the plan wizard)."""
        labels = {
            fname: self._fields[fname]._description_string(self.env)
            for fname in ("visit_first_slot", "visit_slot_minutes", "visit_slots_per_day")
        }
        if slot_minutes <= 0 or per_day <= 0:
            raise ValidationError(self.env._(
                "%(minutes_field)s and %(count_field)s must be greater than 0 (%(minutes)s, "
                "%(count)s).",
                minutes_field=labels["visit_slot_minutes"], minutes=slot_minutes,
                count_field=labels["visit_slots_per_day"], count=per_day,
            ))
        if not 0 <= first_slot < 24 or first_slot * 60 + slot_minutes * per_day > 24 * 60:
            raise ValidationError(self.env._(
                "%(count)s slots of %(minutes)s minutes from %(first)s do not fit in one day: "
                "change %(first_field)s, %(minutes_field)s or %(count_field)s.",
                count=per_day, minutes=slot_minutes, first=format_float_time(first_slot),
                first_field=labels["visit_first_slot"], minutes_field=labels["visit_slot_minutes"],
                count_field=labels["visit_slots_per_day"],
            ))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # sudo: every new company gets the default visit policies, whoever creates it.
        self.env["customer.archive.visit.policy"].sudo()._create_default_policies(companies)
        return companies
