from odoo.tests import new_test_user, tagged

from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestContactUseTour(TourCase):
    # a phone
    browser_size = "390,844"
    touch_enabled = True

    def test_01_salesperson_calls_from_a_phone(self):
        """On a 390×844 phone, the salesperson calls the archive and its contact and texts the
        contact with one tap each: three uses in the access log, on the right partners and
        fields; no link on the page carries a masked value."""
        salesperson = new_test_user(
            self.env,
            login="tour_call_user",
            name="一键拨号业务员",
            groups="sales_team.group_sale_salesman,customer_archive.group_archive_user",
        )
        Partner = self.env["res.partner"]
        archive = Partner.create(
            {
                "name": "杭州一键拨号贸易有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": salesperson.id,
                "mobile": "138 0571 0001",
            }
        )
        contact = Partner.create(
            {
                "name": "吴丽华",
                "parent_id": archive.id,
                "mobile": "139 1356 2087",
                "email": "wulihua@example.cn",
            }
        )
        self.start_tour(
            "/odoo/customer-archives/%s" % archive.id,
            "customer_archive_contact_use_tour",
            login=salesperson.login,
        )
        uses = self.env["customer.archive.access.log"].search(
            [("event", "=", "contact_use"), ("user_id", "=", salesperson.id)]
        )
        self.assertEqual(
            {(log.partner_id, log.field_name, log.detail.split(":")[0]) for log in uses},
            {
                (contact, "mobile", "call"),
                (contact, "mobile", "sms"),
                (archive, "mobile", "call"),
            },
        )
        self.assertEqual(len(uses), 3)
