from odoo.tests import tagged
from odoo.tools import SQL

from .print_common import PrintCase

ACTIVITY_TYPE = "customer_archive.mail_activity_type_print_approval"


@tagged("post_install", "-at_install")
class TestPrintApprovalActivity(PrintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.user_manager.lang = "en_US"
        cls.user_manager_2.lang = "zh_CN"
        cls.activity_type = cls.env.ref(ACTIVITY_TYPE)

    def _activities(self, request):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", request._name),
                ("res_id", "=", request.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_01_submit_asks_every_manager_in_their_language(self):
        """A submitted request puts an approval activity in the to-do list of each archive
        manager, the requester excepted, its summary in the manager's own language."""
        draft = self._request(self.archive, submit=False)
        self.assertFalse(self._activities(draft))
        draft.action_submit()
        activities = self._activities(draft)
        by_user = {activity.user_id: activity for activity in activities}
        self.assertIn(self.user_manager, by_user)
        self.assertIn(self.user_manager_2, by_user)
        self.assertNotIn(self.user_officer, by_user)
        self.assertEqual(
            by_user[self.user_manager].summary, "Approve print request %s" % draft.name
        )
        self.assertEqual(by_user[self.user_manager_2].summary, "审批打印申请 %s" % draft.name)
        self.assertIn("客户走访前核对资料", str(by_user[self.user_manager].note))
        # The manager finds it in their own list of activities.
        mine = (
            self.env["mail.activity"]
            .with_user(self.user_manager)
            .search([("user_id", "=", self.user_manager.id), ("res_id", "=", draft.id)])
        )
        self.assertEqual(mine, by_user[self.user_manager])

    def test_02_requester_manager_gets_no_activity_of_their_own(self):
        """A manager's own request asks the other managers, never themself."""
        request = self._request(self.archive, user=self.user_manager)
        users = self._activities(request).user_id
        self.assertIn(self.user_manager_2, users)
        self.assertNotIn(self.user_manager, users)

    def test_03_decision_closes_the_activities(self):
        """Approving (or rejecting) closes the approval activities of every manager."""
        approved = self._request(self.archive)
        approved.with_user(self.user_manager).action_approve()
        self.assertFalse(self._activities(approved))
        rejected = self._request(self.archive_2)
        rejected.with_user(self.user_manager_2).action_reject("资料不全")
        self.assertFalse(self._activities(rejected))

    def test_04_expired_request_drops_its_activities(self):
        request = self._request(self.archive)
        # A submitted request cannot be given a past date: let the days pass in the database.
        self.env.cr.execute(
            SQL(
                "UPDATE customer_archive_print_request SET date_expiry = %s WHERE id = %s",
                self._days_ago(1),
                request.id,
            )
        )
        request.invalidate_recordset(["date_expiry"])
        self.Request._cron_expire_print_requests()
        self.assertEqual(request.state, "expired")
        self.assertFalse(self._activities(request))
