from datetime import timedelta

from odoo.tests import Form, tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitFlow(VisitCase):
    def test_01_plan_start_done_next_step(self):
        """A salesperson plans a visit in the form, starts it, records the outcome and the next
        step: the follow-up activity is created once."""
        self.company.visit_checkin_enabled = False
        Visit = self.Visit.with_user(self.user_salesperson)
        with Form(Visit) as form:
            form.partner_id = self.customer
            form.planned_date = self._now() - timedelta(minutes=30)
            form.method_id = self.method_onsite
            form.purpose_id = self.purpose_order
            form.contact_ids.add(self.contact)
        visit = form.record
        self.assertEqual(visit.user_id, self.user_salesperson)
        self.assertEqual(visit.company_id, self.company)
        self.assertEqual(visit.state, "planned")
        self.assertTrue(visit.action_start())
        self.assertTrue(visit.actual_start)
        self.assertFalse(visit.checkin_date, "no check-in when the company does not use it")
        with Form(visit) as form:
            form.outcome_id = self.outcome_order
            form.summary = "<p>采购经理确认下月追加订单。</p>"
            form.next_step = "发送报价单"
            form.next_step_date = self.today + timedelta(days=2)
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.actual_end >= visit.actual_start)
        follow_up = self._activities(visit, "customer_archive.mail_activity_type_visit_follow_up")
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.summary, "发送报价单")
        self.assertEqual(follow_up.user_id, self.user_salesperson)
        self.assertEqual(follow_up.date_deadline, self.today + timedelta(days=2))
        visit.write({"summary": "<p>补充</p>", "next_step": "再次确认"})
        self.assertEqual(len(self._activities(visit)), 1, "one follow-up per visit")
        self.assertEqual(self.customer.last_visit_date, visit.visit_date)

    def test_02_done_without_start_uses_planned_date(self):
        visit = self._visit(days=-2, outcome_id=self.outcome_order.id, summary="<p>电话确认</p>")
        visit.action_done()
        self.assertEqual(visit.actual_start, visit.planned_date)
        self.assertEqual(visit.visit_date, self.today - timedelta(days=2))

    def test_03_checkin_with_consent(self):
        self.company.visit_checkin_enabled = True
        visit = self._visit(days=0)
        action = visit.with_user(self.user_salesperson).action_start()
        self.assertEqual(action["tag"], "customer_archive.visit_checkin")
        self.assertFalse(visit.checkin_date, "nothing stored before the browser answers")
        visit.with_user(self.user_salesperson).action_checkin(30.2741, 120.1551, 25)
        self.assertAlmostEqual(visit.checkin_latitude, 30.2741, places=4)
        self.assertAlmostEqual(visit.checkin_longitude, 120.1551, places=4)
        self.assertTrue(visit.checkin_date)
        # Remote contacts ask for no location.
        phone = self._visit(days=0, method_id=self.method_phone.id)
        self.assertIs(phone.action_start(), True)

    def test_04_cancel_missed_reset(self):
        visit = self._visit(days=-1)
        visit.action_mark_missed()
        self.assertEqual(visit.state, "missed")
        visit.action_reset_planned()
        visit.action_cancel()
        self.assertEqual(visit.state, "cancelled")

    def test_05_feedback_state(self):
        visit = self._visit(days=-1, feedback="送货延迟")
        self.assertEqual(visit.feedback_state, "open")
        visit.resolution = "已调整物流"
        self.assertEqual(visit.feedback_state, "resolved")
