from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestLifecycle(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"archive_dormant_days": 90, "archive_lost_days": 200})
        cls.product = cls._create_product()

    def _active_archive(self, name, archived_days_ago=400):
        return self._create_archive(
            name, archive_status_id=self.status_active.id, archive_date=self._days_ago(archived_days_ago)
        )

    def test_01_cron_moves_idle_customers(self):
        recent = self._active_archive("近期客户")
        self._confirmed_order(recent, self.product, 10)
        edge_active = self._active_archive("八十九天客户")
        self._confirmed_order(edge_active, self.product, 89)
        edge_dormant = self._active_archive("九十天客户")
        self._confirmed_order(edge_dormant, self.product, 90)
        edge_lost = self._active_archive("两百天客户")
        self._confirmed_order(edge_lost, self.product, 200)
        never = self._active_archive("从未下单客户", archived_days_ago=100)
        new_never = self._active_archive("新建未下单客户", archived_days_ago=5)
        changed = self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(recent.archive_status_id, self.status_active)
        self.assertEqual(edge_active.archive_status_id, self.status_active)
        self.assertEqual(edge_dormant.archive_status_id, self.status_dormant)
        self.assertEqual(edge_lost.archive_status_id, self.status_lost)
        self.assertEqual(never.archive_status_id, self.status_dormant)
        self.assertEqual(new_never.archive_status_id, self.status_active)
        self.assertGreaterEqual(changed, 3)
        # The change is explained in the chatter.
        message = edge_lost.message_ids[:1]
        self.assertIn("Lost", message.body)
        self.assertIn("lifecycle", message.body)
        # Running again changes nothing.
        self.assertEqual(self.Partner.search_count([("id", "in", edge_lost.ids), ("archive_stage", "=", "lost")]), 1)
        messages = len(edge_lost.message_ids)
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(len(edge_lost.message_ids), messages)

    def test_02_order_of_a_contact_counts_for_the_company(self):
        company = self._active_archive("总公司")
        contact = self.Partner.create({"name": "采购员小李", "parent_id": company.id})
        self._confirmed_order(contact, self.product, 5)
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(company.archive_status_id, self.status_active)

    def test_03_new_order_reactivates(self):
        dormant = self._create_archive("沉睡客户", archive_status_id=self.status_dormant.id)
        potential = self._create_archive("潜在客户")
        self._confirmed_order(dormant, self.product, 3)
        self._confirmed_order(potential, self.product, 3)
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(dormant.archive_status_id, self.status_active)
        self.assertEqual(potential.archive_status_id, self.status_active)

    def test_04_draft_orders_do_not_count(self):
        partner = self._active_archive("草稿单客户")
        self.env["sale.order"].create({"partner_id": partner.id})
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(partner.archive_status_id, self.status_lost)

    def test_05_posted_invoice_counts(self):
        partner = self._active_archive("发票客户")
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company.id)], limit=1
        )
        if not journal:
            self.skipTest("no sale journal: the company has no chart of accounts")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": self._days_ago(20),
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "quantity": 1, "price_unit": 100})],
            }
        )
        invoice.action_post()
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(partner.archive_status_id, self.status_active)

    def test_06_manual_status(self):
        partner = self._create_archive()
        partner.write(
            {
                "archive_status_id": self.status_lost.id,
                "lost_reason_id": self.env.ref("customer_archive.lost_reason_price").id,
            }
        )
        self.assertEqual(partner.archive_stage, "lost")

    def test_07_settings_validated(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.archive_dormant_days = 0
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.write({"archive_dormant_days": 300, "archive_lost_days": 200})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.archive_review_months = -1
        self.assertEqual(self.company.archive_dormant_days, 90)
        settings = self.env["res.config.settings"].create({"archive_dormant_days": 120})
        settings.execute()
        self.assertEqual(self.company.archive_dormant_days, 120)
