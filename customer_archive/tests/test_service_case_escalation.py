from odoo import Command
from odoo.tests import tagged

from .case_common import ServiceCaseCommon

OVERDUE = "customer_archive.mail_activity_type_case_overdue"


@tagged("post_install", "-at_install")
class TestServiceCaseEscalation(ServiceCaseCommon):
    """The scheduled action gives the assignee's manager one activity per overdue case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls.user_officer
        cls.team = cls.env["crm.team"].create(
            {
                "name": "华东服务组",
                "user_id": cls.leader.id,
                "crm_team_member_ids": [Command.create({"user_id": cls.user_salesperson.id})],
            }
        )

    def _overdue_activities(self, case):
        kind = self.env.ref(OVERDUE)
        return case.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_01_team_leader_gets_one_activity(self):
        late = self._case(hours_ago=24 * 30)
        on_time = self._case()
        self.Case._cron_escalate_overdue()
        activities = self._overdue_activities(late)
        self.assertEqual(activities.user_id, self.leader)
        self.assertEqual(len(activities), 1)
        self.assertIn(late.name, activities.summary)
        self.assertFalse(self._overdue_activities(on_time))
        # once: the next run adds nothing
        self.Case._cron_escalate_overdue()
        self.assertEqual(len(self._overdue_activities(late)), 1)

    def test_02_without_a_leader_the_archive_managers(self):
        self.team.user_id = False
        late = self._case(hours_ago=24 * 30)
        self.Case._cron_escalate_overdue()
        users = self._overdue_activities(late).user_id
        self.assertIn(self.user_manager, users)
        self.assertNotIn(self.user_salesperson, users)

    def test_03_closed_case_not_escalated(self):
        late = self._case(hours_ago=24 * 30, resolution="已换货")
        late.action_resolve()
        self.Case._cron_escalate_overdue()
        self.assertFalse(self._overdue_activities(late))

    def test_04_activity_in_the_managers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.leader.lang = "zh_CN"
        late = self._case(hours_ago=24 * 30)
        self.Case._cron_escalate_overdue()
        self.assertIn("逾期", self._overdue_activities(late).summary)
