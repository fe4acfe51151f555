from datetime import datetime, time, timedelta

from odoo.tests import tagged

from .visit_tour_common import ShanghaiPhoneCase


@tagged("post_install", "-at_install")
class TestVisitPlanTour(ShanghaiPhoneCase):
    browser_size = "1440x900"
    touch_enabled = False

    def test_01_preview_drop_create_calendar(self):
        """A salesperson in Shanghai (browser in Shanghai) plans three customers: the preview
        shows them at 09:00, 10:30 and 12:00 (by name: 丙, 乙, 甲); the 10:30 line is removed;
        the calendar shows the two others at 09:00 and 12:00."""
        self.env.company.write(
            {
                "visit_first_slot": 9.0,
                "visit_slot_minutes": 90,
                "visit_slots_per_day": 4,
                "resource_calendar_id": False,
            }
        )
        user = self._salesperson("tour_plan_user", "计划业务员")
        customers = self.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "is_customer_archive": True, "user_id": user.id}
                for name in ("甲计划客户", "乙计划客户", "丙计划客户")
            ]
        )
        today = datetime.now().date()
        monday = today + timedelta(days=7 - today.weekday())
        action = self.env["ir.actions.act_window"].create(
            {
                "name": "Plan Visits",
                "res_model": "customer.archive.visit.plan",
                "view_mode": "form",
                "target": "new",
                "context": repr(
                    {
                        "default_mode": "recurring",
                        "default_interval_days": 30,
                        "default_date_from": str(monday),
                        "default_date_to": str(monday + timedelta(days=4)),
                    }
                ),
            }
        )
        self.start_tour(
            "/odoo/action-%s" % action.id, "customer_archive_visit_plan_tour", login=user.login
        )
        visits = self.env["customer.archive.visit"].search(
            [("partner_id", "in", customers.ids)], order="planned_date"
        )
        self.assertEqual(visits.mapped("partner_id.name"), ["丙计划客户", "甲计划客户"])
        self.assertEqual(
            visits.mapped("planned_date"),
            [datetime.combine(monday, time(1, 0)), datetime.combine(monday, time(4, 0))],
            "09:00 and 12:00 in Shanghai are 01:00 and 04:00 UTC",
        )
