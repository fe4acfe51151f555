from odoo import Command
from odoo.tests import tagged

from .print_common import pdf_text
from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestPrintTour(TourCase):
    def test_01_request_and_print_from_archive_form(self):
        """An archive officer requests three copies from the archive form; another user, an
        archive manager, approves it and has no Print button on it; the officer prints the card
        from the archive form, the archive list's Print menu and the request: each download is
        the archive's card (its text read with pdftotext), each copy is in the register."""
        groups = [
            "base.group_user",
            "sales_team.group_sale_salesman_all_leads",
            "customer_archive.group_archive_officer",
        ]
        officer = self.env["res.users"].create(
            {
                "name": "巡印档案管理员",
                "login": "tour_print_officer",
                "password": "tour_print_officer",
                "email": "tour_print_officer@example.com",
                "lang": "en_US",
                "groups_id": [Command.set([self.env.ref(xmlid).id for xmlid in groups])],
            }
        )
        manager = self.env["res.users"].create(
            {
                "name": "巡印档案经理",
                "login": "tour_print_manager",
                "password": "tour_print_manager",
                "email": "tour_print_manager@example.com",
                "groups_id": [
                    Command.set([self.env.ref("customer_archive.group_archive_manager").id])
                ],
            }
        )
        archive = self.env["res.partner"].create(
            {
                "name": "杭州巡印客户有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": officer.id,
            }
        )
        url = "/odoo/customer-archives/%s" % archive.id
        self.start_tour(url, "customer_archive_print_request_tour", login=officer.login)
        request = self.env["customer.archive.print.request"].search(
            [("partner_ids", "in", archive.ids)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.requester_id, officer)
        self.assertEqual(request.purpose, "巡检核对客户资料")
        self.assertEqual(request.copies, 3)
        request.with_user(manager).action_approve()
        self.start_tour(
            "/odoo/action-customer_archive.customer_archive_print_request_action/%s" % request.id,
            "customer_archive_print_manager_tour",
            login=manager.login,
        )
        self.start_tour(url, "customer_archive_print_card_tour", login=officer.login)
        self.assertEqual(len(request.copy_ids), 3)
        self.assertEqual(request.copy_ids.printed_by_id, officer)
        self.assertEqual(request.state, "done")
        # The PDF each button downloaded in the browser carries the archive's card.
        pdfs = self.env["ir.attachment"].search(
            [("name", "=like", "customer_archive_tour_card_%"), ("create_uid", "=", officer.id)]
        )
        self.assertEqual(
            sorted(pdfs.mapped("name")),
            [
                "customer_archive_tour_card_form.pdf",
                "customer_archive_tour_card_list.pdf",
                "customer_archive_tour_card_request.pdf",
            ],
        )
        serials = set()
        for pdf in pdfs:
            text = pdf_text(pdf.raw)
            self.assertIn("杭州巡印客户有限公司", text, pdf.name)
            self.assertIn(archive.archive_number, text, pdf.name)
            self.assertIn("CONTROLLED COPY", text, pdf.name)
            serials.update(name for name in request.copy_ids.mapped("name") if name in text)
        self.assertEqual(serials, set(request.copy_ids.mapped("name")))

    def test_02_report_urls_refused_outside_a_request(self):
        """/report/pdf and /report/html refuse a card printed without an approved request of
        the logged-in user, and serve it (registering the copy) once one is approved."""
        officer = self.env["res.users"].create(
            {
                "name": "网址档案管理员",
                "login": "url_print_officer",
                "password": "url_print_officer",
                "email": "url_print_officer@example.com",
                "groups_id": [
                    Command.set([self.env.ref("customer_archive.group_archive_officer").id])
                ],
            }
        )
        manager = self.env["res.users"].create(
            {
                "name": "网址档案经理",
                "login": "url_print_manager",
                "email": "url_print_manager@example.com",
                "groups_id": [
                    Command.set([self.env.ref("customer_archive.group_archive_manager").id])
                ],
            }
        )
        archive = self.env["res.partner"].create(
            {
                "name": "杭州网址客户有限公司",
                "is_company": True,
                "is_customer_archive": True,
            }
        )
        self.authenticate(officer.login, officer.login)
        for kind in ("pdf", "html"):
            response = self.url_open(
                "/report/%s/customer_archive.report_archive_card/%s" % (kind, archive.id)
            )
            self.assertNotEqual(response.status_code, 200, kind)
            self.assertNotIn("CONTROLLED COPY", response.text)
        request = (
            self.env["customer.archive.print.request"]
            .with_user(officer)
            .create(
                {
                    "partner_ids": [Command.set(archive.ids)],
                    "purpose": "网址打印",
                    "copies": 1,
                }
            )
        )
        request.action_submit()
        request.with_user(manager).action_approve()
        response = self.url_open(
            "/report/html/customer_archive.report_archive_card/%s" % archive.id
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("CONTROLLED COPY", response.text)
        self.assertIn(request.copy_ids.name, response.text)
        self.assertEqual(request.state, "done")
