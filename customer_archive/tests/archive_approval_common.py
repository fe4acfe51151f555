import base64

from odoo import Command

from .visit_common import VisitCase

PDF = base64.b64encode(b"%PDF-1.4 copy of a document")
ID_COPY = base64.b64encode(b"\x89PNG identity card copy of the legal representative")


class ArchiveApprovalCase(VisitCase):
    """Approval on for the company; archives of the purchaser type need the business licence and
    the legal representative's ID card (an identity document)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.archive_approval_required = True
        cls.purchaser = cls.env.ref("customer_archive.customer_type_purchaser")
        cls.licence = cls.env.ref("customer_archive.document_type_business_licence")
        cls.legal_id = cls.env.ref("customer_archive.document_type_legal_representative_id")
        cls.tax = cls.env.ref("customer_archive.document_type_tax_registration")
        cls.Document = cls.env["customer.archive.document"]
        cls.Log = cls.env["customer.archive.access.log"]

    @classmethod
    def _user_archive(cls, name="宁波新开贸易有限公司", user=None, **vals):
        """An archive created by an archive user (the salesperson by default)."""
        user = user or cls.user_salesperson
        return (
            cls.Partner.with_user(user)
            .create(
                {
                    "name": name,
                    "is_company": True,
                    "is_customer_archive": True,
                    "customer_type_id": cls.purchaser.id,
                    "user_id": user.id,
                    **vals,
                }
            )
            .with_user(cls.env.user)
        )

    @classmethod
    def _add_document(cls, partner, doc_type, user=None, **vals):
        return cls.Document.with_user(user or cls.user_salesperson).create(
            {
                "partner_id": partner.id,
                "type_id": doc_type.id,
                "number": "NO-%s" % doc_type.id,
                **vals,
            }
        )

    @classmethod
    def _add_required_documents(cls, partner, user=None):
        return cls._add_document(partner, cls.licence, user, attachment=PDF) | cls._add_document(
            partner, cls.legal_id, user, attachment=ID_COPY, attachment_filename="id.png"
        )

    def _activities(self, partner, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    @staticmethod
    def _groups(*xmlids):
        return [Command.link(x) for x in xmlids]
