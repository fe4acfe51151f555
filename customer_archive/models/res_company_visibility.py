from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_team_visibility = fields.Boolean(
        string="Sales Team Sees Team Archives",
        help="Archive users also see (read only) the archives of the salespeople of their sales teams.",
    )
    archive_log_open = fields.Boolean(
        string="Log Archive Opening",
        default=True,
        help="Write an access log entry each time somebody opens the form of an archive.",
    )
    # Monthly risk assessment (每月风险评估): a user above one of these in a month is flagged.
    archive_risk_export_limit = fields.Integer(
        string="Exported Records per Month",
        default=500,
        help="More archive records exported by one user in a month is unusual. 0: no limit.",
    )
    archive_risk_reveal_limit = fields.Integer(
        string="Revealed Values per Month",
        default=30,
        help="More sensitive values revealed by one user in a month is unusual. 0: no limit.",
    )
    archive_risk_print_limit = fields.Integer(
        string="Printed Copies per Month",
        default=20,
        help="More controlled prints by one user in a month is unusual. 0: no limit.",
    )
    archive_risk_open_limit = fields.Integer(
        string="Opened Archives per Month",
        default=600,
        help="More archive forms opened by one user in a month is unusual. 0: no limit.",
    )

    @api.constrains(
        "archive_risk_export_limit",
        "archive_risk_reveal_limit",
        "archive_risk_print_limit",
        "archive_risk_open_limit",
    )
    def _check_archive_risk_limits(self):
        for company in self:
            for fname in (
                "archive_risk_export_limit",
                "archive_risk_reveal_limit",
                "archive_risk_print_limit",
                "archive_risk_open_limit",
            ):
                if company[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(company)s cannot be negative (%(value)s).",
                            field=self._fields[fname]._description_string(self.env),
                            company=company.display_name,
                            value=company[fname],
                        )
                    )
