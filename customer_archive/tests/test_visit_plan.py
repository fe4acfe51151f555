from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitPlan(VisitCase):
    def _wizard(self, user=None, **values):
        Wizard = self.env["customer.archive.visit.plan"].with_user(user or self.user_salesperson)
        with Form(Wizard) as form:
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_01_plan_from_policy(self):
        """Tier A (4 a month, 10 days): every 7 days over four weeks, no weekends."""
        start = self.today + timedelta(days=1)
        wizard = self._wizard(date_from=start, date_to=start + timedelta(days=27),
                              skip_weekends=False)
        wizard.partner_ids = self.customer
        wizard.action_plan()
        planned = self.Visit.search([("partner_id", "=", self.customer.id), ("state", "=", "planned")],
                                    order="planned_date")
        self.assertEqual(len(planned), 4)
        self.assertEqual(planned[0].visit_date, start)
        self.assertEqual(planned[1].visit_date - planned[0].visit_date, timedelta(days=7))
        self.assertEqual(set(planned.user_id), {self.user_salesperson})
        # Planning again creates nothing twice.
        wizard.action_plan()
        self.assertEqual(self.Visit.search_count([("partner_id", "=", self.customer.id),
                                                  ("state", "=", "planned")]), 4)

    def test_02_recurring_every_n_days(self):
        start = self.today + timedelta(days=1)
        wizard = self._wizard(mode="recurring", interval_days=14, date_from=start,
                              date_to=start + timedelta(days=60), skip_weekends=True)
        wizard.partner_ids = self.customer
        wizard.action_plan()
        planned = self.Visit.search([("partner_id", "=", self.customer.id), ("state", "=", "planned")])
        self.assertEqual(len(planned), 5)
        self.assertTrue(all(v.visit_date.weekday() < 5 for v in planned))

    def test_03_all_customers_of_salesperson(self):
        other = self._create_archive("苏州计划客户", user_id=self.user_salesperson.id,
                                     archive_date=self.today - timedelta(days=100))
        self._set_tier(other, "D")  # 0 a month, 90 days, due 10 days ago: one visit
        recent = self._create_archive("无锡新客户", user_id=self.user_salesperson.id)
        self._set_tier(recent, "D")  # due in 90 days: nothing to plan this month
        start = self.today + timedelta(days=1)
        wizard = self._wizard(date_from=start, date_to=start + timedelta(days=29))
        wizard.action_plan()
        self.assertEqual(self.Visit.search_count([("partner_id", "=", other.id)]), 1)
        self.assertEqual(self.Visit.search_count([("partner_id", "=", recent.id)]), 0)
        self.assertTrue(self.Visit.search_count([("partner_id", "=", self.customer.id)]) >= 4)

    def test_04_bad_input(self):
        wizard = self._wizard(date_from=self.today, date_to=self.today - timedelta(days=1))
        with self.assertRaises(ValidationError) as error:
            wizard.action_plan()
        self.assertIn("Until", str(error.exception))
        wizard = self._wizard(mode="recurring", interval_days=0)
        wizard.partner_ids = self.customer
        with self.assertRaises(ValidationError):
            wizard.action_plan()
        wizard = self._wizard(user=self.user_manager)
        wizard.user_id = self.user_plain
        with self.assertRaises(UserError):
            wizard.action_plan()
        self.assertFalse(self.Visit.search_count([("partner_id", "=", self.customer.id)]))
