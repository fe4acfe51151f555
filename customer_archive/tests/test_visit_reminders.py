from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitReminders(VisitCase):
    BIRTHDAY = "customer_archive.mail_activity_type_birthday"

    def _birthday_activities(self, person):
        return self._activities(person, self.BIRTHDAY)

    def test_01_birthday_across_year_end(self):
        """Reminded 3 days ahead: on 30 December for a 2 January birthday, once."""
        self.contact.birthday = date(1980, 1, 2)
        with freeze_time("2026-12-28"):
            self.Partner._cron_visit_reminders()
            self.assertFalse(self._birthday_activities(self.contact), "5 days ahead: too early")
        with freeze_time("2026-12-30"):
            self.Partner._cron_visit_reminders()
            self.Partner._cron_visit_reminders()
        activity = self._birthday_activities(self.contact)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2027, 1, 2))
        self.assertEqual(activity.user_id, self.user_salesperson, "the customer's salesperson")
        with freeze_time("2027-01-01"):
            self.Partner._cron_visit_reminders()
        self.assertEqual(len(self._birthday_activities(self.contact)), 1)

    def test_02_birthday_29_february(self):
        self.contact.birthday = date(1988, 2, 29)
        with freeze_time("2027-02-25"):  # non-leap year: reminded for 28 February
            self.Partner._cron_visit_reminders()
        activity = self._birthday_activities(self.contact)
        self.assertEqual(activity.date_deadline, date(2027, 2, 28))
        with freeze_time("2028-02-26"):  # leap year: 29 February
            self.Partner._cron_visit_reminders()
        deadlines = sorted(self._birthday_activities(self.contact).mapped("date_deadline"))
        self.assertEqual(deadlines, [date(2027, 2, 28), date(2028, 2, 29)])

    def test_03_birthday_on_the_day_and_settings(self):
        self.company.visit_reminder_days = 0
        self.contact.birthday = date(1975, 6, 1)
        with freeze_time("2027-05-31"):
            self.Partner._cron_visit_reminders()
            self.assertFalse(self._birthday_activities(self.contact))
        with freeze_time("2027-06-01"):
            self.Partner._cron_visit_reminders()
            self.assertEqual(len(self._birthday_activities(self.contact)), 1)

    def test_04_planned_visit_reminder(self):
        visit = self._visit(days=2)
        far = self._visit(days=10)
        self.Partner._cron_visit_reminders()
        self.Partner._cron_visit_reminders()
        reminder = self._activities(visit, "customer_archive.mail_activity_type_visit_reminder")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.user_salesperson)
        self.assertFalse(self._activities(far))

    def test_05_review_reminder(self):
        self.customer.write({"keeper_id": self.user_officer.id,
                             "last_review_date": self.today - timedelta(days=1)})
        months = self.company.archive_review_months
        self.assertTrue(self.customer.next_review_date)
        review_day = self.customer.next_review_date
        with freeze_time(review_day - timedelta(days=2)):
            self.Partner._cron_visit_reminders()
            self.Partner._cron_visit_reminders()
        activity = self._activities(self.customer, "customer_archive.mail_activity_type_archive_review")
        self.assertEqual(len(activity), 1, months)
        self.assertEqual(activity.user_id, self.user_officer, "the archive keeper")
        self.assertEqual(activity.date_deadline, review_day)
