from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitLate(VisitCase):
    """A visit is late (overdue) only after its planned day, in the salesperson's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_salesperson.tz = "Asia/Shanghai"
        cls.day = cls.today + timedelta(days=3)
        # 09:00 in Shanghai
        cls.visit = cls.Visit.create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.user_salesperson.id,
                "planned_date": datetime.combine(cls.day, time(1, 0)),
            }
        )

    def _late_at(self, moment):
        with freeze_time(moment):
            self.visit.invalidate_recordset(["is_late"])
            return self.visit.is_late

    def test_01_not_late_on_its_day(self):
        self.assertFalse(self._late_at(datetime.combine(self.day, time(0, 30))), "before its time")
        self.assertFalse(
            self._late_at(datetime.combine(self.day, time(3, 0))),
            "11:00 in Shanghai: its time has passed, its day has not",
        )
        self.assertFalse(
            self._late_at(datetime.combine(self.day, time(15, 59))), "23:59 in Shanghai"
        )

    def test_02_late_the_next_day_of_the_salesperson(self):
        # 16:30 UTC is still the planned day in UTC, but 00:30 the next day in Shanghai.
        self.assertTrue(self._late_at(datetime.combine(self.day, time(16, 30))))
        self.assertTrue(self._late_at(datetime.combine(self.day + timedelta(days=2), time(4, 0))))

    def test_03_done_or_cancelled_is_never_late(self):
        self.visit.state = "cancelled"
        self.assertFalse(self._late_at(datetime.combine(self.day + timedelta(days=2), time(4, 0))))

    def test_04_visit_planned_today_stops_the_due_reminder(self):
        """The visit policy's reminder counts a visit planned earlier today as planned."""
        self._visit(days=-20, state="done")
        now = fields.Datetime.now()
        self.visit.planned_date = max(
            datetime.combine(now.date(), time.min), now - timedelta(minutes=5)
        )
        self.user_salesperson.tz = "UTC"
        self.Partner._cron_visit_policy()
        self.assertFalse(
            self._activities(self.customer, "customer_archive.mail_activity_type_visit_due")
        )
