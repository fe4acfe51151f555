from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveDisclosure(VisibilityCase):
    """Disclosures to outside parties (对外提供审批): approved by the general manager, never by
    the requester; refused without a third-party consent of the people concerned (PIPL); the
    approved disclosure is in the register and the access log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_gm = new_test_user(
            cls.env,
            login="test_ca_gm",
            name="测试总经理",
            groups="base.group_user,customer_archive.group_general_manager",
        )
        cls.Disclosure = cls.env["customer.archive.disclosure"]
        cls.cat_basic = cls.env.ref("customer_archive.data_category_basic")
        cls.cat_identity = cls.env.ref("customer_archive.data_category_identity")
        cls.cat_communication = cls.env.ref("customer_archive.data_category_communication")

    def _draft(self, partners=None, categories=None, user=None, **vals):
        return self.Disclosure.with_user(user or self.user_salesperson).create(
            {
                "recipient_org": "杭州律师事务所",
                "recipient_contact": "赵律师",
                "purpose": "合同纠纷取证",
                "partner_ids": [Command.set((partners or self.own).ids)],
                "category_ids": [
                    Command.set((categories or self.cat_basic | self.cat_communication).ids)
                ],
                "nda_reference": "NDA-2026-017",
                "confidentiality_end": fields.Date.context_today(self.Disclosure)
                + timedelta(days=365 * 3),
                **vals,
            }
        )

    def _consent(self, person, scope="third_party"):
        return self.env["customer.archive.consent"].create(
            {"partner_id": person.id, "purpose": "向律师事务所提供", "scope": scope}
        )

    def test_01_refused_without_third_party_consent(self):
        with Form(self.Disclosure.with_user(self.user_salesperson)) as form:
            form.recipient_org = "杭州律师事务所"
            form.recipient_contact = "赵律师"
            form.purpose = "合同纠纷取证"
            form.partner_ids.add(self.own)
            form.category_ids.add(self.cat_basic)
            form.nda_reference = "NDA-2026-017"
            form.confidentiality_end = fields.Date.context_today(self.Disclosure) + timedelta(
                days=730
            )
        disclosure = form.record
        self.assertTrue(disclosure.name.startswith("DW"))
        self._consent(self.own_contact, scope="personal")
        with self.assertRaisesRegex(UserError, "林主任"):
            disclosure.with_user(self.user_salesperson).action_submit()
        self.assertEqual(disclosure.state, "draft")
        self._consent(self.own_contact)
        disclosure.with_user(self.user_salesperson).action_submit()
        self.assertEqual(disclosure.state, "to_approve")
        self.assertIn(self.user_gm, disclosure.activity_ids.user_id, "the general manager is asked")

    def test_02_general_manager_approves_and_it_is_logged(self):
        self._consent(self.own_contact)
        disclosure = self._draft()
        disclosure.with_user(self.user_salesperson).action_submit()
        for user in (self.user_officer, self.user_manager, self.user_salesperson):
            with self.assertRaises(AccessError):
                disclosure.with_user(user).action_approve()
        self.assertEqual(disclosure.state, "to_approve")
        # The general manager opens the request: the archives as numbers and names only.
        [values] = disclosure.with_user(self.user_gm).read(["partner_ids", "archive_summary"])
        self.assertFalse(values["partner_ids"], "archives the approver may not open stay hidden")
        self.assertIn(self.own.name, values["archive_summary"])
        disclosure.with_user(self.user_gm).action_approve()
        self.assertEqual((disclosure.state, disclosure.approver_id), ("approved", self.user_gm))
        self.assertTrue(disclosure.decided_on)
        self.assertFalse(disclosure.activity_ids)
        disclosure.with_user(self.user_salesperson).action_provide()
        self.assertEqual(disclosure.state, "provided")
        logs = self.Log.search([("event", "=", "disclose"), ("partner_id", "=", self.own.id)])
        self.assertEqual(len(logs), 2, "approved, provided")
        self.assertIn("杭州律师事务所", logs[0].detail)
        self.assertIn(
            disclosure,
            self.Disclosure.with_user(self.user_officer).search([("state", "=", "provided")]),
        )

    def test_03_consent_withdrawn_before_approval(self):
        consent = self._consent(self.own_contact)
        disclosure = self._draft()
        disclosure.with_user(self.user_salesperson).action_submit()
        consent.action_withdraw()
        with self.assertRaisesRegex(UserError, "林主任"):
            disclosure.with_user(self.user_gm).action_approve()
        self.assertEqual(disclosure.state, "to_approve")
        disclosure.with_user(self.user_gm).action_refuse("无同意")
        self.assertEqual(disclosure.state, "refused")
        self.assertFalse(
            self.Log.search([("event", "=", "disclose"), ("partner_id", "=", self.own.id)])
        )

    def test_04_only_people_with_data_of_the_categories(self):
        """Identity data of a company whose contact has none: no person's consent is needed."""
        disclosure = self._draft(categories=self.cat_identity)
        disclosure.with_user(self.user_salesperson).action_submit()
        self.assertEqual(disclosure.state, "to_approve")
        foreign = self._draft(
            partners=self.foreign, categories=self.cat_communication, user=self.user_colleague
        )
        with self.assertRaisesRegex(UserError, "陈经理"):
            foreign.with_user(self.user_colleague).action_submit()

    def test_05_incomplete_or_foreign_requests(self):
        disclosure = self._draft(nda_reference=False)
        with self.assertRaisesRegex(UserError, "Agreement"):
            disclosure.with_user(self.user_salesperson).action_submit()
        with self.assertRaises(AccessError, msg="an archive the requester cannot read"):
            self._draft(partners=self.foreign)
        with self.assertRaises(AccessError):
            disclosure.with_user(self.user_salesperson).write({"state": "approved"})
        self.assertNotIn(disclosure, self.Disclosure.with_user(self.user_colleague).search([]))
        self._consent(self.own_contact)
        disclosure.with_user(self.user_salesperson).write({"nda_reference": "NDA-1"})
        disclosure.with_user(self.user_salesperson).action_submit()
        with self.assertRaises(UserError, msg="no change once submitted"):
            disclosure.with_user(self.user_salesperson).write({"recipient_org": "别的公司"})
        with self.assertRaises(UserError):
            disclosure.with_user(self.user_salesperson).unlink()
        self.assertEqual(disclosure.recipient_org, "杭州律师事务所")
        again = disclosure.with_user(self.user_salesperson).copy()
        self.assertEqual((again.state, again.requester_id), ("draft", self.user_salesperson))

    def test_06_configurable_approver_group(self):
        self.company.archive_disclosure_group_id = self.env.ref(
            "customer_archive.group_archive_manager"
        )
        self._consent(self.own_contact)
        disclosure = self._draft()
        disclosure.with_user(self.user_salesperson).action_submit()
        with self.assertRaises(AccessError):
            disclosure.with_user(self.user_gm).action_approve()
        disclosure.with_user(self.user_manager).action_approve()
        self.assertEqual(disclosure.state, "approved")
