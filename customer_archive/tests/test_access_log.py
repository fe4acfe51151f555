from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.customer_archive_access_log_chain import rebuild_chain
from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestAccessLog(CustomerArchiveCase):
    """The access log is written by the addon only and cannot be altered by anybody."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["customer.archive.access.log"]
        cls.archive = cls._create_archive("福州保密测试有限公司")
        cls.archive_2 = cls._create_archive("厦门保密测试有限公司")

    def _log_as(self, user, event="open", partners=None, **kw):
        return self.Log.with_user(user)._log(event, partners if partners is not None else self.archive, **kw)

    def test_01_entry_records_user_archive_and_company(self):
        entry = self._log_as(self.user_salesperson, "reveal", field_name="resident_id", reason="核对身份")
        self.assertEqual(entry.user_id, self.user_salesperson)
        self.assertEqual(entry.partner_id, self.archive)
        self.assertEqual(entry.partner_name, "福州保密测试有限公司")
        self.assertEqual(entry.company_id, self.env.company)
        self.assertEqual((entry.event, entry.field_name, entry.reason), ("reveal", "resident_id", "核对身份"))
        self.assertFalse(entry.ip_address, "no HTTP request in a test: no IP")

    def test_02_one_entry_per_event_with_its_archives(self):
        both = self._log_as(self.user_manager, "export", self.archive | self.archive_2, record_count=5)
        self.assertEqual(len(both), 1, "an export of two archives is one event")
        self.assertEqual(both.partner_ids, self.archive | self.archive_2)
        self.assertFalse(both.partner_id, "no single archive")
        self.assertEqual(both.record_count, 5)
        self.assertEqual(both.archive_id_list, ",".join(map(str, sorted((self.archive | self.archive_2).ids))))
        single = self._log_as(self.user_manager, "export", self.archive)
        self.assertEqual((single.partner_id, single.partner_ids, single.record_count), (self.archive, self.archive, 1))
        many = self.Partner.create([{"name": f"客户{i}"} for i in range(300)])
        entry = self._log_as(self.user_manager, "export", many)
        self.assertEqual((len(entry), entry.record_count, len(entry.partner_ids)), (1, 300, 300))
        # The entries of an archive: those of several archives count for each of them.
        Log = self.Log.with_user(self.user_manager)
        exports_of_archive_2 = Log.search([("partner_ids", "in", self.archive_2.ids), ("event", "=", "export")])
        self.assertEqual(exports_of_archive_2.ids, both.ids)
        self.assertIn(entry.id, Log.search([("partner_ids", "in", many[:1].ids)]).ids)

    def test_02b_archives_of_two_companies_give_one_entry_per_company(self):
        archive_2 = self._create_archive("上海分公司导出客户", company_id=self.company_2.id)
        entries = self._log_as(self.user_manager, "export", self.archive | archive_2)
        self.assertEqual(len(entries), 2)
        self.assertEqual(
            {(e.company_id, e.partner_id) for e in entries},
            {(self.company, self.archive), (self.company_2, archive_2)},
        )

    def test_03_nobody_can_create_write_or_delete(self):
        entry = self._log_as(self.user_salesperson)
        for user in (self.user_salesperson, self.user_officer, self.user_manager, self.env.ref("base.user_admin")):
            Log = self.Log.with_user(user)
            with self.assertRaises(UserError):  # AccessError included
                Log.with_context(customer_archive_log_write=True).create(
                    {"event": "open", "partner_id": self.archive.id})
            with self.assertRaises(UserError):
                # the context key a client can send does not open create(), even to the superuser
                Log.sudo().with_context(customer_archive_log_write=True).create(
                    {"event": "open", "partner_id": self.archive.id})
            with self.assertRaises(UserError):
                entry.with_user(user).write({"reason": "改写"})
            with self.assertRaises(UserError):
                entry.with_user(user).unlink()
        # even the superuser cannot change or delete an entry through the ORM
        with self.assertRaises(UserError):
            entry.sudo().write({"reason": "改写"})
        with self.assertRaises(UserError):
            entry.sudo().unlink()
        with self.assertRaises(UserError):
            self.Log.sudo().create({"event": "open", "partner_id": self.archive.id})
        self.assertFalse(entry.reason)

    def test_04_only_managers_read_the_log(self):
        entry = self._log_as(self.user_salesperson)
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_salesperson).search([])
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_officer).search([])
        self.assertIn(entry, self.Log.with_user(self.user_manager).search([("partner_id", "=", self.archive.id)]))

    def test_05_other_company_entries_are_invisible(self):
        archive_2 = self._create_archive("上海分公司客户", company_id=self.company_2.id)
        entry = self.Log.with_company(self.company_2)._log("open", archive_2)
        self.assertEqual(entry.company_id, self.company_2)
        self.assertNotIn(entry, self.Log.with_user(self.user_manager).search([]))

    def test_06_retention_purges_only_old_entries(self):
        old = self._log_as(self.user_salesperson, partners=self.archive)
        recent = self._log_as(self.user_salesperson, partners=self.archive_2)
        self.env["customer.archive.access.log.chain"]._chain_pending()
        # Every entry of the chain up to `old` a year and more ago; the chain computed again
        # over the changed dates (as the upgrade does).
        self.env.cr.execute(
            "UPDATE customer_archive_access_log SET create_date = %s WHERE company_id = %s AND chain_seq <= %s",
            (fields.Datetime.now() - timedelta(days=400), self.company.id, old.chain_seq),
        )
        rebuild_chain(self.env.cr, [self.company.id])
        self.env.invalidate_all()
        self.env.company.archive_log_retention_days = 365
        purged = self.Log._cron_purge_access_log()
        self.assertGreaterEqual(purged, 1)
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.env.company.archive_log_retention_days = 0
        self.assertEqual(self.Log._cron_purge_access_log(), 0, "0 keeps the log forever")

    def test_07_retention_cannot_be_negative(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.env.company.archive_log_retention_days = -1
