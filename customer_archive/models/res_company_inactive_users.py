from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_inactive_user_days = fields.Integer(
        string="Inactive Users After (days)",
        default=14,
        help="Users with archive access who have not logged in for this many days are listed "
        "in Confidentiality → Inactive Archive Users.",
    )

    @api.constrains("archive_inactive_user_days")
    def _check_archive_inactive_user_days(self):
        for company in self:
            if company.archive_inactive_user_days < 1:
                raise ValidationError(
                    self.env._(
                        "Inactive users are counted after at least one day, not %(days)s.",
                        days=company.archive_inactive_user_days,
                    )
                )
