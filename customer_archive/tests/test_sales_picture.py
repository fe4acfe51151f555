from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import format_amount

from .print_common import PrintCase, pdf_text


@tagged("post_install", "-at_install")
class TestSalesPicture(PrintCase):
    """The sales picture of an archive (last orders, last invoices, top products over the tier
    window) on the form and on the printed card, as each role sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.env["product.product"].create(
            {"name": "二米会议桌", "type": "consu", "list_price": 4000.0}
        )
        cls.archive.industry_id = cls.env["res.partner.industry"].create({"name": "文体用品批发"})
        # Seven confirmed orders, the newest 1 day ago (S-1) ... the oldest 7 days ago.
        cls.orders = cls.env["sale.order"]
        for days in range(1, 8):
            cls.orders |= cls._confirmed_order(cls.archive, cls.product, days)
        # Tables: 2 x 4,000 today, 2 x 4,000 900 days ago (outside the 12-month tier window).
        cls.table_order = cls._confirmed_order(cls.archive, cls.table, 0)
        cls.old_table_order = cls._confirmed_order(cls.archive, cls.table, 900)
        cls.orders |= cls.table_order | cls.old_table_order
        # Six invoices: the four of PrintCase and two older ones.
        cls.invoice_50 = cls._invoice(cls.archive, 100.0, 50)
        cls.invoice_60 = cls._invoice(cls.archive, 200.0, 60)
        # The salesperson sells the archive; the officer keeps it.
        cls.archive.user_id = cls.user_salesperson
        # An archive with a single order and a single invoice (query count comparison).
        cls.small = cls._create_archive("温州单笔客户有限公司", user_id=cls.user_salesperson.id)
        cls._confirmed_order(cls.small, cls.product, 3)
        cls._invoice(cls.small, 100.0, 3)

    def _money(self, amount):
        return format_amount(self.env, amount, self.env.company.currency_id).replace("\xa0", " ")

    def _picture(self, user, partner=None):
        partner = (partner or self.archive).with_user(user).with_context(lang="en_US")
        return partner.read(["sales_picture"])[0]["sales_picture"].replace("\xa0", " ")

    def test_01_manager_sees_last_orders_invoices_and_top_products(self):
        """The archive manager (cleared for amounts) sees the five newest orders, newest first,
        the five newest invoices and the products ranked by invoiced amount in ¥."""
        html = self._picture(self.user_manager)
        newest = self.orders.sorted(lambda o: o.date_order, reverse=True)
        shown = [o.name for o in newest if o.name in html]
        self.assertEqual(shown, newest[:5].mapped("name"))
        positions = [html.index(name) for name in shown]
        self.assertEqual(positions, sorted(positions), "newest order first")
        self.assertNotIn(newest[5].name, html, "only the five newest orders")
        for invoice in (self.invoice_open, self.refund, self.invoice_other, self.invoice_50):
            self.assertIn(invoice.name, html)
        self.assertNotIn(self.invoice_60.name, html, "only the five newest invoices")
        # Top products ordered over the window: tables 2 x 4,000 = 8,000 (the old order is out
        # of the window), chairs 7 x 2 x 500 = 7,000.
        self.assertLess(html.index("二米会议桌"), html.index("办公椅"))
        self.assertIn(self._money(8000.0), html)
        self.assertIn(self._money(7000.0), html)
        self.assertNotIn(self._money(16000.0), html)
        order = newest[0]
        self.assertIn(self._money(order.amount_untaxed), html)

    def test_02_salesperson_sees_the_picture_with_amounts_masked(self):
        """The salesperson of the archive sees orders, invoices and quantities; the amounts
        follow the masking of the archive's income (cleared: managers only): ***."""
        html = self._picture(self.user_salesperson)
        self.assertIn(self.orders[0].name, html)
        self.assertIn("二米会议桌", html)
        self.assertIn(">2<", html)  # the table's quantity
        self.assertIn("***", html)
        self.assertNotIn(self._money(8000.0), html)
        self.assertNotIn(self._money(7000.0), html)
        # Declassify the income: the salesperson sees the amounts too.
        self.env.ref("customer_archive.sensitive_field_annual_turnover").active = False
        self.env.invalidate_all()
        html = self._picture(self.user_salesperson)
        self.assertIn(self._money(8000.0), html)
        self.assertNotIn("***", html)

    def test_03_who_cannot_see_the_archive_does_not_see_the_picture(self):
        """A user without archive rights cannot read the picture; a salesperson cannot read
        the picture of an archive hidden from them; the form page exists for archive users."""
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_plain).read(["sales_picture"])
        hidden = self._create_archive("丽水别人客户有限公司", user_id=self.user_officer.id)
        self._confirmed_order(hidden, self.product, 2)
        with self.assertRaises(AccessError):
            hidden.with_user(self.user_salesperson).read(["sales_picture"])
        form = Form(self.archive.with_user(self.user_salesperson))
        self.assertIn(self.orders[0].name, form.sales_picture)
        arch = self.Partner.with_user(self.user_plain).get_views([(False, "form")])["views"]
        self.assertNotIn("sales_picture", arch["form"]["arch"])

    def test_04_query_count_does_not_depend_on_the_number_of_orders(self):
        """Nine orders and six invoices cost as many queries as one order and one invoice."""
        counts = []
        for partner in (self.small, self.archive, self.small, self.archive):
            partner = partner.with_user(self.user_salesperson)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partner.read(["sales_picture"])
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[2], counts[3], counts)
        small_order = self.env["sale.order"].search([("partner_id", "=", self.small.id)])
        self.assertIn(small_order.name, self._picture(self.user_salesperson, self.small))

    def test_05_card_prints_the_sales_picture_and_the_industry(self):
        """The printed card (pdftotext) carries the industry, the last orders, invoices and top
        products; the officer (not cleared for amounts) gets *** where the manager gets ¥."""
        self._approved_request(self.archive)
        text = pdf_text(self._render_pdf(self.archive))
        self.assertIn("文体用品批发", text)
        self.assertIn("Sales Picture", text)
        self.assertIn(self.orders.sorted("date_order")[-1].name, text)
        self.assertIn(self.invoice_open.name, text)
        self.assertIn("二米会议桌", text)
        sales = text[text.index("Sales Picture") : text.index("Credit Standing")]
        self.assertNotIn(self._money(8000.0), sales, sales)
        self.assertIn("***", sales)
        self._approved_request(self.archive, user=self.user_manager, approver=self.user_manager_2)
        text = pdf_text(self._render_pdf(self.archive, user=self.user_manager))
        sales = text[text.index("Sales Picture") : text.index("Credit Standing")]
        self.assertIn(self._money(8000.0), sales)
        self.assertIn(self._money(7000.0), sales)

    def test_06_window_follows_the_tier_profile(self):
        """A longer tier window brings the old table order into the top products."""
        profile = self.env["customer.archive.tier.profile"]._get_profile(self.env.company)
        html = self._picture(self.user_manager)
        self.assertNotIn(self._money(16000.0), html)
        profile.window_months = 36
        self.env.invalidate_all()
        html = self._picture(self.user_manager)
        self.assertIn(self._money(16000.0), html)
