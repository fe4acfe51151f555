from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitCron(VisitCase):
    DUE = "customer_archive.mail_activity_type_visit_due"

    def test_01_due_visit_activity_created_once(self):
        self._visit(days=-9, state="done")  # tier A: due tomorrow, reminded 3 days ahead
        self.Partner._cron_visit_policy()
        activities = self._activities(self.customer, self.DUE)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_salesperson)
        self.assertEqual(activities.date_deadline, self.today + timedelta(days=1))
        self.Partner._cron_visit_policy()
        self.assertEqual(len(self._activities(self.customer, self.DUE)), 1, "second run: no copy")
        # Done (deleted) activity: still never twice for the same due visit.
        activities.action_feedback(feedback="已预约")
        self.Partner._cron_visit_policy()
        self.assertFalse(self._activities(self.customer, self.DUE))
        # The next due visit is a new one.
        self._visit(days=0, state="done")
        self.assertEqual(self.customer.next_visit_due, self.today + timedelta(days=10))
        with freeze_time(self.today + timedelta(days=9)):
            self.Partner._cron_visit_policy()
            self.Partner._cron_visit_policy()
        self.assertEqual(len(self._activities(self.customer, self.DUE)), 1)

    def test_02_no_activity_when_visit_planned(self):
        self._visit(days=-20, state="done")
        self._visit(days=1)
        self.Partner._cron_visit_policy()
        self.assertFalse(self._activities(self.customer, self.DUE))

    def test_03_not_due_no_activity(self):
        self._visit(days=-1, state="done")
        self.Partner._cron_visit_policy()
        self.assertFalse(self._activities(self.customer, self.DUE))

    def test_04_overdue_flag_updated_daily(self):
        self._visit(days=-1, state="done")  # due in 9 days
        with freeze_time(self.today + timedelta(days=12)):
            self.Partner._cron_visit_policy()
            self.assertTrue(self.customer.visit_overdue)
            self.assertEqual(
                self.Partner.search_count([("id", "=", self.customer.id), ("visit_overdue", "=", True)]), 1)
