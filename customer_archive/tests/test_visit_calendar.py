from datetime import datetime, time, timedelta

from lxml import etree

from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitCalendar(VisitCase):
    """The visit calendar's date filters work: it searches on the start and the end of the
    visits, and the server logs no error."""

    def _calendar_domain(self, Visit, start, end):
        """The domain the web client's calendar sends for the range [start, end]
        (calendar_model.js computeRangeDomain), built from the calendar view's arch."""
        views = Visit.get_views([(False, "calendar")])
        arch = etree.fromstring(views["views"]["calendar"]["arch"])
        date_start, date_stop = arch.get("date_start"), arch.get("date_stop")
        self.assertTrue(date_stop, "the calendar shows the end of the visits")
        return [(date_start, "<=", end), (date_stop, ">=", start)]

    def test_01_week_range(self):
        monday = self.today + timedelta(days=7 - self.today.weekday())
        start = datetime.combine(monday, time.min)
        end = datetime.combine(monday + timedelta(days=6), time(23, 59, 59))
        visit = dict(partner_id=self.customer.id, user_id=self.user_salesperson.id)
        ended_before = self.Visit.create({**visit, "planned_date": start - timedelta(hours=3)})
        across_start = self.Visit.create({**visit, "planned_date": start - timedelta(minutes=30)})
        inside = self.Visit.create({**visit, "planned_date": start + timedelta(days=2, hours=9)})
        after = self.Visit.create({**visit, "planned_date": end + timedelta(hours=1)})
        Visit = self.Visit.with_user(self.user_salesperson)
        domain = self._calendar_domain(Visit, start, end)
        with self.assertNoLogs("odoo.osv.expression", level="ERROR"):
            found = Visit.search_read(
                domain + [("id", "in", (ended_before | across_start | inside | after).ids)], ["id"]
            )
        self.assertEqual({row["id"] for row in found}, {across_start.id, inside.id})

    def test_02_end_moved_on_the_calendar(self):
        """Dragging the end of a visit on the calendar changes its duration."""
        visit = self._visit(days=2)
        visit.with_user(self.user_salesperson).write(
            {"planned_end": visit.planned_date + timedelta(minutes=90)}
        )
        self.assertEqual(visit.planned_duration, 1.5)
        visit.planned_duration = 2
        self.assertEqual(visit.planned_end, visit.planned_date + timedelta(hours=2))
