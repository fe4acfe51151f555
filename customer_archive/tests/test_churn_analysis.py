from odoo.tests import tagged

from .churn_common import ChurnCase
from .xlsx_common import XlsxCase


@tagged("post_install", "-at_install")
class TestChurnAnalysis(ChurnCase, XlsxCase):
    """The churn analysis: archives and revenue lost per month, tier, region, salesperson and
    reason, under Analysis and in the statistics workbook, within the archives' visibility."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = cls.env["customer.archive.region"].create({"name": "华东区"})
        (cls.mine | cls.theirs).region_id = cls.region
        cls.order_mine = cls._confirmed_order(cls.mine, cls.product, 20)
        cls.order_theirs = cls._confirmed_order(cls.theirs, cls.product, 40)
        cls.order_theirs_2 = cls._confirmed_order(cls.theirs, cls.product, 50)
        cls.mine.write(
            {"archive_status_id": cls.status_lost.id, "lost_reason_id": cls.reason_price.id}
        )
        cls.theirs.write(
            {"archive_status_id": cls.status_lost.id, "lost_reason_id": cls.reason_competitor.id}
        )
        cls.action = cls.env.ref("customer_archive.res_partner_churn_action")
        cls.domain = [("is_customer_archive", "=", True), ("archive_stage", "=", "lost")]
        cls.groupby = ["lost_date:month", "lost_tier_id", "region_id", "user_id", "lost_reason_id"]

    def _churn(self, user):
        return self.Partner.with_user(user).read_group(
            self.domain, ["lost_revenue:sum"], self.groupby, lazy=False
        )

    def test_01_menu_and_views(self):
        """Churn Analysis under Analysis opens a pivot and a graph, for a salesperson too."""
        menu = self.env.ref("customer_archive.res_partner_churn_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("customer_archive.customer_archive_analysis_menu")
        )
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user_salesperson)._visible_menu_ids()
        )
        views = self.Partner.with_user(self.user_salesperson).get_views(
            [(v.view_id.id, v.view_mode) for v in self.action.view_ids]
        )
        self.assertLessEqual({"pivot", "graph", "list"}, set(views["views"]))

    def test_02_figures_per_dimension(self):
        """The manager sees both losses, with the revenue of each archive's window."""
        groups = self._churn(self.user_manager)
        by_reason = {
            g["lost_reason_id"][0]: g
            for g in groups
            if g["region_id"] and g["region_id"][0] == self.region.id
        }
        self.assertEqual(by_reason[self.reason_price.id]["__count"], 1)
        self.assertAlmostEqual(
            by_reason[self.reason_price.id]["lost_revenue"], self.order_mine.amount_untaxed
        )
        self.assertAlmostEqual(
            by_reason[self.reason_competitor.id]["lost_revenue"],
            self.order_theirs.amount_untaxed + self.order_theirs_2.amount_untaxed,
        )
        self.assertEqual(by_reason[self.reason_price.id]["user_id"][0], self.user_salesperson.id)

    def test_03_salesperson_sees_only_their_own(self):
        """read_group and search_read as the salesperson: their own loss, not the officer's
        (of the other lost archives, only those of the public pool, open to every salesperson)."""
        visible = self.Partner.with_user(self.user_salesperson).search(self.domain)
        self.assertIn(self.mine, visible)
        self.assertNotIn(self.theirs, visible)
        self.assertTrue(
            all(p.user_id == self.user_salesperson or p.in_public_pool for p in visible.sudo())
        )
        self.domain = self.domain + [("region_id", "=", self.region.id)]
        groups = self._churn(self.user_salesperson)
        self.assertEqual(sum(g["__count"] for g in groups), 1)
        self.assertEqual(groups[0]["lost_reason_id"][0], self.reason_price.id)
        self.assertAlmostEqual(
            sum(g["lost_revenue"] for g in groups), self.order_mine.amount_untaxed
        )
        rows = self.Partner.with_user(self.user_salesperson).search_read(
            self.domain, ["lost_revenue", "lost_reason_id"]
        )
        self.assertEqual([r["id"] for r in rows], self.mine.ids)

    def test_04_workbook_churn_sheet(self):
        """The statistics workbook has a Churn sheet: one row per month, tier, region,
        salesperson and reason, totals equal to the database."""
        report = self.env["report.customer_archive.statistics_xlsx"].with_user(self.user_manager)
        content = report._create_xlsx_report({})[0]
        book = self._workbook(content)
        self.assertEqual(book.sheetnames[-1], "Churn")
        sheet = book["Churn"]
        self.assertEqual(
            [c.value for c in sheet[3]][:7],
            [
                "Month",
                "Tier When Lost",
                "Sales Region",
                "Salesperson",
                "Lost Reason",
                "Archives Lost",
                "Revenue Lost (%s)" % self.company.currency_id.name,
            ],
        )
        rows = [r[:7] for r in self._rows(sheet, first_row=4)]
        data, total = rows[:-1], rows[-1]
        ours = sorted((r[3], r[4], r[5]) for r in data if r[2] == "华东区")
        self.assertEqual(
            ours,
            sorted(
                [
                    (self.user_salesperson.name, "Price", 1),
                    (self.user_officer.name, "Lost to a Competitor", 1),
                ]
            ),
        )
        visible = self.Partner.with_user(self.user_manager).search(
            self.domain + [("lost_date", "!=", False)]
        )
        self.assertEqual(total[0], "Total")
        self.assertEqual(total[5], len(visible))
        self.assertAlmostEqual(total[6], sum(visible.mapped("lost_revenue")), places=2)
        # The revenue-per-month chart is drawn.
        charts = self._zip_members(content, r"xl/charts/chart\d+\.xml")
        self.assertTrue(
            any("<c:barChart>" in xml and "Revenue Lost" in xml for xml in charts.values())
        )

    def test_05_workbook_sheet_within_visibility(self):
        """The sheet's query runs as the user: a salesperson's sheet holds their loss and not
        the officer's."""
        sheet = (
            self.env["report.customer_archive.statistics_xlsx"]
            .with_user(self.user_salesperson)
            ._sheet_churn({})
        )
        rows = [r for r in sheet["blocks"][0]["rows"] if r[2] == "华东区"]
        self.assertEqual(
            [(r[3], r[4], r[5]) for r in rows], [(self.user_salesperson.name, "Price", 1)]
        )
        self.assertAlmostEqual(rows[0][6], self.order_mine.amount_untaxed)
