from odoo import Command
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import CustomerArchiveCase, valid_ric


@tagged("post_install", "-at_install")
class TestFieldHistory(CustomerArchiveCase):
    """Every field of an archive and of its contacts has a history on the archive (old and
    new value, who, when); sensitive values are masked for users who are not cleared, in the
    history and in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls._create_archive("福州历史测试有限公司", user_id=cls.user_salesperson.id)
        cls.old_ric = valid_ric("19800101", 11)
        cls.new_ric = valid_ric("19850505", 12)
        cls.contact = cls.Partner.create(
            {"name": "林历史", "parent_id": cls.archive.id, "resident_id": cls.old_ric}
        )
        cls.hobby = cls.env["customer.archive.hobby"].create({"name": "钓鱼"})
        cls.foreign = cls._create_archive("泉州他人历史有限公司", user_id=cls.user_officer.id)
        cls.History = cls.env["customer.archive.field.history"]
        # records created in this transaction are not tracked before it commits: commit-like
        cls.env.cr.precommit.run()

    def _flush_tracking(self):
        """Tracking is written when the transaction commits (precommit): run it now."""
        self.env.cr.precommit.run()
        self.env.flush_all()

    def _history(self, user, archive=None):
        self._flush_tracking()
        return self.History.with_user(user).search(
            [("archive_id", "=", (archive or self.archive).id)]
        )

    def _row(self, rows, fname):
        row = rows.filtered(lambda r: r.field_name == fname)
        self.assertEqual(len(row), 1, fname)
        return row

    def test_01_archive_and_contact_fields_have_a_history(self):
        """The salesperson changes the business scope of the archive and the hobbies, WeChat,
        QQ and resident ID of its contact: each change is listed on the archive."""
        self.archive.with_user(self.user_salesperson).write({"business_scope": "茶叶销售"})
        self.contact.with_user(self.user_salesperson).write(
            {
                "hobby_ids": [Command.link(self.hobby.id)],
                "wechat_id": "lin_wx",
                "qq": "10001",
                "resident_id": self.new_ric,
            }
        )
        rows = self._history(self.user_salesperson)
        scope = self._row(rows, "business_scope")
        self.assertEqual((scope.new_value_display, scope.partner_id), ("茶叶销售", self.archive))
        self.assertEqual(scope.author_id, self.user_salesperson.partner_id)
        self.assertEqual(self._row(rows, "hobby_ids").new_value_display, "钓鱼")
        self.assertEqual(self._row(rows, "wechat_id").new_value_display, "lin_wx")
        wechat = self._row(rows, "qq")
        self.assertEqual((wechat.new_value_display, wechat.partner_id), ("10001", self.contact))

    def test_02_resident_id_masked_for_users_not_cleared(self):
        """The resident ID's old and new values read masked in the history for the salesperson
        and the officer (only archive managers are cleared), in clear for a manager."""
        self.contact.with_user(self.user_salesperson).write({"resident_id": self.new_ric})
        for user in (self.user_salesperson, self.user_officer):
            row = self._row(self._history(user), "resident_id")
            values = row.read(["old_value_display", "new_value_display"])[0]
            self.assertEqual(
                values["old_value_display"], self.old_ric[:4] + "*" * 10 + self.old_ric[-4:]
            )
            self.assertEqual(
                values["new_value_display"], self.new_ric[:4] + "*" * 10 + self.new_ric[-4:]
            )
        row = self._row(self._history(self.user_manager), "resident_id")
        self.assertEqual(
            (row.old_value_display, row.new_value_display), (self.old_ric, self.new_ric)
        )

    def test_03_chatter_tracking_masked_for_users_not_cleared(self):
        """The contact's chatter shows the change of resident ID masked to the salesperson."""
        self.contact.with_user(self.user_salesperson).write({"resident_id": self.new_ric})
        self._flush_tracking()
        message = self.contact.message_ids.filtered("tracking_value_ids")[:1]
        result = Store(message.with_user(self.user_salesperson), for_current_user=True).get_result()
        trackings = [t for m in result["mail.message"] for t in m["trackingValues"]]
        resident = [t for t in trackings if t["fieldName"] == "resident_id"]
        self.assertEqual(len(resident), 1)
        self.assertNotIn(self.new_ric, str(result))
        self.assertNotIn(self.old_ric, str(result))
        self.assertIn("**********", resident[0]["newValue"]["value"])

    def test_03b_chatter_page_masks_every_message_as_one_message_alone(self):
        """A page of the chatter (several messages at once, the masking scope tested once for
        the page) masks exactly as each message formatted on its own, and a scope sent in the
        context by a client is ignored."""
        second = valid_ric("19900909", 13)
        contact = self.contact.with_user(self.user_salesperson)
        contact.write({"resident_id": self.new_ric})
        self._flush_tracking()
        contact.write({"resident_id": second, "function": "采购经理"})
        self._flush_tracking()
        messages = self.contact.message_ids.filtered("tracking_value_ids").with_user(
            self.user_salesperson
        )
        self.assertGreaterEqual(len(messages), 2)

        def trackings(result):
            return sorted(
                (t for m in result["mail.message"] for t in m["trackingValues"]),
                key=lambda t: t["id"],
            )

        page = trackings(Store(messages, for_current_user=True).get_result())
        alone = sorted(
            (
                t
                for message in messages
                for t in trackings(Store(message, for_current_user=True).get_result())
            ),
            key=lambda t: t["id"],
        )
        self.assertEqual(page, alone)
        self.assertNotIn(second, str(page))
        self.assertIn("采购经理", str(page))
        # one message alone takes no batch: a forged scope in the context must not unmask it
        latest = messages.sorted("id")[-1]
        forged = latest.with_context(customer_archive_tracking_scope={"in_scope": {}})
        result = Store(forged, for_current_user=True).get_result()
        self.assertIn("resident_id", str(result))
        self.assertNotIn(second, str(result))

    def test_04_history_of_archives_the_user_may_not_read_is_hidden(self):
        self.foreign.write({"business_scope": "他人经营范围"})
        self.assertTrue(self._history(self.user_officer, self.foreign))
        self.assertFalse(self._history(self.user_salesperson, self.foreign))
        rows = self.History.search([("archive_id", "=", self.foreign.id)])
        self.assertFalse(rows.with_user(self.user_salesperson)._filtered_access("read"))

    def test_05_other_partners_keep_stock_tracking(self):
        """A partner outside the archives (a supplier) gets no history of WeChat or city."""
        supplier = self.Partner.create({"name": "普通供应商历史测试", "is_company": True})
        self.env.cr.precommit.run()
        supplier.write({"wechat_id": "supplier_wx", "city": "厦门"})
        self._flush_tracking()
        tracked = supplier.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertNotIn("wechat_id", tracked)
        self.assertNotIn("city", tracked)
        # on an archive the same write is tracked
        self.archive.write({"wechat_id": "archive_wx", "city": "厦门"})
        self._flush_tracking()
        tracked = self.archive.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("wechat_id", tracked)
        self.assertIn("city", tracked)
