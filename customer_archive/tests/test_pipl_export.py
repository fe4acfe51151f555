import base64
import io
import shutil
import subprocess
import tempfile

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .pipl_common import PiplCase


def pdf_text(content):
    """Text of a PDF, through pdftotext (poppler)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", pdf.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    # Table cells wrap long Chinese texts over several lines.
    return "".join(text.split())


@tagged("post_install", "-at_install")
class TestPiplExport(PiplCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf must not fetch the styles from the test server (its requests wait on the
        # test's transaction): a closed port makes it render without them at once.
        cls.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        cls.env["customer.archive.consent"].create(
            {
                "partner_id": cls.person.id,
                "purpose": "节日问候短信",
                "channel": "paper",
                "scope": "sensitive",
            }
        )
        cls.request = cls.env["customer.archive.subject.request"].create(
            {
                "partner_id": cls.person.id,
                "request_type": "access",
                "user_id": cls.user_officer.id,
                "description": "申请复制个人信息",
            }
        )
        cls.env["customer.archive.visit"].create(
            {
                "partner_id": cls.person.id,
                "user_id": cls.user_salesperson.id,
                "planned_date": "2026-01-05 02:00:00",
                "feedback": "希望周末送货上门",
            }
        )

    def _sheets(self, content):
        book = openpyxl.load_workbook(io.BytesIO(content))
        return {
            sheet.title: [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }

    def test_01_xlsx_holds_everything_about_the_person(self):
        action = self.person.with_user(self.user_manager).action_pipl_export()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        sheets = self._sheets(base64.b64decode(wizard.xlsx_file))
        self.assertEqual(wizard.xlsx_name, "personal-data-%s.xlsx" % self.person.archive_number)
        cells = {
            title: {str(value) for row in rows for value in row if value}
            for title, rows in sheets.items()
        }
        everything = set().union(*cells.values())
        for value in (
            "测试匿名人甲",
            "13912345678",
            self.person.resident_id,
            "wx_anon_person_7",
            "6222020202020207777",
            "节日问候短信",
            "希望周末送货上门",
            self.request.name,
            "Sensitive personal information (separate consent)",
        ):
            self.assertIn(value, everything)
        titles = [title.split(" ", 1)[1] for title in sheets]
        self.assertEqual(titles[0], "Personal Data")
        self.assertLessEqual({"Consents", "Visits", "Personal Information Requests"}, set(titles))
        entries = self._log_entries("subject_export", self.person)
        self.assertEqual(sorted(entries.mapped("detail")), ["PDF", "XLSX"])
        self.assertEqual(entries.user_id, self.user_manager)

    def test_02_pdf_text_in_chinese(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        content = (
            self.person.with_user(self.user_manager).with_context(lang="zh_CN")._pipl_export_pdf()
        )
        self.assertTrue(content.startswith(b"%PDF"))
        text = pdf_text(content)
        for value in (
            "测试匿名人甲",
            "13912345678",
            "节日问候短信",
            "希望周末送货上门",
            self.request.name,
            "档案编号",
            "居民身份证号码",
        ):
            self.assertIn(value, text)
        self.assertNotIn("False", text)

    def test_03_managers_only(self):
        for user in (self.user_officer, self.user_salesperson):
            with self.assertRaises(AccessError):
                self.person.with_user(user).action_pipl_export()
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    "customer_archive.report_subject_export", self.person.ids
                )
        self.assertFalse(self._log_entries("subject_export", self.person))

    def test_04_request_handler_gets_the_export_attached(self):
        """A manager attaches the export to an access request; the officer handling it cannot
        (exporting customer data is a manager's right)."""
        other = self.env["customer.archive.subject.request"].create(
            {
                "partner_id": self.person.id,
                "request_type": "correction",
                "user_id": self.user_officer.id,
            }
        )
        with self.assertRaises(UserError):
            other.with_user(self.user_manager).action_attach_export()
        self.request.user_id = self.user_officer
        with self.assertRaises(AccessError):
            self.request.with_user(self.user_officer).action_attach_export()
        self.assertFalse(self._log_entries("subject_export", self.person))
        self.request.with_user(self.user_manager).action_attach_export()
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self.request._name), ("res_id", "=", self.request.id)]
        )
        self.assertEqual(
            sorted(attachments.mapped("mimetype")),
            [
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ],
        )
        xlsx = attachments.filtered(lambda a: a.name.endswith(".xlsx"))
        self.assertIn("测试匿名人甲", str(self._sheets(xlsx.raw)))
        self.assertEqual(
            self._log_entries("subject_export", self.person).user_id, self.user_manager
        )
