from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .case_common import ServiceCaseCommon


@tagged("post_install", "-at_install")
class TestServiceCaseFlow(ServiceCaseCommon):
    def test_01_new_case_numbered_with_tier_deadlines(self):
        """A case gets a number, the first stage and the deadlines of its customer's tier."""
        policy = self.Policy._get_policy_map(self.company)[(self.company.id, self.tiers["A"].id)]
        policy.write({"case_response_hours": 4, "case_resolution_days": 3})
        case = self._case()
        self.assertTrue(case.name.startswith("FW"), case.name)
        self.assertEqual(case.stage_id, self.stage_new)
        self.assertEqual(case.response_deadline, case.date + timedelta(hours=4))
        self.assertEqual(case.resolution_deadline, case.date + timedelta(days=3))
        self.assertFalse(case.is_overdue)
        # a D customer waits longer
        self._set_tier(self.customer, "D")
        policy_d = self.Policy._get_policy_map(self.company)[(self.company.id, self.tiers["D"].id)]
        case_d = self._case()
        self.assertEqual(
            case_d.resolution_deadline, case_d.date + timedelta(days=policy_d.case_resolution_days)
        )
        self.assertGreater(policy_d.case_resolution_days, 3)

    def test_02_default_terms_per_tier(self):
        """Fresh policies answer higher tiers faster."""
        policies = self.Policy._get_policy_map(self.company)
        hours = [policies[(self.company.id, self.tiers[c].id)].case_response_hours for c in "ABCD"]
        self.assertEqual(hours, sorted(hours))
        self.assertLess(hours[0], hours[-1])

    def test_03_form_flow_start_resolve_confirm(self):
        """The salesperson opens a case in the form, starts it, resolves it, and the customer's
        manager confirms: dates are stamped, the archive counts it closed."""
        form = Form(self.Case.with_user(self.user_salesperson))
        form.partner_id = self.customer
        form.type_id = self.type_defective
        case = form.save()
        self.assertEqual(self.customer.with_user(self.user_salesperson).case_open_count, 1)
        case.action_start()
        self.assertEqual(case.stage_id, self.stage_progress)
        self.assertTrue(case.responded_on)
        with Form(case) as form:
            form.resolution = "更换两台新柜"
            form.confirmed_by_id = self.contact
        case.action_customer_confirm()
        self.assertEqual(case.stage_id, self.stage_resolved)
        self.assertTrue(case.is_closed and case.closed_on and case.confirmed_on)
        self.assertEqual(self.customer.with_user(self.user_salesperson).case_open_count, 0)
        case.action_reopen()
        self.assertEqual(case.stage_id, self.stage_new)
        self.assertFalse(case.closed_on or case.confirmed_on)

    def test_04_close_without_resolution_refused(self):
        case = self._case()
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            case.action_resolve()
        self.assertIn("resolution", str(error.exception))
        # the kanban drag does a write of stage_id: refused the same way
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            case.write({"stage_id": self.stage_resolved.id})
        self.assertEqual(case.stage_id, self.stage_new)
        self.assertFalse(case.closed_on)

    def test_05_deadline_before_date_refused(self):
        case = self._case()
        before = case.resolution_deadline
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            case.write({"resolution_deadline": case.date - timedelta(hours=1)})
        self.assertIn("cannot be before", str(error.exception))
        self.assertEqual(case.resolution_deadline, before)

    def test_06_foreign_sale_order_refused(self):
        """A sale order (or delivery) of another customer is refused; the customer's own is
        linked."""
        product = self._create_product()
        own = self._confirmed_order(self.customer, product, 2)
        foreign = self._confirmed_order(self.other_customer, product, 2)
        case = self._case(sale_order_ids=[Command.set(own.ids)])
        self.assertEqual(case.sale_order_ids, own)
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            case.write({"sale_order_ids": [Command.link(foreign.id)]})
        self.assertIn(foreign.name, str(error.exception))
        self.assertEqual(case.sale_order_ids, own)
        # deliveries: the order's picking belongs to the customer
        self.assertTrue(own.picking_ids)
        case.write({"picking_ids": [Command.set(own.picking_ids.ids)]})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            case.write({"picking_ids": [Command.set(foreign.picking_ids.ids)]})
        self.assertEqual(case.picking_ids, own.picking_ids)

    def test_07_error_in_chinese(self):
        case = self._case()
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            case.with_context(lang="zh_CN").action_resolve()
        self.assertIn("解决", str(error.exception))

    def test_08_overdue_count_and_filters(self):
        """An open case past its resolution deadline is overdue: counted on the archive and
        found by the filters."""
        late = self._case(hours_ago=24 * 30)
        late.action_start()
        on_time = self._case()
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        Case = self.Case.with_user(self.user_salesperson)
        self.assertEqual(
            Case.search([("is_overdue", "=", True), ("partner_id", "=", self.customer.id)]), late
        )
        self.assertEqual(
            Case.search([("is_overdue", "=", False), ("partner_id", "=", self.customer.id)]),
            on_time,
        )
        customer = self.customer.with_user(self.user_salesperson)
        self.assertEqual((customer.case_open_count, customer.case_overdue_count), (2, 1))
        Partner = self.Partner.with_user(self.user_salesperson)
        self.assertIn(self.customer, Partner.search([("has_overdue_case", "=", True)]))
        late.write({"resolution": "已处理"})
        late.action_resolve()
        self.assertFalse(late.is_overdue)
        self.assertNotIn(self.customer, Partner.search([("has_overdue_case", "=", True)]))
        self.assertIn(self.customer, Partner.search([("has_open_case", "=", True)]))

    def test_09_unanswered_case_overdue_after_response_deadline(self):
        case = self._case(hours_ago=5)  # A tier: answered within 4 hours by default
        self.assertGreater(fields.Datetime.now(), case.response_deadline)
        self.assertTrue(case.is_overdue)
        case.action_start()
        self.assertFalse(case.is_overdue)

    def test_10_smart_button_opens_the_archive_cases(self):
        case = self._case()
        self._case(partner=self.other_customer, user=self.user_manager)
        action = self.customer.with_user(self.user_salesperson).action_open_cases()
        found = self.Case.with_user(self.user_salesperson).search(action["domain"])
        self.assertEqual(found, case)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_11_bad_policy_terms_refused(self):
        policy = self.Policy._get_policy_map(self.company)[(self.company.id, self.tiers["A"].id)]
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            policy.case_resolution_days = 0
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.Case.search([("is_overdue", ">", 1)])
