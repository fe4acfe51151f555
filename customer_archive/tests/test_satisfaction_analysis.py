from odoo.exceptions import AccessError
from odoo.tests import tagged

from .satisfaction_common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionAnalysis(SatisfactionCase):
    """The analysis by tier, salesperson, region and month shows only archives the user sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = cls.env["customer.archive.region"].create({"name": "浙江测试区"})
        cls.customer.region_id = cls.region
        cls.own = cls._give(cls.visit_done, 4)
        cls.own_2 = cls._give(cls.visit_done, 2, source="link")
        cls.foreign_rating = cls._give(cls.foreign_visit, 1)
        cls.Report = cls.env["customer.archive.satisfaction.report"]

    def test_01_by_tier_salesperson_region_and_month(self):
        Report = self.Report.with_user(self.user_manager)
        rows = Report._read_group(
            [("archive_id", "in", (self.customer | self.foreign).ids)],
            ["tier_id", "user_id", "region_id", "rated_on:month"],
            ["score:avg", "rating_count:sum"],
        )
        by_user = {user: (tier, region, avg, count) for tier, user, region, _m, avg, count in rows}
        self.assertEqual(by_user[self.user_salesperson], (self.tiers["A"], self.region, 3.0, 2))
        self.assertEqual(by_user[self.user_officer][2:], (1.0, 1))

    def test_02_salesperson_sees_only_the_archives_they_see(self):
        Report = self.Report.with_user(self.user_salesperson)
        rows = Report.search_read([], ["archive_id", "score"])
        self.assertEqual(
            {r["archive_id"][0] for r in rows} & {self.customer.id, self.foreign.id},
            {self.customer.id},
        )
        groups = Report.read_group([], ["score:avg"], ["archive_id"])
        self.assertNotIn(self.foreign.id, [g["archive_id"][0] for g in groups])
        # Export: archive managers only (customer_archive_data_guard.py), for the analysis too.
        with self.assertRaises(AccessError):
            Report.search([]).export_data(["archive_id", "score"])
        with self.assertRaises(AccessError):
            Report.browse(self.foreign_rating.id).read(["score"])

    def test_03_plain_user_has_no_analysis(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_plain).search_read([], ["score"])

    def test_04_menus(self):
        action = self.env.ref("customer_archive.customer_archive_satisfaction_report_action")
        for xmlid in (
            "customer_archive.customer_archive_satisfaction_menu",
            "customer_archive.customer_archive_analysis_satisfaction_menu",
        ):
            self.assertEqual(self.env.ref(xmlid).action, action)
