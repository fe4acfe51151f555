from odoo.tests import tagged

from .visibility_common import VisibilityCase

FORM_SPEC = {"name": {}, "archive_number": {}, "archive_form_marker": {}}


@tagged("post_install", "-at_install")
class TestArchiveOpenLog(VisibilityCase):
    """Opening an archive form is logged; managers see who has seen an archive."""

    def _opens(self, partner):
        return self.Log.search([("partner_id", "=", partner.id), ("event", "=", "open")])

    def test_01_form_read_is_logged_list_read_is_not(self):
        self.own.with_user(self.user_salesperson).web_read(FORM_SPEC)
        entry = self._opens(self.own)
        self.assertEqual((len(entry), entry.user_id), (1, self.user_salesperson))
        self.Partner.with_user(self.user_salesperson).web_search_read(
            [("id", "=", self.own.id)], FORM_SPEC
        )
        self.own.with_user(self.user_salesperson).web_read({"name": {}})
        self.assertEqual(len(self._opens(self.own)), 1, "lists and other reads are not openings")
        self.plain.with_user(self.user_salesperson).web_read(FORM_SPEC)
        self.assertFalse(
            self.Log.search([("partner_id", "=", self.plain.id)]), "plain partners: no log"
        )

    def test_02_contact_form_counts_for_its_archive_and_save_is_no_opening(self):
        self.own_contact.with_user(self.user_salesperson).web_read(FORM_SPEC)
        entry = self._opens(self.own)
        self.assertEqual(entry.detail, f"res.partner: {self.own_contact.id}")
        self.own.with_user(self.user_salesperson).web_save({"city": "福州"}, FORM_SPEC)
        self.assertEqual(len(self._opens(self.own)), 1)

    def test_03_setting_turns_open_logging_off_and_that_is_logged(self):
        self.company.with_user(self.user_it).archive_log_open = False
        self.own.with_user(self.user_salesperson).web_read(FORM_SPEC)
        self.assertFalse(self._opens(self.own))
        [setting] = self.Log.search(
            [("event", "=", "setting"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            (setting.user_id, setting.field_name, setting.detail),
            (self.user_it, "archive_log_open", "archive_log_open: True -> False"),
        )

    def test_04_who_has_seen_this(self):
        self.own.with_user(self.user_salesperson).web_read(FORM_SPEC)
        self.own.with_user(self.user_colleague).web_read(FORM_SPEC)
        own = self.own.with_user(self.user_manager)
        self.assertEqual(own.archive_open_log_count, 2)
        action = own.action_view_archive_open_log()
        seen = self.Log.with_user(self.user_manager).search(
            action["domain"] + [("event", "=", "open")]
        )
        self.assertEqual(seen.user_id, self.user_salesperson | self.user_colleague)
        self.assertEqual(
            self.own.with_user(self.user_salesperson).archive_open_log_count,
            0,
            "only managers read the log",
        )

    def test_05_no_context_key_skips_the_log(self):
        """The key the server uses internally, sent by a client (any value), changes nothing."""
        for value in (True, 1, "1", {"x": 1}):
            self.own.with_user(self.user_salesperson).with_context(
                customer_archive_no_open_log=value
            ).web_read(FORM_SPEC)
        self.assertEqual(len(self._opens(self.own)), 4)

    def test_06_several_forms_in_one_call_are_each_logged(self):
        partners = (self.own | self.kept | self.own_contact).with_user(self.user_salesperson)
        partners.web_read(FORM_SPEC)
        self.assertEqual(len(self._opens(self.own)), 2, "the archive and its contact")
        self.assertEqual(len(self._opens(self.kept)), 1)
