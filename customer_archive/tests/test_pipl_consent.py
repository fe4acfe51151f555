from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .pipl_common import PiplCase


@tagged("post_install", "-at_install")
class TestPiplConsent(PiplCase):
    def _consent(self, user=None, **vals):
        env = self.env(user=user or self.user_officer)
        return env["customer.archive.consent"].create(
            {
                "partner_id": self.person.id,
                "purpose": "新品推介",
                "channel": "wechat",
                **vals,
            }
        )

    def test_01_officer_records_consent_and_separate_sensitive_consent(self):
        """An officer records consents; a sensitive-data consent is a separate one and shows on
        the person; each consent is logged."""
        self._consent()
        self.assertFalse(self.person.has_sensitive_consent)
        sensitive = self._consent(purpose="分期付款资信审核", scope="sensitive")
        self.assertTrue(sensitive.is_separate)
        self.person.invalidate_recordset()
        self.assertTrue(self.person.has_sensitive_consent)
        self.assertEqual(self.person.consent_count, 2)
        self.assertEqual(len(self._log_entries("consent", self.person)), 2)

    def test_02_withdrawal_keeps_the_consent(self):
        """A withdrawn consent stays in the register, frozen, and cannot be deleted by anyone."""
        consent = self._consent(scope="sensitive")
        consent.with_user(self.user_officer).action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawn_date, self.today)
        self.assertEqual(consent.withdrawal_channel, "wechat")
        self.person.invalidate_recordset()
        self.assertFalse(self.person.has_sensitive_consent)
        self.assertEqual(len(self._log_entries("consent", self.person)), 2)
        with self.assertRaises(UserError):
            consent.with_user(self.user_officer).write({"purpose": "改写"})
        with self.assertRaises(UserError):
            consent.with_user(self.user_officer).action_withdraw()
        for user in (self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                consent.with_user(user).unlink()
        with self.assertRaises(UserError):
            consent.unlink()  # even as administrator
        self.assertTrue(consent.exists())
        self.assertEqual(consent.purpose, "新品推介")

    def test_03_withdrawal_through_the_form(self):
        consent = self._consent()
        with Form(consent.with_user(self.user_officer)) as form:
            form.withdrawn_date = self.today
            form.withdrawal_channel = "phone"
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawal_channel, "phone")

    def test_04_bad_dates_are_refused(self):
        with self.assertRaises(ValidationError):
            self._consent(consent_date=self._days_ago(-3))
        consent = self._consent(consent_date=self._days_ago(10))
        with self.assertRaises(ValidationError):
            consent.write({"withdrawn_date": self._days_ago(20), "withdrawal_channel": "phone"})
        with self.assertRaises(ValidationError):
            consent.write({"withdrawn_date": self.today})  # no channel
        self.assertEqual(consent.state, "valid")

    def test_05_only_people_of_archives(self):
        stranger = self.Partner.create({"name": "路人乙"})
        with self.assertRaises(ValidationError):
            self.env["customer.archive.consent"].create(
                {"partner_id": stranger.id, "purpose": "推介", "channel": "phone"}
            )

    def test_06_salesperson_reads_but_cannot_record(self):
        """Archive users see the consents of their customers, but only officers record them and
        set the legal basis."""
        consent = self._consent()
        self.assertEqual(
            self.env["customer.archive.consent"]
            .with_user(self.user_salesperson)
            .search([("partner_id", "=", self.person.id)]),
            consent,
        )
        with self.assertRaises(AccessError):
            self._consent(user=self.user_salesperson)
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_salesperson).write({"pipl_legal_basis": "consent"})
        self.person.with_user(self.user_officer).write({"pipl_legal_basis": "contract"})
        self.assertEqual(self.person.pipl_legal_basis, "contract")
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_manager).write({"pipl_anonymised": True})
