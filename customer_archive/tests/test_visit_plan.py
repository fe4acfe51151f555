from datetime import datetime, time, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitPlan(VisitCase):
    """The plan wizard spreads visits over working days and free slots, in the salesperson's
    time zone, and creates them only after a preview."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The company's slots: 09:00, 10:30, 12:00, 13:30 on working days (Monday to Friday).
        cls.company.write({
            "visit_first_slot": 9.0, "visit_slot_minutes": 90, "visit_slots_per_day": 4,
        })
        cls.monday = cls.today + timedelta(days=7 - cls.today.weekday())  # next Monday

    def _wizard(self, user=None, **values):
        Wizard = self.env["customer.archive.visit.plan"].with_user(user or self.user_salesperson)
        with Form(Wizard) as form:
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def _planned(self, partners=None):
        return self.Visit.search(
            [("partner_id", "in", (partners or self.customer).ids), ("state", "=", "planned")],
            order="planned_date",
        )

    def _customers(self, count):
        customers = self.Partner.browse()
        for index in range(count):
            customers |= self._create_archive("计划客户%02d" % index, user_id=self.user_salesperson.id)
        return customers

    def test_01_plan_from_policy(self):
        """Tier A (4 a month, 10 days): every 7 days over four weeks, on working days, at the
        first slot; planning again creates nothing twice."""
        wizard = self._wizard(date_from=self.monday, date_to=self.monday + timedelta(days=27))
        wizard.partner_ids = self.customer
        wizard.action_preview()
        self.assertEqual(len(wizard.line_ids), 4)
        self.assertFalse(self._planned(), "the preview creates nothing")
        wizard.action_plan()
        planned = self._planned()
        self.assertEqual(len(planned), 4)
        self.assertEqual(planned[0].planned_date, self._at(self.monday, 9))
        self.assertEqual(planned[1].visit_date - planned[0].visit_date, timedelta(days=7))
        self.assertEqual(set(planned.user_id), {self.user_salesperson})
        self.assertTrue(all(visit.visit_date.weekday() < 5 for visit in planned))
        # Planning again: nothing left to plan.
        again = self._wizard(date_from=self.monday, date_to=self.monday + timedelta(days=27))
        again.partner_ids = self.customer
        again.action_preview()
        self.assertFalse(again.line_ids)
        self.assertIn("Nothing to plan", again.note)
        with self.assertRaises(UserError):
            again.action_plan()
        self.assertEqual(len(self._planned()), 4)

    def test_02_recurring_every_n_days_on_working_days(self):
        """Every 14 days from a Saturday: each visit on the next working day."""
        saturday = self.monday + timedelta(days=5)
        wizard = self._wizard(mode="recurring", interval_days=14, date_from=saturday,
                              date_to=saturday + timedelta(days=60))
        wizard.partner_ids = self.customer
        wizard.action_preview()
        wizard.action_plan()
        planned = self._planned()
        self.assertEqual(len(planned), 5)
        self.assertEqual(
            [visit.visit_date.weekday() for visit in planned], [0] * 5, "Saturdays move to Monday"
        )

    def test_03_all_customers_of_salesperson(self):
        other = self._create_archive("苏州计划客户", user_id=self.user_salesperson.id,
                                     archive_date=self.today - timedelta(days=100))
        self._set_tier(other, "D")  # 0 a month, 90 days, due 10 days ago: one visit
        recent = self._create_archive("无锡新客户", user_id=self.user_salesperson.id)
        self._set_tier(recent, "D")  # due in 90 days: nothing to plan this month
        wizard = self._wizard(date_from=self.monday, date_to=self.monday + timedelta(days=29))
        wizard.action_preview()
        wizard.action_plan()
        self.assertEqual(self.Visit.search_count([("partner_id", "=", other.id)]), 1)
        self.assertEqual(self.Visit.search_count([("partner_id", "=", recent.id)]), 0)
        self.assertTrue(self.Visit.search_count([("partner_id", "=", self.customer.id)]) >= 4)

    def test_04_bad_input(self):
        wizard = self._wizard(date_from=self.today, date_to=self.today - timedelta(days=1))
        with self.assertRaises(ValidationError) as error:
            wizard.action_preview()
        self.assertIn("Until", str(error.exception))
        wizard = self._wizard(mode="recurring", interval_days=0)
        wizard.partner_ids = self.customer
        with self.assertRaises(ValidationError):
            wizard.action_preview()
        wizard = self._wizard(mode="recurring", per_day=10, slot_minutes=180)
        wizard.partner_ids = self.customer
        with self.assertRaises(ValidationError) as error:
            wizard.action_preview()
        self.assertIn("do not fit in one day", str(error.exception))
        wizard = self._wizard(user=self.user_manager)
        wizard.user_id = self.user_plain
        with self.assertRaises(UserError):
            wizard.action_preview()
        wizard = self._wizard()
        wizard.partner_ids = self.customer
        with self.assertRaises(UserError, msg="no visit without a preview"):
            wizard.action_plan()
        self.assertFalse(self.Visit.search_count([("partner_id", "=", self.customer.id)]))
        self.assertEqual(wizard.state, "setup")

    def test_05_time_zone_of_the_salesperson(self):
        """A salesperson in Asia/Shanghai asking for 09:00 gets 01:00 UTC stored: 09:00 on their
        calendar."""
        self.user_salesperson.tz = "Asia/Shanghai"
        wizard = self._wizard(mode="recurring", interval_days=30, date_from=self.monday,
                              date_to=self.monday + timedelta(days=4))
        wizard.partner_ids = self.customer
        self.assertEqual(wizard.tz, "Asia/Shanghai")
        wizard.action_preview()
        # 09:00 in the user's language format (zh_CN 09:00, en_US 9:00 AM)
        self.assertRegex(wizard.line_ids.planned_label, r"(^|\D)0?9:00(\D|$)")
        wizard.action_plan()
        visit = self._planned()
        self.assertEqual(visit.planned_date, datetime.combine(self.monday, time(1, 0)))
        self.assertEqual(visit.visit_date, self.monday)
        [row] = visit.with_user(self.user_salesperson).with_context(tz="Asia/Shanghai").read(
            ["display_name"]
        )
        self.assertRegex(row["display_name"], r"(^|\D)0?9:00(\D|$)")

    def test_06_ten_customers_spread_over_days_and_slots(self):
        """Ten customers due the same day: four a day in four different slots, over three
        working days, never two at the same time."""
        customers = self._customers(10)
        wizard = self._wizard(mode="recurring", interval_days=30, date_from=self.monday,
                              date_to=self.monday + timedelta(days=13))
        wizard.partner_ids = customers
        wizard.action_preview()
        wizard.action_plan()
        planned = self._planned(customers)
        self.assertEqual(len(planned), 10)
        self.assertEqual(len(set(planned.mapped("planned_date"))), 10, "one visit per slot")
        by_day = {}
        for visit in planned:
            by_day.setdefault(visit.visit_date, []).append(visit.planned_date.strftime("%H:%M"))
        self.assertEqual(
            by_day,
            {
                self.monday: ["09:00", "10:30", "12:00", "13:30"],
                self.monday + timedelta(days=1): ["09:00", "10:30", "12:00", "13:30"],
                self.monday + timedelta(days=2): ["09:00", "10:30"],
            },
        )

    def test_07_slots_taken_by_the_salesperson_are_skipped(self):
        """The salesperson's planned visits keep their slots (a visit at 10:45 takes the 10:30
        slot); another salesperson's visits do not count."""
        other_customer = self._create_archive("嘉兴已约客户", user_id=self.user_salesperson.id)
        self.Visit.create({
            "partner_id": other_customer.id, "user_id": self.user_salesperson.id,
            "planned_date": self._at(self.monday, 9),
        })
        self.Visit.create({
            "partner_id": other_customer.id, "user_id": self.user_salesperson.id,
            "planned_date": self._at(self.monday, 10) + timedelta(minutes=45),
        })
        self.Visit.create({
            "partner_id": other_customer.id, "user_id": self.user_manager.id,
            "planned_date": self._at(self.monday, 12),
        })
        wizard = self._wizard(mode="recurring", interval_days=30, date_from=self.monday,
                              date_to=self.monday + timedelta(days=4))
        wizard.partner_ids = self.customer
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.planned_date, self._at(self.monday, 12))
        # A full day moves the visit to the next working day.
        self.Visit.create([{
            "partner_id": other_customer.id, "user_id": self.user_salesperson.id,
            "planned_date": self._at(self.monday, hour),
        } for hour in (12, 14)])
        wizard.action_back()
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.planned_date, self._at(self.monday + timedelta(days=1), 9))

    def test_08_working_days_of_the_company_calendar(self):
        """Visits go to the days of the company's working calendar, not to its public
        holidays; without a calendar, Monday to Friday."""
        calendar = self.env["resource.calendar"].create({
            "name": "周二至周六",
            "tz": "UTC",
            "attendance_ids": [
                (0, 0, {"name": "工作日", "dayofweek": str(day), "hour_from": 8, "hour_to": 17})
                for day in (1, 2, 3, 4, 5)
            ],
        })
        wednesday = self.monday + timedelta(days=2)
        self.env["resource.calendar.leaves"].create({
            "name": "公共假日",
            "calendar_id": calendar.id,
            "date_from": datetime.combine(wednesday, time.min),
            "date_to": datetime.combine(wednesday, time(23, 59)),
        })
        self.company.resource_calendar_id = calendar
        customers = self._customers(4)
        wizard = self._wizard(mode="recurring", interval_days=30, date_from=self.monday,
                              date_to=self.monday + timedelta(days=6), per_day=1)
        wizard.partner_ids = customers
        wizard.action_preview()
        days = [line.planned_date.date() for line in wizard.line_ids]
        self.assertEqual(days, [self.monday + timedelta(days=n) for n in (1, 3, 4, 5)],
                         "Tuesday, Thursday, Friday, Saturday")
        self.company.resource_calendar_id = False
        wizard.action_back()
        wizard.action_preview()
        days = [line.planned_date.date() for line in wizard.line_ids]
        self.assertEqual(days, [self.monday + timedelta(days=n) for n in (0, 1, 2, 3)])

    def test_09_preview_then_create_what_is_kept(self):
        """Lines removed from the preview are not created; the others are."""
        customers = self._customers(3)
        wizard = self._wizard(mode="recurring", interval_days=30, date_from=self.monday,
                              date_to=self.monday + timedelta(days=4))
        wizard.partner_ids = customers
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.partner_id, customers)
        self.assertFalse(self._planned(customers))
        dropped = wizard.line_ids[1].partner_id
        with Form(wizard.with_user(self.user_salesperson)) as form:
            form.line_ids.remove(index=1)
        action = wizard.action_plan()
        planned = self._planned(customers)
        self.assertEqual(planned.partner_id, customers - dropped)
        self.assertEqual(action["domain"], [("id", "in", planned.ids)])

    def test_10_slot_taken_after_the_preview(self):
        """A slot taken between the preview and the creation: refused, nothing created."""
        customers = self._customers(2)
        wizard = self._wizard(mode="recurring", interval_days=30, date_from=self.monday,
                              date_to=self.monday + timedelta(days=4))
        wizard.partner_ids = customers
        wizard.action_preview()
        self.Visit.create({
            "partner_id": self.customer.id, "user_id": self.user_salesperson.id,
            "planned_date": wizard.line_ids[1].planned_date,
        })
        with self.assertRaises(ValidationError) as error:
            wizard.action_plan()
        self.assertIn("no longer free", str(error.exception))
        self.assertFalse(self._planned(customers))
