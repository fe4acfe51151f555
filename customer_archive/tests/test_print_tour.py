from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPrintTour(HttpCase):
    def test_01_request_and_print_from_archive_form(self):
        """An archive officer requests a print from the archive form; once another user, an
        archive manager, approves it, the officer prints the card from the same form and the
        copy is in the register."""
        groups = ["base.group_user", "sales_team.group_sale_salesman_all_leads",
                  "customer_archive.group_archive_officer"]
        officer = self.env["res.users"].create({
            "name": "巡印信息员", "login": "tour_print_officer", "password": "tour_print_officer",
            "lang": "en_US",
            "groups_id": [Command.set([self.env.ref(xmlid).id for xmlid in groups])],
        })
        manager = self.env["res.users"].create({
            "name": "巡印档案经理", "login": "tour_print_manager",
            "groups_id": [Command.set([self.env.ref("customer_archive.group_archive_manager").id])],
        })
        archive = self.env["res.partner"].create({
            "name": "杭州巡印客户有限公司", "is_company": True, "is_customer_archive": True,
            "user_id": officer.id,
        })
        url = "/odoo/customer-archives/%s" % archive.id
        self.start_tour(url, "customer_archive_print_request_tour", login=officer.login)
        request = self.env["customer.archive.print.request"].search([("partner_ids", "in", archive.ids)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.requester_id, officer)
        self.assertEqual(request.purpose, "巡检核对客户资料")
        request.with_user(manager).action_approve()
        self.start_tour(url, "customer_archive_print_card_tour", login=officer.login)
        self.assertEqual(len(request.copy_ids), 1)
        self.assertEqual(request.copy_ids.printed_by_id, officer)
        self.assertEqual(request.state, "done")
