import io
from datetime import timedelta

from openpyxl import load_workbook

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveLoan(VisibilityCase):
    """Loans (借阅登记): paper and electronic, approval by an officer other than the borrower,
    electronic access through a share until the due date, personal loans, overdue reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Loan = cls.env["customer.archive.loan"]

    def _date(self, days):
        return fields.Date.context_today(self.Loan) + timedelta(days=days)

    def _loan(self, partner, borrower, by=None, kind="paper", days=7):
        return self.Loan.with_user(by or borrower).create(
            {
                "partner_id": partner.id,
                "borrower_id": borrower.id,
                "kind": kind,
                "purpose": "核对合同",
                "date_due": self._date(days),
            }
        )

    def test_01_paper_loan_request_approve_lend_return(self):
        """The salesperson requests the paper file of their archive (Form), an officer
        approves, hands it over and receives it back; each step is logged."""
        with Form(self.Loan.with_user(self.user_salesperson)) as form:
            form.partner_id = self.own
            form.purpose = "客户续约，调阅原件"
            form.date_due = self._date(5)
        loan = form.record
        self.assertTrue(loan.name.startswith("JY"))
        self.assertEqual((loan.state, loan.borrower_id), ("requested", self.user_salesperson))
        loan.with_user(self.user_officer).action_approve()
        self.assertEqual((loan.state, loan.approver_id), ("approved", self.user_officer))
        self.assertTrue(loan.decided_on, "the register shows when the loan was decided")
        loan.with_user(self.user_officer).action_lend()
        self.assertEqual((loan.state, loan.date_lent), ("lent", self._date(0)))
        with self.assertRaises(AccessError, msg="a borrower cannot record a paper return"):
            loan.with_user(self.user_salesperson).action_return()
        loan.with_user(self.user_officer).action_return()
        self.assertEqual((loan.state, loan.date_returned), ("returned", self._date(0)))
        logs = self.Log.search([("event", "=", "loan"), ("partner_id", "=", self.own.id)])
        self.assertEqual(len(logs), 4, "requested, approved, lent, returned")

    def test_02_who_approves(self):
        loan = self._loan(self.own, self.user_salesperson)
        with self.assertRaises(AccessError):
            loan.with_user(self.user_colleague).action_approve()
        with self.assertRaises(AccessError):
            loan.with_user(self.user_salesperson).action_reject()
        own_loan = self._loan(self.foreign, self.user_officer)
        with self.assertRaises(AccessError, msg="never one's own loan"):
            own_loan.with_user(self.user_officer).action_approve()
        self.assertEqual(own_loan.state, "requested")
        own_loan.with_user(self.user_manager).action_reject()
        self.assertEqual(own_loan.state, "rejected")
        with self.assertRaises(AccessError, msg="flow fields are not written directly"):
            loan.with_user(self.user_salesperson).write({"state": "lent"})
        with self.assertRaises(AccessError):
            self.Loan.with_user(self.user_salesperson).create(
                {
                    "partner_id": self.own.id,
                    "purpose": "x",
                    "date_due": self._date(3),
                    "state": "lent",
                }
            )
        self.assertEqual(loan.state, "requested")

    def test_03_requests_for_oneself_of_readable_archives(self):
        with self.assertRaises(AccessError, msg="an archive user borrows for themself only"):
            self._loan(self.own, self.user_colleague, by=self.user_salesperson)
        with self.assertRaises(AccessError, msg="an archive the user cannot read"):
            self._loan(self.foreign, self.user_salesperson)
        # The officer registers a loan for the salesperson of an archive they cannot read.
        loan = self._loan(self.foreign, self.user_salesperson, by=self.user_officer)
        self.assertEqual(loan.borrower_id, self.user_salesperson)
        self.assertIn(loan, self.Loan.with_user(self.user_salesperson).search([]))
        self.assertIn(
            loan, self.Loan.with_user(self.user_colleague).search([]), "the archive's salesperson"
        )

    def test_04_electronic_loan_reads_until_due_date(self):
        loan = self._loan(
            self.foreign, self.user_salesperson, by=self.user_officer, kind="electronic"
        )
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))
        loan.with_user(self.user_manager).action_approve()
        self.assertEqual(loan.state, "lent")
        self.assertEqual(loan.share_id.date_expiry, loan.date_due)
        self.assertEqual(
            (loan.share_id.mode, loan.share_id.user_id), ("read", self.user_salesperson)
        )
        self.assertIn(self.foreign, self._visible(self.user_salesperson))
        with self.assertRaises(AccessError, msg="read, not write"):
            self.foreign.with_user(self.user_salesperson).write({"city": "泉州"})
        with self.assertRaises(UserError, msg="the loan's share changes with the loan only"):
            loan.share_id.with_user(self.user_officer).write({"date_expiry": self._date(90)})
        # The due date passes: the share gives nothing, and the cron ends the loan.
        loan.sudo().write({"date_due": self._date(-1), "date_lent": self._date(-3)})
        self.assertEqual(loan.share_id.date_expiry, self._date(-1), "the share follows the loan")
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))
        self.Loan._cron_loans()
        self.assertEqual((loan.state, loan.date_returned), ("returned", self._date(-1)))
        self.assertFalse(
            self.Share.search(
                [("partner_id", "=", self.foreign.id), ("user_id", "=", self.user_salesperson.id)]
            )
        )
        self.assertTrue(
            self.Log.search([("event", "=", "unshare"), ("partner_id", "=", self.foreign.id)])
        )

    def test_05_borrower_ends_electronic_access(self):
        loan = self._loan(
            self.foreign, self.user_salesperson, by=self.user_officer, kind="electronic"
        )
        loan.with_user(self.user_officer).action_approve()
        loan.with_user(self.user_salesperson).action_return()
        self.assertEqual(loan.state, "returned")
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))
        with self.assertRaises(UserError, msg="returning a loan that is not lent"):
            loan.with_user(self.user_officer).action_return()

    def test_06_a_loan_is_personal(self):
        """The borrower cannot share or lend on an archive they hold only through a loan."""
        loan = self._loan(
            self.foreign, self.user_salesperson, by=self.user_officer, kind="electronic"
        )
        loan.with_user(self.user_officer).action_approve()
        with self.assertRaisesRegex(AccessError, "through a loan"):
            self._share(self.foreign, self.user_colleague, by=self.user_salesperson)
        with self.assertRaisesRegex(AccessError, "through a loan"):
            self._loan(self.foreign, self.user_salesperson)
        self.assertEqual(self.Share.search_count([("partner_id", "=", self.foreign.id)]), 1)
        # An archive held otherwise (own) is not concerned by a loan of it.
        own_loan = self._loan(
            self.own, self.user_salesperson, by=self.user_officer, kind="electronic"
        )
        self._share(self.own, self.user_salesperson, by=self.user_officer)
        with self.assertRaisesRegex(UserError, "already shared"):
            own_loan.with_user(self.user_officer).action_approve()
        self.assertEqual(own_loan.state, "requested")

    def test_07_bad_input_changes_nothing(self):
        loan = self._loan(self.own, self.user_salesperson)
        with self.assertRaises(ValidationError):
            loan.sudo().write({"date_lent": self._date(10)})
        self.assertFalse(loan.date_lent)
        late = self._loan(self.own, self.user_salesperson, days=-1)
        with self.assertRaisesRegex(UserError, late.name):
            late.with_user(self.user_officer).action_approve()
        self.assertEqual(late.state, "requested")
        loan.with_user(self.user_officer).action_approve()
        loan.with_user(self.user_officer).action_lend()
        second = self._loan(self.own, self.user_salesperson)
        second.with_user(self.user_manager).action_approve()
        with self.assertRaisesRegex(UserError, "already lent"):
            second.with_user(self.user_officer).action_lend()
        self.assertEqual(second.state, "approved")
        with self.assertRaises(UserError):
            second.with_user(self.user_officer).action_return()
        with self.assertRaises(UserError, msg="a lent loan stays in the register"):
            loan.with_user(self.user_manager).unlink()
        with self.assertRaises(UserError, msg="a lent loan's archive cannot change"):
            loan.with_user(self.user_officer).write({"purpose": "改"})
        loan.with_user(self.user_officer).write({"date_due": self._date(20)})
        self.assertEqual(loan.date_due, self._date(20), "an officer extends a lent loan")
        again = loan.with_user(self.user_salesperson).copy()
        self.assertEqual((again.state, again.date_lent), ("requested", False), "a new request")

    def test_08_overdue_reminded_once_per_due_date(self):
        loan = self._loan(self.own, self.user_salesperson)
        loan.with_user(self.user_officer).action_approve()
        loan.with_user(self.user_officer).action_lend()
        loan.sudo().write({"date_lent": self._date(-10), "date_due": self._date(-2)})
        self.assertIn(loan, self.Loan.search([("is_overdue", "=", True)]))
        self.assertNotIn(loan, self.Loan.search([("is_overdue", "=", False)]))
        self.Loan._cron_loans()
        activities = loan.activity_ids
        self.assertIn(self.user_salesperson, activities.user_id)
        self.assertIn(self.user_officer, activities.user_id)
        self.assertNotIn(self.user_colleague, activities.user_id)
        self.Loan._cron_loans()
        self.assertEqual(loan.activity_ids, activities, "once per loan and due date")
        loan.sudo().write({"date_due": self._date(-1)})
        self.Loan._cron_loans()
        self.assertEqual(len(loan.activity_ids), 2 * len(activities), "again for a new due date")

    def test_09_report_per_month(self):
        loan = self._loan(self.own, self.user_salesperson)
        loan.with_user(self.user_officer).action_approve()
        loan.with_user(self.user_officer).action_lend()
        groups = self.Loan.with_user(self.user_officer).read_group(
            [("id", "=", loan.id)], ["kind"], ["date_lent:month"]
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["date_lent_count"], 1)

    def test_10_loan_register_workbook(self):
        loan = self._loan(self.own, self.user_salesperson)
        loan.with_user(self.user_officer).action_approve()
        loan.with_user(self.user_officer).action_lend()
        Report = self.env["report.customer_archive.loan_xlsx"]
        with self.assertRaises(AccessError):
            Report.with_user(self.user_salesperson)._create_xlsx_report({"ids": loan.ids})
        content, filename = Report.with_user(self.user_officer)._create_xlsx_report(
            {"ids": loan.ids}
        )
        self.assertEqual(filename, "loan_register.xlsx")
        book = load_workbook(io.BytesIO(content))
        rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
        self.assertEqual(rows[0][0], loan.name)
        self.assertEqual(rows[0][2], "Paper Original")
        summary = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
        self.assertEqual(summary[0][1], 1, "one paper loan in the month")
