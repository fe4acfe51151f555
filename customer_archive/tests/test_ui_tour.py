from odoo.tests import tagged

from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestArchiveTour(TourCase):
    def test_01_create_archive_in_form_and_find_it_in_list(self):
        """A salesperson creates an archive through the form and finds it in the list."""
        user = self.env["res.users"].create(
            {
                "name": "巡检业务员",
                "login": "tour_ca_user",
                "password": "tour_ca_user",
                "groups_id": [
                    (6, 0, [
                        self.env.ref("base.group_user").id,
                        self.env.ref("sales_team.group_sale_salesman").id,
                        self.env.ref("customer_archive.group_archive_user").id,
                    ])
                ],
            }
        )
        self.start_tour("/odoo/customer-archives", "customer_archive_create_tour", login=user.login)
        partner = self.env["res.partner"].search([("name", "=", "杭州巡检贸易有限公司")])
        self.assertEqual(len(partner), 1)
        self.assertTrue(partner.is_customer_archive)
        self.assertTrue(partner.archive_number)
        self.assertEqual(partner.credit_code, "91350100M000100Y43")
        self.assertEqual(partner.keeper_id, user)
