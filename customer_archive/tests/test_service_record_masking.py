from odoo.exceptions import UserError
from odoo.tests import tagged

from .service_record_common import NOTES, ServiceRecordCase


@tagged("post_install", "-at_install")
class TestServiceRecordMasking(ServiceRecordCase):
    """Health and contraindication notes: sensitive personal information, in clear only for a
    cleared role (archive manager) on a customer with a valid separate consent."""

    def _read(self, user, record=None):
        return (record or self.record).with_user(user).read(["health_notes"])[0]["health_notes"]

    def test_01_masked_without_consent_for_every_role(self):
        for user in (self.user_salesperson, self.user_officer, self.user_manager):
            self.assertEqual(self._read(user), "***", user.login)

    def test_02_consent_and_cleared_role_show_the_notes(self):
        consent = self._sensitive_consent(self.customer)
        self.assertEqual(self._read(self.user_manager), NOTES)
        # not cleared: masked whatever the consent
        self.assertEqual(self._read(self.user_salesperson), "***")
        self.assertEqual(self._read(self.user_officer), "***")
        consent.action_withdraw()
        self.assertEqual(self._read(self.user_manager), "***")

    def test_03_other_consents_do_not_count(self):
        self.env["customer.archive.consent"].create(
            {"partner_id": self.customer.id, "purpose": "会员营销", "scope": "personal"}
        )
        self.assertEqual(self._read(self.user_manager), "***")

    def test_04_every_path_is_masked_for_the_salesperson(self):
        """search_read, search, read_group, export and the chatter's tracking give nothing of
        the notes; the record itself stays readable."""
        self._sensitive_consent(self.customer)
        Record = self.Record.with_user(self.user_salesperson)
        rows = Record.search_read([("id", "=", self.record.id)], ["health_notes", "amount"])
        self.assertEqual(rows[0]["health_notes"], "***")
        self.assertFalse(Record.search([("health_notes", "ilike", "起搏器")]))
        self.assertEqual(
            self.Record.with_user(self.user_manager).search([("health_notes", "ilike", "起搏器")]),
            self.record,
        )
        groups = Record.read_group([("id", "=", self.record.id)], ["amount:sum"], ["health_notes"])
        self.assertNotIn("起搏器", repr(groups))
        with self.assertRaises(UserError):  # archive users do not export at all
            self.record.with_user(self.user_salesperson).export_data(["health_notes"])
        # a manager exports the notes of a customer without the consent masked
        no_consent = self.Record.create(
            {
                "partner_id": self.other_customer.id,
                "product_id": self.service.id,
                "health_notes": "孕期，禁用精油",
            }
        )
        exported = (
            (no_consent | self.record).with_user(self.user_manager).export_data(["health_notes"])
        )
        self.assertEqual(exported["datas"], [["***"], [NOTES]])
        self.record.with_user(self.user_manager).health_notes = "青霉素过敏"
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking is written at commit
        message = self.record.message_ids.filtered("tracking_value_ids")[:1]
        tracking = message.sudo().tracking_value_ids._tracking_value_format_model(self.Record._name)
        as_user = (
            # the chatter formats as superuser on behalf of the user
            message.sudo()
            .tracking_value_ids.with_user(self.user_salesperson)
            .sudo()
            ._tracking_value_format_model(self.Record._name)
        )
        self.assertIn("青霉素过敏", repr(tracking))  # superuser formats the real values
        self.assertNotIn("青霉素过敏", repr(as_user))
        self.assertNotIn("起搏器", repr(as_user))

    def test_05_classified_in_the_register(self):
        """The notes are classified like the other sensitive fields (administrators may adapt
        the classification)."""
        classification = self.env.ref("customer_archive.sensitive_field_service_health_notes")
        self.assertEqual(classification.field_name, "health_notes")
        self.assertEqual(classification.scope, "no_sensitive_consent")
        self.assertIn(
            self.env.ref("customer_archive.group_archive_manager"), classification.group_ids
        )
