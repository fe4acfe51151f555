import hashlib
import importlib.util
import json
import os
import tempfile
import threading
from datetime import timedelta

import psycopg2

from odoo import fields, sql_db
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCase

# What the README documents, written out here independently of the addon's code.
GENESIS = "0" * 64


def documented_hash(row, prev):
    payload = {
        "v": 1,
        "id": row["id"],
        "company_id": row["company_id"],
        "seq": row["chain_seq"],
        "date": row["create_date"].strftime("%Y-%m-%d %H:%M:%S.%f"),
        "user_id": row["user_id"],
        "event": row["event"],
        "archives": row["archive_id_list"],
        "record_count": row["record_count"],
        "field_name": row["field_name"],
        "reason": row["reason"],
        "detail": row["detail"],
        "ip_address": row["ip_address"],
        "prev": prev,
    }
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@tagged("post_install", "-at_install")
class TestAccessLogChain(CustomerArchiveCase):
    """The access log is a hash chain per company: changes made in SQL, deletions and rewrites
    are found by the daily check and the Verify Log button; the retention purge keeps it whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["customer.archive.access.log"]
        cls.Chain = cls.env["customer.archive.access.log.chain"]
        cls.archive = cls._create_archive("福州链条测试有限公司")
        cls.archive_2 = cls._create_archive("厦门链条测试有限公司")
        cls.archive_3 = cls._create_archive("泉州链条测试有限公司")

    def setUp(self):
        super().setUp()
        self.anchor_dir = tempfile.mkdtemp(prefix="ca_anchor_")
        self.addCleanup(self._remove_dir, self.anchor_dir)

    @staticmethod
    def _remove_dir(path):
        for name in os.listdir(path):
            os.remove(os.path.join(path, name))
        os.rmdir(path)

    def _three_entries(self):
        Log = self.Log.with_user(self.user_salesperson)
        first = Log._log("open", self.archive)
        second = self.Log.with_user(self.user_manager)._log(
            "export", self.archive | self.archive_2 | self.archive_3, record_count=3
        )
        third = Log._log("open", self.archive_2)
        self.Chain._chain_pending()
        return first, second, third

    def _verify(self, user=None, directory=None):
        Chain = self.Chain.with_user(user) if user else self.Chain
        [result] = [
            r
            for r in Chain._verify_chains(self.company, directory=directory or self.anchor_dir)
            if r["company_id"] == self.company.id
        ]
        return result

    def _sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def _rows(self, entries):
        self.env.cr.execute(
            """SELECT id, company_id, chain_seq, create_date, user_id, event, archive_id_list,
                      record_count, field_name, reason, detail, ip_address, prev_hash, hash
                 FROM customer_archive_access_log WHERE id = ANY(%s) ORDER BY chain_seq""",
            [entries.ids],
        )
        return self.env.cr.dictfetchall()

    def test_01_each_entry_links_to_the_previous_one(self):
        """Consecutive positions; each hash is the documented sha256 of the entry and the hash
        before it; the chain verifies."""
        first, second, third = self._three_entries()
        rows = self._rows(first | second | third)
        self.assertEqual(
            [r["chain_seq"] for r in rows], [rows[0]["chain_seq"] + i for i in range(3)]
        )
        for before, row in zip(rows, rows[1:], strict=False):
            self.assertEqual(row["prev_hash"], before["hash"])
        for row in rows:
            self.assertEqual(row["hash"], documented_hash(row, row["prev_hash"]))
        chain = self.Chain._get_chains(self.company)
        self.assertEqual(
            (chain.head_seq, chain.head_hash), (rows[-1]["chain_seq"], rows[-1]["hash"])
        )
        result = self._verify()
        self.assertTrue(result["ok"], result)
        self.assertGreaterEqual(result["checked"], 3)

    def test_02_verify_button_for_managers_only(self):
        """The manager gets a clear result; an officer is refused by the server."""
        self._three_entries()
        action = self.Log.with_user(self.user_manager).action_verify_log()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("intact", action["params"]["message"])
        for user in (self.user_officer, self.user_salesperson):
            with self.assertRaises(AccessError):
                self.Log.with_user(user).action_verify_log()
            with self.assertRaises(AccessError):
                self.Chain.with_user(user).action_verify_log()

    def test_03_content_changed_in_sql_is_found(self):
        """An UPDATE of an entry's content in SQL breaks the chain at that entry."""
        first, second, third = self._three_entries()
        self._sql(
            "UPDATE customer_archive_access_log SET user_id = %s WHERE id = %s",
            self.user_officer.id,
            second.id,
        )
        result = self._verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["log_id"], second.id)
        self.assertEqual(result["date"], second.create_date)
        self.assertIn("content was changed", result["reason"])
        action = (
            self.Chain.with_user(self.user_manager).with_context(lang="en_US").action_verify_log()
        )
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(f"broken at entry {second.id}", action["params"]["message"])

    def test_04_entry_deleted_in_the_middle_is_found(self):
        """A DELETE of an entry in SQL: the next entry reports the missing position."""
        first, second, third = self._three_entries()
        seq = second.chain_seq
        self._sql("DELETE FROM customer_archive_access_log WHERE id = %s", second.id)
        result = self._verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["log_id"], third.id)
        self.assertIn(f"position {seq} is missing", result["reason"])

    def test_05_entries_deleted_at_the_end_are_found(self):
        """Deleting the last entries leaves a chain shorter than its head."""
        first, second, third = self._three_entries()
        self._sql("DELETE FROM customer_archive_access_log WHERE id IN %s", (second.id, third.id))
        result = self._verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["log_id"], first.id)
        self.assertIn("entries after this one were deleted", result["reason"])

    def test_05b_head_or_chain_record_deleted_is_found(self):
        """Deleting the head row (or the chain record) does not take the company out of the
        verification: the chain no longer matches what is left."""
        self._three_entries()
        self._sql(
            "DELETE FROM customer_archive_access_log_head WHERE company_id = %s", self.company.id
        )
        self._sql(
            "DELETE FROM customer_archive_access_log_chain WHERE company_id = %s", self.company.id
        )
        result = self._verify()
        self.assertFalse(result["ok"])
        self.assertIn("its head says 0", result["reason"])

    def test_06_retention_purge_keeps_an_anchor(self):
        """The purge deletes the oldest entries; the chain goes on from the hash of the last one
        purged and still verifies."""
        first, second, third = self._three_entries()
        # Make every entry up to `second` a year old (a change in SQL: the chain is computed
        # again, as the upgrade does for entries written before the chain existed).
        self._sql(
            """UPDATE customer_archive_access_log SET create_date = create_date - interval '400 days'
                WHERE company_id = %s AND chain_seq <= %s""",
            self.company.id,
            second.chain_seq,
        )
        self._chain_module().rebuild_chain(self.env.cr, [self.company.id])
        self.env.invalidate_all()
        second_hash, second_seq = second.hash, second.chain_seq
        self.env.company.archive_log_retention_days = 365
        purged = self.Log._cron_purge_access_log()
        self.assertGreaterEqual(purged, 2)
        self.assertFalse((first | second).exists())
        self.assertTrue(third.exists())
        chain = self.Chain.search([("company_id", "=", self.company.id)])
        self.assertEqual((chain.anchor_seq, chain.anchor_hash), (second_seq, second_hash))
        self.assertEqual(third.prev_hash, second_hash)
        result = self._verify()
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["checked"], chain.head_seq - second_seq)

    def test_07_rewritten_chain_is_found_by_the_anchor_outside_the_database(self):
        """The daily anchor goes to a file and to the managers; a chain rewritten afterwards
        (content changed, every hash recomputed) verifies on its own but not against the file."""
        first, second, third = self._three_entries()
        lines = self.Chain._anchor_heads(self.anchor_dir)
        path = os.path.join(self.anchor_dir, f"{self.env.cr.dbname}.log")
        with open(path, encoding="utf-8") as handle:
            self.assertEqual(handle.readlines(), lines)
        chain = self.Chain.search([("company_id", "=", self.company.id)])
        self.assertTrue(
            any(
                line.endswith(f"\t{self.company.id}\t{chain.head_seq}\t{chain.head_hash}\n")
                for line in lines
            )
        )
        message = chain.message_ids[:1]
        self.assertIn(chain.head_hash, message.body)
        self.assertIn(self.user_manager.partner_id, message.partner_ids)
        self.assertEqual(chain.anchor_count, 1)

        self._sql(
            "UPDATE customer_archive_access_log SET detail = 'rewritten' WHERE id = %s", second.id
        )
        self._chain_module().rebuild_chain(self.env.cr, [self.company.id])
        self.env.invalidate_all()
        other_dir = tempfile.mkdtemp(prefix="ca_anchor_other_")
        self.addCleanup(self._remove_dir, other_dir)
        self.Chain.browse(chain.id).sudo().write({"anchor_count": 0})
        self.assertTrue(
            self._verify(directory=other_dir)["ok"], "without the file a rewrite verifies"
        )
        self.Chain.browse(chain.id).sudo().write({"anchor_count": 1})
        result = self._verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["log_id"], third.id, "the entry named by the anchor")
        self.assertIn("differs from the anchor", result["reason"])

    def test_08_anchor_file_removed_is_found(self):
        """An anchor was written: a file without it (deleted, emptied) is reported."""
        self._three_entries()
        self.Chain._anchor_heads(self.anchor_dir)
        os.remove(os.path.join(self.anchor_dir, f"{self.env.cr.dbname}.log"))
        result = self._verify()
        self.assertFalse(result["ok"])
        self.assertIn("are left in the anchor file", result["reason"])

    def test_09_daily_check_tells_the_managers(self):
        """The scheduled check posts a broken chain to the managers and anchors every head."""
        first, second, third = self._three_entries()
        self._sql("UPDATE customer_archive_access_log SET reason = 'x' WHERE id = %s", first.id)
        with mute_logger("odoo.addons.customer_archive.models.customer_archive_access_log_chain"):
            results = self.Chain._cron_check_access_log_chain(directory=self.anchor_dir)
        self.assertFalse(next(r for r in results if r["company_id"] == self.company.id)["ok"])
        chain = self.Chain.search([("company_id", "=", self.company.id)])
        self.assertEqual(chain.last_check_state, "broken")
        self.assertEqual(chain.broken_log_id, first.id)
        alert = chain.message_ids.filtered(lambda m: f"broken at entry {first.id}" in m.body)
        self.assertTrue(alert)
        self.assertIn(self.user_manager.partner_id, alert.partner_ids)
        self.assertNotIn(self.user_officer.partner_id, alert.partner_ids)
        self.assertTrue(os.path.exists(os.path.join(self.anchor_dir, f"{self.env.cr.dbname}.log")))
        # The manager reads the result on the chain.
        self.assertEqual(chain.with_user(self.user_manager).last_check_state, "broken")

    def test_10_two_appenders_queue_on_the_head(self):
        """Two transactions chaining the same company at once: the second waits for the head
        row held by the first (it cannot read the same head and fork the chain)."""
        dbname = self.env.cr.dbname
        chain_module = self._chain_module()
        company_id = self.env.ref("base.main_company").id
        first = sql_db.db_connect(dbname).cursor()
        second = sql_db.db_connect(dbname).cursor()
        try:
            first.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            second.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            for cr in (first, second):
                cr.execute(
                    """INSERT INTO customer_archive_access_log
                           (company_id, event, record_count, archive_id_list, create_date, write_date)
                       VALUES (%s, 'setting', 1, '', now() at time zone 'UTC', now() at time zone 'UTC')""",
                    [company_id],
                )
            chain_module.chain_pending(first, [company_id])
            outcome = {}

            def chain_second():
                try:
                    with mute_logger("odoo.sql_db"):  # the refused query is expected
                        second.execute("SET LOCAL lock_timeout = '300ms'")
                        chain_module.chain_pending(second, [company_id])
                    outcome["chained"] = True
                except psycopg2.errors.LockNotAvailable:
                    outcome["waited"] = True

            thread = threading.Thread(target=chain_second)
            thread.start()
            thread.join(10)
            self.assertEqual(outcome, {"waited": True})
        finally:
            first.rollback()
            second.rollback()
            first.close()
            second.close()

    def test_11_upgrade_merges_rows_of_one_event_and_chains_them(self):
        """Rows of the old format (one per archive of an export) become one entry with its
        archives; the chain covers them."""
        now = fields.Datetime.now() - timedelta(days=1)
        archives = self.archive | self.archive_2
        self.env.flush_all()
        for archive in archives:
            self.env.cr.execute(
                """INSERT INTO customer_archive_access_log
                       (company_id, user_id, partner_id, partner_name, event, record_count, detail, create_date)
                   VALUES (%s, %s, %s, %s, 'export', 1, 'res.partner: name', %s)""",
                [self.company.id, self.user_manager.id, archive.id, archive.name, now],
            )
        self.env.cr.execute(
            """INSERT INTO customer_archive_access_log
                   (company_id, user_id, partner_id, event, record_count, create_date)
               VALUES (%s, %s, %s, 'open', 1, %s)""",
            [self.company.id, self.user_manager.id, self.archive.id, now],
        )
        migration = self._migration()
        self.assertEqual(migration.merge_event_rows(self.env.cr), 1)
        migration.fill_archive_lists(self.env.cr)
        self._chain_module().rebuild_chain(self.env.cr)
        self.env.invalidate_all()
        [export] = self.Log.search([("event", "=", "export"), ("create_date", "=", now)])
        self.assertEqual((export.partner_ids, export.record_count), (archives, 2))
        self.assertFalse(export.partner_id)
        [opened] = self.Log.search([("event", "=", "open"), ("create_date", "=", now)])
        self.assertEqual((opened.partner_ids, opened.partner_id), (self.archive, self.archive))
        self.assertTrue(export.hash and opened.hash)
        self.assertTrue(self._verify()["ok"])

    # ------------------------------------------------------------------ helpers
    def _chain_module(self):
        from ..models import customer_archive_access_log_chain

        return customer_archive_access_log_chain

    def _migration(self):
        path = os.path.join(
            get_module_path("customer_archive"), "migrations", "18.0.1.2.0", "post-migrate.py"
        )
        spec = importlib.util.spec_from_file_location("customer_archive_migration_18_0_1_2_0", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
