from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveDocumentType(models.Model):
    """A document of the archive's checklist (证件类型): business licence, legal
    representative's ID, tax registration, bank account permit, … For the customer types it
    applies to (all when none), a *required* type must be on the archive before an archive
    officer can approve it. Copies of an *identity* document are readable by cleared roles only."""

    _name = "customer.archive.document.type"
    _description = "Customer Archive Document Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code, e.g. for imports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    customer_type_ids = fields.Many2many(
        "customer.archive.type",
        "customer_archive_document_type_customer_type_rel",
        "document_type_id",
        "customer_type_id",
        string="Customer Types",
        help="The customer types whose archives keep this document; empty: every type.",
    )
    required = fields.Boolean(
        help="An archive of these customer types cannot be approved without this document."
    )
    is_identity = fields.Boolean(
        string="Identity Document",
        help="A copy of a person's identity document: only archive officers, managers and "
        "users allowed to reveal sensitive fields can open it, and each opening is logged.",
    )
    reminder_days = fields.Integer(
        string="Remind Days Before Expiry",
        default=30,
        help="A reminder activity is created this many days before a document of this type "
        "expires (0: no reminder).",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A document type with this code already exists."),
    ]

    @api.constrains("reminder_days")
    def _check_reminder_days(self):
        for doc_type in self:
            if doc_type.reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(type)s: the reminder cannot be a negative number of days (%(days)s).",
                        type=doc_type.name,
                        days=doc_type.reminder_days,
                    )
                )

    def _applies_to(self, customer_type):
        """The types of ``self`` that apply to archives of ``customer_type``."""
        return self.filtered(
            lambda t: not t.customer_type_ids or customer_type in t.customer_type_ids
        )

    def write(self, vals):
        res = super().write(vals)
        if "is_identity" in vals:
            # Copies already kept move to the field that matches the new flag.
            # sudo: the documents of every archive follow their type
            self.env["customer.archive.document"].sudo().search(
                [("type_id", "in", self.ids)]
            )._sync_copy_field()
        return res
