from odoo.exceptions import UserError
from odoo.tests import tagged

from .visibility_common import VisibilityCase

FORM_SPEC = {"name": {}, "archive_form_marker": {}}


@tagged("post_install", "-at_install")
class TestArchiveChangeLog(VisibilityCase):
    """Changes and deletions of archives and their contacts are in the access log: one entry
    per archive and call, with the names of the fields changed, never their values."""

    def _entries(self, event, archive):
        return self.Log.search([("event", "=", event), ("partner_ids", "in", archive.ids)])

    def test_01_one_entry_per_write_with_the_fields_and_no_value(self):
        """The salesperson changes two fields of their archive at once: one entry naming both
        fields; neither the old nor the new mobile is anywhere in it."""
        self.own.mobile = "13900001111"
        before = self._entries("change", self.own)
        self.own.with_user(self.user_salesperson).write({"mobile": "13712345678", "city": "福州"})
        entry = self._entries("change", self.own) - before
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.user_id, entry.partner_id, entry.field_name),
            (self.user_salesperson, self.own, "city,mobile"),
        )
        values = " ".join(
            str(entry[f] or "") for f in ("field_name", "reason", "detail", "partner_name")
        )
        for value in ("13712345678", "13900001111", "1371", "5678"):
            self.assertNotIn(value, values)

    def test_02_same_value_written_again_is_no_change(self):
        self.own.city = "福州"
        before = self._entries("change", self.own)
        self.own.with_user(self.user_salesperson).write({"city": "福州"})
        self.assertEqual(self._entries("change", self.own), before)

    def test_03_contacts_count_for_their_archive_one_entry_per_archive(self):
        """One write on two contacts of one archive and on another archive: one entry for each
        archive, the contacts named by id."""
        contact_2 = self.Partner.create({"name": "林会计", "parent_id": self.own.id})
        partners = (self.own_contact | contact_2 | self.kept).with_user(self.user_salesperson)
        partners.write({"function": "采购"})
        [own_entry] = self._entries("change", self.own)
        self.assertEqual(own_entry.field_name, "function")
        self.assertEqual(own_entry.record_count, 2)
        self.assertEqual(
            own_entry.detail,
            "res.partner: %s" % ", ".join(map(str, sorted((self.own_contact | contact_2).ids))),
        )
        self.assertEqual(len(self._entries("change", self.kept)), 1)

    def test_04_plain_partners_and_system_fields_are_not_logged(self):
        count = self.Log.search_count([("event", "=", "change")])
        self.plain.with_user(self.user_salesperson).write({"city": "厦门"})
        # The tier engine's fields have their own history.
        self.own.sudo().write({"tier_score": 42})
        self.assertEqual(self.Log.search_count([("event", "=", "change")]), count)

    def test_05_contact_moved_between_archives_is_logged_on_both(self):
        self.own_contact.with_user(self.user_officer).write({"parent_id": self.kept.id})
        self.assertEqual(self._entries("change", self.own).field_name, "parent_id")
        self.assertEqual(self._entries("change", self.kept).field_name, "parent_id")

    def test_06_deletions_are_logged_and_survive_the_archive(self):
        """Deleting a contact: a ``delete`` entry on its archive; the archive itself cannot be
        deleted (only destroyed through the destruction register), and the refusal leaves no
        entry."""
        archive = self._create_archive("莆田删除测试有限公司", user_id=self.user_salesperson.id)
        contact = self.Partner.create({"name": "郑经理", "parent_id": archive.id})
        contact.with_user(self.user_manager).unlink()
        [contact_entry] = self._entries("delete", archive)
        self.assertEqual(
            (contact_entry.user_id, contact_entry.record_count), (self.user_manager, 1)
        )
        self.assertEqual(contact_entry.detail, f"res.partner: {contact.id}")
        self.env["customer.archive.access.log.chain"]._chain_pending()
        self.assertTrue(contact_entry.hash)
        with self.assertRaises(UserError):
            archive.with_user(self.user_manager).unlink()
        self.assertTrue(archive.exists())
        self.assertEqual(self._entries("delete", archive), contact_entry)

    def test_07_form_save_is_a_change_not_an_opening(self):
        own = self.own.with_user(self.user_salesperson)
        own.web_save({"city": "泉州"}, FORM_SPEC)
        self.assertEqual(self._entries("change", self.own).field_name, "city")
        self.assertFalse(self._entries("open", self.own))
