"""PIPL (个人信息保护法) on the person: legal basis, consents, requests, one-person data export
and anonymisation."""

import base64
import io
import logging

import xlsxwriter
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date, html2plaintext

from .customer_archive_pipl_common import LEGAL_BASES, PERSONAL_FIELDS

_logger = logging.getLogger(__name__)

PIPL_OFFICER_FIELDS = {"pipl_legal_basis", "pipl_legal_basis_note"}
PIPL_ANONYMISED_FIELDS = {"pipl_anonymised", "pipl_anonymised_date", "pipl_anonymised_by_id"}
# Address and contact fields that may carry personal data, cleared on anonymisation besides
# the fields of PERSONAL_FIELDS (name and bank accounts are replaced, not cleared).
ANONYMISE_EXTRA_FIELDS = ["website", "title"]


def display_value(record, fname):
    """A field value of one record as text, in the language of the record's environment."""
    env = record.env
    field = record._fields[fname]
    value = record[fname]
    if field.type == "boolean":
        return env._("Yes") if value else env._("No")
    if not value and field.type not in ("integer", "float", "monetary"):
        return ""
    if field.type in ("many2one", "many2many", "one2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        return dict(field._description_selection(env)).get(value, value)
    if field.type == "date":
        return format_date(env, value)
    if field.type == "datetime":
        return fields.Datetime.to_string(fields.Datetime.context_timestamp(record, value))
    if field.type == "html":
        return html2plaintext(value)
    return str(value)


class ResPartner(models.Model):
    _inherit = "res.partner"

    pipl_legal_basis = fields.Selection(
        LEGAL_BASES,
        string="Legal Basis",
        tracking=True,
        help="Why the company may process this person's personal information (PIPL art. 13). "
        'With "Consent", record the consents below.',
    )
    pipl_legal_basis_note = fields.Char(string="Legal Basis Details")
    consent_ids = fields.One2many("customer.archive.consent", "partner_id", string="Consents")
    consent_count = fields.Integer(compute="_compute_pipl_counts", string="Consents Given")
    has_sensitive_consent = fields.Boolean(
        compute="_compute_pipl_counts",
        string="Sensitive Data Consent",
        help="A valid separate consent for sensitive personal information exists.",
    )
    subject_request_ids = fields.One2many(
        "customer.archive.subject.request",
        "partner_id",
        string="Personal Information Requests",
    )
    pipl_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False, index=True)
    pipl_anonymised_date = fields.Datetime(string="Anonymised On", readonly=True, copy=False)
    pipl_anonymised_by_id = fields.Many2one(
        "res.users", string="Anonymised By", readonly=True, copy=False
    )

    @api.depends("consent_ids.state", "consent_ids.scope")
    def _compute_pipl_counts(self):
        # Only what the user may read of the register (one grouped query for all partners).
        Consent = self.env["customer.archive.consent"]
        groups = (
            []
            if not Consent.has_access("read")
            else Consent._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "valid")],
                ["partner_id", "scope"],
                ["__count"],
            )
        )
        counts, sensitive = {}, set()
        for partner, scope, count in groups:
            counts[partner.id] = counts.get(partner.id, 0) + count
            if scope == "sensitive":
                sensitive.add(partner.id)
        for partner in self:
            partner.consent_count = counts.get(partner.id, 0)
            partner.has_sensitive_consent = partner.id in sensitive

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def _check_pipl_fields_writable(self, fnames):
        fnames = set(fnames)
        if self.env.su:
            return
        if fnames & PIPL_ANONYMISED_FIELDS:
            raise AccessError(self.env._('Use "Anonymise" to anonymise a person.'))
        if fnames & PIPL_OFFICER_FIELDS and not self.env.user._is_archive_officer():
            raise AccessError(
                self.env._(
                    "Only archive officers and managers can set the legal basis of processing."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # empty values pass: copy() and res.users send every field (default False)
            self._check_pipl_fields_writable({fname for fname, value in vals.items() if value})
        return super().create(vals_list)

    def write(self, vals):
        self._check_pipl_fields_writable(vals)
        return super().write(vals)

    def _pipl_log(self, event, detail=None, record_count=None):
        """Write to the access log (append-only; shared interface of the confidentiality work)."""
        return self.env["customer.archive.access.log"]._log(
            event, self, detail=detail, record_count=record_count
        )

    def _check_pipl_manager(self, action):
        if not self.env.su and not self.env.user._is_archive_manager():
            raise AccessError(self.env._("Only archive managers can %(action)s.", action=action))

    def _pipl_check_person(self):
        """The partners must be people of an archive: an individual archive or a contact."""
        for person in self:
            if person.is_company or not (
                person.is_customer_archive or person.parent_id.is_customer_archive
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a person of a customer archive (an individual customer "
                        "or a contact of a customer).",
                        partner=person.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # One-person data export
    # ------------------------------------------------------------------
    @api.model
    def _get_pipl_export_fields(self):
        """Fields of the person listed by the data export (extension point)."""
        return [
            "archive_number",
            "name",
            "parent_id",
            "function",
            "phone",
            "mobile",
            "email",
            "street",
            "street2",
            "zip",
            "city",
            "state_id",
            "country_id",
            "birthday",
            "resident_id",
            "vat",
            "wechat_id",
            "qq",
            "preferred_channel",
            "hobby_ids",
            "comment",
            "pipl_legal_basis",
            "pipl_legal_basis_note",
            "customer_type_id",
            "source_id",
            "region_id",
            "user_id",
            "keeper_id",
            "archive_status_id",
            "archive_date",
            "tier_id",
            "tier_score",
            "last_visit_date",
        ]

    def _pipl_table(self, title, records, fnames):
        columns = [records._fields[f]._description_string(self.env) for f in fnames]
        rows = [[display_value(record, f) for f in fnames] for record in records]
        return {"title": title, "columns": columns, "rows": rows}

    def _pipl_export_data(self):
        """Everything the archive holds about this person, as sections of a table each:
        ``[{"title", "columns", "rows"}]`` (rows of strings). Extension point."""
        self.ensure_one()
        self._pipl_check_person()
        person = self
        archive = person.commercial_partner_id
        data_rows = [
            [person._fields[f]._description_string(self.env), display_value(person, f)]
            for f in self._get_pipl_export_fields()
            if f in person._fields
        ]
        data_rows += [[self.env._("Bank Account"), bank.acc_number] for bank in person.bank_ids]
        sections = [
            {
                "title": self.env._("Personal Data"),
                "columns": [self.env._("Field"), self.env._("Value")],
                "rows": data_rows,
            }
        ]
        if person.child_ids:
            sections.append(
                self._pipl_table(
                    self.env._("Contacts"),
                    person.child_ids,
                    ["name", "function", "phone", "mobile", "email", "birthday", "wechat_id"],
                )
            )
        sections.append(
            self._pipl_table(
                self.env._("Consents"),
                # sudo: the export holds every consent of the person (manager-only export)
                person.consent_ids.sudo(),
                [
                    "purpose",
                    "scope",
                    "consent_date",
                    "channel",
                    "state",
                    "withdrawn_date",
                    "withdrawal_channel",
                    "note",
                ],
            )
        )
        # sudo: the export holds every visit of the person (manager-only export)
        Visit = self.env["customer.archive.visit"].sudo()
        visits = Visit.search(
            ["|", ("partner_id", "=", person.id), ("contact_ids", "in", person.ids)],
            order="planned_date",
        )
        sections.append(
            self._pipl_table(
                self.env._("Visits"),
                visits,
                [
                    "visit_date",
                    "user_id",
                    "method_id",
                    "purpose_id",
                    "outcome_id",
                    "summary",
                    "feedback",
                    "resolution",
                ],
            )
        )
        # sudo: the export holds every service case of the person (manager-only export)
        cases = (
            self.env["customer.archive.case"]
            .sudo()
            .search(
                ["|", ("partner_id", "=", person.id), ("confirmed_by_id", "=", person.id)],
                order="date",
            )
        )
        if cases:
            sections.append(
                self._pipl_table(
                    self.env._("Service Cases"),
                    cases,
                    [
                        "name",
                        "date",
                        "type_id",
                        "stage_id",
                        "user_id",
                        "description",
                        "resolution",
                        "confirmed_on",
                        "closed_on",
                    ],
                )
            )
        if archive == person and person.tier_history_ids:
            sections.append(
                self._pipl_table(
                    self.env._("Tier Changes"),
                    # sudo: the export holds every tier change (manager-only export)
                    person.tier_history_ids.sudo(),
                    ["date", "old_tier_id", "new_tier_id", "source", "reason"],
                )
            )
        sections.append(
            self._pipl_table(
                self.env._("Personal Information Requests"),
                # sudo: the export holds every request of the person (manager-only export)
                person.subject_request_ids.sudo(),
                [
                    "name",
                    "request_type",
                    "received_date",
                    "due_date",
                    "state",
                    "closed_date",
                    "description",
                    "response",
                    "refusal_reason",
                ],
            )
        )
        return sections

    def _pipl_export_filename(self, extension):
        self.ensure_one()
        return "%s-%s.%s" % (
            self.env._("personal-data"),
            self.archive_number or self.commercial_partner_id.archive_number or self.id,
            extension,
        )

    def _pipl_export_xlsx(self):
        """The data export as an XLSX workbook (bytes), one sheet per section."""
        self.ensure_one()
        self._check_pipl_manager(self.env._("export a person's data"))
        sections = self._pipl_export_data()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        title = workbook.add_format({"bold": True, "font_size": 14})
        for index, section in enumerate(sections):
            # Sheet names: at most 31 characters, unique.
            sheet = workbook.add_worksheet(("%d %s" % (index + 1, section["title"]))[:31])
            sheet.write(0, 0, section["title"], title)
            sheet.write(1, 0, self.display_name)
            for col, name in enumerate(section["columns"]):
                sheet.write(3, col, name, bold)
                sheet.set_column(col, col, 24)
            for row, values in enumerate(section["rows"], start=4):
                for col, value in enumerate(values):
                    sheet.write_string(row, col, value or "", wrap)
        workbook.close()
        self._pipl_log("subject_export", detail="XLSX")
        return output.getvalue()

    def _pipl_export_pdf(self):
        """The data export as a PDF (bytes), through the QWeb report (which logs it)."""
        self.ensure_one()
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("customer_archive.report_subject_export", res_ids=self.ids)
        )
        return pdf

    def _pipl_export_files(self):
        """``[(filename, content, mimetype)]`` of the data export."""
        return [
            (
                self._pipl_export_filename("xlsx"),
                self._pipl_export_xlsx(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (self._pipl_export_filename("pdf"), self._pipl_export_pdf(), "application/pdf"),
        ]

    def action_pipl_export(self):
        """Button: download the person's data (XLSX and PDF) from a wizard."""
        self.ensure_one()
        self._check_pipl_manager(self.env._("export a person's data"))
        files = self._pipl_export_files()
        wizard = self.env["customer.archive.subject.export"].create(
            {
                "partner_id": self.id,
                "xlsx_name": files[0][0],
                "xlsx_file": base64.b64encode(files[0][1]),
                "pdf_name": files[1][0],
                "pdf_file": base64.b64encode(files[1][1]),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Personal Data Export"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Anonymisation
    # ------------------------------------------------------------------
    def action_open_pipl_anonymise(self):
        self.ensure_one()
        self._check_pipl_manager(self.env._("anonymise a person"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Anonymise Personal Data"),
            "res_model": "customer.archive.anonymise.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def _get_pipl_anonymised_name(self):
        self.ensure_one()
        number = self.archive_number or self.commercial_partner_id.archive_number or str(self.id)
        if self.parent_id:
            number = "%s-%s" % (number, self.id)
        return self.env._("Anonymised %(number)s", number=number)

    @api.model
    def _get_pipl_anonymise_fields(self):
        """Fields cleared by the anonymisation (extension point); ``name`` is replaced and bank
        accounts are scrambled separately."""
        names = [f for category in PERSONAL_FIELDS.values() for f in category]
        names += ANONYMISE_EXTRA_FIELDS
        return [f for f in names if f in self._fields and f not in ("name", "bank_ids")]

    def _prepare_pipl_anonymise_vals(self):
        self.ensure_one()
        vals = {"name": self._get_pipl_anonymised_name()}
        for fname in self._get_pipl_anonymise_fields():
            field = self._fields[fname]
            vals[fname] = [(5, 0, 0)] if field.type == "many2many" else False
        return vals

    @api.model
    def _get_pipl_searchable_fields(self):
        """Fields whose former values are also searched for, and masked, in the texts of the
        messages of other documents (visits, orders...) on anonymisation (extension point)."""
        return [
            "name",
            "phone",
            "mobile",
            "email",
            "resident_id",
            "vat",
            "wechat_id",
            "qq",
            "street",
        ]

    def _pipl_former_values(self):
        """Personal values of these people worth searching for in texts (4 characters or more)."""
        values = set()
        for person in self:
            values.update(person[f] for f in self._get_pipl_searchable_fields() if person[f])
            values.update(person.with_context(active_test=False).bank_ids.mapped("acc_number"))
        return sorted(v for v in values if isinstance(v, str) and len(v.strip()) >= 4)

    def _pipl_anonymise(self):
        """Replace the personal data of these people, irreversibly. Sales orders, invoices,
        payments, visits and the partner records themselves are kept. Returns the list of
        what was anonymised."""
        self._check_pipl_manager(self.env._("anonymise a person"))
        self._pipl_check_person()
        done = self.filtered("pipl_anonymised")
        if done:
            raise UserError(
                self.env._(
                    "%(partner)s was already anonymised on %(date)s.",
                    partner=done[0].display_name,
                    date=format_date(self.env, done[0].pipl_anonymised_date),
                )
            )
        if self.user_ids:
            raise UserError(
                self.env._(
                    "%(partner)s is the contact of a user: deactivate the user first.",
                    partner=self.user_ids[0].partner_id.display_name,
                )
            )
        cleared_fields = ["name", *self._get_pipl_anonymise_fields()]
        # sudo: an archive manager may anonymise every personal value of the person, including
        # chatter, tracking values, bank accounts and attachments that other rules hide.
        people = self.sudo().with_context(mail_notrack=True, tracking_disable=True)
        former_values = people._pipl_former_values()
        banks = people.with_context(active_test=False).bank_ids
        for person in people:
            # One write per person: each gets its own anonymised name.
            person.write(person._prepare_pipl_anonymise_vals())
        detail = ["%s: %s" % (self.env._("fields"), ", ".join(cleared_fields))]
        if banks:
            for bank in banks:
                # Account numbers are unique per partner: each gets its own placeholder.
                bank.write(
                    {"acc_number": "ANON-%s" % bank.id, "acc_holder_name": False, "active": False}
                )
            detail.append(self.env._("%(count)s bank account(s)", count=len(banks)))
        detail += people._pipl_anonymise_chatter(banks, former_values)
        attachments = (
            self.env["ir.attachment"]
            # sudo: anonymising deletes the person's attachments that other rules hide
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    "&",
                    ("res_model", "=", "res.partner.bank"),
                    ("res_id", "in", banks.ids),
                ]
            )
        )
        attachments |= (
            self.env["customer.archive.consent"]
            # sudo: anonymising deletes the evidence of the person's consents
            .sudo()
            .search([("partner_id", "in", self.ids)])
            .attachment_ids
        )
        if attachments:
            detail.append(self.env._("%(count)s attachment(s) deleted", count=len(attachments)))
            attachments.unlink()
        visits = (
            self.env["customer.archive.visit"]
            # sudo: anonymising reaches every visit of the person
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("checkin_latitude", "!=", False),
                ]
            )
        )
        if visits:
            visits.write(
                {"checkin_latitude": False, "checkin_longitude": False, "checkin_accuracy": False}
            )
            detail.append(self.env._("check-in location of %(count)s visit(s)", count=len(visits)))
        people._pipl_anonymise_access_log_names()
        people.write(
            {
                "pipl_anonymised": True,
                "pipl_anonymised_date": fields.Datetime.now(),
                "pipl_anonymised_by_id": self.env.uid,
            }
        )
        people.message_post(
            body=self.env._(
                "Personal data anonymised by %(user)s: %(detail)s.",
                user=self.env.user.name,
                detail="; ".join(detail),
            )
        )
        self._pipl_log("anonymise", detail="; ".join(detail))
        _logger.info("customer_archive: anonymised partners %s", self.ids)
        return detail

    def _pipl_anonymise_access_log_names(self):
        """The access log keeps its entries but not the former name of the person: the log is
        append-only through the ORM, and this parameterised update of the copied name is the one
        documented exception."""
        self.flush_recordset(["name"])
        self.env.cr.execute(
            SQL(
                """UPDATE customer_archive_access_log log SET partner_name = partner.name
                 FROM res_partner partner
                WHERE log.partner_id = partner.id AND partner.id IN %s""",
                tuple(self.ids),
            )
        )
        self.env["customer.archive.access.log"].invalidate_model(["partner_name"])

    def _pipl_anonymise_chatter(self, banks, former_values):
        """Messages and tracking values: the chatter of these partners and of their bank
        accounts is blanked; the former personal values are masked in the messages of other
        documents (e.g. a visit named after the person), and tracked links to these partners
        (e.g. the customer of a sale order) show the new name."""
        detail = []
        # sudo: anonymising blanks the person's chatter, whoever wrote it
        Message = self.env["mail.message"].sudo()
        own = Message.search(
            [
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                "&",
                ("model", "=", "res.partner.bank"),
                ("res_id", "in", banks.ids),
            ]
        )
        placeholder = Markup("<p>%s</p>") % self.env._("(anonymised)")
        own.write(
            {
                "body": placeholder,
                "subject": False,
                "email_from": False,
                "reply_to": False,
                "record_name": False,
            }
        )
        # sudo: anonymising blanks the tracked values of the person
        Tracking = self.env["mail.tracking.value"].sudo()
        blank = {
            f"{side}_value_{kind}": False
            for side in ("old", "new")
            for kind in ("char", "text", "datetime", "integer", "float")
        }
        own_tracking = Tracking.search([("mail_message_id", "in", own.ids)])
        own_tracking.write(blank)
        # Tracked links to these partners (e.g. the customer of a sale order) keep the name.
        links = Tracking.search(
            [
                ("field_id.relation", "=", "res.partner"),
                "|",
                ("old_value_integer", "in", self.ids),
                ("new_value_integer", "in", self.ids),
            ]
        )
        for person in self:
            links.filtered(lambda v, pid=person.id: v.old_value_integer == pid).write(
                {"old_value_char": person.name}
            )
            links.filtered(lambda v, pid=person.id: v.new_value_integer == pid).write(
                {"new_value_char": person.name}
            )
        masked = self._pipl_mask_in_messages(former_values, exclude=own)
        if own or masked:
            detail.append(self.env._("%(count)s chatter message(s)", count=len(own | masked)))
        if own_tracking or links:
            detail.append(
                self.env._("%(count)s tracking value(s)", count=len(own_tracking) + len(links))
            )
        # Sender addresses of the messages these people wrote on other documents.
        Message.search([("author_id", "in", self.ids), ("id", "not in", own.ids)]).write(
            {"email_from": False}
        )
        return detail

    def _pipl_mask_in_messages(self, values, exclude):
        """Replace ``values`` by a placeholder in the body, subject and record name of every
        other message holding one of them. Returns the messages changed."""
        if not values:
            return self.env["mail.message"]
        domain = expression.OR(
            [
                [(fname, "ilike", value)]
                for value in values
                for fname in ("body", "subject", "record_name")
            ]
        )
        messages = (
            self.env["mail.message"]
            # sudo: anonymising masks the person's values in every message
            .sudo()
            .search(expression.AND([domain, [("id", "not in", exclude.ids)]]))
        )
        mask = self.env._("(anonymised)")
        for message in messages:
            # One write per message: each text is different.
            vals = {}
            for fname in ("body", "subject", "record_name"):
                text = message[fname]
                if not text:
                    continue
                new_text = text
                for value in values:
                    new_text = new_text.replace(value, mask)
                    if fname == "body":
                        new_text = new_text.replace(escape(value), mask)
                if new_text != text:
                    vals[fname] = Markup(new_text) if fname == "body" else new_text
            message.write(vals)
        return messages
