from odoo.tests import tagged
from odoo.tests.common import TransactionCase

# zh_CN demo user -> English-speaking twin (same role)
TWINS = {
    "customer_archive.user_archive_user": "customer_archive.user_archive_user_en",
    "customer_archive.user_archive_officer": "customer_archive.user_archive_officer_en",
    "customer_archive.user_archive_manager": "customer_archive.user_archive_manager_en",
    "customer_archive.user_archive_admin": "customer_archive.user_archive_admin_en",
}


@tagged("post_install", "-at_install")
class TestDemoLanguages(TransactionCase):
    """The demo shows both languages, in China's time zone and week."""

    def test_01_english_and_chinese_are_active(self):
        active = self.env["res.lang"].search([]).mapped("code")
        self.assertIn("en_US", active)
        self.assertIn("zh_CN", active)

    def test_02_english_twin_per_role(self):
        for zh_xmlid, en_xmlid in TWINS.items():
            chinese, english = self.env.ref(zh_xmlid), self.env.ref(en_xmlid)
            self.assertEqual(chinese.lang, "zh_CN", zh_xmlid)
            self.assertEqual(english.lang, "en_US", en_xmlid)
            self.assertEqual(english.groups_id, chinese.groups_id, en_xmlid)
            self.assertEqual(english.login, chinese.login + "_en")

    def test_03_every_demo_user_works_in_shanghai(self):
        users = self.env.ref("base.user_admin") | self.env.ref("base.user_demo")
        for xmlid in (*TWINS, *TWINS.values()):
            users |= self.env.ref(xmlid)
        self.assertEqual(set(users.mapped("tz")), {"Asia/Shanghai"})

    def test_04_weeks_start_on_monday_in_chinese(self):
        self.assertEqual(self.env.ref("base.lang_zh_CN").week_start, "1")
        self.assertEqual(self.env.ref("base.lang_en").week_start, "7", "other languages untouched")

    def test_05_public_pool_holds_claimable_customers(self):
        user_en = self.env.ref("customer_archive.user_archive_user_en")
        user_zh = self.env.ref("customer_archive.user_archive_user")
        pool = self.env["res.partner"].with_user(user_zh).search([("in_public_pool", "=", True)])
        self.assertGreaterEqual(len(pool), 3, "张伟 sees the customers of the pool")
        self.assertFalse(pool.user_id)
        claimed = pool[0].with_user(user_en)
        claimed.action_pool_claim()
        self.assertEqual(claimed.user_id, user_en)
        self.assertFalse(claimed.in_public_pool)
        self.assertIn("Daniel Chen", claimed.sudo().message_ids[0].body)
