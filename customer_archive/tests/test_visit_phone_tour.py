from datetime import timedelta

import pytz

from odoo import fields
from odoo.tests import tagged

from .visit_tour_common import ShanghaiPhoneCase


@tagged("post_install", "-at_install")
class TestVisitPhoneTour(ShanghaiPhoneCase):
    def test_01_plan_start_check_in_done_on_a_phone(self):
        """On a 390×844 phone, without the ⚙ menu: Plan Visit on the archive proposes the next
        free slot, Start Visit asks for the location and checks in, the salesperson sees the
        coordinates, Done with an outcome and a summary."""
        company = self.env.company
        company.write(
            {
                "visit_checkin_enabled": True,
                "visit_first_slot": 9.0,
                "visit_slot_minutes": 90,
                "visit_slots_per_day": 4,
            }
        )
        user = self._salesperson("tour_phone_user", "手机业务员")
        customer = self.env["res.partner"].create(
            {
                "name": "杭州手机拜访有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": user.id,
            }
        )
        self.env["customer.archive.visit.outcome"].create({"name": "手机成交", "is_positive": True})
        before = fields.Datetime.now()
        self.start_tour(
            "/odoo/action-customer_archive.res_partner_archive_action/%s" % customer.id,
            "customer_archive_visit_phone_tour",
            login=user.login,
        )
        visit = self.env["customer.archive.visit"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.outcome_id.name, "手机成交")
        self.assertIn("样品", visit.summary)
        # Planned at a slot of the salesperson's day (Shanghai), not at the minute of the click.
        local = pytz.utc.localize(visit.planned_date).astimezone(pytz.timezone("Asia/Shanghai"))
        self.assertIn(local.strftime("%H:%M"), ("09:00", "10:30", "12:00", "13:30"))
        self.assertLess(local.weekday(), 5)
        self.assertGreaterEqual(visit.planned_date, before - timedelta(minutes=1))
        # Checked in where the phone was.
        self.assertEqual(visit.checkin_user_id, user)
        self.assertAlmostEqual(visit.checkin_latitude, self.LATITUDE, places=5)
        self.assertAlmostEqual(visit.checkin_longitude, self.LONGITUDE, places=5)
