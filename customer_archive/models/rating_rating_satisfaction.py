from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

# Satisfaction scores of customer archives (客户满意度): whole numbers from 1 to 5.
SATISFACTION_MIN = 1
SATISFACTION_MAX = 5


class RatingRating(models.Model):
    """Ratings that belong to a customer archive (a visit's, a case's...) carry the archive, the
    way the score was given, when, and until when the customer's link may be used. Ratings of
    other models keep stock behaviour (every check below looks at ``archive_id`` first)."""

    # Exporting the scores of archives: archive managers only, as the archives' other data.
    _name = "rating.rating"
    _inherit = ["rating.rating", "customer.archive.data.guard"]

    archive_id = fields.Many2one(
        "res.partner",
        string="Customer Archive",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    satisfaction_source = fields.Selection(
        [("manual", "Entered by the Salesperson"), ("link", "Given by the Customer")],
        string="Given Through",
        readonly=True,
    )
    satisfaction_date = fields.Datetime(string="Rated On", readonly=True, copy=False)
    satisfaction_expires_on = fields.Datetime(
        string="Link Valid Until",
        readonly=True,
        copy=False,
        help="The customer's link cannot be used after this moment.",
    )

    @api.model
    def _archive_data_guard_partners(self, records):
        return records.mapped("archive_id")

    def _archive_data_is_guarded(self):
        return bool(self.filtered("archive_id"))

    @api.constrains("rating", "consumed", "archive_id")
    def _check_satisfaction_score(self):
        for rating in self.filtered(lambda r: r.archive_id and r.consumed):
            rating._satisfaction_check_score(rating.rating, error=ValidationError)

    @api.model
    def _satisfaction_check_score(self, score, error=UserError):
        """Raise ``error`` unless ``score`` is a whole number from 1 to 5."""
        try:
            valid = float(score) == int(float(score)) and (
                SATISFACTION_MIN <= int(float(score)) <= SATISFACTION_MAX
            )
        except (TypeError, ValueError):
            valid = False
        if not valid:
            raise error(
                self.env._(
                    "A satisfaction score is a whole number from %(low)s to %(high)s, not %(score)s.",
                    low=SATISFACTION_MIN,
                    high=SATISFACTION_MAX,
                    score=score,
                )
            )
        return int(float(score))

    def _satisfaction_is_expired(self):
        self.ensure_one()
        return bool(
            self.satisfaction_expires_on and self.satisfaction_expires_on < fields.Datetime.now()
        )

    def _satisfaction_check_open(self):
        """Raise a UserError when this archive rating was already given or its link expired."""
        for rating in self.filtered("archive_id"):
            if rating.consumed:
                raise UserError(
                    self.env._("This satisfaction survey has already been answered, thank you.")
                )
            if rating._satisfaction_is_expired():
                raise UserError(
                    self.env._(
                        "This satisfaction survey link expired on %(date)s.",
                        date=format_date(self.env, rating.satisfaction_expires_on),
                    )
                )

    @api.model
    def _satisfaction_link_deadline(self, company):
        """When a link sent now stops working (the company's *Satisfaction Link Valid (days)*)."""
        return fields.Datetime.now() + timedelta(days=company.satisfaction_link_days or 30)
