from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitPolicy(VisitCase):
    def test_01_default_policies(self):
        figures = {code: (self._policy(code).min_visits_month, self._policy(code).max_days_between)
                   for code in "ABCD"}
        self.assertEqual(figures, {"A": (4, 10), "B": (2, 20), "C": (1, 45), "D": (0, 90)})
        # A new company gets them too.
        self.assertEqual(self._policy("B", self.company_2).max_days_between, 20)

    def test_02_due_date_from_archive_date_then_last_visit(self):
        self.assertFalse(self.customer.last_visit_date)
        self.assertEqual(self.customer.next_visit_due, self.today - timedelta(days=90))
        self.assertTrue(self.customer.visit_overdue)
        self._visit(days=-3, state="done")
        self.assertEqual(self.customer.last_visit_date, self.today - timedelta(days=3))
        self.assertEqual(self.customer.next_visit_due, self.today + timedelta(days=7))
        self.assertFalse(self.customer.visit_overdue)
        # Planned, cancelled and missed visits do not count.
        self._visit(days=-1, state="missed")
        self._visit(days=-1, state="cancelled")
        self._visit(days=1)
        self.assertEqual(self.customer.last_visit_date, self.today - timedelta(days=3))

    def test_03_overdue_boundary(self):
        """Tier A: 10 days. Due exactly today: not overdue; one day later: overdue."""
        self._visit(days=-10, state="done")
        self.assertEqual(self.customer.next_visit_due, self.today)
        self.assertFalse(self.customer.visit_overdue)
        with freeze_time(self.today + timedelta(days=1)):
            self.Partner._cron_visit_policy()
            self.assertTrue(self.customer.visit_overdue)
        with freeze_time(self.today + timedelta(days=2)):
            self._visit(days=1, state="done")  # visited again (today + 1)
            self.assertFalse(self.customer.visit_overdue)

    def test_04_tier_and_policy_changes(self):
        self._visit(days=-5, state="done")
        self._set_tier(self.customer, "C")
        self.assertEqual(self.customer.next_visit_due, self.today + timedelta(days=40))
        self._policy("C").max_days_between = 3
        self.assertEqual(self.customer.next_visit_due, self.today - timedelta(days=2))
        self.assertTrue(self.customer.visit_overdue)
        self._policy("C").active = False
        self.assertFalse(self.customer.next_visit_due)

    def test_05_batch_compute_one_query(self):
        """The last visit of many customers is computed with one grouped query."""
        customers = self.Partner.create([
            {"name": "批量客户%s" % i, "is_company": True, "is_customer_archive": True,
             "user_id": self.user_salesperson.id}
            for i in range(20)
        ])
        for customer in customers[:5]:
            self._visit(partner=customer, days=-2, state="done")
        self.env.invalidate_all()
        self.env.add_to_compute(self.Partner._fields["last_visit_date"], customers)
        with self.assertQueryCount(__system__=3):
            customers.flush_recordset(["last_visit_date"])
        self.assertEqual(len(customers.filtered("last_visit_date")), 5)
