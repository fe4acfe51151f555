"""Company settings of the PIPL registers."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    pipl_request_days = fields.Integer(
        string="Answer Requests Within (days)",
        default=15,
        help="Due date of a personal information request: received date plus this many days. "
        "15 working days is common practice under PIPL; the default counts calendar days.",
    )
    pipl_request_working_days = fields.Boolean(
        string="Count Working Days",
        help="Count Monday to Friday only (public holidays are not known and still count).",
    )
    pipl_officer_id = fields.Many2one(
        "res.users",
        string="Personal Information Officer",
        help="Person in charge of personal information protection (个人信息保护负责人): gets "
        "the retention reviews of archives without keeper.",
    )

    @api.constrains("pipl_request_days")
    def _check_pipl_request_days(self):
        for company in self:
            if company.pipl_request_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Requests must be answered within at least one day (not %(days)s).",
                        days=company.pipl_request_days,
                    )
                )
