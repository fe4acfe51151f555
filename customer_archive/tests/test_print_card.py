from odoo.tests import tagged
from odoo.tools import format_amount

from .print_common import PrintCase, pdf_text, pdf_text_pages


@tagged("post_install", "-at_install")
class TestPrintCard(PrintCase):
    """The PDF archive card (客户档案表), read back with pdftotext."""

    def _money(self, amount):
        return format_amount(self.env, amount, self.env.company.currency_id).replace("\xa0", " ")

    def test_01_card_content_in_chinese(self):
        """The card of a zh_CN user gives back the same Chinese characters (户, 文 — not the
        Kangxi radicals ⼾ ⽂), the archive number, the watermark and the control data."""
        request = self._approved_request(self.archive)
        text = pdf_text(self._render_pdf(self.archive, lang="zh_CN"))
        self.assertIn("杭州文华客户服务有限公司", text)
        self.assertNotIn("⼾", text)
        self.assertNotIn("⽂", text)
        self.assertIn(self.archive.archive_number, text)
        self.assertIn("受控文件 / CONTROLLED COPY", text)
        copy = request.copy_ids
        self.assertEqual(len(copy), 1)
        self.assertIn(copy.name, text)
        self.assertIn(self.user_officer.name, text)  # requester
        self.assertIn(self.user_manager.name, text)  # approver
        self.assertIn("陈文静", text)  # the main contact
        self.assertIn("采购经理", text)

    def test_02_totals_equal_the_database(self):
        """Revenue of the year, open and overdue invoices printed are those of the ledger."""
        self._approved_request(self.archive)
        text = pdf_text(self._render_pdf(self.archive))
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT COALESCE(SUM(amount_untaxed_signed) FILTER (
                       WHERE date_part('year', invoice_date) = date_part('year', CURRENT_DATE)), 0),
                   COUNT(*) FILTER (WHERE move_type = 'out_invoice' AND amount_residual != 0),
                   COALESCE(SUM(amount_residual_signed) FILTER (
                       WHERE move_type = 'out_invoice' AND amount_residual != 0), 0),
                   COUNT(*) FILTER (WHERE move_type = 'out_invoice' AND amount_residual != 0
                                    AND invoice_date_due < CURRENT_DATE),
                   COALESCE(SUM(amount_residual_signed) FILTER (
                       WHERE move_type = 'out_invoice' AND amount_residual != 0
                         AND invoice_date_due < CURRENT_DATE), 0)
              FROM account_move
             WHERE commercial_partner_id = %s AND state = 'posted'
               AND move_type IN ('out_invoice', 'out_refund')
            """,
            [self.archive.id],
        )
        revenue, open_count, open_amount, overdue_count, overdue_amount = self.env.cr.fetchone()
        # 12,000 + 3,000 + 700 (the contact's) - 500 (credit note); open: all three invoices.
        self.assertEqual(float(open_amount), 15700.0)
        self.assertEqual(overdue_count, 2)  # 12,000 and the contact's 700
        if self._days_ago(40).year == self.today.year:
            self.assertEqual(float(revenue), 15200.0)
        self.assertIn(self._money(float(revenue)), text)
        self.assertIn("Open Invoices %s · %s" % (open_count, self._money(float(open_amount))), text)
        self.assertIn(
            "Overdue Invoices %s · %s" % (overdue_count, self._money(float(overdue_amount))), text
        )

    def test_03_html_in_a_field_is_escaped(self):
        """Markup typed into an archive field prints as text, never as markup."""
        self._approved_request(self.archive, copies=2)
        html = self._render_html(self.archive)
        self.assertNotIn('<script>alert("x")</script>', html)
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("付款及时 &amp; 信誉良好", html)
        text = pdf_text(self._render_pdf(self.archive))
        self.assertIn('<script>alert("x")</script><b>文具批发</b>', text)

    def test_04_batch_print_one_pdf_one_card_per_archive(self):
        """Printing two archives gives one PDF in which each card starts on its own page, both
        under the same copy serial."""
        request = self._approved_request(self.archive | self.archive_2)
        pdf = self._render_pdf(self.archive | self.archive_2)
        text = pdf_text(pdf)
        self.assertIn(self.archive.archive_number, text)
        self.assertIn(self.archive_2.archive_number, text)
        self.assertEqual(len(request.copy_ids), 1)
        self.assertEqual(request.copy_ids.partner_ids, self.archive | self.archive_2)
        pages = pdf_text_pages(pdf)
        first = next(i for i, page in enumerate(pages) if self.archive.archive_number in page)
        second = next(i for i, page in enumerate(pages) if self.archive_2.archive_number in page)
        self.assertNotEqual(first, second)
        for page in pages:
            if page.strip():
                self.assertIn(request.copy_ids.name, page)  # the serial on every page

    def test_05_masked_values_print_masked(self):
        """The officer is not cleared for mobile numbers (classified, cleared for managers): the
        card prints the contact's mobile masked, never in clear."""
        self._approved_request(self.archive)
        self.assertFalse(
            self.user_officer.has_group("customer_archive.group_archive_manager"),
            "the officer must be uncleared for this test",
        )
        text = pdf_text(self._render_pdf(self.archive))
        self.assertIn("陈文静", text)
        self.assertNotIn("13812345678", text)
        self.assertIn("138****5678", text)
