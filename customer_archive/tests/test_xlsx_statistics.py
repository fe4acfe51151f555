from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .xlsx_common import XlsxCase


@tagged("post_install", "-at_install")
class TestXlsxStatistics(XlsxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["report.customer_archive.statistics_xlsx"]
        cls.tier_a, cls.tier_b = cls.env["customer.archive.tier"].search([], limit=2)
        cls.region = cls.env["customer.archive.region"].create({"name": "华南区"})
        cls.archive_1 = cls._create_archive(
            "广州珠江贸易有限公司", region_id=cls.region.id, archive_date=cls.today
        )
        cls.archive_2 = cls._create_archive(
            "深圳前海科技有限公司", region_id=cls.region.id, archive_date=cls.today
        )
        # Visible to the superuser only: an archive of the other company.
        cls.hidden = cls._create_archive(
            "第二分公司的客户", company_id=cls.company_2.id, archive_date=cls.today
        )
        cls.env["customer.archive.tier.history"].create(
            [
                {
                    "partner_id": cls.archive_1.id,
                    "company_id": cls.company.id,
                    "old_tier_id": cls.tier_b.id,
                    "new_tier_id": cls.tier_a.id,
                    "direction": "up",
                    "source": "computed",
                },
                {
                    "partner_id": cls.archive_2.id,
                    "company_id": cls.company.id,
                    "old_tier_id": cls.tier_a.id,
                    "new_tier_id": cls.tier_b.id,
                    "direction": "down",
                    "source": "computed",
                },
            ]
        )
        product = cls._create_product()
        cls._confirmed_order(cls.archive_1, product, days_ago=3)
        cls._confirmed_order(cls.archive_1, product, days_ago=5)

    def _statistics(self, user=None):
        report = self.Report.with_user(user or self.user_manager)
        return report._create_xlsx_report({})[0]

    def _data_rows(self, sheet):
        """Data rows below the header (row 3), without the total row."""
        rows = self._rows(sheet, first_row=4)
        return rows[:-1], rows[-1]

    def test_01_sheets_and_charts(self):
        """Five sheets, each with a header row frozen under its title, an autofilter and a
        chart."""
        content = self._statistics()
        book = self._workbook(content)
        self.assertEqual(
            book.sheetnames,
            [
                "Customers",
                "New Archives",
                "Tier Changes",
                "Visit Compliance",
                "Top Customers",
                "Churn",
            ],
        )
        for sheet in book.worksheets:
            with self.subTest(sheet=sheet.title):
                self.assertEqual(sheet.freeze_panes[1:], "4")
                self.assertTrue(sheet.auto_filter.ref.startswith("A3:"))
                self.assertTrue(sheet["A3"].font.b)
        charts = self._zip_members(content, r"xl/charts/chart\d+\.xml")
        self.assertGreaterEqual(len(charts), 4)
        for xml in self._zip_members(content, r"xl/worksheets/sheet\d+\.xml").values():
            self.assertNotIn("<f>", xml)

    def test_02_customers_total_equals_database(self):
        """The customer breakdown sums to the archives the manager can see (not the other
        company's), and each line is one combination of tier, region, type, source, status."""
        sheet = self._workbook(self._statistics())["Customers"]
        self.assertEqual(
            [c.value for c in sheet[3]][:6],
            [
                "Tier",
                "Sales Region",
                "Customer Type",
                "Customer Source",
                "Archive Status",
                "Customers",
            ],
        )
        rows, total = self._data_rows(sheet)
        visible = self.Partner.with_user(self.user_manager).search_count(
            [("is_customer_archive", "=", True)]
        )
        everything = self.Partner.search_count([("is_customer_archive", "=", True)])
        self.assertEqual(total[0], "Total")
        self.assertEqual(total[5], visible)
        self.assertEqual(sum(row[5] for row in rows), visible)
        self.assertEqual(everything, visible + 1)
        south = sum(row[5] for row in rows if row[1] == "华南区")
        self.assertEqual(south, 2)

    def test_03_new_archives_and_tier_changes(self):
        """New archives this month and the tier changes match the database."""
        book = self._workbook(self._statistics())
        rows, total = self._data_rows(book["New Archives"])
        # The period as the manager sees it (their time zone may be a day off the test's).
        start = self.Report.with_user(self.user_manager)._statistics_period({})[0]
        Partner = self.Partner.with_user(self.user_manager)
        domain = [("is_customer_archive", "=", True)]
        last_month = rows[-1][0].date()
        self.assertGreaterEqual(last_month, start)
        self.assertEqual(
            rows[-1][1],
            Partner.search_count(
                domain
                + [
                    ("archive_date", ">=", last_month),
                    ("archive_date", "<", last_month + relativedelta(months=1)),
                ]
            ),
        )
        self.assertEqual(total[1], Partner.search_count(domain + [("archive_date", ">=", start)]))
        self.assertIn(self.archive_1, Partner.search(domain + [("archive_date", ">=", last_month)]))
        self.assertEqual(book["New Archives"]["A4"].number_format, "yyyy-mm")
        rows, total = self._data_rows(book["Tier Changes"])
        self.assertEqual(
            [c.value for c in book["Tier Changes"][3]][:3], ["Month", "Upgrade", "Downgrade"]
        )
        History = self.env["customer.archive.tier.history"].with_user(self.user_manager)
        first = rows[0][0].date()
        for col, direction in ((1, "up"), (2, "down")):
            self.assertEqual(
                total[col],
                History.search_count([("direction", "=", direction), ("date", ">=", first)]),
            )
        self.assertGreaterEqual(rows[-1][1], 1)
        self.assertGreaterEqual(rows[-1][2], 1)

    def test_04_visit_compliance(self):
        """Compliance totals equal the sums of the compliance view over the period."""
        sheet = self._workbook(self._statistics())["Visit Compliance"]
        rows, total = self._data_rows(sheet)
        start = self.Report._statistics_period({})[0]
        lines = (
            self.env["customer.archive.visit.compliance"]
            .with_user(self.user_manager)
            .search([("month", ">=", start)])
        )
        self.assertEqual(total[1], sum(lines.mapped("planned_count")))
        self.assertEqual(total[2], sum(lines.mapped("done_count")))
        self.assertEqual(len(rows), len(lines.mapped("user_id")))
        if total[1]:
            self.assertAlmostEqual(total[7], total[2] / total[1])
            self.assertEqual(sheet.cell(4 + len(rows), 8).number_format, "0.0%")

    def test_05_top_customers(self):
        """Top customers by confirmed sales: amounts equal the sales analysis, ranked."""
        sheet = self._workbook(self._statistics())["Top Customers"]
        rows, total = self._data_rows(sheet)
        self.assertTrue(rows)
        amounts = [row[7] for row in rows]
        self.assertEqual(amounts, sorted(amounts, reverse=True))
        self.assertEqual([row[0] for row in rows], list(range(1, len(rows) + 1)))
        row = next(row for row in rows if row[1] == self.archive_1.archive_number)
        self.assertEqual(row[2], "广州珠江贸易有限公司")
        [(expected,)] = self.env["sale.report"]._read_group(
            [("commercial_partner_id", "=", self.archive_1.id), ("state", "=", "sale")],
            aggregates=["price_subtotal:sum"],
        )
        self.assertAlmostEqual(row[7], expected, places=2)
        self.assertEqual(row[6], 2)
        self.assertAlmostEqual(total[7], sum(amounts), places=2)

    def test_06_chinese(self):
        """Chinese sheet names and titles for a Chinese user."""
        self.user_manager.lang = "zh_CN"
        content = (
            self.Report.with_user(self.user_manager)
            .with_context(lang="zh_CN")
            ._create_xlsx_report({})[0]
        )
        book = self._workbook(content)
        self.assertEqual(
            book.sheetnames,
            ["客户", "新建档案", "级别异动", "拜访达标情况", "重点客户", "客户流失"],
        )
        self.assertEqual(book["客户"]["A3"].value, "级别")
        self.assertIn("客户分布", book["客户"]["A1"].value)

    def test_07_download_action(self):
        """The menu's server action downloads the workbook; it is for archive managers."""
        action = self.env.ref("customer_archive.customer_archive_statistics_xlsx_action")
        result = action.with_user(self.user_manager).run()
        self.assertEqual(result["url"], "/customer_archive/xlsx/statistics_xlsx")
        menu = self.env.ref("customer_archive.customer_archive_statistics_xlsx_menu")
        self.assertEqual(menu.groups_id, self.env.ref("customer_archive.group_archive_manager"))
