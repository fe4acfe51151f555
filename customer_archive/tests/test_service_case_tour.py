from odoo.tests import tagged

from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestServiceCaseTour(TourCase):
    def test_01_open_a_case_from_the_archive_resolve_and_rate_it(self):
        """The demo salesperson ca_user opens an archive, records a case from its smart button,
        starts it, resolves it with a resolution and rates the customer's satisfaction."""
        user = self.env.ref("customer_archive.user_archive_user")
        archive = self.env["res.partner"].create(
            {
                "name": "杭州巡检服务客户有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": user.id,
            }
        )
        self.env["customer.archive.case.type"].create({"name": "上门检修"})
        self.start_tour(
            "/odoo/customer-archives/%s" % archive.id,
            "customer_archive_case_tour",
            login=user.login,
        )
        case = self.env["customer.archive.case"].search([("partner_id", "=", archive.id)])
        self.assertEqual(len(case), 1)
        self.assertEqual(case.type_id.name, "上门检修")
        self.assertEqual(case.stage_id, self.env.ref("customer_archive.case_stage_resolved"))
        self.assertEqual(case.resolution, "更换搓纸轮后恢复正常")
        self.assertIn("复印机频繁卡纸", case.description)
        self.assertEqual(case.user_id, user)
        self.assertTrue(case.responded_on and case.closed_on)
        self.assertEqual(archive.with_user(user).case_open_count, 0)
        self.assertEqual(
            (case.satisfaction_score, case.satisfaction_feedback), (4, "处理及时，很满意")
        )
        rating = self.env["rating.rating"].search(
            [("res_model", "=", case._name), ("res_id", "=", case.id)]
        )
        self.assertEqual((rating.rating, rating.archive_id), (4.0, archive))
