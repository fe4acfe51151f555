from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .contact_use_common import ContactUseCase

ACTIVITY_TYPE = "customer_archive.mail_activity_type_reveal_approval"


@tagged("post_install", "-at_install")
class TestRevealRequest(ContactUseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mobile_rule = cls.env.ref("customer_archive.sensitive_field_mobile")
        cls.Request = cls.env["customer.archive.reveal.request"]

    def _request(self, user=None, partner=None, submit=True, reason="客户换了手机，需回电确认"):
        request = self.Request.with_user(user or self.user_salesperson).create(
            {
                "partner_id": (partner or self.contact).id,
                "sensitive_field_id": self.mobile_rule.id,
                "reason": reason,
            }
        )
        if submit:
            request.action_submit()
        return request

    def _reveal(self, user, partner=None):
        """The requester's Reveal button, then the wizard's."""
        wizard = self.env["customer.archive.reveal"].with_user(user)
        defaults = {
            "res_model": "res.partner",
            "res_id": (partner or self.contact).id,
            "sensitive_field_id": self.mobile_rule.id,
            "reason": "客户来电",
        }
        wizard = wizard.create(defaults)
        wizard.action_reveal()
        return wizard

    def _activities(self, request):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", request._name),
                ("res_id", "=", request.id),
                ("activity_type_id", "=", self.env.ref(ACTIVITY_TYPE).id),
            ]
        )

    def test_01_salesperson_requests_officer_approves_reveal_once(self):
        """Request → activity for the officers → approval in the chatter → the requester
        reveals the clear mobile once, logged; a second reveal is refused."""
        with Form(
            self.Request.with_user(self.user_salesperson).with_context(
                default_partner_id=self.contact.id
            )
        ) as form:
            form.sensitive_field_id = self.mobile_rule
            form.reason = "客户换了手机，需回电确认"
        request = form.record
        self.assertEqual(request.state, "draft")
        request.action_submit()
        users = self._activities(request).user_id
        self.assertIn(self.user_officer, users)
        self.assertIn(self.user_manager, users)
        self.assertNotIn(self.user_salesperson, users)
        self.assertNotIn(self.user_other, users)
        request.with_user(self.user_officer).action_approve()
        self.assertEqual((request.state, request.approver_id), ("approved", self.user_officer))
        self.assertFalse(self._activities(request))
        self.assertIn(self.user_officer.name, request.message_ids[0].body)
        action = request.with_user(self.user_salesperson).action_reveal()
        self.assertEqual(action["res_model"], "customer.archive.reveal")
        self.assertEqual(action["context"]["default_res_id"], self.contact.id)
        wizard = self._reveal(self.user_salesperson)
        self.assertEqual(wizard.value, "139 1356 2087")
        self.assertEqual(request.state, "done")
        self.assertTrue(request.revealed_on)
        log = self.Log.search([("event", "=", "reveal"), ("partner_id", "=", self.contact.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual((log.user_id, log.field_name), (self.user_salesperson, "mobile"))
        self.assertIn(request.name, log.detail)
        with self.assertRaises(AccessError):
            self._reveal(self.user_salesperson)
        # The value stays masked everywhere else.
        self.assertEqual(
            self.contact.with_user(self.user_salesperson).read(["mobile"])[0]["mobile"],
            "139****2087",
        )

    def test_02_no_reveal_without_approval(self):
        """Draft, submitted and refused requests reveal nothing; an approval covers its field
        and partner only."""
        request = self._request()
        with self.assertRaises(AccessError):
            self._reveal(self.user_salesperson)
        request.with_user(self.user_officer).write({"refusal_reason": "理由不充分"})
        request.with_user(self.user_officer).action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertIn("理由不充分", request.message_ids[0].body)
        with self.assertRaises(AccessError):
            self._reveal(self.user_salesperson)
        approved = self._request(partner=self.archive)
        approved.with_user(self.user_manager).action_approve()
        with self.assertRaises(AccessError):
            self._reveal(self.user_salesperson)  # the contact, not the archive
        self.assertFalse(
            self.Log.search([("event", "=", "reveal"), ("user_id", "=", self.user_salesperson.id)])
        )

    def test_03_only_officers_decide_and_not_on_their_own(self):
        request = self._request()
        for user in (self.user_salesperson, self.user_keeper):
            with self.assertRaises(AccessError):
                request.with_user(user).action_approve()
        own = self._request(user=self.user_officer)
        self.assertNotIn(self.user_officer, self._activities(own).user_id)
        with self.assertRaises(AccessError):
            own.with_user(self.user_officer).action_approve()
        own.with_user(self.user_manager).action_approve()
        self.assertEqual(own.state, "approved")

    def test_04_refusal_needs_a_reason(self):
        request = self._request()
        with self.assertRaises(UserError):
            request.with_user(self.user_officer).action_refuse()
        self.assertEqual(request.state, "submitted")
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesperson).write({"refusal_reason": "自己驳回"})

    def test_05_flow_fields_and_visibility(self):
        """Requesters see their own requests only; nobody writes the state or the requester;
        the reason is frozen once submitted; a request names a partner its requester reads."""
        request = self._request()
        mine = self.Request.with_user(self.user_salesperson).search([])
        self.assertEqual(mine, request)
        self.assertFalse(self.Request.with_user(self.user_other).search([]))
        self.assertIn(request, self.Request.with_user(self.user_officer).search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesperson).write({"state": "approved"})
        with self.assertRaises(UserError):
            request.with_user(self.user_salesperson).write({"reason": "改一下"})
        with self.assertRaises(AccessError):
            self.Request.with_user(self.user_salesperson).create(
                {
                    "partner_id": self.contact.id,
                    "sensitive_field_id": self.mobile_rule.id,
                    "reason": "x",
                    "state": "approved",
                }
            )
        with self.assertRaises(AccessError):
            self._request(user=self.user_other, submit=False)  # cannot read the archive

    def test_06_officer_reveals_without_request(self):
        """Users who may reveal do so directly: no request is used up."""
        request = self._request(user=self.user_officer)
        request.with_user(self.user_manager).action_approve()
        self._reveal(self.user_officer)
        self.assertEqual(request.state, "approved")

    def test_07_activity_asks_officers_in_their_language_text_escaped(self):
        """The officers' activity names the request in their language and shows the reason as
        typed (HTML in it is text)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_officer.lang = "zh_CN"
        request = self._request(reason="<b>客户急需</b>")
        activity = self._activities(request).filtered(lambda a: a.user_id == self.user_officer)
        self.assertEqual(activity.summary, "审批查看明文申请 %s" % request.name)
        self.assertIn("&lt;b&gt;客户急需&lt;/b&gt;", str(activity.note))
        self.assertIn("吴丽华", str(activity.note))

    def test_08_only_archives_and_their_contacts(self):
        stranger = self.Partner.create({"name": "路人甲", "mobile": "13900000000"})
        with self.assertRaises(ValidationError):
            self._request(partner=stranger, submit=False)
        visit_rule = self.env["customer.archive.sensitive.field"].search(
            [("model_name", "!=", "res.partner")], limit=1
        )
        with self.assertRaises(ValidationError):
            self.Request.with_user(self.user_salesperson).create(
                {"partner_id": self.contact.id, "sensitive_field_id": visit_rule.id, "reason": "x"}
            )
