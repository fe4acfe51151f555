from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .archive_approval_common import ArchiveApprovalCase

APPROVAL = "customer_archive.mail_activity_type_archive_approval"
SENT_BACK = "customer_archive.mail_activity_type_archive_sent_back"


@tagged("post_install", "-at_install")
class TestArchiveApproval(ArchiveApprovalCase):
    def test_01_user_archive_waits_for_an_officer(self):
        """An archive user's new archive (through the form) waits, and the officers are asked."""
        action_context = {"default_is_customer_archive": True, "default_is_company": True}
        with Form(
            self.Partner.with_user(self.user_salesperson).with_context(**action_context)
        ) as form:
            form.name = "温州待审贸易有限公司"
        partner = form.record
        self.assertEqual(partner.archive_approval_state, "to_approve")
        self.assertEqual(partner.archive_submitted_by_id, self.user_salesperson)
        activities = self._activities(partner, APPROVAL)
        self.assertIn(self.user_officer, activities.user_id)
        self.assertIn(self.user_manager, activities.user_id)
        self.assertNotIn(self.user_salesperson, activities.user_id)
        self.assertIn("submitted for approval", partner.message_ids[0].body)

    def test_02_officer_archive_and_setting_off_are_approved(self):
        """Archives of officers, and of everybody when the setting is off, are approved."""
        by_officer = self._user_archive("官方建档有限公司", user=self.user_officer)
        self.assertEqual(by_officer.archive_approval_state, "approved")
        self.company.archive_approval_required = False
        by_user = self._user_archive("无需审批有限公司")
        self.assertEqual(by_user.archive_approval_state, "approved")
        self.assertFalse(self._activities(by_user, APPROVAL))
        # Existing archives and plain contacts are approved.
        self.assertEqual(self.customer.archive_approval_state, "approved")

    def test_03_user_cannot_approve(self):
        """The ORM refuses an archive user's approval on every path; nothing changes."""
        partner = self._user_archive()
        self._add_required_documents(partner)
        as_user = partner.with_user(self.user_salesperson)
        with self.assertRaises(AccessError):
            as_user.action_archive_approve()
        with self.assertRaises(AccessError):
            as_user.write({"archive_approval_state": "approved"})
        with self.assertRaises(AccessError):
            as_user.action_archive_send_back()
        with self.assertRaises(AccessError):
            as_user.write({"archive_approved_by_id": self.user_officer.id})
        with self.assertRaises(AccessError):
            as_user.write({"archive_submitted_by_id": self.user_officer.id})
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_salesperson).create(
                {
                    "name": "自批有限公司",
                    "is_customer_archive": True,
                    "archive_approval_state": "approved",
                }
            )
        self.assertEqual(partner.archive_approval_state, "to_approve")
        self.assertFalse(self.Partner.search([("name", "=", "自批有限公司")]))

    def test_04_missing_document_refused(self):
        """Approval is refused, naming the archive and the missing documents, until they are
        there."""
        partner = self._user_archive("缺证贸易有限公司")
        self._add_document(partner, self.licence)
        self.assertEqual(partner.archive_missing_document_names, self.legal_id.name)
        with self.assertRaises(UserError) as error:
            partner.with_user(self.user_officer).action_archive_approve()
        self.assertIn("缺证贸易有限公司", str(error.exception))
        self.assertIn(self.legal_id.name, str(error.exception))
        self.assertEqual(partner.archive_approval_state, "to_approve")
        # The same refusal through a direct write by an officer.
        with self.assertRaises(UserError):
            partner.with_user(self.user_officer).write({"archive_approval_state": "approved"})
        # In Chinese for a Chinese-speaking officer.
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_officer.lang = "zh_CN"
        with self.assertRaises(UserError) as error:
            partner.with_user(self.user_officer).with_context(lang="zh_CN").action_archive_approve()
        self.assertIn("无法批准", str(error.exception))
        self.assertIn("法人代表身份证", str(error.exception))

    def test_05_officer_approves(self):
        partner = self._user_archive()
        self._add_required_documents(partner)
        self.assertFalse(partner.archive_missing_document_names)
        partner.with_user(self.user_officer).action_archive_approve()
        self.assertEqual(partner.archive_approval_state, "approved")
        self.assertEqual(partner.archive_approved_by_id, self.user_officer)
        self.assertFalse(self._activities(partner, APPROVAL), "the decision closes the activities")
        self.assertIn("approved by", partner.message_ids[0].body)
        # A decided archive cannot be reopened by its salesperson.
        with self.assertRaises(AccessError):
            partner.with_user(self.user_salesperson).write({"archive_approval_state": "to_approve"})
        with self.assertRaises(UserError):
            partner.with_user(self.user_officer).action_archive_approve()

    def test_06_send_back_with_reason_then_resubmit(self):
        partner = self._user_archive("退回测试有限公司")
        action = partner.with_user(self.user_officer).action_archive_send_back()
        wizard_model = self.env[action["res_model"]].with_user(self.user_officer)
        with self.assertRaises(UserError) as error:
            wizard_model.with_context(**action["context"]).create(
                {"reason": "  "}
            ).action_send_back()
        self.assertIn("退回测试有限公司", str(error.exception))
        self.assertEqual(partner.archive_approval_state, "to_approve")
        with Form(wizard_model.with_context(**action["context"])) as form:
            form.reason = "营业执照复印件不清晰"
        form.record.action_send_back()
        self.assertEqual(partner.archive_approval_state, "sent_back")
        self.assertEqual(partner.archive_approval_reason, "营业执照复印件不清晰")
        self.assertIn("营业执照复印件不清晰", partner.message_ids[0].body)
        back = self._activities(partner, SENT_BACK)
        self.assertEqual(back.user_id, self.user_salesperson)
        self.assertFalse(self._activities(partner, APPROVAL))
        # The salesperson completes and submits again: the officers are asked again.
        partner.with_user(self.user_salesperson).action_archive_submit()
        self.assertEqual(partner.archive_approval_state, "to_approve")
        self.assertIn(self.user_officer, self._activities(partner, APPROVAL).user_id)
        with self.assertRaises(UserError):
            partner.with_user(self.user_salesperson).action_archive_submit()

    def test_07_pending_archives_are_not_active(self):
        """Tiers, visits and the public pool skip an archive until it is approved."""
        self.company.write({"pool_enabled": True, "pool_warning_days": 5, "pool_holding_limit": 0})
        self._policy("C").pool_release_days = 60
        pending = self._user_archive(
            "待审闲置有限公司", archive_date=self.today - timedelta(days=200)
        )
        self._set_tier(pending, "C")
        approved = self._create_archive(
            "已审闲置有限公司",
            user_id=self.user_salesperson.id,
            archive_date=self.today - timedelta(days=200),
        )
        self._set_tier(approved, "C")
        # visits: no visit due, not overdue
        self.assertFalse(pending.next_visit_due)
        self.assertFalse(pending.visit_overdue)
        self.assertTrue(approved.visit_overdue)
        self.Partner._cron_visit_policy()
        self.assertFalse(self._activities(pending, "customer_archive.mail_activity_type_visit_due"))
        self.assertTrue(self._activities(approved, "customer_archive.mail_activity_type_visit_due"))
        # public pool
        released = self.Partner._cron_public_pool()
        self.assertIn(approved, released)
        self.assertNotIn(pending, released)
        self.assertFalse(pending.in_public_pool)
        # tiers: the engine does not score it
        profile = self.env.ref("customer_archive.tier_profile_main")
        fresh = self._user_archive("待审评级有限公司")
        profile._recompute(partners=fresh | approved)
        self.assertFalse(fresh.tier_id)
        self.assertTrue(approved.tier_computed_at)
        # approval makes it an active archive
        self._add_required_documents(pending)
        pending.with_user(self.user_officer).action_archive_approve()
        self.assertTrue(pending.visit_overdue)
        self._add_required_documents(fresh)
        fresh.with_user(self.user_officer).action_archive_approve()
        profile._recompute(partners=fresh)
        self.assertTrue(fresh.tier_id)
