import base64
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveRisk(VisibilityCase):
    """Monthly risk assessment from the access log, with thresholds, as view, Excel and PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "风险测试组", "member_ids": [(6, 0, cls.user_salesperson.ids)]}
        )
        cls.company.write({"archive_risk_export_limit": 1, "archive_risk_open_limit": 0})
        Log = cls.Log.with_user(cls.user_salesperson)
        Log._log("export", cls.own | cls.kept)
        Log._log("open", cls.own)
        Log._log("open", cls.kept)
        cls.Log.with_user(cls.user_colleague)._log("export", cls.foreign)
        cls.Risk = cls.env["customer.archive.risk"]
        cls.month = cls.today.replace(day=1)

    def _row(self, user):
        return self.Risk.search([("user_id", "=", user.id), ("month", "=", self.month)])

    def test_01_counts_and_unusual_volumes(self):
        row = self._row(self.user_salesperson)
        self.assertEqual((row.export_count, row.export_records, row.open_count), (1, 2, 2))
        self.assertEqual(row.team_id, self.team)
        self.assertTrue(row.unusual_export and row.is_unusual)
        self.assertEqual(row.risk_score, 1)
        self.assertFalse(self._row(self.user_colleague).is_unusual)

    def test_02_managers_only(self):
        with self.assertRaises(AccessError):
            self.Risk.with_user(self.user_officer).search([])
        with self.assertRaises(AccessError):
            self.env["customer.archive.risk.report"].with_user(self.user_officer).create(
                {"month": self.today}
            )
        self.assertTrue(self.Risk.with_user(self.user_manager).search([]))

    def test_03_excel_report(self):
        wizard = (
            self.env["customer.archive.risk.report"]
            .with_user(self.user_manager)
            .create({"month": self.today})
        )
        action = wizard.action_export_xlsx()
        self.assertIn("/xlsx_file/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        users = book.worksheets[0]
        rows = {r[0]: r for r in users.iter_rows(min_row=4, values_only=True)}
        self.assertEqual(rows["测试业务员"][3], 2)
        self.assertEqual(rows["测试业务员"][-1], "Yes")
        teams = {r[0]: r for r in book.worksheets[1].iter_rows(min_row=4, values_only=True)}
        self.assertEqual(teams["风险测试组"][2], 2)

    def test_04_pdf_report(self):
        wizard = (
            self.env["customer.archive.risk.report"]
            .with_user(self.user_manager)
            .create({"month": self.today})
        )
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            ._render_qweb_html("customer_archive.customer_archive_risk_report_document", wizard.ids)
        )
        html = html.decode()
        self.assertIn("测试业务员", html)
        self.assertIn("风险测试组", html)
        self.assertIn("table-danger", html)
        self.assertEqual(
            wizard.action_print_pdf()["report_name"],
            "customer_archive.customer_archive_risk_report_document",
        )
