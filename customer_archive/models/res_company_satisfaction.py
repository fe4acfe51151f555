from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_link_days = fields.Integer(
        string="Satisfaction Link Valid (days)",
        default=30,
        help="How long the link of a satisfaction survey e-mail can be used by the customer.",
    )

    @api.constrains("satisfaction_link_days")
    def _check_satisfaction_link_days(self):
        for company in self:
            if company.satisfaction_link_days < 1:
                raise ValidationError(
                    self.env._(
                        "A satisfaction link must stay valid at least one day (not %(days)s).",
                        days=company.satisfaction_link_days,
                    )
                )
