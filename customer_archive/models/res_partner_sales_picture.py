"""The sales picture of an archive (产品结构、交易状况): its last confirmed orders, its last posted
invoices and its top products (ordered, over the tier window), read from sale.order and account.move (never
copied), in the company currency.

A fixed number of queries for any batch of archives, whatever their number of orders: the last
orders, the last invoices and the top products come from one ranked query each (row_number() per
archive, a limit per archive; the products grouped and summed in the same query). The archive form and the printed
card both use ``_get_sales_picture_data``.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_amount
from odoo.tools.misc import get_lang

from .customer_archive_sensitive_field import MASK_MARK

SALES_PICTURE_ORDERS = 5
SALES_PICTURE_INVOICES = 5
SALES_PICTURE_PRODUCTS = 5


class ResPartner(models.Model):
    _inherit = "res.partner"

    sales_picture = fields.Html(
        compute="_compute_sales_picture",
        sanitize=False,
        groups="customer_archive.group_archive_user",
        help="Last confirmed orders, last posted invoices and top products over the tier window, "
        "read from Sales and Invoicing in the company currency.",
    )

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------
    @api.model
    def _get_sales_picture_amount_field(self):
        """The archive field whose masking the amounts of the sales picture follow: where it is
        masked for the user, so are the amounts (quantities and numbers stay)."""
        return "annual_turnover"

    @api.model
    def _get_sales_picture_window_start(self, company, today):
        """First day of the window of the top products: the tier window of ``company``."""
        profile = (
            self.env["customer.archive.tier.profile"]
            .sudo()  # the window of the company's scoring profile, whoever reads the archive
            .search_fetch([("company_id", "=", company.id)], ["window_months"], limit=1)
        )
        if profile:
            return profile._get_window_start(today)
        return today.replace(year=today.year - 1)

    # ------------------------------------------------------------------
    # Data (batch)
    # ------------------------------------------------------------------
    def _sales_picture_masked_ids(self):
        """Ids of ``self`` whose amounts are masked for the current user."""
        rule = self._archive_masked_fields().get(self._get_sales_picture_amount_field())
        return set(self._archive_ids_in_rule_scope(rule)) if rule else set()

    def _sales_picture_ranked(self, ranked, limit):
        """Rows (dicts) of ``ranked`` (a query giving ``archive_id`` and ``rank``, the row's
        rank within its archive) up to ``limit`` per archive, by archive and rank: the lists of
        the sales picture, one query for all archives."""
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) ranked WHERE rank <= %s ORDER BY archive_id, rank",
                ranked,
                limit,
            )
        )
        return self.env.cr.dictfetchall()

    def _sales_picture_last_orders(self, limit):
        """{archive id: [order values]}: the last ``limit`` confirmed orders of each archive
        (its own and its contacts'), newest first, amounts in the company currency."""
        Order = self.env["sale.order"]
        Order.flush_model(["partner_id", "state", "date_order", "name", "amount_untaxed"])
        Order.flush_model(["currency_rate", "invoice_status"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self._sales_picture_ranked(
            SQL(
                """
                SELECT customer.commercial_partner_id AS archive_id, so.name, so.date_order,
                       so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount,
                       so.invoice_status,
                       row_number() OVER (PARTITION BY customer.commercial_partner_id
                                          ORDER BY so.date_order DESC, so.id DESC) AS rank
                  FROM sale_order so
                  JOIN res_partner customer ON customer.id = so.partner_id
                 WHERE customer.commercial_partner_id = ANY(%(ids)s) AND so.state = 'sale'
                """,
                ids=list(self.ids),
            ),
            limit,
        )
        result = defaultdict(list)
        for row in rows:
            result[row["archive_id"]].append(
                {
                    "name": row["name"],
                    "date": row["date_order"],
                    "amount": row["amount"] or 0.0,
                    "invoice_status": row["invoice_status"],
                }
            )
        return result

    def _sales_picture_last_invoices(self, limit):
        """{archive id: [invoice values]}: the last ``limit`` posted customer invoices and
        credit notes of each archive, newest first, amounts in the company currency."""
        Move = self.env["account.move"]
        Move.flush_model(["partner_id", "state", "move_type", "invoice_date", "name"])
        Move.flush_model(["amount_untaxed_signed", "amount_residual_signed", "payment_state"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self._sales_picture_ranked(
            SQL(
                """
                SELECT customer.commercial_partner_id AS archive_id, am.name, am.invoice_date,
                       am.move_type, am.amount_untaxed_signed AS amount,
                       am.amount_residual_signed AS residual, am.payment_state,
                       row_number() OVER (PARTITION BY customer.commercial_partner_id
                                          ORDER BY am.invoice_date DESC NULLS LAST, am.id DESC)
                           AS rank
                  FROM account_move am
                  JOIN res_partner customer ON customer.id = am.partner_id
                 WHERE customer.commercial_partner_id = ANY(%(ids)s)
                   AND am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                """,
                ids=list(self.ids),
            ),
            limit,
        )
        result = defaultdict(list)
        for row in rows:
            result[row["archive_id"]].append(
                {
                    "name": row["name"],
                    "date": row["invoice_date"],
                    "move_type": row["move_type"],
                    "amount": row["amount"] or 0.0,
                    "residual": row["residual"] or 0.0,
                    "payment_state": row["payment_state"],
                }
            )
        return result

    def _sales_picture_top_products(self, starts, limit):
        """{archive id: [product values]}: the ``limit`` products with the highest ordered
        amount (untaxed, in the company currency at the order's rate, as the orders list) in
        the confirmed orders of each archive (its own and its contacts') since its start in
        ``starts`` ({archive id: date}). One ranked query per window (per company)."""
        for model, fnames in (
            ("sale.order.line", ["order_id", "product_id", "product_uom_qty", "price_subtotal"]),
            ("sale.order.line", ["display_type"]),
            ("sale.order", ["partner_id", "state", "date_order", "currency_rate"]),
            ("product.product", ["default_code", "product_tmpl_id"]),
            ("product.template", ["name"]),
        ):
            self.env[model].flush_model(fnames)
        by_start = defaultdict(list)
        for archive_id, start in starts.items():
            by_start[start].append(archive_id)
        lang = self.env.lang or "en_US"
        result = defaultdict(list)
        for start, archive_ids in by_start.items():
            rows = self._sales_picture_ranked(
                SQL(
                    """
                    SELECT customer.commercial_partner_id AS archive_id,
                           pp.default_code AS code,
                           COALESCE(pt.name->>%(lang)s, pt.name->>'en_US') AS name,
                           sum(sol.product_uom_qty) AS quantity,
                           sum(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1))
                               AS amount,
                           row_number() OVER (
                               PARTITION BY customer.commercial_partner_id
                               ORDER BY sum(sol.price_subtotal
                                            / COALESCE(NULLIF(so.currency_rate, 0), 1)) DESC,
                                        sol.product_id
                           ) AS rank
                      FROM sale_order so
                      JOIN res_partner customer ON customer.id = so.partner_id
                      JOIN sale_order_line sol ON sol.order_id = so.id
                      JOIN product_product pp ON pp.id = sol.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE customer.commercial_partner_id = ANY(%(ids)s)
                       AND so.state = 'sale' AND so.date_order >= %(start)s
                       AND sol.display_type IS NULL
                     GROUP BY customer.commercial_partner_id, sol.product_id, pp.default_code,
                              pt.name
                    """,
                    lang=lang,
                    ids=archive_ids,
                    start=fields.Datetime.to_datetime(start),
                ),
                limit,
            )
            for row in rows:
                code, name = row["code"], row["name"]
                result[row["archive_id"]].append(
                    {
                        "product": "[%s] %s" % (code, name) if code else name,
                        "quantity": row["quantity"] or 0.0,
                        "amount": row["amount"] or 0.0,
                    }
                )
        return result

    def _get_sales_picture_data(self, today=None):
        """{archive id: {"orders", "invoices", "products", "window", "masked", "currency"}} for
        the archives of ``self`` (as the current user reads them: amounts masked as the
        archive's amount field is)."""
        today = today or fields.Date.context_today(self)
        archives = self.filtered("is_customer_archive")
        companies = {p.id: p.archive_company_id or self.env.company for p in archives}
        # Only the currency of the companies (not every field of res.company).
        self.env["res.company"].union(*companies.values()).fetch(["currency_id"])
        windows = {}
        starts = {}
        for company in set(companies.values()):
            windows[company] = self._get_sales_picture_window_start(company, today)
        for archive_id, company in companies.items():
            starts[archive_id] = windows[company]
        # sudo: the last orders and invoices of an archive the user can read, whatever their
        # sales and accounting rights (read only, nothing returned but the picture)
        sudo_archives = archives.sudo()
        orders = sudo_archives._sales_picture_last_orders(SALES_PICTURE_ORDERS)
        invoices = sudo_archives._sales_picture_last_invoices(SALES_PICTURE_INVOICES)
        products = sudo_archives._sales_picture_top_products(starts, SALES_PICTURE_PRODUCTS)
        masked = archives._sales_picture_masked_ids()
        return {
            archive_id: {
                "orders": orders.get(archive_id, []),
                "invoices": invoices.get(archive_id, []),
                "products": products.get(archive_id, []),
                "window": (starts[archive_id], today),
                "masked": archive_id in masked,
                "currency": companies[archive_id].currency_id,
            }
            for archive_id in archives.ids
        }

    # ------------------------------------------------------------------
    # Display
    # ------------------------------------------------------------------
    def _format_sales_picture_rows(self, data):
        """The picture of one archive as plain strings (the form and the card print them)."""
        env = self.env
        currency = data["currency"]
        # The language's date format, applied directly (format_date per cell costs more than
        # the picture's queries).
        date_format = get_lang(env).date_format

        def day(value):
            return fields.Date.to_date(value).strftime(date_format) if value else ""

        def money(amount):
            return MASK_MARK if data["masked"] else format_amount(env, amount, currency)

        order_states = dict(env["sale.order"]._fields["invoice_status"]._description_selection(env))
        move_types = dict(env["account.move"]._fields["move_type"]._description_selection(env))
        payment_states = dict(
            env["account.move"]._fields["payment_state"]._description_selection(env)
        )
        return {
            "window": env._(
                "%(start)s to %(end)s",
                start=day(data["window"][0]),
                end=day(data["window"][1]),
            ),
            "orders": [
                {
                    "name": o["name"],
                    "date": day(o["date"]),
                    "amount": money(o["amount"]),
                    "status": order_states.get(o["invoice_status"], o["invoice_status"] or ""),
                }
                for o in data["orders"]
            ],
            "invoices": [
                {
                    "name": i["name"],
                    "date": day(i["date"]),
                    "type": move_types.get(i["move_type"], i["move_type"]),
                    "amount": money(i["amount"]),
                    "residual": money(i["residual"]),
                    "status": payment_states.get(i["payment_state"], i["payment_state"] or ""),
                }
                for i in data["invoices"]
            ],
            "products": [
                {
                    "product": p["product"],
                    "quantity": "%g" % round(p["quantity"], 2),
                    "amount": money(p["amount"]),
                }
                for p in data["products"]
            ],
        }

    def _render_sales_picture_html(self, rows):
        env = self.env

        def table(title, headers, lines, empty):
            head = Markup("").join(
                Markup("<th class='%s'>%s</th>") % ("text-end" if numeric else "", label)
                for label, _key, numeric in headers
            )
            body = Markup("").join(
                Markup("<tr>%s</tr>")
                % Markup("").join(
                    Markup("<td class='%s'>%s</td>") % ("text-end" if numeric else "", line[key])
                    for _label, key, numeric in headers
                )
                for line in lines
            ) or Markup("<tr><td colspan='%s' class='text-muted'>%s</td></tr>") % (
                len(headers),
                empty,
            )
            return Markup(
                "<h5 class='mt-3'>%s</h5><table class='table table-sm o_ca_sales_picture'>"
                "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
            ) % (title, head, body)

        return (
            table(
                env._("Last Orders"),
                [
                    (env._("Order"), "name", False),
                    (env._("Date"), "date", False),
                    (env._("Untaxed Amount"), "amount", True),
                    (env._("Invoice Status"), "status", False),
                ],
                rows["orders"],
                env._("No confirmed order."),
            )
            + table(
                env._("Last Invoices"),
                [
                    (env._("Invoice"), "name", False),
                    (env._("Date"), "date", False),
                    (env._("Type"), "type", False),
                    (env._("Untaxed Amount"), "amount", True),
                    (env._("Amount Due"), "residual", True),
                    (env._("Payment Status"), "status", False),
                ],
                rows["invoices"],
                env._("No posted invoice."),
            )
            + table(
                env._("Top Products (%(window)s)", window=rows["window"]),
                [
                    (env._("Product"), "product", False),
                    (env._("Quantity"), "quantity", True),
                    (env._("Ordered Amount"), "amount", True),
                ],
                rows["products"],
                env._("No product ordered in the window."),
            )
        )

    @api.depends_context("uid", "lang", "allowed_company_ids")
    def _compute_sales_picture(self):
        archives = self.filtered(lambda p: p.is_customer_archive and isinstance(p.id, int))
        data = archives._get_sales_picture_data() if archives else {}
        for partner in self:
            if partner.id in data:
                rows = partner._format_sales_picture_rows(data[partner.id])
                partner.sales_picture = partner._render_sales_picture_html(rows)
            else:
                partner.sales_picture = False
