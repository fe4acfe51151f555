from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import CustomerArchiveCase
from .tour_common import TourCase

SCRIPT = "<script>window.caXss = 1</script>"
IMG = '<img src="x" onerror="window.caXss = 2">'
HOSTILE = f"{SCRIPT}{IMG}<b>粗</b>"


def assert_escaped(case, html, what):
    """``html`` shows the hostile text as text: no live tag of it, its escaped form present."""
    html = str(html or "")
    for tag in ("<script", "<img", "<b>"):
        case.assertNotIn(tag, html, f"{what}: {tag} rendered as markup in {html[:500]!r}")
    case.assertIn(
        "&lt;script&gt;", html, f"{what}: the text is missing or not escaped: {html[:500]!r}"
    )


@tagged("post_install", "-at_install")
class TestHostileHtml(CustomerArchiveCase, MockEmail):
    """Markup typed into text fields (archive names, tier names, override reasons, visit next
    steps, statuses) shows as text in every HTML the addon builds: the tier explanation, chatter
    notes, activities and the mails they send."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls._create_archive(
            name=f"{HOSTILE}有限公司", user_id=cls.user_salesperson.id
        )
        cls.profile = cls.env["customer.archive.tier.profile"]._get_profile(cls.company)
        cls.lowest = cls.profile._lowest_tier()

    def test_01_tier_explanation(self):
        """A tier name and an override reason with markup: the "Why this tier" HTML escapes them."""
        self.lowest.name = f"{HOSTILE}D"
        self.profile._recompute(partners=self.archive)
        self.assertEqual(self.archive.tier_id, self.lowest)
        self.archive.invalidate_recordset(["tier_explanation"])
        assert_escaped(self, self.archive.tier_explanation, "tier explanation")
        # as read by the web client (web_read), as the salesperson
        [data] = self.archive.with_user(self.user_salesperson).web_read({"tier_explanation": {}})
        assert_escaped(self, data["tier_explanation"], "tier explanation over web_read")

    def test_02_override_reason_in_chatter_activity_and_explanation(self):
        """A manual tier requested with a hostile reason: the approval activity, the chatter
        note and the explanation after approval show it as text."""
        self.profile.require_approval = True
        tier = self.env["customer.archive.tier"].search([], limit=1)
        wizard = (
            self.env["customer.archive.tier.override"]
            .with_user(self.user_salesperson)
            .create(
                {
                    "partner_ids": [(6, 0, self.archive.ids)],
                    "tier_id": tier.id,
                    "reason": HOSTILE,
                    "expiry_date": fields.Date.today() + timedelta(days=30),
                }
            )
        )
        wizard.action_apply()
        activity = self.env["mail.activity"].search(
            [("res_id", "=", self.archive.id), ("res_model", "=", "res.partner")], limit=1
        )
        assert_escaped(self, activity.note, "approval activity")
        message = self.archive.message_ids.filtered(lambda m: "caXss" in str(m.body))[:1]
        assert_escaped(self, message.body, "chatter note")
        self.archive.with_user(self.user_manager).action_approve_tier_override()
        self.profile._recompute(partners=self.archive)
        self.assertEqual(self.archive.tier_override_state, "approved")
        self.archive.invalidate_recordset(["tier_explanation"])
        assert_escaped(self, self.archive.tier_explanation, "explanation of the manual tier")

    def test_03_visit_follow_up_activity_and_its_mail(self):
        """A visit whose next step and customer carry markup: the follow-up activity, and the
        mail telling the assigned user about it, show them as text."""
        visit = (
            self.env["customer.archive.visit"]
            .with_user(self.user_salesperson)
            .create(
                {
                    "partner_id": self.archive.id,
                    "user_id": self.user_salesperson.id,
                    "planned_date": fields.Datetime.now() - timedelta(hours=2),
                    "next_step": HOSTILE,
                    "next_step_user_id": self.user_officer.id,
                    "outcome_id": self.env.ref("customer_archive.visit_outcome_order").id,
                    "summary": "<p>拜访纪要</p>",
                }
            )
        )
        with self.mock_mail_gateway():
            visit.action_done()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", visit._name), ("res_id", "=", visit.id)]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, HOSTILE)  # a plain-text field, stored as typed
        assert_escaped(self, activity.note, "follow-up activity")
        mails = [mail for mail in self._mails if self.user_officer.email in str(mail["email_to"])]
        self.assertTrue(mails, "the assigned user is told by mail")
        for mail in mails:
            self.assertNotIn("<script", mail["body"])
            self.assertNotIn("<img", mail["body"])
            self.assertIn("&lt;script&gt;", mail["body"])

    def test_04_reminders_and_lifecycle_notes(self):
        """Reminder activities (visit due) and the lifecycle note name a hostile archive and a
        hostile status as text."""
        items = [
            {
                "key": f"hostile:{self.archive.id}",
                "kind": "visit_due",
                "record": self.archive,
                "partner": self.archive,
                "user": self.user_salesperson,
                "date": self.today,
                "activity_type": "customer_archive.mail_activity_type_visit_due",
                "summary": "due",
                "note": f"{self.archive.display_name} must be visited",
            }
        ]
        [activity] = self.env["customer.archive.reminder"]._create_reminders(items)
        assert_escaped(self, activity.note, "reminder activity")
        self.status_dormant.name = f"{HOSTILE}休眠"
        self.archive.write(
            {"archive_status_id": self.status_active.id, "archive_date": self._days_ago(200)}
        )
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(self.archive.archive_status_id.stage, "dormant")
        notes = self.archive.message_ids.filtered(lambda m: "caXss" in str(m.body))
        self.assertTrue(notes)
        for note in notes:
            assert_escaped(self, note.body, "lifecycle note")


@tagged("post_install", "-at_install")
class TestHostileFormTour(TourCase):
    def test_01_form_shows_markup_as_text(self):
        """The archive form of an archive whose text fields hold markup: the browser shows the
        text, runs no script and creates no element from it."""
        self.env["res.partner"].create(
            {
                "name": f"{HOSTILE}表单有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "main_products": HOSTILE,
                "business_scope": HOSTILE,
                "legal_representative": HOSTILE,
                "comment": HOSTILE,
            }
        )
        self.start_tour(
            "/odoo/customer-archives", "customer_archive_hostile_form_tour", login="admin"
        )
