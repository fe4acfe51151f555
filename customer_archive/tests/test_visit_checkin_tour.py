from odoo.tests import tagged

from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestVisitCheckinTour(TourCase):
    """Check-in stores a location only with the user's consent and the browser's (PIPL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.visit_checkin_enabled = True
        cls.user = cls.env["res.users"].create({
            "name": "签到业务员",
            "login": "tour_checkin_user",
            "password": "tour_checkin_user",
            "groups_id": [(6, 0, [
                cls.env.ref("base.group_user").id,
                cls.env.ref("sales_team.group_sale_salesman").id,
                cls.env.ref("customer_archive.group_archive_user").id,
            ])],
        })
        cls.customer = cls.env["res.partner"].create({
            "name": "福州签到客户有限公司", "is_company": True, "is_customer_archive": True,
            "user_id": cls.user.id,
        })
        on_site = cls.env["customer.archive.visit.method"].search([("is_remote", "=", False)], limit=1)
        cls.visit = cls.env["customer.archive.visit"].create({
            "partner_id": cls.customer.id,
            "user_id": cls.user.id,
            "method_id": on_site.id,
        })

    def _run(self, tour):
        url = "/odoo/action-customer_archive.customer_archive_visit_action/%s" % self.visit.id
        self.start_tour(url, tour, login=self.user.login)
        self.visit.invalidate_recordset()
        self.assertTrue(self.visit.actual_start, "the visit is started either way")
        self.assertFalse(self.visit.checkin_date)
        self.assertFalse(self.visit.checkin_latitude)
        self.assertFalse(self.visit.checkin_longitude)

    def test_01_declined_check_in_stores_nothing(self):
        self._run("customer_archive_visit_checkin_decline_tour")

    def test_02_no_browser_permission_stores_nothing(self):
        self._run("customer_archive_visit_checkin_share_tour")
