"""Care messages (客户关怀): the calendar of occasions greeted by e-mail."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

OCCASION_KINDS = [("birthday", "Birthday"), ("holiday", "Holiday")]
SEND_MODES = [
    ("preview", "Preview only"),
    ("auto", "Send automatically"),
]


class CustomerArchiveOccasion(models.Model):
    """An occasion greeted by e-mail: the person's birthday, or a holiday whose date is kept
    per year (lunar holidays such as 春节, 端午节 and 中秋节 move every year)."""

    _name = "customer.archive.occasion"
    _description = "Care Occasion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(OCCASION_KINDS, required=True, default="holiday")
    template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        required=True,
        domain="[('model', '=', 'customer.archive.care.message')]",
        help="The greeting sent, in the language of each contact.",
    )
    send_mode = fields.Selection(
        SEND_MODES,
        required=True,
        default="preview",
        help="What the daily scheduled action does on the day: prepare the greetings for a "
        "salesperson to check and send (Care Messages), or queue them at once.",
    )
    date_ids = fields.One2many(
        "customer.archive.occasion.date", "occasion_id", string="Dates", copy=True
    )

    @api.constrains("kind", "date_ids")
    def _check_dates(self):
        for occasion in self:
            if occasion.kind == "birthday" and occasion.date_ids:
                raise ValidationError(
                    self.env._(
                        'The occasion "%(name)s" is a birthday: it falls on each person\'s '
                        "birthday and has no dates of its own.",
                        name=occasion.name,
                    )
                )

    def _get_date(self, year):
        """The date of this holiday in ``year`` (one record), or False."""
        self.ensure_one()
        return self.date_ids.filtered(lambda d: d.year == year)[:1].date or False


class CustomerArchiveOccasionDate(models.Model):
    _name = "customer.archive.occasion.date"
    _description = "Care Occasion Date"
    _order = "date"

    occasion_id = fields.Many2one(
        "customer.archive.occasion", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True)

    @api.constrains("occasion_id", "date")
    def _check_one_date_a_year(self):
        for line in self:
            if len(line.occasion_id.date_ids.filtered(lambda d, y=line.year: d.year == y)) > 1:
                raise ValidationError(
                    self.env._(
                        '"%(occasion)s" already has a date in %(year)s: an occasion has one '
                        "date a year.",
                        occasion=line.occasion_id.name,
                        year=line.year,
                    )
                )

    @api.depends("date")
    def _compute_year(self):
        for line in self:
            line.year = line.date.year if line.date else 0
