from odoo import models

from ..wizard.customer_archive_risk_report import RISK_COUNTERS


class CustomerArchiveRiskXlsx(models.AbstractModel):
    """Workbook of the monthly risk assessment: a sheet per user, a sheet per sales team. Made
    for the assessment dialog (``customer.archive.risk.report``), whose id is ``data["wizard_id"]``;
    the data comes from the dialog's ``_get_report_data``."""

    _name = "report.customer_archive.risk_xlsx"
    _inherit = "report.customer_archive.abstract_xlsx"
    _description = "Monthly Risk Assessment (Excel)"

    def _check_report_access(self):
        self.env["customer.archive.risk.report"]._check_manager()

    def _get_report_records(self, data):
        return self.env["customer.archive.risk.report"].browse(data.get("wizard_id"))

    def _get_report_filename(self, data):
        wizard = self._get_report_records(data)
        return "risk_assessment_%s" % wizard._month_start().strftime("%Y-%m")

    def _risk_counter_headers(self):
        Risk = self.env["customer.archive.risk"]
        return [Risk._fields[name]._description_string(self.env) for name in RISK_COUNTERS]

    def generate_xlsx_report(self, workbook, data, records):
        assessment = records._get_report_data()
        bold = workbook.add_format({"bold": True})
        flag = workbook.add_format({"bg_color": "#F8D7DA"})
        title = self.env._(
            "Monthly Risk Assessment %(month)s, %(company)s",
            month=assessment["month"].strftime("%Y-%m"),
            company=assessment["company"].name,
        )
        counters = self._risk_counter_headers()
        unusual = self.env._("Unusual")
        sheet = workbook.add_worksheet(self.env._("Users"))
        sheet.write(0, 0, title, bold)
        header = [self.env._("User"), self.env._("Sales Team"), *counters, unusual]
        sheet.write_row(2, 0, header, bold)
        for row, line in enumerate(assessment["users"], start=3):
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
        for row, line in enumerate(assessment["teams"], start=3):
            values = [
                line["team"],
                *[line[name] for name in RISK_COUNTERS],
                self.env._("Yes") if line["is_unusual"] else "",
            ]
            team_sheet.write_row(row, 0, values, flag if line["is_unusual"] else None)
        team_sheet.set_column(0, 0, 18)
