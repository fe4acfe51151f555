"""Company settings of the visits feature (kept apart from res_company.py, the archive settings)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

VISIT_SETTING_FIELDS = (
    "visit_reminder_days",
    "pool_warning_days",
    "pool_holding_limit",
    "pool_cooldown_days",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    visit_checkin_enabled = fields.Boolean(
        string="Visit Check-in",
        help="On \"Start Visit\" the browser's location is asked for and stored with the visit, "
        "only when the user agrees to share it.",
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

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # sudo: every new company gets the default visit policies, whoever creates it.
        self.env["customer.archive.visit.policy"].sudo()._create_default_policies(companies)
        return companies
