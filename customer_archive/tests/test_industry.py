from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestIndustry(CustomerArchiveCase):
    """Odoo's industry (industry_id) in the completeness rate and the analysis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.industry = cls.env["res.partner.industry"].create({"name": "茶叶批发"})

    def test_01_completeness_counts_the_industry_of_a_company(self):
        """A company archive missing its industry lists it as missing; filling it raises the
        rate by one field. A person's rate does not count it."""
        company_fields = [
            f
            for f, scope in self.Partner._get_completeness_fields().items()
            if scope in ("all", "company")
        ]
        self.assertIn("industry_id", company_fields)
        partner = self._create_archive()
        before = partner.completeness
        self.assertIn("Industry", partner.completeness_missing)
        partner.industry_id = self.industry
        self.assertEqual(partner.completeness, round(100 * 2 / len(company_fields)))
        self.assertGreater(partner.completeness, before)
        self.assertNotIn("Industry", partner.completeness_missing)
        person = self._create_archive("李女士", is_company=False)
        self.assertNotIn("Industry", person.completeness_missing or "")

    def test_02_analysis_groups_by_industry(self):
        """The analysis (as the archive manager) groups archives by industry; the search view
        offers the group-by."""
        tea = self._create_archive("杭州茶叶批发有限公司", industry_id=self.industry.id)
        other = self._create_archive("宁波五金有限公司")
        Partner = self.Partner.with_user(self.user_manager)
        groups = dict(
            Partner._read_group([("id", "in", (tea | other).ids)], ["industry_id"], ["__count"])
        )
        self.assertEqual(groups[self.industry.with_user(self.user_manager)], 1)
        action = self.env.ref("customer_archive.res_partner_statistics_action")
        search = Partner.get_views([(action.search_view_id.id, "search")])["views"]["search"]
        self.assertIn("group_industry", search["arch"])
