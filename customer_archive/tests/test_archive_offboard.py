from datetime import timedelta

from odoo import Command, fields
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


@tagged("post_install", "-at_install")
class TestArchiveOffboardHoldings(VisibilityCase):
    """Offboarding also ends the leaver's shares and loans, lists what they have not returned
    (printed copies, paper files) until it is returned or acknowledged, and can deactivate
    them; a company can withhold archive access until the NDA date is recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sp = cls.user_salesperson
        cls.Loan = cls.env["customer.archive.loan"]
        due = fields.Date.context_today(cls.Loan) + timedelta(days=10)
        loan_vals = {"borrower_id": sp.id, "purpose": "核对", "date_due": due}
        cls.e_loan = cls.Loan.with_user(cls.user_officer).create(
            {**loan_vals, "partner_id": cls.foreign.id, "kind": "electronic"}
        )
        cls.e_loan.with_user(cls.user_manager).action_approve()
        cls.p_loan = cls.Loan.with_user(sp).create({**loan_vals, "partner_id": cls.own.id})
        cls.p_loan.with_user(cls.user_officer).action_approve()
        cls.p_loan.with_user(cls.user_officer).action_lend()
        cls.pending = cls.Loan.with_user(sp).create({**loan_vals, "partner_id": cls.kept.id})
        cls.share = cls.Share.with_user(cls.user_colleague).create(
            {"partner_id": cls.kept.id, "user_id": cls.user_officer.id}
        )
        request = (
            cls.env["customer.archive.print.request"]
            .sudo()
            .create(
                {
                    "partner_ids": [Command.set(cls.own.ids)],
                    "purpose": "拜访",
                    "requester_id": sp.id,
                }
            )
        )
        cls.copy = (
            cls.env["customer.archive.print.copy"]
            .sudo()
            .create(
                {
                    "request_id": request.id,
                    "partner_ids": [Command.set(cls.own.ids)],
                    "printed_by_id": sp.id,
                    "printed_on": fields.Datetime.now(),
                    "company_id": cls.company.id,
                }
            )
        )

    def _wizard(self, **vals):
        return (
            self.env["customer.archive.offboard"]
            .with_user(self.user_manager)
            .create(
                {"user_id": self.user_salesperson.id, "new_user_id": self.user_officer.id, **vals}
            )
        )

    def test_01_not_returned_blocks_until_handled(self):
        wizard = self._wizard(deactivate_user=True)
        self.assertEqual(wizard.print_copy_ids, self.copy)
        self.assertEqual(wizard.paper_loan_ids, self.p_loan)
        self.assertEqual((wizard.share_count, wizard.loan_count), (1, 3))
        with self.assertRaisesRegex(UserError, self.copy.name):
            wizard.action_offboard()
        self.assertEqual(self.own.user_id, self.user_salesperson, "nothing changed")
        self.assertEqual(self.e_loan.state, "lent")
        self.assertTrue(self.user_salesperson.active)
        # The manager records the returns from the wizard's lists.
        wizard.print_copy_ids.with_user(self.user_manager).action_return()
        wizard.paper_loan_ids.with_user(self.user_manager).action_return()
        wizard = self._wizard(deactivate_user=True)
        self.assertFalse(wizard.print_copy_ids or wizard.paper_loan_ids)
        wizard.action_offboard()
        self.assertEqual(self.e_loan.state, "returned")
        self.assertEqual(self.pending.state, "rejected")
        self.assertFalse(self.Share.search([("user_id", "=", self.user_salesperson.id)]))
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))
        self.assertFalse(self.user_salesperson.active)
        log = self.Log.search([("event", "=", "offboard")], limit=1)
        self.assertIn("User deactivated", log.detail)

    def test_02_acknowledged_and_named_in_the_log(self):
        wizard = self._wizard(acknowledge_outstanding=True)
        wizard.action_offboard()
        self.assertEqual(self.copy.state, "printed")
        self.assertEqual(self.p_loan.state, "lent", "the paper file is still out")
        self.assertEqual(self.e_loan.state, "returned")
        self.assertTrue(self.user_salesperson.active)
        log = self.Log.search([("event", "=", "offboard")], limit=1)
        self.assertIn(self.copy.name, log.detail)
        self.assertIn(self.p_loan.name, log.detail)

    def test_03_deactivation_limits(self):
        wizard = self._wizard(
            user_id=self.user_it.id, deactivate_user=True, acknowledge_outstanding=True
        )
        with self.assertRaises(AccessError):
            wizard.action_offboard()
        self.assertTrue(self.user_it.active)
        wizard = self._wizard(user_id=self.user_manager.id, deactivate_user=True)
        with self.assertRaises(UserError):
            wizard.action_offboard()
        self.assertTrue(self.user_manager.active)

    def test_04_nda_required_withholds_archives(self):
        sp = self.user_salesperson
        self.assertIn(self.own, self._visible(sp))
        self.company.archive_nda_required = True
        self.assertNotIn(self.own, self._visible(sp))
        with self.assertRaises(AccessError):
            self.own.with_user(sp).read(["name"])
        self.assertFalse(self._visible(self.user_manager) & self.own, "managers too")
        self.assertIn(self.plain, self._visible(sp), "partners that are no archive stay")
        users = self.env["res.users"].search(
            self.env["res.users"]._get_archive_users_without_nda_domain()
        )
        self.assertIn(sp, users)
        sp.archive_nda_date = "2026-01-05"
        self.user_manager.archive_nda_date = "2026-01-05"
        self.assertIn(self.own, self._visible(sp))
        self.assertIn(self.own, self._visible(self.user_manager))
        self.assertNotIn(
            sp,
            self.env["res.users"].search(
                self.env["res.users"]._get_archive_users_without_nda_domain()
            ),
        )
        self.company.archive_nda_required = False
        self.user_manager.archive_nda_date = False
        self.assertIn(self.own, self._visible(self.user_manager), "the setting off: as before")
        action = (
            self.env["res.users"]
            .with_user(self.user_manager)
            .action_open_archive_users_without_nda()
        )
        self.assertIn(self.user_manager, self.env["res.users"].search(action["domain"]))
