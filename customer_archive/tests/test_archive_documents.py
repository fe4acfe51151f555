import base64
from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .archive_approval_common import ID_COPY, PDF, ArchiveApprovalCase


@tagged("post_install", "-at_install")
class TestArchiveDocuments(ArchiveApprovalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls._user_archive("证件测试有限公司")
        cls.licence_doc, cls.id_doc = cls._add_required_documents(cls.partner)

    def _open_entries(self, user):
        return self.Log.sudo().search(
            [
                ("event", "=", "open"),
                ("user_id", "=", user.id),
                ("field_name", "=", "identity_attachment"),
            ]
        )

    def test_01_identity_copy_unreadable_for_archive_user(self):
        """The salesperson who uploaded the ID card copy cannot read it back, on any path."""
        doc = self.id_doc.with_user(self.user_salesperson)
        self.assertTrue(doc.has_copy)
        self.assertFalse(doc.attachment, "the copy is not kept in the plain field")
        with self.assertRaises(AccessError):
            doc.read(["identity_attachment"])
        with self.assertRaises(AccessError):
            doc.search_read([("id", "=", doc.id)], ["identity_attachment"])
        with self.assertRaises(AccessError):
            doc.web_read({"identity_attachment": {}})
        with self.assertRaises(AccessError):
            doc.export_data(["identity_attachment"])
        with self.assertRaises(AccessError):
            self.env["ir.binary"].with_user(self.user_salesperson)._get_stream_from(
                doc, "identity_attachment"
            )
        # the ir.attachment holding the file
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", doc._name),
                    ("res_id", "=", doc.id),
                    ("res_field", "=", "identity_attachment"),
                ]
            )
        )
        self.assertEqual(len(attachment), 1)
        with self.assertRaises(AccessError):
            attachment.with_user(self.user_salesperson).read(["datas"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(self.user_salesperson)
            .search([("res_model", "=", doc._name), ("res_field", "=", "identity_attachment")])
        )
        # the form of the archive user has no identity copy field at all
        fields = self.Document.with_user(self.user_salesperson).fields_get()
        self.assertNotIn("identity_attachment", fields)
        # the plain copy of the business licence stays readable
        self.assertEqual(self.licence_doc.with_user(self.user_salesperson).attachment, PDF)
        self.assertFalse(self._open_entries(self.user_salesperson))

    def test_02_officer_opens_identity_copy_logged(self):
        doc = self.id_doc.with_user(self.user_officer)
        before = len(self._open_entries(self.user_officer))
        # the form shows the size only: not an opening
        doc.with_context(bin_size=True).web_read({"identity_attachment": {}})
        self.assertEqual(len(self._open_entries(self.user_officer)), before)
        self.assertEqual(doc.read(["identity_attachment"])[0]["identity_attachment"], ID_COPY)
        entries = self._open_entries(self.user_officer)
        self.assertEqual(len(entries), before + 1)
        self.assertEqual(entries[0].partner_id, self.partner)
        self.assertIn(self.legal_id.name, entries[0].detail)
        # (downloads through /web/content are logged too: tests/test_governance_open_rpc.py)

    def test_03_documents_follow_archive_visibility(self):
        colleague = new_test_user(
            self.env, login="test_doc_colleague", groups="customer_archive.group_archive_user"
        )
        Document = self.Document.with_user(colleague)
        self.assertFalse(Document.search([("partner_id", "=", self.partner.id)]))
        with self.assertRaises(AccessError):
            self.licence_doc.with_user(colleague).read(["number"])
        with self.assertRaises(AccessError):
            Document.create({"partner_id": self.partner.id, "type_id": self.tax.id})
        with self.assertRaises(AccessError):
            self.Document.with_user(self.user_plain).search([])

    def test_04_bad_dates_refused(self):
        with self.assertRaises(ValidationError) as error:
            self._add_document(
                self.partner,
                self.tax,
                issue_date=self.today,
                expiry_date=self.today - timedelta(days=1),
            )
        self.assertIn("证件测试有限公司", str(error.exception))
        self.assertFalse(
            self.Document.search(
                [("partner_id", "=", self.partner.id), ("type_id", "=", self.tax.id)]
            )
        )
        plain = self.Partner.create({"name": "非档案联系人"})
        with self.assertRaises(ValidationError):
            self.Document.create({"partner_id": plain.id, "type_id": self.tax.id})

    def test_05_expiry_state_filter_and_reminder(self):
        expired = self._add_document(
            self.partner, self.tax, expiry_date=self.today - timedelta(days=1)
        )
        self.licence_doc.expiry_date = self.today + timedelta(days=10)
        self.assertEqual(expired.state, "expired")
        self.assertEqual(self.licence_doc.state, "expiring")
        self.assertEqual(self.id_doc.state, "valid")
        self.assertEqual(
            self.Document.search([("state", "=", "expired"), ("partner_id", "=", self.partner.id)]),
            expired,
        )
        self.assertEqual(
            self.Document.search(
                [("state", "=", "expiring"), ("partner_id", "=", self.partner.id)]
            ),
            self.licence_doc,
        )
        # the archive's Expired Documents filter
        found = self.Partner.search(
            [("archive_document_ids.expiry_date", "<", self.today), ("id", "=", self.partner.id)]
        )
        self.assertEqual(found, self.partner)
        # reminder for the keeper, once
        self.partner.keeper_id = self.user_salesperson
        self.Document._cron_document_expiry_reminders()
        self.Document._cron_document_expiry_reminders()
        activities = self._activities(
            self.partner, "customer_archive.mail_activity_type_document_expiry"
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_salesperson)
        self.assertEqual(activities.date_deadline, self.today + timedelta(days=10))

    def test_06_identity_flag_moves_copies(self):
        """A type becoming an identity document moves its copies to the restricted field."""
        tax_doc = self._add_document(self.partner, self.tax, attachment=PDF)
        self.tax.is_identity = True
        with self.assertRaises(AccessError):
            tax_doc.with_user(self.user_salesperson).read(["identity_attachment"])
        self.assertFalse(tax_doc.with_user(self.user_salesperson).attachment)
        self.assertEqual(tax_doc.with_user(self.user_manager).identity_attachment, PDF)
        self.assertEqual(base64.b64decode(PDF)[:4], b"%PDF")
