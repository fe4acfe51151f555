from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestSalespersonEvaluation(VisitCase):
    """The salesperson evaluation: revenue, new archives, visits and compliance per salesperson,
    tier and month, each salesperson seeing their own figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["customer.archive.salesperson.evaluation"]
        cls.month = cls.today.replace(day=1)
        cls.product = cls._create_product()
        cls.new = cls._create_archive(
            "温州本月新建有限公司", user_id=cls.user_salesperson.id, archive_date=cls.today
        )
        cls._set_tier(cls.new, "A")
        cls._move(cls.customer, 2000.0, "out_invoice")
        cls._move(cls.contact, 300.0, "out_invoice")  # the contact's: counts for the archive
        cls._move(cls.customer, 500.0, "out_refund")
        cls._move(cls.customer, 9000.0, "out_invoice", user=cls.user_officer)  # another seller
        cls._visit(days=0, state="done")

    @classmethod
    def _move(cls, partner, amount, move_type, user=None):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_user_id": (user or cls.user_salesperson).id,
                "invoice_date": cls.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _row(self, user=None, env_user=None):
        Evaluation = self.Evaluation.with_user(env_user) if env_user else self.Evaluation
        return Evaluation.search(
            [
                ("user_id", "=", (user or self.user_salesperson).id),
                ("tier_id", "=", self.tiers["A"].id),
                ("month", "=", self.month),
            ]
        )

    def test_01_revenue_new_archives_visits_and_compliance(self):
        """This month, tier A, the salesperson: 2,000 + 300 - 500 invoiced (not the other
        seller's 9,000), one new archive, the done visit and the compliance of the month."""
        self.env.flush_all()
        row = self._row()
        self.assertEqual(len(row), 1)
        self.assertEqual(row.revenue, 1800.0)
        self.assertEqual(row.new_archive_count, 1)
        compliance = self.env["customer.archive.visit.compliance"].search(
            [
                ("user_id", "=", self.user_salesperson.id),
                ("tier_id", "=", self.tiers["A"].id),
                ("month", "=", self.month),
            ]
        )
        self.assertEqual(row.done_count, compliance.done_count)
        self.assertEqual(row.done_count, 1)
        self.assertEqual(row.customer_count, compliance.customer_count)
        self.assertEqual(row.in_policy_count, compliance.in_policy_count)
        self.assertEqual(
            row.compliance_rate, round(100.0 * row.in_policy_count / row.customer_count, 1)
        )
        self.assertEqual(self._row(user=self.user_officer).revenue, 9000.0)

    def test_02_each_salesperson_sees_their_own_figures(self):
        """The salesperson reads their own rows only; the manager reads everyone's; a user
        without archive rights reads nothing."""
        self.env.flush_all()
        own = self.Evaluation.with_user(self.user_salesperson).search([])
        self.assertTrue(own)
        self.assertEqual(own.user_id, self.user_salesperson)
        self.assertFalse(self._row(user=self.user_officer, env_user=self.user_salesperson))
        self.assertEqual(
            self._row(user=self.user_officer, env_user=self.user_manager).revenue, 9000.0
        )
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.user_plain).search([])

    def test_04_service_cases_closed_on_time(self):
        """Cases closed this month by their assignee count for the assignee; those closed after
        their resolution deadline are closed but not on time."""
        Case = self.env["customer.archive.case"]
        resolved = self.env["customer.archive.case.stage"].search(
            [("is_closed", "=", True)], limit=1
        )
        kind = self.env.ref("customer_archive.case_type_complaint")
        now = fields.Datetime.now()
        # the first case was reported a month ago: its tier's resolution deadline has passed
        cases = Case.with_user(self.user_salesperson).create(
            [
                {
                    "partner_id": self.customer.id,
                    "type_id": kind.id,
                    "user_id": self.user_salesperson.id,
                    "resolution": "已更换",
                    "date": now - timedelta(days=30) if i == 0 else now,
                }
                for i in range(3)
            ]
        )
        self.assertLess(cases[0].resolution_deadline, now)
        cases.write({"stage_id": resolved.id})
        self.env.flush_all()
        row = self._row()
        self.assertEqual((row.cases_closed_count, row.cases_on_time_count), (3, 2))
        self.assertEqual(row.cases_on_time_rate, round(100.0 * 2 / 3, 1))
        cases[1].action_reopen()
        self.env.flush_all()
        self.env.invalidate_all()  # the view's rows are read again
        row = self._row()
        self.assertEqual((row.cases_closed_count, row.cases_on_time_count), (2, 1))

    def test_03_menu_opens_the_evaluation(self):
        """Visits → Salesperson Evaluation opens the evaluation with its revenue column."""
        action = self.env.ref("customer_archive.customer_archive_visit_evaluation_action")
        self.assertEqual(action.res_model, "customer.archive.salesperson.evaluation")
        views = self.Evaluation.with_user(self.user_salesperson).get_views([(False, "list")])
        arch = views["views"]["list"]["arch"]
        for fname in ("revenue", "new_archive_count", "done_count", "compliance_rate"):
            self.assertIn(fname, arch)
