from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_tier_engine import TierCase


@tagged("post_install", "-at_install")
class TestTierOverride(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls._create_archive("手工定级客户", user_id=cls.user_salesperson.id)
        cls.profile._recompute(partners=cls.partner)

    def _override(self, user, tier, reason="战略合作伙伴", days=30):
        wizard = Form(self.env["customer.archive.tier.override"].with_user(user).with_context(
            default_partner_ids=self.partner.ids))
        wizard.tier_id = tier
        wizard.reason = reason
        wizard.expiry_date = self.today + timedelta(days=days)
        return wizard.save()

    def test_01_override_without_approval(self):
        self.assertEqual(self.partner.tier_id, self.tiers["D"])
        self._override(self.user_salesperson, self.tiers["A"]).action_apply()
        self.assertEqual(self.partner.tier_id, self.tiers["A"])
        self.assertEqual(self.partner.tier_computed_id, self.tiers["D"])
        self.assertEqual(self.partner.tier_override_state, "approved")
        row = self._history(self.partner)[0]
        self.assertEqual((row.source, row.reason, row.direction), ("manual", "战略合作伙伴", "up"))
        # Recomputing keeps the override while it is valid.
        self.profile._recompute(partners=self.partner)
        self.assertEqual(self.partner.tier_id, self.tiers["A"])
        self.assertIn("Overridden by hand", self.partner.tier_explanation)

    def test_02_override_with_approval(self):
        self.profile.require_approval = True
        self._override(self.user_salesperson, self.tiers["B"]).action_apply()
        self.assertEqual(self.partner.tier_override_state, "pending")
        self.assertEqual(self.partner.tier_id, self.tiers["D"], "not effective before approval")
        self.assertTrue(self.partner.activity_ids.filtered(lambda a: "Approve" in (a.summary or "")))
        with self.assertRaises(AccessError):
            self.partner.with_user(self.user_salesperson).action_approve_tier_override()
        self.partner.with_user(self.user_manager).action_approve_tier_override()
        self.assertEqual(self.partner.tier_id, self.tiers["B"])
        self.assertEqual(self._history(self.partner)[0].source, "approval")
        # A manager's own override needs no approval.
        self._override(self.user_manager, self.tiers["C"]).action_apply()
        self.assertEqual(self.partner.tier_id, self.tiers["C"])

    def test_03_reject(self):
        self.profile.require_approval = True
        self._override(self.user_salesperson, self.tiers["A"]).action_apply()
        self.partner.with_user(self.user_manager).action_reject_tier_override()
        self.assertEqual(self.partner.tier_override_state, "none")
        self.assertEqual(self.partner.tier_id, self.tiers["D"])
        self.assertIn("rejected", self.partner.message_ids[0].body)

    def test_04_expiry_returns_computed_tier(self):
        self._override(self.user_manager, self.tiers["A"]).action_apply()
        self.partner.sudo().tier_override_expiry = self.today - timedelta(days=1)
        self.env["customer.archive.tier.profile"]._cron_recompute_tiers()
        self.assertEqual(self.partner.tier_override_state, "none")
        self.assertEqual(self.partner.tier_id, self.tiers["D"])
        self.assertEqual(self._history(self.partner)[0].source, "expiry")
        self.assertEqual(self._history(self.partner).mapped("source"), ["expiry", "manual", "computed"])

    def test_05_bad_override_input(self):
        with self.assertRaises(ValidationError):
            self._override(self.user_manager, self.tiers["A"], days=0).action_apply()
        with self.assertRaises(ValidationError):
            self._override(self.user_manager, self.tiers["A"], reason="   ").action_apply()
        self.assertEqual(self.partner.tier_id, self.tiers["D"])
        self.assertEqual(self.partner.tier_override_state, "none")


@tagged("post_install", "-at_install")
class TestTierSecurity(TierCase):
    def test_01_users_cannot_write_tiers(self):
        partner = self._create_archive("受保护客户", user_id=self.user_salesperson.id)
        for user in (self.user_salesperson, self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                partner.with_user(user).write({"tier_id": self.tiers["A"].id})
            with self.assertRaises(AccessError):
                partner.with_user(user).write({"tier_score": 99})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_salesperson).create(
                {"name": "自封A级", "is_customer_archive": True, "tier_id": self.tiers["A"].id})
        self.assertFalse(partner.tier_id)

    def test_02_history_is_append_only(self):
        partner = self._create_archive("历史只读客户")
        self.profile._recompute(partners=partner)
        row = partner.tier_history_ids
        self.assertEqual(len(row), 1)
        for user in (self.user_salesperson, self.user_manager):
            with self.assertRaises(UserError):
                row.with_user(user).write({"reason": "篡改"})
            with self.assertRaises(UserError):
                row.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["customer.archive.tier.history"].with_user(user).create(
                    {"partner_id": partner.id, "company_id": self.company.id, "direction": "up", "source": "manual"})
        with self.assertRaises(UserError):
            row.sudo().write({"reason": "篡改"})
        with self.assertRaises(UserError):
            row.sudo().unlink()
        self.assertTrue(row.exists())
        self.assertFalse(row.reason)

    def test_03_only_managers_change_profiles(self):
        with self.assertRaises(AccessError):
            self.profile.with_user(self.user_officer).write({"window_months": 6})
        with self.assertRaises(AccessError):
            self.profile.with_user(self.user_salesperson).action_recompute_full()
        self.profile.with_user(self.user_manager).write({"window_months": 6})
        self.assertEqual(self.profile.window_months, 6)
