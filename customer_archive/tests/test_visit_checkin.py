from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitCheckin(VisitCase):
    """The salesperson sees the coordinates of their own check-in (with a map link); other
    salespeople and officers do not; managers do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.visit_checkin_enabled = True
        cls.visit = cls._visit(days=0)
        cls.visit.with_user(cls.user_salesperson).action_start()
        cls.visit.with_user(cls.user_salesperson).action_checkin(30.274085, 120.15507, 20)

    def _location(self, user):
        [row] = self.visit.with_user(user).read(["checkin_location", "checkin_map_url"])
        return row["checkin_location"], row["checkin_map_url"]

    def test_01_own_check_in_in_clear(self):
        self.assertEqual(self.visit.checkin_user_id, self.user_salesperson)
        location, url = self._location(self.user_salesperson)
        self.assertEqual(location, "30.274085, 120.155070")
        self.assertIn("mlat=30.274085&mlon=120.155070", url)
        # The raw fields stay masked for the salesperson (sensitive fields, see test_masking).
        [row] = self.visit.with_user(self.user_salesperson).read(["checkin_latitude"])
        self.assertEqual(row["checkin_latitude"], "***")

    def test_02_others_see_no_coordinates(self):
        """The officer sees the visit (company archives) but not where it happened."""
        self.assertEqual(self._location(self.user_officer), (False, False))
        [row] = self.visit.with_user(self.user_officer).read(["checkin_date", "checkin_user_id"])
        self.assertTrue(row["checkin_date"])
        other = self.env["res.users"].create(
            {
                "name": "另一业务员",
                "login": "test_ca_other_sales",
                "groups_id": [(6, 0, self.user_salesperson.groups_id.ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.visit.with_user(other).read(["checkin_location"])

    def test_03_manager_sees_them(self):
        location, url = self._location(self.user_manager)
        self.assertEqual(location, "30.274085, 120.155070")
        self.assertTrue(url)

    def test_04_check_in_later(self):
        """A started visit without check-in can be checked in later (the browser asks
        first); not when check-in is off."""
        visit = self._visit(days=0)
        visit.with_user(self.user_salesperson).action_start()
        action = visit.with_user(self.user_salesperson).action_request_checkin()
        self.assertEqual(action["tag"], "customer_archive.visit_checkin")
        self.assertEqual(action["params"], {"visit_id": visit.id})
        self.company.visit_checkin_enabled = False
        with self.assertRaises(UserError):
            visit.with_user(self.user_salesperson).action_request_checkin()
