from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .pipl_common import PiplCase


@tagged("post_install", "-at_install")
class TestPiplRequest(PiplCase):
    def _request(self, user=None, **vals):
        env = self.env(user=user or self.user_officer)
        return env["customer.archive.subject.request"].create(
            {
                "partner_id": self.person.id,
                "request_type": "access",
                **vals,
            }
        )

    def test_01_due_date_follows_the_company_setting(self):
        """Default: 15 calendar days; working days skip weekends."""
        friday = date(2026, 11, 6)
        request = self._request(received_date=friday)
        self.assertTrue(request.name.startswith("GXQ"))
        self.assertEqual(request.due_date, friday + timedelta(days=15))
        self.company.write({"pipl_request_days": 10, "pipl_request_working_days": True})
        request2 = self._request(received_date=friday)
        # 10 working days after a Friday: two weeks later, Friday.
        self.assertEqual(request2.due_date, date(2026, 11, 20))
        with self.assertRaises(ValidationError):
            self.company.pipl_request_days = 0

    def test_02_overdue_flag_and_search(self):
        old = self._request(received_date=self._days_ago(20))
        recent = self._request(received_date=self._days_ago(2))
        Request = self.env["customer.archive.subject.request"]
        self.assertTrue(old.is_overdue)
        self.assertFalse(recent.is_overdue)
        overdue = Request.search([("is_overdue", "=", True), ("partner_id", "=", self.person.id)])
        self.assertEqual(overdue, old)
        self.assertEqual(
            Request.search([("is_overdue", "=", False), ("partner_id", "=", self.person.id)]),
            recent,
        )
        old.action_done()
        self.assertFalse(old.is_overdue)
        self.assertEqual(old.closed_date, self.today)

    def test_03_handler_activity(self):
        """The handler gets an activity due on the due date; it follows a new handler and goes
        when the request is answered."""
        request = self._request(user_id=self.user_officer.id)
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_officer)
        self.assertEqual(activity.date_deadline, request.due_date)
        request.user_id = self.user_manager
        self.assertEqual(request.activity_ids.user_id, self.user_manager)
        self.assertEqual(len(request.activity_ids), 1)
        request.with_user(self.user_manager).action_done()
        self.assertFalse(request.activity_ids)
        self.assertEqual(len(self._log_entries("subject_request", self.person)), 2)

    def test_04_refusal_needs_a_reason(self):
        request = self._request(request_type="deletion")
        with self.assertRaises(ValidationError):
            request.action_refuse()
        self.assertEqual(request.state, "new")
        request.refusal_reason = "合同和发票依法须保存"
        request.action_refuse()
        self.assertEqual(request.state, "refused")

    def test_05_dates_checked(self):
        with self.assertRaises(ValidationError):
            self._request(received_date=self._days_ago(-1))
        with self.assertRaises(ValidationError):
            self._request(received_date=self._days_ago(5), due_date=self._days_ago(6))

    def test_06_salesperson_has_no_access(self):
        request = self._request()
        with self.assertRaises(AccessError):
            self._request(user=self.user_salesperson)
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesperson).read(["name"])
        with self.assertRaises(AccessError):
            request.with_user(self.user_officer).unlink()

    def test_07_overdue_tomorrow(self):
        request = self._request(received_date=self.today)
        self.assertFalse(request.is_overdue)
        later = fields.Date.today() + timedelta(days=16)
        with patch.object(fields.Date, "context_today", lambda *a, **k: later):
            request.invalidate_recordset(["is_overdue"])
            self.assertTrue(request.is_overdue)
