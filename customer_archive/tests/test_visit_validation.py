from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitValidation(VisitCase):
    """Bad input is refused with a message naming the field and value; nothing changes."""

    def test_01_end_before_start(self):
        visit = self._visit(days=-1)
        start = visit.planned_date
        with self.assertRaises(ValidationError) as error:
            visit.write({"actual_start": start, "actual_end": start - timedelta(hours=2)})
        self.assertIn("Ended On", str(error.exception))
        self.assertIn("Started On", str(error.exception))
        self.assertFalse(visit.actual_end, "nothing written")

    def test_02_future_visit_cannot_be_done(self):
        visit = self._visit(days=3)
        with self.assertRaises(ValidationError) as error:
            visit.action_done()
        self.assertIn("in the future", str(error.exception))
        self.assertIn(self.customer.name, str(error.exception))
        self.assertEqual(visit.state, "planned")
        # Writing the state directly is refused too.
        with self.assertRaises(ValidationError):
            visit.write({"state": "done", "actual_start": visit.planned_date})
        self.assertEqual(visit.state, "planned")

    def test_03_planned_date_far_in_the_past(self):
        with self.assertRaises(ValidationError) as error:
            self._visit(days=-400)
        self.assertIn("Planned On", str(error.exception))
        self.assertIn("365", str(error.exception))
        self.assertFalse(self.Visit.search([("partner_id", "=", self.customer.id)]))

    def test_04_non_archive_partner(self):
        stranger = self.Partner.create({"name": "非档案客户", "is_company": True})
        with self.assertRaises(ValidationError) as error:
            self._visit(partner=stranger)
        self.assertIn("非档案客户", str(error.exception))
        self.assertIn("Customer", str(error.exception))
        # A contact of an archive is not the customer either.
        with self.assertRaises(ValidationError):
            self._visit(partner=self.contact)

    def test_05_wrong_state_transitions(self):
        visit = self._visit(days=-1, state="done")
        with self.assertRaises(UserError):
            visit.action_cancel()
        with self.assertRaises(UserError):
            visit.action_start()
        future = self._visit(days=2)
        with self.assertRaises(UserError):
            future.action_mark_missed()
        self.assertEqual(future.state, "planned")

    def test_06_error_translated(self):
        """Errors are translated (the lead provides the zh_CN texts): the message goes through
        the translation layer with the user's language."""
        stranger = self.Partner.create({"name": "另一家非档案", "is_company": True})
        with self.assertRaises(ValidationError) as error:
            self.Visit.with_context(lang="zh_CN").create({
                "partner_id": stranger.id, "user_id": self.user_salesperson.id,
                "planned_date": self._now(),
            })
        self.assertIn("另一家非档案", str(error.exception))

    def test_07_bad_checkin(self):
        self.company.visit_checkin_enabled = True
        visit = self._visit(days=0)
        with self.assertRaises(ValidationError):
            visit.action_checkin(120.0, 30.0)
        self.assertFalse(visit.checkin_date)

    @mute_logger("odoo.sql_db")
    def test_08_policy_unique_per_tier(self):
        with self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Policy.create({"company_id": self.company.id, "tier_id": self.tiers["A"].id,
                                    "max_days_between": 5})
        with self.assertRaises(ValidationError):
            self._policy("B").max_days_between = 0

    def test_09_done_needs_outcome_and_summary(self):
        """Done without an outcome or a summary is refused, in the user's language, and the
        visit stays as it was."""
        visit = self._visit(days=-1)
        for vals, missing in (
            ({}, "outcome and a short summary"),
            ({"outcome_id": self.outcome_order.id}, "short summary"),
            ({"summary": "<p><br></p>"}, "short summary"),
            ({"outcome_id": False, "summary": "<p>谈妥了</p>"}, "outcome"),
        ):
            visit.write(vals)
            with self.assertRaises(ValidationError) as error:
                visit.action_done()
            self.assertIn(missing, str(error.exception))
            self.assertEqual(visit.state, "planned")
            self.assertFalse(visit.actual_start or visit.actual_end, "nothing written")
        with self.assertRaises(ValidationError):
            visit.write({"state": "done", "actual_start": visit.planned_date})
        self.assertEqual(visit.state, "planned")
        with self.assertRaises(ValidationError) as error:
            visit.with_context(lang="zh_CN").action_done()
        self.assertIn("拜访结果", str(error.exception))
        visit.outcome_id = self.outcome_order
        visit.action_done()
        self.assertEqual(visit.state, "done")
        # A done visit keeps its outcome.
        with self.assertRaises(ValidationError):
            visit.write({"outcome_id": False})
        self.assertEqual(visit.outcome_id, self.outcome_order)
