from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .contact_use_common import ContactUseCase


@tagged("post_install", "-at_install")
class TestContactUse(ContactUseCase):
    def test_01_salesperson_calls_a_contact_logged(self):
        """The salesperson reads the contact's mobile masked, and one tap calls the clear
        number; the use is in the access log."""
        contact = self.contact.with_user(self.user_salesperson)
        self.assertEqual(contact.read(["mobile"])[0]["mobile"], "139****2087")
        self.assertTrue(contact.archive_contact_owner)
        action = contact.action_archive_call()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "customer_archive_open_contact_url")
        self.assertEqual(action["params"]["url"], "tel:13913562087")
        log = self._uses()
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.user_id, log.field_name, log.detail),
            (self.user_salesperson, "mobile", "call: 杭州一键拨号贸易有限公司, 吴丽华"),
        )

    def test_02_keeper_texts_and_writes(self):
        """The keeper texts the mobile and writes to the e-mail; each use is logged."""
        contact = self.contact.with_user(self.user_keeper)
        self.assertEqual(contact.action_archive_sms()["params"]["url"], "sms:13913562087")
        self.assertEqual(
            contact.action_archive_email()["params"]["url"], "mailto:wulihua@example.cn"
        )
        self.assertEqual(sorted(self._uses().mapped("field_name")), ["email", "mobile"])
        self.assertEqual(self._uses().user_id, self.user_keeper)

    def test_03_call_falls_back_on_the_phone_and_archive_itself(self):
        """The archive's own Call button dials its mobile; a contact without mobile is called
        on the phone."""
        archive = self.archive.with_user(self.user_salesperson)
        self.assertEqual(archive.action_archive_call()["params"]["url"], "tel:13805710001")
        self.assertEqual(len(self._uses(self.archive)), 1)
        self.contact.mobile = False
        url = self.contact.with_user(self.user_salesperson).action_archive_call()["params"]["url"]
        self.assertEqual(url, "tel:057188263151")

    def test_04_everybody_else_refused(self):
        """Another salesperson, an archive officer and an archive manager — who may read the
        archive — get no URL; nothing is logged."""
        for user in (self.user_other, self.user_officer, self.user_manager):
            contact = self.contact.with_user(user)
            for method in ("action_archive_call", "action_archive_sms", "action_archive_email"):
                with self.assertRaises(AccessError, msg=(user.login, method)):
                    getattr(contact, method)()
        self.assertFalse(self._uses())

    def test_05_refusal_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        contact = self.contact.with_user(self.user_officer).with_context(lang="zh_CN")
        with self.assertRaises(AccessError) as refused:
            contact.action_archive_call()
        self.assertIn("只有客户档案的业务员或档案保管人", str(refused.exception))

    def test_06_no_value_nothing_logged(self):
        self.contact.write({"email": False})
        with self.assertRaises(UserError):
            self.contact.with_user(self.user_salesperson).action_archive_email()
        self.assertFalse(self._uses())

    def test_07_partner_of_no_archive_refused(self):
        stranger = self.Partner.create({"name": "路人甲", "mobile": "13900000000"})
        with self.assertRaises(AccessError):
            stranger.with_user(self.user_salesperson).action_archive_call()

    def test_08_no_link_built_from_a_masked_value(self):
        """The URLs carry the clear value, never a mask; the buttons are shown to the owners
        only (computed on the server), the phone and e-mail fields keep their masks."""
        for method in ("action_archive_call", "action_archive_sms", "action_archive_email"):
            url = getattr(self.contact.with_user(self.user_salesperson), method)()["params"]["url"]
            self.assertNotIn("*", url)
        views = (
            self.env["res.partner"]
            .with_user(self.user_salesperson)
            .get_views([(False, "form"), (False, "list"), (False, "kanban")])
        )
        form = etree.fromstring(views["views"]["form"]["arch"])
        buttons = form.xpath("//button[@name='action_archive_call']")
        self.assertEqual(len(buttons), 2)  # the partner's own row and each contact card
        row = form.xpath("//div[@name='archive_contact_use']")[0]
        self.assertIn("archive_contact_owner", row.get("invisible"))
        card = form.xpath("//field[@name='child_ids']//div[@name='archive_contact_use']")[0]
        self.assertIn("archive_contact_owner", card.get("t-if"))
        read = self.contact.with_user(self.user_salesperson).read(["mobile", "phone", "email"])[0]
        self.assertEqual(
            (read["mobile"], read["phone"], read["email"]),
            ("139****2087", "057****3151", "w***@example.cn"),
        )
