"""Documents kept on an archive (证件): the checklist of the archive's customer type, with
number, issue and expiry dates and a copy.

The copy of an identity document (``type_id.is_identity``) is kept in its own field,
``identity_attachment``, restricted by the ORM to the roles cleared to reveal sensitive data
(group *May Reveal Sensitive Fields*: archive officers and above, or users given the right).
Odoo enforces a field's groups on every path — read, search_read, web_read, export, the
``/web/content`` downloads and the ``ir.attachment`` record holding the file — so an archive
user never reads it. Whoever uploads a copy of an identity document (the salesperson holding
the paper) writes it there without being able to read it back. Every opening of such a copy by
a cleared user is written to the access log (``_fetch_query`` below; downloads in
models/ir_binary_document.py)."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .res_users_archive_role import GROUP_REVEAL

_logger = logging.getLogger(__name__)

DOCUMENT_STATES = [
    ("valid", "Valid"),
    ("expiring", "Expiring Soon"),
    ("expired", "Expired"),
]
# The copy fields: (plain copy, its file name) and (identity copy, its file name).
COPY_FIELDS = ("attachment", "attachment_filename")
IDENTITY_COPY_FIELDS = ("identity_attachment", "identity_attachment_filename")


class CustomerArchiveDocument(models.Model):
    _name = "customer.archive.document"
    _inherit = ["customer.archive.data.guard"]
    _description = "Customer Archive Document"
    _order = "partner_id, sequence, id"
    _rec_name = "type_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Archive",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_customer_archive', '=', True)]",
    )
    type_id = fields.Many2one(
        "customer.archive.document.type",
        string="Document Type",
        required=True,
        index=True,
        ondelete="restrict",
    )
    sequence = fields.Integer(related="type_id.sequence", store=True)
    is_identity = fields.Boolean(related="type_id.is_identity", string="Identity Document")
    number = fields.Char(string="Document Number")
    issue_date = fields.Date(string="Issued On")
    expiry_date = fields.Date(string="Expires On", index=True)
    state = fields.Selection(
        DOCUMENT_STATES,
        compute="_compute_state",
        search="_search_state",
        string="Validity",
        help="Expired after the expiry date; expiring within the type's reminder days before.",
    )
    attachment = fields.Binary(string="Copy", attachment=True, copy=False)
    attachment_filename = fields.Char(string="Copy File Name", copy=False)
    identity_attachment = fields.Binary(
        string="Identity Copy", attachment=True, copy=False, groups=GROUP_REVEAL
    )
    identity_attachment_filename = fields.Char(
        string="Identity Copy File Name", copy=False, groups=GROUP_REVEAL
    )
    has_copy = fields.Boolean(
        string="Copy on File",
        compute="_compute_has_copy",
        store=True,
        compute_sudo=True,
        help="A copy is kept (an identity copy is shown to cleared roles only).",
    )
    company_id = fields.Many2one(
        "res.company", related="partner_id.archive_company_id", store=True, index=True
    )
    note = fields.Char()

    # ------------------------------------------------------------------ computes
    @api.depends_context("uid")
    @api.depends("expiry_date", "type_id.reminder_days")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for document in self:
            if document.expiry_date and document.expiry_date < today:
                document.state = "expired"
            elif document.expiry_date and document.expiry_date <= today + timedelta(
                days=document.type_id.reminder_days
            ):
                document.state = "expiring"
            else:
                document.state = "valid"

    @api.model
    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on the validity of documents."))
        values = {value} if operator in ("=", "!=") else set(value)
        today = fields.Date.context_today(self)
        # "expiring" depends on each type's reminder days: the ids of one search.
        expiring = self.search(
            [("expiry_date", ">=", today), ("type_id.reminder_days", ">", 0)]
        ).filtered(lambda d: d.expiry_date <= today + timedelta(days=d.type_id.reminder_days))
        by_state = {
            "expired": [("expiry_date", "<", today)],
            "expiring": [("id", "in", expiring.ids)],
            "valid": [
                "&",
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">=", today),
                ("id", "not in", expiring.ids),
            ],
        }
        domain = ["|"] * (len(values) - 1) if values else []
        for state in values:
            domain += by_state.get(state, [("id", "=", False)])
        if not values:
            domain = [("id", "=", False)]
        return ["!", *domain] if operator in ("!=", "not in") else domain

    @api.depends("attachment", "identity_attachment")
    def _compute_has_copy(self):
        for document in self:
            document.has_copy = bool(document.attachment or document.identity_attachment)

    # ------------------------------------------------------------------ constraints
    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for document in self:
            if (
                document.issue_date
                and document.expiry_date
                and document.expiry_date < document.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(document)s of %(archive)s cannot expire (%(expiry)s) before it was "
                        "issued (%(issue)s).",
                        document=document.type_id.name,
                        archive=document.partner_id.display_name,
                        expiry=format_date(self.env, document.expiry_date),
                        issue=format_date(self.env, document.issue_date),
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_archive(self):
        for document in self:
            if not document.partner_id.is_customer_archive:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a customer archive: documents are kept on archives only.",
                        partner=document.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ copies
    @api.model
    def _split_identity_copy(self, vals, doc_type):
        """Take the copy out of ``vals`` when ``doc_type`` is an identity document: it is
        written to the restricted field by :meth:`_write_identity_copy`."""
        if not doc_type.is_identity:
            return {}
        copy_vals = {}
        for plain, restricted in zip(COPY_FIELDS, IDENTITY_COPY_FIELDS):
            if plain in vals:
                copy_vals[restricted] = vals.pop(plain)
            if restricted in vals:
                copy_vals[restricted] = vals.pop(restricted)
        return copy_vals

    def _write_identity_copy(self, copy_vals):
        if copy_vals:
            # sudo: the uploader writes the identity copy without being allowed to read it
            super(CustomerArchiveDocument, self.sudo()).write(copy_vals)
        return True

    def _sync_copy_field(self):
        """Keep each copy in the field its type asks for (after a change of type or of the
        type's identity flag)."""
        # sudo: moving a copy between the two fields reads the restricted one
        for document in self.sudo():
            source, target = (
                (COPY_FIELDS, IDENTITY_COPY_FIELDS)
                if document.type_id.is_identity
                else (IDENTITY_COPY_FIELDS, COPY_FIELDS)
            )
            if document[source[0]]:
                super(CustomerArchiveDocument, document).write(
                    {
                        target[0]: document[source[0]],
                        target[1]: document[source[1]],
                        source[0]: False,
                        source[1]: False,
                    }
                )
        return True

    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["customer.archive.document.type"].browse(
            [vals.get("type_id") for vals in vals_list if vals.get("type_id")]
        )
        identity_copies = [
            self._split_identity_copy(vals, types.browse(vals.get("type_id"))) for vals in vals_list
        ]
        documents = super().create(vals_list)
        for document, copy_vals in zip(documents, identity_copies):
            document._write_identity_copy(copy_vals)
        return documents

    def write(self, vals):
        copy_written = bool(set(vals) & set(COPY_FIELDS + IDENTITY_COPY_FIELDS))
        if copy_written and "type_id" not in vals:
            identity = self.filtered("type_id.is_identity")
            if identity and identity != self:
                # identity and other documents at once: each kind keeps its copy its own way
                (self - identity).write(vals)
                return identity.write(vals)
            if identity:
                vals = dict(vals)
                copy_vals = self._split_identity_copy(vals, identity.type_id[:1])
                res = super().write(vals) if vals else True
                self._write_identity_copy(copy_vals)
                return res
        res = super().write(vals)
        if "type_id" in vals:
            self._sync_copy_field()
        return res

    # ------------------------------------------------------------------ opening log
    def _fetch_query(self, query, fields):
        fetched = super()._fetch_query(query, fields)
        if (
            not self.env.su
            and any(field.name == "identity_attachment" for field in fields)
            and not self.env.context.get("bin_size")
            and not self.env.context.get("bin_size_identity_attachment")
        ):
            fetched._log_identity_copy_open()
        return fetched

    def _log_identity_copy_open(self):
        """Write the opening of these documents' identity copies to the access log."""
        # sudo: which of the documents hold a copy, for the entry
        opened = self.sudo().filtered(lambda d: d.is_identity and d.has_copy)
        if not opened:
            return
        self.env["customer.archive.access.log"]._log(
            "open",
            opened.partner_id,
            field_name="identity_attachment",
            record_count=len(opened),
            detail="customer.archive.document: %s"
            % ", ".join("%s (%s)" % (d.type_id.name, d.id) for d in opened),
        )

    # ------------------------------------------------------------------ expiry reminders
    @api.model
    def _get_expiry_reminder_domain(self, today):
        """Documents that may need an expiry reminder today (extension point)."""
        horizon = max(
            self.env["customer.archive.document.type"].search([]).mapped("reminder_days"), default=0
        )
        return [
            ("expiry_date", ">=", today),
            ("expiry_date", "<=", today + timedelta(days=horizon)),
            ("type_id.reminder_days", ">", 0),
            ("partner_id.is_customer_archive", "=", True),
        ]

    @api.model
    def _cron_document_expiry_reminders(self):
        """Daily: an activity for the archive's keeper (else its salesperson) N days before a
        document expires (N per document type); each expiry is reminded once."""
        # sudo: the scheduled action reminds about the documents of every archive
        self = self.sudo()
        today = fields.Date.context_today(self)
        items = []
        for document in self.search(self._get_expiry_reminder_domain(today)):
            if (document.expiry_date - today).days > document.type_id.reminder_days:
                continue
            partner = document.partner_id
            user = partner.keeper_id or partner.user_id
            if not user:
                continue
            env = user._get_lang_env(self.env)  # the reminded user's language
            doc_name = document.type_id.with_env(env).name
            items.append(
                {
                    "key": "document_expiry:%s:%s" % (document.id, document.expiry_date),
                    "kind": "document_expiry",
                    "record": partner,
                    "partner": partner,
                    "user": user,
                    "date": document.expiry_date,
                    "activity_type": "customer_archive.mail_activity_type_document_expiry",
                    "summary": env._(
                        "%(document)s expires on %(date)s",
                        document=doc_name,
                        date=format_date(env, document.expiry_date),
                    ),
                    "note": env._(
                        "%(document)s %(number)s of %(archive)s expires on %(date)s: ask the "
                        "customer for the renewed document.",
                        document=doc_name,
                        number=document.number or "",
                        archive=partner.display_name,
                        date=format_date(env, document.expiry_date),
                    ),
                }
            )
        created = self.env["customer.archive.reminder"]._create_reminders(items)
        _logger.info("customer_archive documents: %s expiry reminders created", len(created))
        return created
