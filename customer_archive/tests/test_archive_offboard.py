from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveOffboard(VisibilityCase):
    """Offboarding hands a leaving user's archives, visits and activities to another user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = cls.env["customer.archive.visit"].create(
            {"partner_id": cls.own.id, "user_id": cls.user_salesperson.id}
        )
        cls.activity = cls.own.activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.user_salesperson.id, summary="回访"
        )

    def _wizard(self, user, **vals):
        return (
            self.env["customer.archive.offboard"]
            .with_user(user)
            .create(
                {"user_id": self.user_salesperson.id, "new_user_id": self.user_officer.id, **vals}
            )
        )

    def test_01_manager_reassigns_everything_and_it_is_logged(self):
        wizard = self._wizard(self.user_manager, note="2026-11-30 离职")
        self.assertEqual(wizard.archive_count, 5, "own, kept, both secret, other company's")
        wizard.action_offboard()
        self.assertEqual(self.own.user_id, self.user_officer)
        self.assertEqual(self.kept.keeper_id, self.user_officer)
        self.assertEqual(self.secret_kept.keeper_id, self.user_officer)
        self.assertEqual(self.other_company.user_id, self.user_officer)
        self.assertEqual(self.visit.user_id, self.user_officer)
        self.assertEqual(self.activity.user_id, self.user_officer)
        self.assertFalse(
            self.Partner.search(
                [
                    ("is_customer_archive", "=", True),
                    "|",
                    ("user_id", "=", self.user_salesperson.id),
                    ("keeper_id", "=", self.user_salesperson.id),
                ]
            )
        )
        logs = self.Log.search([("event", "=", "offboard")])
        self.assertEqual(len(logs), 2, "one entry per company's log")
        self.assertEqual(
            logs.partner_ids,
            self.own | self.kept | self.secret_sold | self.secret_kept | self.other_company,
        )
        self.assertIn("2026-11-30 离职", logs[0].reason)

    def test_02_only_managers_offboard(self):
        with self.assertRaises(AccessError):
            self._wizard(self.user_officer)
        with self.assertRaises(UserError):
            self._wizard(self.user_manager, new_user_id=self.user_salesperson.id).action_offboard()
        self.assertEqual(self.own.user_id, self.user_salesperson)

    def test_03_nda_date_on_the_user(self):
        self.user_salesperson.archive_nda_date = "2026-01-05"
        self.assertEqual(str(self.user_salesperson.archive_nda_date), "2026-01-05")
        action = self.user_salesperson.with_user(self.user_manager).action_open_archive_offboard()
        self.assertEqual(action["context"]["default_user_id"], self.user_salesperson.id)
