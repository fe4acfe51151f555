from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestInactiveUsers(CustomerArchiveCase):
    """Users with archive access who have not logged in for N days (default 14), for managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._logged_in(cls.user_salesperson, 30)
        cls._logged_in(cls.user_officer, 1)
        cls._logged_in(cls.user_plain, 60)  # no archive access: never listed
        cls.users = cls.user_salesperson | cls.user_officer | cls.user_plain | cls.user_manager

    @classmethod
    def _logged_in(cls, user, days_ago):
        """A login record of ``user`` ``days_ago`` days ago (what Odoo writes on login)."""
        log = cls.env["res.users.log"].create({})
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE res_users_log SET create_date = %s, create_uid = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=days_ago),
                user.id,
                log.id,
            )
        )
        cls.env.invalidate_all()

    def _listed(self, user=None):
        action = self.env.ref("customer_archive.res_users_inactive_action")
        Users = self.env["res.users"].with_user(user or self.user_manager)
        return Users.search(safe_eval(action.domain) + [("id", "in", self.users.ids)])

    def test_01_default_fourteen_days(self):
        """30 days without login is listed, yesterday is not, a user without archive access is
        not, a user who never logged in is."""
        self.assertEqual(self.env.company.archive_inactive_user_days, 14)
        listed = self._listed()
        self.assertEqual(listed, self.user_salesperson | self.user_manager)
        row = listed.filtered(lambda u: u == self.user_salesperson)
        self.assertEqual(row.archive_days_since_login, 30)
        self.assertTrue(row.archive_login_inactive)

    def test_02_setting_changes_the_list(self):
        self.env.company.archive_inactive_user_days = 40
        self.assertEqual(self._listed(), self.user_manager)

    def test_03_managers_only(self):
        """The report is the managers': a salesperson or officer cannot read it."""
        for user in (self.user_salesperson, self.user_officer):
            with self.assertRaises(AccessError):
                self._listed(user)
        with self.assertRaises(AccessError):
            self.user_salesperson.with_user(self.user_officer).read(["archive_days_since_login"])

    def test_04_bad_setting(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.env.company.archive_inactive_user_days = 0
