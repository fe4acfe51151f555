from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestPublicPool(VisitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"pool_enabled": True, "pool_warning_days": 5,
                           "pool_holding_limit": 0, "pool_cooldown_days": 30})
        cls._policy("C").pool_release_days = 60
        cls.idle = cls._create_archive("闲置客户有限公司", user_id=cls.user_salesperson.id,
                                       archive_date=cls.today - timedelta(days=200))
        cls._set_tier(cls.idle, "C")
        cls.History = cls.env["customer.archive.pool.history"]
        cls.other_salesperson = cls.user_officer

    def test_01_release_after_warning(self):
        self._visit(partner=self.idle, days=-57, state="done")  # release on day +3
        self.Partner._cron_public_pool()
        self.Partner._cron_public_pool()
        warning = self._activities(self.idle, "customer_archive.mail_activity_type_pool_warning")
        self.assertEqual(len(warning), 1, "warned once")
        self.assertEqual(warning.date_deadline, self.today + timedelta(days=3))
        self.assertFalse(self.idle.in_public_pool)
        with freeze_time(self.today + timedelta(days=3)):
            released = self.Partner._cron_public_pool()
        self.assertIn(self.idle, released)
        self.assertTrue(self.idle.in_public_pool)
        self.assertFalse(self.idle.user_id)
        self.assertEqual(self.idle.pool_previous_user_id, self.user_salesperson)
        history = self.History.search([("partner_id", "=", self.idle.id)])
        self.assertEqual((history.action, history.reason, history.salesperson_id),
                         ("release", "auto", self.user_salesperson))

    def test_02_recent_order_or_visit_keeps_customer(self):
        product = self._create_product()
        self._confirmed_order(self.idle, product, days_ago=10)
        self.Partner._cron_public_pool()
        self.assertFalse(self.idle.in_public_pool)
        self.assertFalse(self._activities(self.idle))
        # Tier A never goes to the pool (0 days).
        self.assertFalse(self.customer.in_public_pool)

    def test_03_claim_and_cooldown(self):
        self.idle.with_user(self.user_salesperson).action_pool_release()
        self.assertTrue(self.idle.in_public_pool)
        with self.assertRaises(UserError) as error:
            self.idle.with_user(self.user_salesperson).action_pool_claim()
        self.assertIn("cooldown of 30 days", str(error.exception))
        self.assertTrue(self.idle.in_public_pool, "nothing changed")
        self.idle.with_user(self.other_salesperson).action_pool_claim()
        self.assertEqual(self.idle.user_id, self.other_salesperson)
        self.assertFalse(self.idle.in_public_pool)
        actions = self.History.search([("partner_id", "=", self.idle.id)], order="id").mapped("action")
        self.assertEqual(actions, ["release", "claim"])
        # After the cooldown the previous salesperson may claim it back.
        self.idle.with_user(self.other_salesperson).action_pool_release()
        with freeze_time(self.today + timedelta(days=31)):
            self.idle.with_user(self.other_salesperson).action_pool_claim()
        self.assertEqual(self.idle.user_id, self.other_salesperson)

    def test_04_holding_limit(self):
        self._create_archive("已持有客户", user_id=self.other_salesperson.id)
        held = self.Partner.search_count([
            ("is_customer_archive", "=", True), ("user_id", "=", self.other_salesperson.id),
            ("archive_company_id", "=", self.company.id), ("parent_id", "=", False)])
        self.company.pool_holding_limit = held
        self.idle.with_user(self.user_salesperson).action_pool_release()
        with self.assertRaises(UserError) as error:
            self.idle.with_user(self.other_salesperson).action_pool_claim()
        self.assertIn("holding limit of %s" % held, str(error.exception))
        self.assertTrue(self.idle.in_public_pool)
        self.assertEqual(self.History.search_count([("partner_id", "=", self.idle.id)]), 1)
        self.company.pool_holding_limit = held + 1
        self.idle.with_user(self.other_salesperson).action_pool_claim()
        self.assertEqual(self.idle.user_id, self.other_salesperson)

    def test_05_bad_input(self):
        with self.assertRaises(UserError):
            self.customer.with_user(self.other_salesperson).action_pool_release()
        with self.assertRaises(UserError):
            self.customer.action_pool_claim()
        self.company.pool_enabled = False
        with self.assertRaises(UserError) as error:
            self.idle.with_user(self.user_salesperson).action_pool_release()
        self.assertIn("not enabled", str(error.exception))
        self.assertFalse(self.idle.in_public_pool)
