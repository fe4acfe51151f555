import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

CARD_REPORT = "report.customer_archive.report_archive_card"
SEAL_CARD_REPORT = "customer_archive.action_report_customer_archive_seal_card"
# Computed, not stored fields of the printed card that are not archive data (the tier
# explanation is rebuilt from the stored breakdown at each print).
UNSEALED_CARD_FIELDS = {"tier_explanation", "display_name"}


class CustomerArchiveSealLine(models.Model):
    """One sealed archive card: the card's data as printed, in clear, and its sha256 hash.

    Written only by the sealing job (SQL inserts); read only by archive managers; nobody
    creates, changes or deletes one through the ORM, administrators included."""

    _name = "customer.archive.seal.line"
    _description = "Customer Archive: Sealed Archive Card"
    _order = "seal_id desc, archive_ref"
    _rec_name = "archive_number"

    seal_id = fields.Many2one(
        "customer.archive.seal", required=True, index=True, ondelete="restrict", readonly=True
    )
    year = fields.Integer(readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    archive_id = fields.Many2one("res.partner", index=True, ondelete="set null", readonly=True)
    # The archive's id as sealed (hashed): kept if the archive is deleted later on.
    archive_ref = fields.Integer(string="Archive ID", readonly=True, index=True)
    archive_number = fields.Char(readonly=True)
    archive_name = fields.Char(readonly=True)
    data = fields.Json(string="Sealed Data", readonly=True)
    data_text = fields.Text(string="Sealed Card", compute="_compute_data_text")
    hash = fields.Char(string="SHA-256", readonly=True)
    pdf_attachment_id = fields.Many2one("ir.attachment", string="PDF Card", readonly=True)
    pdf_hash = fields.Char(string="PDF SHA-256", readonly=True)

    _sql_constraints = [
        (
            "seal_archive_unique",
            "UNIQUE(seal_id, archive_ref)",
            "An archive is sealed once per seal.",
        ),
    ]

    @api.depends("data")
    def _compute_data_text(self):
        for line in self:
            lines = []
            for section in (line.data or {}).get("sections", []):
                lines.append("## %s" % section.get("title", ""))
                lines.extend(
                    "%s: %s" % (row.get("label", ""), row.get("value", ""))
                    for row in section.get("rows", [])
                )
            line.data_text = "\n".join(lines)

    # ------------------------------------------------------------------
    # Immutability: every ORM path refuses, whoever calls
    # ------------------------------------------------------------------
    def _immutable_error(self):
        return UserError(
            self.env._(
                "Sealed archive cards cannot be created, changed or deleted: they are written "
                "only by the annual seal, and kept as they were sealed."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if vals_list:
            raise self._immutable_error()
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise self._immutable_error()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise self._immutable_error()

    def copy(self, default=None):
        if self:
            raise self._immutable_error()
        return super().copy(default)

    # ------------------------------------------------------------------
    # The sealed card
    # ------------------------------------------------------------------
    @api.model
    def _get_seal_card_fields(self):
        """res.partner fields sealed: those the printed card reads that are stored, or aliases
        of a stored field (the credit code is ``vat``) (extension point)."""
        partner_fields = self.env["res.partner"]._fields

        def stored(field):
            return field.store or (
                field.related and "." not in field.related and partner_fields[field.related].store
            )

        return [
            name
            for name in self.env[CARD_REPORT]._get_card_read_fields()
            if name not in UNSEALED_CARD_FIELDS and stored(partner_fields[name])
        ]

    @api.model
    def _prepare_seal_card(self, values, currency):
        """The data of one sealed card as the printed card shows it: sections of (label,
        formatted value), tier and credit (extension point)."""
        Card = self.env[CARD_REPORT]

        def text(fname):
            return Card._format_field_value("res.partner", fname, values.get(fname), currency)

        sections = []
        for index, (title, fnames) in enumerate(
            Card._get_card_sections(values.get("is_company") is True)
        ):
            rows = [
                {"label": Card._field_labels("res.partner", f, "string"), "value": text(f)}
                for f in fnames
                if f in values
            ]
            if index == 0:  # basic data: the address after the region, as on the card
                rows.insert(
                    5, {"label": self.env._("Address"), "value": Card._format_address(values)}
                )
            sections.append({"title": title, "rows": rows})
        return {
            "name": values.get("name") or "",
            "archive_number": values.get("archive_number") or "",
            "company": values["archive_company_id"][1] if values.get("archive_company_id") else "",
            "sections": sections,
            "tier": text("tier_id"),
            "tier_score": text("tier_score"),
            "tier_computed_at": text("tier_computed_at"),
            "credit_rating": text("credit_rating"),
            "credit_notes": text("credit_notes"),
        }

    @api.model
    def _prepare_seal_cards(self, partners, company):
        """[(archive id, number, name, card data)] of ``partners`` (read in one ORM read)."""
        currency = company.currency_id
        return [
            (
                values["id"],
                values.get("archive_number") or "",
                values.get("name") or "",
                self._prepare_seal_card(values, currency),
            )
            for values in partners.read(self._get_seal_card_fields())
        ]

    def _attach_sealed_pdf(self):
        """Render the sealed card of each line as a PDF, attach it and record its hash (the
        sealing job only). Returns the number of PDFs kept."""
        Attachment = self.env["ir.attachment"].sudo()  # the job attaches the sealed PDF
        report = self.env["ir.actions.report"].sudo()  # rendered from the sealed data only
        values = []
        for line in self:
            pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                SEAL_CARD_REPORT, line.ids
            )
            values.append((line, pdf))
        attachments = Attachment.create(
            [
                {
                    "name": "%s-%s.pdf" % (line.seal_id.year, line.archive_number or line.id),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": line.id,
                }
                for line, pdf in values
            ]
        )
        for (line, pdf), attachment in zip(values, attachments):
            self.env.cr.execute(
                SQL(
                    "UPDATE customer_archive_seal_line SET pdf_attachment_id = %s, pdf_hash = %s "
                    "WHERE id = %s",
                    attachment.id,
                    hashlib.sha256(pdf).hexdigest(),
                    line.id,
                )
            )
        self.invalidate_recordset(["pdf_attachment_id", "pdf_hash"])
        return len(values)

    def action_print_sealed_card(self):
        """The sealed card as a PDF, rendered from the sealed data (not the live archive)."""
        return self.env.ref(SEAL_CARD_REPORT).report_action(self)

    def action_download_pdf(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            return self.action_print_sealed_card()
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.pdf_attachment_id.id,
            "target": "self",
        }
