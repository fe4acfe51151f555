import datetime
import json
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..reports.customer_archive_abstract_xlsx import QUOTE_PREFIX
from .xlsx_common import XlsxCase


@tagged("post_install", "-at_install")
class TestXlsxArchiveExport(XlsxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["report.customer_archive.archive_list_xlsx"]
        cls.region = cls.env["customer.archive.region"].create({"name": "华东区"})
        cls.archive_cn = cls._create_archive(
            "福州闽江机械制造有限公司",
            region_id=cls.region.id,
            registered_capital=1234567.89,
            founding_date=datetime.date(2008, 3, 18),
            employee_count=250,
            credit_rating="aa",
            phone="0591-88888888",
            email="sales@minjiang.example.com",
        )
        # Formula injection: every one of these must come back as text, never a formula.
        cls.evil_values = {
            "name": '=HYPERLINK("http://evil.example","点击")',
            "legal_representative": "+1+cmd|' /C calc'!A0",
            "city": "-2+3",
            "email": "@SUM(1+1)*cmd|' /C calc'!A0",
            "mobile": "\t=1+1",
        }
        cls.archive_evil = cls._create_archive(**cls.evil_values)
        cls.archives = cls.archive_cn | cls.archive_evil

    def _export(self, user=None, domain=None):
        report = self.Report.with_user(user or self.user_manager)
        domain = domain if domain is not None else [("id", "in", self.archives.ids)]
        return report._create_xlsx_report({"domain": domain})

    def _header_index(self, sheet):
        return {cell.value: cell.column - 1 for cell in sheet[1]}

    def test_01_layout(self):
        """One sheet, bold header row with the field labels, frozen header and first two
        columns, an autofilter over the data, column widths."""
        content, filename = self._export()
        self.assertEqual(filename, "customer_archives.xlsx")
        book = self._workbook(content)
        self.assertEqual(book.sheetnames, ["Customer Archives"])
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:4], ["Archive Number", "Complete Name", "Customer Type", "Tier"])
        self.assertIn("Registered Capital (%s)" % self.env.company.currency_id.name, headers)
        self.assertTrue(sheet["A1"].font.b)
        self.assertEqual(sheet.freeze_panes, "C2")
        self.assertEqual(
            sheet.auto_filter.ref, "A1:%s3" % sheet.cell(1, len(headers)).column_letter
        )
        self.assertGreater(sheet.column_dimensions["B"].width, 30)
        self.assertEqual(sheet.max_row, 3)

    def test_02_values_and_formats(self):
        """Chinese text, relations by name, selections by label, dates as dates and money as
        numbers with their formats."""
        book = self._workbook(self._export()[0])
        sheet = book.active
        col = self._header_index(sheet)
        currency = self.env.company.currency_id.name
        row = next(
            r
            for r in sheet.iter_rows(min_row=2)
            if r[col["Complete Name"]].value == self.archive_cn.name
        )
        self.assertEqual(row[col["Archive Number"]].value, self.archive_cn.archive_number)
        self.assertEqual(row[col["Sales Region"]].value, "华东区")
        self.assertEqual(row[col["Credit Rating"]].value, "AA - Good")
        capital = row[col["Registered Capital (%s)" % currency]]
        self.assertEqual(capital.value, 1234567.89)
        # The company currency's symbol in the cell format (¥ in the Chinese demo), not "$".
        symbol = self.env.company.currency_id.symbol
        self.assertIn('"%s"' % symbol, capital.number_format)
        self.assertIn("#,##0.00", capital.number_format)
        founded = row[col["Founding Date"]]
        self.assertTrue(founded.is_date)
        self.assertEqual(founded.value.date(), datetime.date(2008, 3, 18))
        self.assertEqual(founded.number_format, "yyyy-mm-dd")
        self.assertEqual(row[col["Number of Employees"]].value, 250)
        self.assertEqual(row[col["Phone"]].data_type, "s")

    def test_03_formula_injection(self):
        """Text starting with = + - @ tab or CR is a text cell (quote prefix), never a formula."""
        content = self._export()[0]
        sheets = self._zip_members(content, r"xl/worksheets/sheet\d+\.xml")
        self.assertTrue(sheets)
        for xml in sheets.values():
            self.assertNotIn("<f>", xml)
        sheet = self._workbook(content).active
        col = self._header_index(sheet)
        row = next(
            r
            for r in sheet.iter_rows(min_row=2)
            if r[col["Archive Number"]].value == self.archive_evil.archive_number
        )
        labels = {
            "name": "Complete Name",
            "legal_representative": "Legal Representative",
            "city": "City",
            "email": "Email",
            "mobile": "Mobile",
        }
        for fname, label in labels.items():
            cell = row[col[label]]
            self.assertEqual(cell.data_type, "s", fname)
            self.assertEqual(
                cell.value,
                self.archive_evil[fname] if fname != "name" else self.archive_evil.complete_name,
            )
            if QUOTE_PREFIX:
                self.assertTrue(cell.quotePrefix, fname)

    def test_04_chinese_sheet_and_headers(self):
        """In Chinese the sheet and the headers are in Chinese."""
        self.user_manager.lang = "zh_CN"
        content, _filename = (
            self.Report.with_user(self.user_manager)
            .with_context(lang="zh_CN")
            ._create_xlsx_report({"domain": [("id", "in", self.archives.ids)]})
        )
        book = self._workbook(content)
        self.assertEqual(book.sheetnames, ["客户档案"])
        headers = [cell.value for cell in book.active[1]]
        self.assertIn("档案编号", headers)
        self.assertIn("福州闽江机械制造有限公司", [c.value for c in book.active["B"]])

    def test_05_non_managers_refused(self):
        """Salespeople, officers and plain employees may not export, whatever the way in."""
        for user in (self.user_salesperson, self.user_officer, self.user_plain):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._export(user)
                with self.assertRaises(AccessError):
                    self.Report.with_user(user).action_export_archives(self.archives)
                with self.assertRaises(AccessError):
                    self.env["report.customer_archive.statistics_xlsx"].with_user(
                        user
                    )._create_xlsx_report({})

    def test_06_read_as_the_user(self):
        """Values are read as the exporting user (never sudo): the sensitive-field
        classification masks them in the file exactly as read() gives them to that user."""
        self.archive_cn.mobile = "13812345678"
        # The manager is no longer cleared for mobile numbers.
        self.env.ref("customer_archive.sensitive_field_mobile").group_ids = self.env.ref(
            "base.group_system"
        )
        self.env.invalidate_all()
        expected = self.archive_cn.with_user(self.user_manager).read(["mobile"])[0]["mobile"]
        self.assertNotEqual(expected, "13812345678")
        self.assertIn("*", expected)
        sheet = self._workbook(self._export()[0]).active
        col = self._header_index(sheet)
        mobiles = [row[col["Mobile"]] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertIn(expected, mobiles)
        self.assertNotIn("13812345678", mobiles)

    def test_07_batches_and_record_rules(self):
        """Rows are read batch by batch, in archive-number order; archives the user may not
        see (another company) are not exported."""
        more = self.Partner.browse()
        for seq in range(5):
            more |= self._create_archive("批量测试公司%s" % seq)
        hidden = self._create_archive("第二分公司的客户", company_id=self.company_2.id)
        domain = [("id", "in", (self.archives | more | hidden).ids)]
        with patch.object(type(self.Report), "_batch_size", 2):
            sheet = self._workbook(self._export(domain=domain)[0]).active
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        expected = (
            (self.archives | more)
            .sorted(lambda p: (p.archive_number, p.id))
            .mapped("archive_number")
        )
        self.assertEqual(numbers, expected)
        self.assertNotIn(hidden.archive_number, numbers)

    def test_08_only_archives(self):
        """A plain contact in the domain is not exported."""
        contact = self.Partner.create({"name": "普通联系人"})
        sheet = self._workbook(
            self._export(domain=[("id", "in", (self.archives | contact).ids)])[0]
        ).active
        self.assertEqual(sheet.max_row, 3)

    def test_09_action_menu(self):
        """The action menu entry downloads the selection, or the whole list when every
        matching archive is selected."""
        action = self.Report.with_user(self.user_manager).action_export_archives(
            self.archive_cn, [("is_customer_archive", "=", True)]
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
        url = urlparse(action["url"])
        self.assertEqual(url.path, "/customer_archive/xlsx/archive_list_xlsx")
        data = json.loads(parse_qs(url.query)["data"][0])
        self.assertEqual(data["domain"], [["id", "in", self.archive_cn.ids]])
        domain = [("id", "in", self.archives.ids)]
        action = self.Report.with_user(self.user_manager).action_export_archives(
            self.archives, domain
        )
        data = json.loads(parse_qs(urlparse(action["url"]).query)["data"][0])
        self.assertEqual(data["domain"], [["id", "in", self.archives.ids]])
        server_action = self.env.ref("customer_archive.res_partner_action_export_archive_xlsx")
        self.assertIn(
            self.env.ref("customer_archive.group_archive_manager"), server_action.groups_id
        )
        result = (
            server_action.with_user(self.user_manager)
            .with_context(
                active_model="res.partner", active_ids=self.archives.ids, active_domain=domain
            )
            .run()
        )
        self.assertEqual(result["type"], "ir.actions.act_url")

    def test_10_bad_filter(self):
        """A malformed filter is a clear error."""
        with self.assertRaises(UserError):
            self._export(domain=[("no_such_field", "=", 1)])
        with self.assertRaises(UserError):
            self._export(domain="not a domain")

    def test_11_access_log(self):
        """Each export is in the access log, with the exporting user and the archive count."""
        Log = self.env["customer.archive.access.log"]
        before = Log.search([("event", "=", "export")])
        self._export()
        entries = Log.search([("event", "=", "export")]) - before
        self.assertTrue(entries)
        self.assertEqual(len(entries), 1, "one export, one entry")
        self.assertEqual(entries.user_id, self.user_manager)
        self.assertEqual(
            (entries.partner_ids, entries.record_count), (self.archives, len(self.archives))
        )

    def test_12_money_format_of_each_currency(self):
        """Amounts carry their currency's symbol, on its side, with its decimals: ¥ before
        for yuan (the Chinese demo company), € after for euros, no decimals for yen."""
        money = self.Report._xlsx_money_format
        self.assertEqual(money(self.env.ref("base.CNY")), '"¥"#,##0.00')
        euro = self.env.ref("base.EUR")
        self.assertEqual(euro.position, "after")
        self.assertEqual(money(euro), '#,##0.00 "€"')
        self.assertEqual(money(self.env.ref("base.JPY")), '"¥"#,##0')
        self.assertEqual(money(), money(self.env.company.currency_id))

    def test_13_rows_are_what_read_gives(self):
        """The export selects its plain columns and converts them column by column: every row is
        exactly read(load=None) of the same user, masked values included, and values waiting
        to be computed are computed first."""
        fnames = self.Report.with_user(self.user_manager)._archive_export_layout(self.archives)[0]
        self.archive_cn.write(
            {
                "mobile": "13812345678",
                "user_id": self.user_salesperson.id,
                "credit_code": "91350100M000100Y43",  # related to the tax ID (vat)
            }
        )
        self.env.ref("customer_archive.sensitive_field_mobile").group_ids = self.env.ref(
            "base.group_system"
        )
        for user in (self.user_manager, self.user_salesperson, self.user_officer):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                records = self.Partner.with_user(user).search([("id", "in", self.archives.ids)])
                self.assertTrue(records)
                expected = records.read(fnames, load=None)
                self.assertTrue(any("*" in (row["mobile"] or "") for row in expected))
                self.assertIn("91350100M000100Y43", [row["credit_code"] for row in expected])
                self.env.invalidate_all()
                rows = self.Report.with_user(user)._archive_export_read(records, fnames)
                self.assertEqual(rows, expected)
        # A change not yet computed (completeness depends on the e-mail and the legal
        # representative): computed before it is exported.
        before = self.archive_cn.completeness
        self.archive_cn.write({"email": False, "legal_representative": False})
        rows = self.Report._archive_export_read(self.archive_cn, ["completeness"])
        self.assertEqual(rows[0]["completeness"], self.archive_cn.completeness)
        self.assertNotEqual(rows[0]["completeness"], before)

    def test_14_pending_writes_and_archives_no_longer_readable(self):
        """What was just changed and not yet written is exported as changed; an archive of
        the list that the user can no longer read (moved to another company meanwhile) makes
        the export fail with read()'s access error instead of leaving its row out."""
        records = self.Partner.with_user(self.user_manager).search(
            [("id", "in", self.archives.ids)]
        )
        records.filtered(lambda r: r.id == self.archive_cn.id).city = "厦门"  # pending, not flushed
        rows = self.Report.with_user(self.user_manager)._archive_export_read(records, ["city"])
        self.assertEqual({row["id"]: row["city"] for row in rows}[self.archive_cn.id], "厦门")
        self.archive_cn.company_id = self.company_2
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_manager)._archive_export_read(records, ["city"])
