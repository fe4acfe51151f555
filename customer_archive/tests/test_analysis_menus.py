from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestAnalysisMenus(CustomerArchiveCase):
    """The Analysis menu: by name, by detail and statistical queries, two clicks from the app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = cls.env.ref("customer_archive.customer_archive_menu_root")
        cls.analysis = cls.env.ref("customer_archive.customer_archive_analysis_menu")

    def _visible(self, user, menu):
        return menu.id in self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_01_two_clicks(self):
        """Analysis sits directly under the app; each query is one more click."""
        self.assertEqual(self.analysis.parent_id, self.root)
        names = {
            "customer_archive.customer_archive_find_by_name_menu": "customer_archive.res_partner_archive_action",
            "customer_archive.res_partner_detail_search_menu": "customer_archive.res_partner_detail_search_action",
            "customer_archive.res_partner_statistics_menu": "customer_archive.res_partner_statistics_action",
        }
        for menu_xmlid, action_xmlid in names.items():
            menu = self.env.ref(menu_xmlid)
            self.assertEqual(menu.parent_id, self.analysis)
            self.assertEqual(menu.action, self.env.ref(action_xmlid))
            self.assertTrue(self._visible(self.user_salesperson, menu))

    def test_02_workbook_menu_for_managers_only(self):
        menu = self.env.ref("customer_archive.customer_archive_statistics_xlsx_menu")
        self.assertTrue(self._visible(self.user_manager, menu))
        self.assertFalse(self._visible(self.user_salesperson, menu))
        self.assertFalse(self._visible(self.user_officer, menu))

    def test_03_statistics_views(self):
        """The statistics action opens pivot and graph; grouping by tier, region, type, source
        and status works for a salesperson."""
        action = self.env.ref("customer_archive.res_partner_statistics_action")
        self.assertEqual(action.view_mode, "pivot,graph,list")
        Partner = self.Partner.with_user(self.user_salesperson)
        views = Partner.get_views([(v.view_id.id, v.view_mode) for v in action.view_ids])
        self.assertEqual(set(views["views"]), {"pivot", "graph", "list"})
        self._create_archive("统计测试公司", user_id=self.user_salesperson.id)
        domain = [("is_customer_archive", "=", True)]
        total = Partner.search_count(domain)
        for groupby in (
            "tier_id",
            "region_id",
            "customer_type_id",
            "source_id",
            "archive_status_id",
            "archive_date:month",
        ):
            groups = Partner.read_group(domain, ["__count"], [groupby], lazy=False)
            self.assertEqual(sum(g["__count"] for g in groups), total, groupby)

    def test_04_detailed_search_panel(self):
        """The detailed search has a side panel by tier, region, status, type and source."""
        action = self.env.ref("customer_archive.res_partner_detail_search_action")
        Partner = self.Partner.with_user(self.user_salesperson)
        search = Partner.get_views([(action.search_view_id.id, "search")])["views"]["search"][
            "arch"
        ]
        for fname in ("tier_id", "region_id", "archive_status_id", "customer_type_id", "source_id"):
            self.assertIn('name="%s"' % fname, search.split("<searchpanel")[1])
        region = self.env["customer.archive.region"].create({"name": "西南区"})
        # the salesperson's own archive: the panel counts only archives the user may see
        self._create_archive("成都测试公司", region_id=region.id, user_id=self.user_salesperson.id)
        values = Partner.search_panel_select_range(
            "region_id", search_domain=[("is_customer_archive", "=", True)], enable_counters=True
        )["values"]
        self.assertEqual(next(v for v in values if v["id"] == region.id)["__count"], 1)
