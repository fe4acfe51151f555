from odoo.tests import tagged

from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestVisitTour(TourCase):
    def test_01_plan_start_record_follow_up(self):
        """A salesperson plans a visit, starts it, records the outcome and the next step, and
        sees the follow-up activity."""
        user = self.env["res.users"].create({
            "name": "巡访业务员",
            "login": "tour_visit_user",
            "password": "tour_visit_user",
            "groups_id": [(6, 0, [
                self.env.ref("base.group_user").id,
                self.env.ref("sales_team.group_sale_salesman").id,
                self.env.ref("customer_archive.group_archive_user").id,
            ])],
        })
        customer = self.env["res.partner"].create({
            "name": "杭州巡访客户有限公司", "is_company": True, "is_customer_archive": True,
            "user_id": user.id,
        })
        self.env["customer.archive.visit.outcome"].create({"name": "巡访成交", "is_positive": True})
        # Check-in (on in the demo) has its own tours: test_visit_phone_tour, test_visit_checkin_tour.
        self.env.company.visit_checkin_enabled = False
        self.start_tour("/odoo/action-customer_archive.customer_archive_visit_action",
                        "customer_archive_visit_tour", login=user.login)
        visit = self.env["customer.archive.visit"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.outcome_id.name, "巡访成交")
        self.assertIn("客户同意试用样品", visit.summary)
        self.assertTrue(visit.actual_start and visit.actual_end)
        self.assertEqual(visit.activity_ids.summary, "寄送样品")
        self.assertEqual(visit.activity_ids.user_id, user)
