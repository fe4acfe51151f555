from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_log_retention_days = fields.Integer(
        string="Keep Access Log (days)",
        default=365,
        help="Access log entries older than this many days are purged by the scheduled action. "
        "0 keeps them forever.",
    )

    @api.constrains("archive_log_retention_days")
    def _check_archive_log_retention_days(self):
        for company in self:
            if company.archive_log_retention_days < 0:
                raise ValidationError(self.env._(
                    "The access log retention of %(company)s cannot be negative (%(days)s days).",
                    company=company.display_name, days=company.archive_log_retention_days,
                ))
