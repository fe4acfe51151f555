import os
import re
import subprocess
import tempfile
from datetime import timedelta

from odoo import Command, fields

from .common import CustomerArchiveCase

REPORT = "customer_archive.action_report_customer_archive_card"


def pdf_text_pages(pdf_bytes):
    """The text layer of each page of a PDF (pdftotext separates pages with a form feed)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "card.pdf")
        with open(path, "wb") as fh:
            fh.write(pdf_bytes)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", path, "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
    return text.split("\f")


def pdf_text(pdf_bytes):
    """The text layer of a PDF, with white space collapsed to single spaces."""
    return re.sub(r"\s+", " ", " ".join(pdf_text_pages(pdf_bytes)).replace("\xa0", " "))


class PrintCase(CustomerArchiveCase):
    """Archives with contacts, invoices and a visit, and helpers for print requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager_2 = cls.env["res.users"].create(
            {
                "name": "第二档案经理",
                "login": "test_ca_manager_2",
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("sales_team.group_sale_manager").id,
                            cls.env.ref("customer_archive.group_archive_manager").id,
                        ]
                    )
                ],
            }
        )
        # "Today" as the print flow sees it (the acting users' time zone, not the admin's).
        cls.today = fields.Date.context_today(cls.Partner.with_user(cls.user_officer))
        cls.product = cls._create_product()
        cls.archive = cls._create_archive(
            "杭州文华客户服务有限公司",
            user_id=cls.user_officer.id,
            keeper_id=cls.user_officer.id,
            business_scope='<script>alert("x")</script><b>文具批发</b>',
            credit_rating="aa",
            credit_notes="付款及时 & 信誉良好",
        )
        cls.contact = cls.Partner.create(
            {
                "name": "陈文静",
                "parent_id": cls.archive.id,
                "function": "采购经理",
                "mobile": "13812345678",
                "is_main_contact": True,
            }
        )
        cls.archive_2 = cls._create_archive("宁波第二客户贸易有限公司", user_id=cls.user_officer.id)
        cls.invoice_paid_part = cls._invoice(cls.archive, 12000.0, 40, due_days=-10)  # overdue
        cls.invoice_open = cls._invoice(cls.archive, 3000.0, 5, due_days=25)  # open, not due
        cls.refund = cls._invoice(cls.archive, 500.0, 3, move_type="out_refund")
        cls.invoice_other = cls._invoice(cls.contact, 700.0, 20, due_days=10)  # contact → archive
        cls.Request = cls.env["customer.archive.print.request"]
        cls.Copy = cls.env["customer.archive.print.copy"]

    @classmethod
    def _invoice(cls, partner, amount, days_ago, due_days=30, move_type="out_invoice"):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": cls._days_ago(days_ago),
                "invoice_date_due": cls._days_ago(days_ago) + timedelta(days=due_days),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _request(self, partners, user=None, copies=1, submit=True, **vals):
        user = user or self.user_officer
        request = self.Request.with_user(user).create(
            {
                "partner_ids": [Command.set(partners.ids)],
                "purpose": "客户走访前核对资料",
                "copies": copies,
                **vals,
            }
        )
        if submit:
            request.action_submit()
        return request

    def _approved_request(self, partners, user=None, copies=1, approver=None):
        request = self._request(partners, user=user, copies=copies)
        request.with_user(approver or self.user_manager).action_approve()
        return request

    def _render_pdf(self, partners, user=None, data=None, lang="en_US"):
        report = (
            self.env["ir.actions.report"]
            .with_user(user or self.user_officer)
            .with_context(force_report_rendering=True, lang=lang)
        )
        pdf, kind = report._render_qweb_pdf(REPORT, partners.ids, data=data)
        self.assertEqual(kind, "pdf")
        return pdf

    def _render_html(self, partners, user=None, data=None):
        report = self.env["ir.actions.report"].with_user(user or self.user_officer)
        html, _kind = report._render_qweb_html(REPORT, partners.ids, data=data)
        return html.decode() if isinstance(html, bytes) else str(html)
