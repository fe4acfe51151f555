from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestMaskingMail(CustomerArchiveCase):
    """Mail templates render sensitive values masked for uncleared users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls._create_archive("苏州邮件测试有限公司", user_id=cls.user_officer.id)
        cls.contact = cls.Partner.create(
            {"name": "周海燕", "parent_id": cls.archive.id, "mobile": "13987654321"}
        )
        cls.template = cls.env["mail.template"].create(
            {
                "name": "客户问候",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "subject": "致 {{ object.name }}（{{ object.mobile }}）",
                "body_html": '<p>手机：<t t-out="object.mobile"/></p>',
                "email_to": "{{ object.email }}",
            }
        )

    def _render(self, user, field):
        return self.template.with_user(user)._render_field(field, self.contact.ids)[self.contact.id]

    def test_01_uncleared_user_gets_masks_in_subject_and_body(self):
        for field in ("subject", "body_html"):
            text = str(self._render(self.user_officer, field))
            self.assertNotIn("13987654321", text, field)
            self.assertIn("139****4321", text, field)
        self.assertIn("周海燕", str(self._render(self.user_officer, "subject")))

    def test_02_cleared_manager_gets_the_real_value(self):
        self.assertIn("13987654321", str(self._render(self.user_manager, "body_html")))

    def test_03_related_partner_values_are_masked_too(self):
        """A template on another model printing ``object.partner_id.mobile`` is masked too."""
        share = self.env["customer.archive.share"].create(
            {"partner_id": self.archive.id, "user_id": self.user_salesperson.id, "mode": "read"}
        )
        self.archive.mobile = "13600001111"
        template = self.template.copy(
            {
                "model_id": self.env.ref("customer_archive.model_customer_archive_share").id,
                "body_html": '<p><t t-out="object.partner_id.mobile"/></p>',
            }
        )
        text = str(
            template.with_user(self.user_officer)._render_field("body_html", share.ids)[share.id]
        )
        self.assertNotIn("13600001111", text)
        self.assertIn("136****1111", text)


@tagged("post_install", "-at_install")
class TestMaskingSearchPanel(CustomerArchiveCase):
    """The search panel counts with the user's domains: a masked value matches no archive."""

    def test_01_search_panel_domain_on_masked_field_matches_no_archive(self):
        archive = self._create_archive(
            name="面板测试", mobile="13911112222", user_id=self.user_officer.id
        )
        Partner = self.Partner.with_user(self.user_officer)
        panel = Partner.search_panel_select_range(
            "region_id", search_domain=[("is_customer_archive", "=", True)], enable_counters=True
        )
        self.assertIn("values", panel)
        domain = [("mobile", "like", "1391111"), ("id", "=", archive.id)]
        panel = Partner.search_panel_select_multi_range(
            "user_id", search_domain=domain, enable_counters=True
        )
        self.assertFalse(sum(value.get("__count", 0) for value in panel["values"]))
        # cleared: the manager's counters include it
        panel = self.Partner.with_user(self.user_manager).search_panel_select_multi_range(
            "user_id", search_domain=domain, enable_counters=True
        )
        self.assertEqual(sum(value.get("__count", 0) for value in panel["values"]), 1)
