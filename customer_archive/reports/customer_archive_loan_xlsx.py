from odoo import models
from odoo.exceptions import AccessError

from ..models.res_users_archive_role import GROUP_OFFICER


class CustomerArchiveLoanXlsx(models.AbstractModel):
    """The loan register as a workbook (《客户信息借阅记录表》): one row per loan, then the loans
    per month lent and kind. ``data["ids"]``: the loans (default: every loan the user sees)."""

    _name = "report.customer_archive.loan_xlsx"
    _inherit = "report.customer_archive.abstract_xlsx"
    _description = "Archive Loan Register (Excel)"

    def _get_report_access_group(self):
        return GROUP_OFFICER

    def _check_report_access(self):
        if not self.env.user.has_group(self._get_report_access_group()):
            raise AccessError(
                self.env._("Only archive officers and managers export the loan register.")
            )

    def _get_report_records(self, data):
        Loan = self.env["customer.archive.loan"]
        domain = [("id", "in", data["ids"])] if data.get("ids") else []
        return Loan.search(domain, order="date_lent, id")

    def _get_report_filename(self, data):
        return "loan_register"

    def generate_xlsx_report(self, workbook, data, records):
        formats = self._xlsx_formats(workbook)
        Loan = self.env["customer.archive.loan"]
        labels = {
            fname: Loan._fields[fname]._description_string(self.env)
            for fname in (
                "name",
                "partner_id",
                "kind",
                "borrower_id",
                "purpose",
                "approver_id",
                "date_lent",
                "date_due",
                "date_returned",
                "state",
            )
        }
        kinds = dict(Loan._fields["kind"]._description_selection(self.env))
        states = dict(Loan._fields["state"]._description_selection(self.env))
        sheet = workbook.add_worksheet(self._xlsx_sheet_name(self.env._("Loan Register")))
        rows = [
            (
                loan.name,
                loan.partner_id.display_name,
                kinds[loan.kind],
                loan.borrower_id.name,
                loan.purpose,
                loan.approver_id.name or "",
                loan.date_lent,
                loan.date_due,
                loan.date_returned,
                states[loan.state],
            )
            for loan in records
        ]
        self._xlsx_write_table(
            sheet,
            formats,
            list(labels.values()),
            rows,
            widths=[14, 28, 12, 12, 30, 12, 12, 12, 12, 10],
            number_formats=["text"] * 6 + ["date"] * 3 + ["text"],
        )
        per_month = {}
        for loan in records.filtered("date_lent"):
            key = loan.date_lent.replace(day=1)
            counts = per_month.setdefault(key, {"paper": 0, "electronic": 0})
            counts[loan.kind] += 1
        summary = workbook.add_worksheet(self._xlsx_sheet_name(self.env._("Loans per Month")))
        self._xlsx_write_block(
            workbook,
            summary,
            formats,
            [self.env._("Month Lent"), kinds["paper"], kinds["electronic"]],
            [(month, c["paper"], c["electronic"]) for month, c in sorted(per_month.items())],
            first_row=0,
            widths=[12, 14, 14],
            number_formats=["month", "int", "int"],
            totals={
                1: sum(c["paper"] for c in per_month.values()),
                2: sum(c["electronic"] for c in per_month.values()),
            },
        )
