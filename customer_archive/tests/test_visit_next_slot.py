from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitNextSlot(VisitCase):
    """*Plan Visit* on an archive proposes the salesperson's next free slot (their time zone,
    working days, slots taken by their planned visits), not the current minute."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "visit_first_slot": 9.0,
                "visit_slot_minutes": 90,
                "visit_slots_per_day": 4,
                "resource_calendar_id": False,  # Monday to Friday
            }
        )
        cls.user_salesperson.tz = "Asia/Shanghai"
        cls.monday = cls.today + timedelta(days=7 - cls.today.weekday())

    def _utc(self, day, hour, minute=0):
        """UTC moment of ``hour``:``minute`` in Shanghai (UTC+8) on ``day``."""
        return datetime.combine(day, time(hour, minute)) - timedelta(hours=8)

    def _plan_visit(self):
        action = self.customer.with_user(self.user_salesperson).action_plan_visit()
        Visit = self.Visit.with_user(self.user_salesperson).with_context(**action["context"])
        with Form(Visit) as form:
            self.assertEqual(form.partner_id, self.customer)
        return form.record

    def test_01_next_slot_of_the_day(self):
        """At 10:00 in Shanghai, the 09:00 slot is over: the visit is proposed at 10:30."""
        with freeze_time(self._utc(self.monday, 10)):
            visit = self._plan_visit()
            self.assertEqual(visit.planned_date, self._utc(self.monday, 10, 30))
            self.assertFalse(visit.is_late, "a new visit is never late")

    def test_02_taken_slots_and_full_days_are_skipped(self):
        other = self._create_archive("宁波已约客户", user_id=self.user_salesperson.id)
        self.Visit.create(
            {
                "partner_id": other.id,
                "user_id": self.user_salesperson.id,
                "planned_date": self._utc(self.monday, 10, 30),
            }
        )
        with freeze_time(self._utc(self.monday, 10)):
            self.assertEqual(self._plan_visit().planned_date, self._utc(self.monday, 12))
            # The new visit holds its slot: the next one goes to 13:30, then to Tuesday.
            self.assertEqual(self._plan_visit().planned_date, self._utc(self.monday, 13, 30))
            self.assertEqual(
                self._plan_visit().planned_date, self._utc(self.monday + timedelta(days=1), 9)
            )

    def test_03_friday_evening_goes_to_monday(self):
        friday = self.monday + timedelta(days=4)
        with freeze_time(self._utc(friday, 18)):
            self.assertEqual(
                self._plan_visit().planned_date, self._utc(self.monday + timedelta(days=7), 9)
            )

    def test_04_same_logic_as_the_wizard(self):
        """The wizard and Plan Visit share one slot rule: a visit planned by the wizard takes
        the slot Plan Visit would have proposed."""
        with freeze_time(self._utc(self.monday, 7)):
            wizard = (
                self.env["customer.archive.visit.plan"]
                .with_user(self.user_salesperson)
                .create(
                    {
                        "mode": "recurring",
                        "interval_days": 30,
                        "date_from": self.monday,
                        "date_to": self.monday,
                        "partner_ids": [(6, 0, self.customer.ids)],
                    }
                )
            )
            wizard.action_preview()
            wizard.action_plan()
            self.assertEqual(
                self.Visit.search([("partner_id", "=", self.customer.id)]).planned_date,
                self._utc(self.monday, 9),
            )
            self.assertEqual(self._plan_visit().planned_date, self._utc(self.monday, 10, 30))
