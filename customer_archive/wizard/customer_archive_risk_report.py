import base64

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import AccessError

RISK_COUNTERS = [
    "export_count",
    "export_records",
    "import_records",
    "reveal_count",
    "print_count",
    "open_count",
    "share_count",
]


class CustomerArchiveRiskReport(models.TransientModel):
    """The monthly risk assessment of one company and month, as PDF (QWeb) or Excel: the dialog
    and the data both reports show (the reports: reports/customer_archive_risk_*)."""

    _name = "customer.archive.risk.report"
    _description = "Monthly Risk Assessment Report"

    month = fields.Date(
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        ),
        help="Any day of the month to assess.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    xlsx_file = fields.Binary(string="Excel File", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    def _check_manager(self):
        if not (self.env.su or self.env.user._is_archive_manager()):
            raise AccessError(self.env._("Only archive managers can see the risk assessment."))

    def _month_start(self):
        self.ensure_one()
        return self.month.replace(day=1)

    def _get_risk_domain(self):
        """The rows of the assessed month and company (extension point)."""
        self.ensure_one()
        return [("month", "=", self._month_start()), ("company_id", "=", self.company_id.id)]

    def _get_report_data(self):
        """Rows per user and totals per sales team, prepared for the templates."""
        self.ensure_one()
        self._check_manager()
        Risk = self.env["customer.archive.risk"]
        users = Risk.search(self._get_risk_domain())
        teams = Risk._read_group(
            self._get_risk_domain(),
            ["team_id"],
            [f"{name}:sum" for name in RISK_COUNTERS] + ["is_unusual:bool_or"],
        )
        no_team = self.env._("No Sales Team")
        team_rows = [
            dict(
                zip(["team", *RISK_COUNTERS, "is_unusual"], [team.display_name or no_team, *values])
            )
            for team, *values in teams
        ]
        company = self.company_id
        return {
            "month": self._month_start(),
            "company": company,
            "users": users,
            "teams": team_rows,
            "limits": {
                "export": company.archive_risk_export_limit,
                "reveal": company.archive_risk_reveal_limit,
                "print": company.archive_risk_print_limit,
                "open": company.archive_risk_open_limit,
            },
        }

    def action_print_pdf(self):
        self._check_manager()
        return self.env.ref("customer_archive.customer_archive_risk_report_action").report_action(
            self
        )

    def action_export_xlsx(self):
        """The workbook (reports/customer_archive_risk_xlsx.py), downloaded from this dialog."""
        self.ensure_one()
        content, filename = self.env["report.customer_archive.risk_xlsx"]._create_xlsx_report(
            {"wizard_id": self.id}
        )
        self.write({"xlsx_file": base64.b64encode(content), "xlsx_name": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }
