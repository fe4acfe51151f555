import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
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
    """The monthly risk assessment of one company and month, as PDF (QWeb) or Excel."""

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
        if not (self.env.su or self.env.user.has_group("customer_archive.group_archive_manager")):
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

    def _xlsx_headers(self):
        Risk = self.env["customer.archive.risk"]
        return [Risk._fields[name]._description_string(self.env) for name in RISK_COUNTERS]

    def _render_xlsx(self):
        """The workbook: a sheet per user, a sheet per sales team."""
        data = self._get_report_data()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        flag = workbook.add_format({"bg_color": "#F8D7DA"})
        title = self.env._(
            "Monthly Risk Assessment %(month)s, %(company)s",
            month=data["month"].strftime("%Y-%m"),
            company=data["company"].name,
        )
        counters = self._xlsx_headers()
        unusual = self.env._("Unusual")
        sheet = workbook.add_worksheet(self.env._("Users"))
        sheet.write(0, 0, title, bold)
        header = [self.env._("User"), self.env._("Sales Team"), *counters, unusual]
        sheet.write_row(2, 0, header, bold)
        for row, line in enumerate(data["users"], start=3):
            values = [
                line.user_id.display_name,
                line.team_id.display_name or "",
                *[line[name] for name in RISK_COUNTERS],
                self.env._("Yes") if line.is_unusual else "",
            ]
            sheet.write_row(row, 0, values, flag if line.is_unusual else None)
        sheet.set_column(0, 1, 18)
        team_sheet = workbook.add_worksheet(self.env._("Sales Teams"))
        team_sheet.write(0, 0, title, bold)
        team_sheet.write_row(2, 0, [self.env._("Sales Team"), *counters, unusual], bold)
        for row, line in enumerate(data["teams"], start=3):
            values = [
                line["team"],
                *[line[name] for name in RISK_COUNTERS],
                self.env._("Yes") if line["is_unusual"] else "",
            ]
            team_sheet.write_row(row, 0, values, flag if line["is_unusual"] else None)
        team_sheet.set_column(0, 0, 18)
        workbook.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        content = self._render_xlsx()
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_name": "risk_assessment_%s.xlsx" % self._month_start().strftime("%Y-%m"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }


class ReportCustomerArchiveRisk(models.AbstractModel):
    _name = "report.customer_archive.customer_archive_risk_report_document"
    _description = "Monthly Risk Assessment PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["customer.archive.risk.report"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "customer.archive.risk.report",
            "docs": wizards,
            "report_data": {wizard.id: wizard._get_report_data() for wizard in wizards},
        }
