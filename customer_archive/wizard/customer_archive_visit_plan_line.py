import pytz

from odoo import api, fields, models
from odoo.tools import format_date, format_datetime


class CustomerArchiveVisitPlanLine(models.TransientModel):
    """One visit of the plan preview (removed lines are not created)."""

    _name = "customer.archive.visit.plan.line"
    _description = "Planned Visit (Preview)"
    _order = "planned_date, id"

    plan_id = fields.Many2one("customer.archive.visit.plan", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    planned_date = fields.Datetime(string="Planned On", required=True, readonly=True)
    planned_label = fields.Char(
        string="Day and Time",
        compute="_compute_planned_label",
        help="Day and time of the visit in the salesperson's time zone.",
    )
    due_date = fields.Date(
        string="Due for a Visit On",
        readonly=True,
        help="Day the customer is due for a visit (policy or interval).",
    )
    duration = fields.Float(string="Duration (hours)", readonly=True)
    tier_id = fields.Many2one(related="partner_id.tier_id", string="Tier")

    @api.depends("planned_date", "plan_id.tz")
    def _compute_planned_label(self):
        for line in self:
            if not line.planned_date or not line.plan_id.tz:
                line.planned_label = False
                continue
            tz = line.plan_id.tz
            local_day = pytz.utc.localize(line.planned_date).astimezone(pytz.timezone(tz)).date()
            line.planned_label = "%s %s" % (
                format_date(self.env, local_day, date_format="EEE"),
                format_datetime(self.env, line.planned_date, tz=tz, dt_format="short"),
            )
