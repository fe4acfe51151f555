import base64

from odoo.tests import tagged

from .tour_common import TourCase

URL = "/odoo/action-customer_archive.res_partner_archive_approval_action"


@tagged("post_install", "-at_install")
class TestArchiveApprovalTour(TourCase):
    def test_01_officer_sends_back_then_approves(self):
        """An archive officer sends a new archive back for its missing ID card, then approves it
        once the salesperson completed and resubmitted it."""
        env = self.env(context=dict(self.env.context, lang="en_US"))
        env.company.archive_approval_required = True
        users = env["res.users"].with_context(no_reset_password=True)
        groups = lambda *xmlids: [(6, 0, [env.ref(x).id for x in xmlids])]  # noqa: E731
        salesperson = users.create(
            {
                "name": "巡检业务员",
                "login": "tour_appr_user",
                "email": "tour_appr_user@example.cn",
                "password": "tour_appr_user",
                "lang": "en_US",
                "groups_id": groups("base.group_user", "customer_archive.group_archive_user"),
            }
        )
        officer = users.create(
            {
                "name": "巡检档案管理员",
                "login": "tour_appr_officer",
                "email": "tour_appr_officer@example.cn",
                "password": "tour_appr_officer",
                "lang": "en_US",
                "groups_id": groups("base.group_user", "customer_archive.group_archive_officer"),
            }
        )
        purchaser = env.ref("customer_archive.customer_type_purchaser")
        partner = (
            env["res.partner"]
            .with_user(salesperson)
            .create(
                {
                    "name": "温州巡检待审有限公司",
                    "is_company": True,
                    "is_customer_archive": True,
                    "customer_type_id": purchaser.id,
                    "user_id": salesperson.id,
                }
            )
        )
        Document = env["customer.archive.document"].with_user(salesperson)
        Document.create(
            {
                "partner_id": partner.id,
                "type_id": env.ref("customer_archive.document_type_business_licence").id,
                "number": "91330300MA2AXXXX1K",
            }
        )
        self.assertEqual(partner.archive_approval_state, "to_approve")

        self.start_tour(URL, "customer_archive_approval_send_back_tour", login=officer.login)
        partner.invalidate_recordset()
        self.assertEqual(partner.archive_approval_state, "sent_back")
        self.assertEqual(partner.archive_approval_reason, "缺少法人代表身份证复印件")

        Document.create(
            {
                "partner_id": partner.id,
                "type_id": env.ref("customer_archive.document_type_legal_representative_id").id,
                "number": "330302198001011234",
                "attachment": base64.b64encode(b"\x89PNG id card"),
            }
        )
        partner.with_user(salesperson).action_archive_submit()
        self.start_tour(URL, "customer_archive_approval_approve_tour", login=officer.login)
        partner.invalidate_recordset()
        self.assertEqual(partner.archive_approval_state, "approved")
        self.assertEqual(partner.archive_approved_by_id, officer)
