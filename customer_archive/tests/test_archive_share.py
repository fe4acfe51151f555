from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveShare(VisibilityCase):
    """Shares: read only, read-write, expiry; who may share; every share logged."""

    def test_01_read_share_gives_read_not_write(self):
        self._share(self.foreign, self.user_salesperson, mode="read", by=self.user_colleague)
        self.assertIn(self.foreign, self._visible(self.user_salesperson))
        self.assertIn(
            self.foreign_contact, self._visible(self.user_salesperson), "its contacts too"
        )
        self.assertEqual(
            self.foreign.with_user(self.user_salesperson).read(["name"])[0]["name"],
            "泉州别人客户有限公司",
        )
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user_salesperson).write({"city": "泉州"})

    def test_02_read_write_share_allows_writing(self):
        self._share(self.foreign, self.user_salesperson, mode="write", by=self.user_colleague)
        self.foreign.with_user(self.user_salesperson).write({"city": "泉州"})
        self.assertEqual(self.foreign.city, "泉州")

    def test_03_expired_share_gives_nothing(self):
        share = self._share(self.foreign, self.user_salesperson, mode="write", days=-1)
        self.assertTrue(share.is_expired)
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))
        share.date_expiry = fields.Date.context_today(share)
        self.assertIn(self.foreign, self._visible(self.user_salesperson), "valid on its last day")

    def test_04_only_salesperson_keeper_or_officer_can_share(self):
        with self.assertRaises(AccessError):
            self._share(self.foreign, self.user_officer, by=self.user_salesperson)
        self._share(self.own, self.user_colleague, by=self.user_salesperson)
        self._share(self.foreign, self.user_salesperson, by=self.user_officer)
        # A read share does not let its holder share further.
        self._share(self.kept, self.user_officer, by=self.user_colleague)
        with self.assertRaises(AccessError):
            self._share(self.foreign, self.user_manager, by=self.user_salesperson)

    def test_05_secret_and_non_archive_cannot_be_shared(self):
        with self.assertRaises(ValidationError):
            self._share(self.secret_kept, self.user_colleague)
        with self.assertRaises(ValidationError):
            self._share(self.plain, self.user_colleague)
        with self.assertRaises(ValidationError):
            self._share(self.own, self.user_plain)

    def test_06_share_and_unshare_are_logged(self):
        share = self._share(self.foreign, self.user_salesperson, by=self.user_colleague)
        log = self.Log.search([("partner_id", "=", self.foreign.id), ("event", "=", "share")])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_colleague)
        self.assertIn("测试业务员", log.detail)
        share.with_user(self.user_colleague).unlink()
        self.assertEqual(
            self.Log.search_count(
                [("partner_id", "=", self.foreign.id), ("event", "=", "unshare")]
            ),
            1,
        )
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))

    def test_07_holder_sees_their_share_but_cannot_change_it(self):
        share = self._share(
            self.foreign, self.user_salesperson, mode="read", by=self.user_colleague
        )
        self.assertEqual(self.Share.with_user(self.user_salesperson).search([]), share)
        with self.assertRaises(AccessError):
            share.with_user(self.user_salesperson).write({"mode": "write"})
        with self.assertRaises(AccessError):
            share.with_user(self.user_salesperson).unlink()
        self.assertEqual(share.mode, "read")
