from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index, format_amount, format_date, format_datetime

from ..models.customer_archive_replica import on_replica, primary_env, written_on_primary
from .ir_actions_report import BATCH_COPY_KEY, PRINTED_COPIES_KEY, STAMP_LINES_KEY

WATERMARK = "受控文件 / CONTROLLED COPY"
# Length of the lists printed on a card (a card stays readable on one or two pages).
CARD_VISITS = 5
CARD_CONTACTS = 8
CARD_YEARS = 3


class ReportCustomerArchiveCard(models.AbstractModel):
    """The archive card (客户档案表), printed only as a controlled copy.

    Every rendering — the print button of a request, the Print menu of the archive list or
    form, the URLs /report/pdf|html/... — goes through ``_get_report_values``: it finds the
    approved, unexpired print request of the current user covering the archives (or refuses),
    registers one printed copy with its serial number, logs the print and prepares every value
    of the cards in batches (a large batch is rendered in chunks by ir.actions.report: the copy is
    registered once for the whole batch, each chunk reuses it). Archive fields are read with
    ``read()`` as the printing user, so field masking applies; the template only prints strings
    (escaped by QWeb).
    """

    _name = "report.customer_archive.report_archive_card"
    _description = "Customer Archive Card"

    def init(self):
        # Index on account_move, a table of account: the card sums the posted customer invoices
        # of its archives by commercial partner (_get_transactions), which stock Odoo does not
        # index: without it every print scans every invoice (about 1.3 s per query with 1,000,000
        # invoices, three queries). Dropped by the uninstall hook.
        create_index(
            self.env.cr,
            "customer_archive_account_move_commercial_partner_idx",
            "account_move",
            ["commercial_partner_id", "invoice_date"],
        )

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------
    @api.model
    def _get_card_sections(self, is_company):
        """Ordered (section title, [res.partner field names]) printed as label/value rows."""
        env = self.env
        basic = [
            "archive_number",
            "name",
            "customer_type_id",
            "source_id",
            "region_id",
            "user_id",
            "keeper_id",
            "archive_date",
            "phone",
            "mobile",
            "email",
            "website",
        ]
        enterprise = [
            "industry_id",
            "credit_code",
            "legal_representative",
            "registered_capital",
            "founding_date",
            "business_model",
            "annual_turnover",
            "employee_count",
            "business_scope",
            "main_products",
            "market_capacity",
            "organisation_notes",
        ]
        person = ["birthday", "preferred_channel", "wechat_id", "qq", "resident_id"]
        status = [
            "archive_status_id",
            "archive_stage",
            "archive_date",
            "last_review_date",
            "next_review_date",
            "completeness",
            "last_visit_date",
            "next_visit_due",
        ]
        return [
            (env._("Basic Data"), basic),
            (env._("Enterprise Data"), enterprise)
            if is_company
            else (env._("Personal Data"), person),
            (env._("Archive Status and Review"), status),
        ]

    @api.model
    def _get_card_read_fields(self):
        """Every res.partner field the card reads (with ``read()``, as the printing user)."""
        names = {
            "is_company",
            "archive_company_id",
            "street",
            "street2",
            "city",
            "state_id",
            "zip",
            "country_id",
            "tier_id",
            "tier_score",
            "tier_computed_at",
            "tier_explanation",
            "credit_rating",
            "credit_notes",
            "display_name",
        }
        for is_company in (True, False):
            for _title, fnames in self._get_card_sections(is_company):
                names.update(fnames)
        partner_fields = self.env["res.partner"]._fields
        return sorted(name for name in names if name in partner_fields)

    @api.model
    def _get_card_contact_fields(self):
        return ["name", "function", "phone", "mobile", "email", "is_main_contact", "parent_id"]

    @api.model
    def _get_card_visit_fields(self):
        return [
            "partner_id",
            "visit_date",
            "user_id",
            "method_id",
            "purpose_id",
            "outcome_id",
            "next_step",
        ]

    # ------------------------------------------------------------------
    # Formatting (every value becomes a plain string; QWeb escapes it)
    # ------------------------------------------------------------------
    def _format_field_value(self, model, fname, value, currency=None):
        field = self.env[model]._fields[fname]
        if value is False or value is None or value == "":
            return "" if field.type != "integer" else "0"
        if isinstance(value, str) and field.type not in ("char", "text", "selection", "html"):
            return value  # masked by the confidentiality rules (e.g. "***")
        if field.type == "many2one":
            return value[1] if isinstance(value, (list, tuple)) else str(value)
        if field.type in ("many2many", "one2many"):
            return ", ".join(
                # sudo: names of the linked records whose ids the user read for the card
                self.env[field.comodel_name].browse(value).sudo().mapped("display_name")
            )
        if field.type == "selection":
            return self._field_labels(model, fname, "selection").get(value, value)
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "datetime":
            return format_datetime(self.env, value)
        if field.type == "monetary":
            if not value:
                return ""  # not filled in
            return format_amount(self.env, value, currency or self.env.company.currency_id)
        if field.type == "float":
            return "%.2f" % value
        if field.type == "integer" and fname == "completeness":
            return "%s %%" % value
        return str(value)

    def _field_labels(self, model, fname, kind):
        """The translated label (``string``) or selection labels of a field, looked up once per
        transaction and language (a card prints hundreds of them)."""
        cache = self.env.cr.cache.setdefault("customer_archive_card_labels", {})
        key = (model, fname, kind, self.env.lang)
        if key not in cache:
            field = self.env[model]._fields[fname]
            cache[key] = (
                field._description_string(self.env)
                if kind == "string"
                else dict(field._description_selection(self.env))
            )
        return cache[key]

    def _format_address(self, values):
        parts = [values.get(f) for f in ("street", "street2", "city")]
        parts += [values[f][1] for f in ("state_id", "country_id") if values.get(f)]
        parts.append(values.get("zip"))
        return " ".join(str(p) for p in parts if p)

    # ------------------------------------------------------------------
    # Transactions (sales and accounting), aggregated for all archives at once
    # ------------------------------------------------------------------
    @api.model
    def _get_invoice_domain(self, partners):
        return [
            ("commercial_partner_id", "in", partners.ids),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
        ]

    @api.model
    def _get_order_domain(self, partners):
        return [("partner_id", "child_of", partners.ids), ("state", "=", "sale")]

    def _get_transactions(self, partners, today):
        """Per archive id: revenue and orders per year (the last CARD_YEARS years), open and
        overdue customer invoices. Three grouped queries for all archives."""
        years = [today.year - i for i in range(CARD_YEARS)]
        start = fields.Date.to_date("%s-01-01" % years[-1])
        result = {
            pid: {
                "years": {y: {"revenue": 0.0, "orders": 0, "ordered": 0.0} for y in years},
                "open_count": 0,
                "open_amount": 0.0,
                "overdue_count": 0,
                "overdue_amount": 0.0,
            }
            for pid in partners.ids
        }
        # sudo: the card summarises every order and invoice of an archive the user was approved
        # to print; salespeople may lack accounting rights but the totals must be complete.
        Move = self.env["account.move"].sudo()
        invoice_domain = self._get_invoice_domain(partners)
        for partner, year, amount in Move._read_group(
            invoice_domain + [("invoice_date", ">=", start)],
            ["commercial_partner_id", "invoice_date:year"],
            ["amount_untaxed_signed:sum"],
        ):
            if year and year.year in result[partner.id]["years"]:
                result[partner.id]["years"][year.year]["revenue"] = amount
        open_domain = invoice_domain + [
            ("move_type", "=", "out_invoice"),
            ("amount_residual", "!=", 0),
        ]
        for partner, count, amount in Move._read_group(
            open_domain, ["commercial_partner_id"], ["__count", "amount_residual_signed:sum"]
        ):
            result[partner.id].update(open_count=count, open_amount=amount)
        for partner, count, amount in Move._read_group(
            open_domain + [("invoice_date_due", "<", today)],
            ["commercial_partner_id"],
            ["__count", "amount_residual_signed:sum"],
        ):
            result[partner.id].update(overdue_count=count, overdue_amount=amount)
        # sudo: same reason as above, for the confirmed sale orders.
        Order = self.env["sale.order"].sudo()
        for customer, year, count, amount in Order._read_group(
            self._get_order_domain(partners)
            + [("date_order", ">=", fields.Datetime.to_datetime(start))],
            ["partner_id", "date_order:year"],
            ["__count", "amount_untaxed:sum"],
        ):
            archive = customer.commercial_partner_id.id
            if archive in result and year and year.year in result[archive]["years"]:
                cell = result[archive]["years"][year.year]
                cell["orders"] += count
                cell["ordered"] += amount
        return result

    # ------------------------------------------------------------------
    # Related lists (contacts, last visits): one read each for all archives
    # ------------------------------------------------------------------
    def _get_contacts(self, partners):
        by_parent = defaultdict(list)
        contacts = self.env["res.partner"].search_read(
            [("parent_id", "in", partners.ids), ("type", "=", "contact")],
            self._get_card_contact_fields(),
            order="is_main_contact desc, name, id",
        )
        for values in contacts:
            rows = by_parent[values["parent_id"][0]]
            if len(rows) < CARD_CONTACTS:
                rows.append(
                    {
                        f: self._format_field_value("res.partner", f, values[f])
                        for f in ("name", "function", "phone", "mobile", "email")
                    }
                    | {"main": values["is_main_contact"] is True}
                )
        return by_parent

    def _get_last_visits(self, partners):
        Visit = self.env["customer.archive.visit"]
        Visit.flush_model(["partner_id", "state", "visit_date"])
        self.env.cr.execute(
            """
            SELECT id FROM (
                SELECT id, row_number() OVER (PARTITION BY partner_id
                                              ORDER BY visit_date DESC NULLS LAST, id DESC) AS rank
                  FROM customer_archive_visit
                 WHERE partner_id = ANY(%s) AND state = 'done'
            ) ranked WHERE rank <= %s
            """,
            [partners.ids, CARD_VISITS],
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        by_partner = defaultdict(list)
        # Read as the printing user: the visit record rules decide what is printed.
        fnames = self._get_card_visit_fields()
        for values in Visit.search_read(
            [("id", "in", ids)], fnames, order="visit_date desc, id desc"
        ):
            by_partner[values["partner_id"][0]].append(
                {
                    f: self._format_field_value("customer.archive.visit", f, values[f])
                    for f in fnames
                }
            )
        return by_partner

    # ------------------------------------------------------------------
    # The cards
    # ------------------------------------------------------------------
    def _prepare_card(self, values, transactions, contacts, visits, currency):
        def row(fname):
            return {
                "label": self._field_labels("res.partner", fname, "string"),
                "value": self._format_field_value(
                    "res.partner", fname, values.get(fname), currency
                ),
            }

        sections = []
        for index, (title, fnames) in enumerate(
            self._get_card_sections(values.get("is_company") is True)
        ):
            rows = [row(f) for f in fnames if f in values]
            if index == 0:  # basic data: the address after the region
                rows.insert(
                    5, {"label": self.env._("Address"), "value": self._format_address(values)}
                )
            sections.append({"title": title, "rows": rows})

        def money(amount):
            return format_amount(self.env, amount, currency)

        years = [
            {
                "year": year,
                "revenue": money(cell["revenue"]),
                "orders": cell["orders"],
                "ordered": money(cell["ordered"]),
            }
            for year, cell in transactions["years"].items()
        ]
        explanation = values.get("tier_explanation") or ""
        return {
            "id": values["id"],
            "name": values.get("name") or values.get("display_name") or "",
            "archive_number": values.get("archive_number") or "",
            "company": values["archive_company_id"][1] if values.get("archive_company_id") else "",
            "sections": sections,
            "tier": row("tier_id")["value"],
            "tier_score": row("tier_score")["value"],
            "tier_computed_at": row("tier_computed_at")["value"],
            # The explanation is built with Markup-escaped values (res.partner._compute_tier_explanation).
            "tier_explanation": Markup(explanation)
            if isinstance(explanation, Markup)
            else explanation,
            "credit_rating": row("credit_rating")["value"],
            "credit_notes": row("credit_notes")["value"],
            "years": years,
            "open_count": transactions["open_count"],
            "open_amount": money(transactions["open_amount"]),
            "overdue_count": transactions["overdue_count"],
            "overdue_amount": money(transactions["overdue_amount"]),
            "contacts": contacts.get(values["id"], []),
            "visits": visits.get(values["id"], []),
        }

    @api.model
    def _get_card_archive_ids(self, docids, data):
        """The ids of the archives to print: those of the URL (``/report/pdf/<report>/<ids>``),
        else those the print action carries in its ``data`` (the web client then builds
        ``/report/pdf/<report>?options=<data>&context=…``, without ids in the URL)."""
        if docids:
            return docids
        ids = (data or {}).get("archive_ids") or []
        if not isinstance(ids, (list, tuple)):
            ids = [ids]
        return [int(i) for i in ids if isinstance(i, int) or (isinstance(i, str) and i.isdigit())]

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        partners = self.env["res.partner"].browse(self._get_card_archive_ids(docids, data)).exists()
        if not partners:
            # Before any copy is registered: a card without an archive wastes a copy.
            raise UserError(
                self.env._(
                    "No archive to print: the archive cards were asked for without any archive. "
                    "No copy was counted; print again from the print request or the archive."
                )
            )
        today = fields.Date.context_today(self)
        batch = self.env.cr.cache.get(BATCH_COPY_KEY)
        if batch and set(partners.ids) <= batch["records"].keys():
            # A chunk of a batch that ir.actions.report renders in chunks: the batch's copy is
            # registered already (one copy for all its cards) and its archives were read as
            # the printing user when it was checked; nothing is checked, read, registered or
            # consumed again.
            printed = batch["printed"]
            request = self.env["customer.archive.print.request"].browse(printed["request_id"])
            records = [batch["records"][partner_id] for partner_id in partners.ids]
        else:
            request, printed, records = self._register_card_print(partners, data)
        # ir.actions.report stamps every page of the PDF with this copy's serial.
        self.env.cr.cache.setdefault(PRINTED_COPIES_KEY, []).append(printed["id"])
        self.env.cr.cache.setdefault(STAMP_LINES_KEY, {})[printed["id"]] = printed["stamp_lines"]
        transactions = self._get_transactions(partners, today)
        contacts = self._get_contacts(partners)
        visits = self._get_last_visits(partners)
        currency = request.company_id.currency_id
        cards = [
            self._prepare_card(values, transactions[values["id"]], contacts, visits, currency)
            for values in records
        ]
        # The sales picture as the printing user may see it (amounts masked as the archive's are).
        sales = partners._get_sales_picture_data(today)
        for card in cards:
            if card["id"] in sales:
                card["sales"] = partners._format_sales_picture_rows(sales[card["id"]])
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "cards": cards,
            "control": {
                "watermark": WATERMARK,
                "serial": printed["serial"],
                "request": request.name,
                "requester": request.requester_id.name,
                "approver": request.approver_id.name,
                "expiry": format_date(self.env, request.date_expiry),
                "printed_on": format_datetime(self.env, printed["printed_on"]),
                "printed_by": self.env.user.name,
                "copy_number": printed["copy_number"],
                "copies": request.copies,
            },
        }

    @api.model
    def _register_card_print(self, partners, data):
        """Check that the current user may print ``partners`` now (the print request of
        ``data`` or theirs covering them, the archives read as the user), then register one
        printed copy of them. Returns (request, printed copy values, the archives as read).
        Every error is raised before the copy is registered."""
        key = repr((data.get("print_request_id"), sorted(partners.ids)))
        printed = written_on_primary("customer.archive.print.copy").get(key)
        if printed:
            # Odoo runs this request again on the primary: its read-only run registered the
            # copy already (and the request may have no copy left now).
            request = self.env["customer.archive.print.request"].browse(printed["request_id"])
        else:
            request = self.env["customer.archive.print.request"]._get_printable_request(
                partners, data.get("print_request_id")
            )
        # Read as the printing user (never sudo): record rules and field masking apply.
        records = partners.read(self._get_card_read_fields())
        if not printed:
            printed = self._register_card_copy(request, partners)
            if on_replica(self.env):
                written_on_primary("customer.archive.print.copy")[key] = printed
        return request, printed, records

    def _register_card_copy(self, request, partners):
        """Register the printed copy of ``partners`` under ``request`` (serial, print log) and
        return what the card and its stamp print of it. On a read-only request served by the
        replica, the copy is registered on the primary (checked again there: the replica may
        lag) and committed at once, while the cards are read from the replica; a rendering
        that fails afterwards counts that copy (never one copy printed uncounted)."""
        if not on_replica(self.env):
            return self._printed_copy_values(request._register_copy(partners))
        with primary_env(self.env) as env:
            request = request.with_env(env)
            partners = partners.with_env(env)
            request._check_printable(partners)
            return self.with_env(env)._printed_copy_values(request._register_copy(partners))

    def _printed_copy_values(self, copy):
        request = copy.request_id
        return {
            "id": copy.id,
            "request_id": request.id,
            "serial": copy.name,
            "printed_on": copy.printed_on,
            "copy_number": request.copies_printed,
            "stamp_lines": self.env["ir.actions.report"]._get_controlled_copy_stamp_lines(copy),
        }
