from datetime import timedelta

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestFollowupMonth(VisitCase):
    """The CRM rule "every archive has at least one follow-up a month": the archives without a
    done visit this month are listed (Visits → Not Followed Up This Month)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quiet = cls._create_archive("嘉兴未跟进有限公司", user_id=cls.user_salesperson.id)
        cls.last_month = cls._create_archive(
            "湖州上月跟进有限公司", user_id=cls.user_salesperson.id
        )
        cls.by_colleague = cls._create_archive(
            "绍兴同事跟进有限公司", user_id=cls.user_salesperson.id
        )
        cls._visit(days=0, state="done")  # cls.customer, today
        cls._visit(partner=cls.quiet, days=0, state="planned")  # planned only: not a follow-up
        first = cls.today.replace(day=1)
        cls._visit(partner=cls.last_month, days=(first - cls.today).days - 2, state="done")
        cls._visit(partner=cls.by_colleague, days=0, state="done", user=cls.user_officer)

    def _not_followed_up(self, user):
        action = self.env.ref("customer_archive.res_partner_followup_action")
        archives = self.quiet | self.last_month | self.by_colleague | self.customer
        return self.Partner.with_user(user).search(
            [("followed_up_this_month", "=", False), ("id", "in", archives.ids)]
            + safe_eval(action.domain)
        )

    def test_01_list_of_archives_without_a_follow_up(self):
        """A planned visit or last month's visit is no follow-up; anyone's done visit is."""
        self.env.flush_all()
        self.assertEqual(self._not_followed_up(self.user_salesperson), self.quiet | self.last_month)
        self.assertTrue(self.customer.followed_up_this_month)
        self.assertTrue(self.by_colleague.with_user(self.user_salesperson).followed_up_this_month)
        self.assertFalse(self.quiet.followed_up_this_month)
        followed = self.Partner.search(
            [("followed_up_this_month", "=", True), ("id", "in", (self.quiet | self.customer).ids)]
        )
        self.assertEqual(followed, self.customer)

    def test_02_a_done_visit_takes_the_archive_off_the_list(self):
        visit = self.quiet.visit_ids
        visit.write(
            {
                "actual_start": visit.planned_date - timedelta(minutes=5),
                "actual_end": visit.planned_date,
                "outcome_id": self.outcome_order.id,
                "summary": "<p>电话回访</p>",
                "state": "done",
            }
        )
        self.env.flush_all()
        self.assertEqual(self._not_followed_up(self.user_salesperson), self.last_month)

    def test_03_filter_and_menu(self):
        """The archive search offers the filter, the Visits menu the list."""
        menu = self.env.ref("customer_archive.res_partner_followup_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("customer_archive.customer_archive_visit_root_menu")
        )
        search = self.Partner.with_user(self.user_salesperson).get_views(
            [(self.env.ref("customer_archive.res_partner_view_search").id, "search")]
        )["views"]["search"]["arch"]
        self.assertIn("not_followed_up", search)
