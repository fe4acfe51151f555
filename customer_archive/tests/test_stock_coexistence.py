"""Stock Odoo keeps working with the addon installed, for users outside the archive groups and
on records that are no archive (the broader proof is `make compat`, Odoo's own suites)."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestStockCoexistence(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin = new_test_user(
            cls.env,
            login="test_stock_admin",
            name="系统管理员",
            groups="base.group_system,base.group_partner_manager,account.group_account_manager",
        )
        cls.user_accountant = new_test_user(
            cls.env,
            login="test_stock_accountant",
            name="会计",
            groups="account.group_account_invoice,base.group_partner_manager",
        )
        cls.archive = cls._create_archive(
            name="共存测试客户",
            user_id=cls.user_salesperson.id,
            child_ids=[
                Command.create(
                    {"name": "王经理", "email": "wang@coexist.example.com", "mobile": "13700001111"}
                )
            ],
        )
        cls.contact = cls.archive.child_ids

    def test_01_administrator_creates_a_user(self):
        """The tier fields' defaults reach res.partner.create through res.users: not refused."""
        user = (
            self.env["res.users"]
            .with_user(self.user_admin)
            .create({"name": "新员工", "login": "stock_new_employee"})
        )
        self.assertEqual(user.partner_id.name, "新员工")
        with Form(self.env["res.users"].with_user(self.user_admin)) as form:
            form.name = "新员工二"
            form.login = "stock_new_employee_2"
        self.assertTrue(form.record.id)

    def test_02_accountant_adds_a_bank_account(self):
        """The duplicate check searches acc_number: it works for a vendor."""
        vendor = self.Partner.create({"name": "供应商甲"})
        other = self.Partner.create({"name": "供应商乙"})
        self.env["res.partner.bank"].create(
            {"partner_id": other.id, "acc_number": "6222000011112222"}
        )
        bank = (
            self.env["res.partner.bank"]
            .with_user(self.user_accountant)
            .create({"partner_id": vendor.id, "acc_number": "6222000011112222"})
        )
        self.assertEqual(bank.with_user(self.user_accountant).duplicate_bank_partner_ids, other)

    def test_03_archived_partners_stay_readable(self):
        odoobot = self.env.ref("base.partner_root")
        self.assertFalse(odoobot.active)
        for user in (self.user_plain, self.user_salesperson, self.user_admin):
            with self.subTest(user=user.login):
                self.assertEqual(odoobot.with_user(user).read(["name"])[0]["name"], "OdooBot")

    def test_04_plain_user_opens_a_contact_form(self):
        """Every field of the contact form a plain internal user gets can be read."""
        Partner = self.Partner.with_user(self.user_plain)
        views = Partner.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fnames = {node.get("name") for node in arch.iter("field") if node.getparent().tag != "list"}
        fnames &= set(self.Partner._fields)
        plain_contact = self.Partner.create({"name": "普通联系人"})
        for partner in (plain_contact, self.env.company.partner_id):
            values = partner.with_user(self.user_plain).web_read({f: {} for f in fnames})
            self.assertEqual(values[0]["id"], partner.id)
        self.assertNotIn("tier_history_ids", fnames)

    def test_05_own_company_and_colleagues_are_never_masked(self):
        company = self.env.company
        company.write({"email": "info@ourcompany.example.com", "phone": "0571-88889999"})
        self.user_officer.partner_id.write(
            {
                "email": "officer@ourcompany.example.com",
                "mobile": "13900009999",
                "birthday": "1990-01-01",
            }
        )
        for user in (self.user_plain, self.user_salesperson):
            with self.subTest(user=user.login):
                row = company.with_user(user).read(["email", "phone"])[0]
                self.assertEqual(
                    (row["email"], row["phone"]), ("info@ourcompany.example.com", "0571-88889999")
                )
                row = self.user_officer.with_user(user).read(["email", "mobile"])[0]
                self.assertEqual(row["email"], "officer@ourcompany.example.com")
                row = self.user_officer.partner_id.with_user(user).read(["mobile", "birthday"])[0]
                self.assertEqual(str(row["birthday"]), "1990-01-01")
                found = (
                    self.env["res.users"]
                    .with_user(user)
                    .search([("email", "=", "officer@ourcompany.example.com")])
                )
                self.assertEqual(found, self.user_officer)

    def test_06_mail_finds_partners_by_email(self):
        """Chatter recipients and template recipients find the archive's contact by e-mail for
        an uncleared salesperson (the e-mail itself stays masked for them)."""
        archive = self.archive.with_user(self.user_salesperson)
        partners = self.Partner.with_user(self.user_salesperson)._find_or_create_from_emails(
            ["wang@coexist.example.com"]
        )
        self.assertEqual(partners, [self.contact])
        message = archive.message_post(body="回访", partner_ids=self.contact.ids)
        self.assertIn(self.contact, message.sudo().partner_ids)
        suggested = archive._message_get_suggested_recipients()
        self.assertTrue(suggested is not None)
        self.assertEqual(
            self.contact.with_user(self.user_salesperson).read(["email"])[0]["email"],
            "w***@coexist.example.com",
        )

    def test_07_mail_rendering_without_record_ids(self):
        template = self.env["mail.template"].create(
            {
                "name": "空",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "你好 {{ object.name }}",
            }
        )
        for res_ids in ([],):
            rendered = template.with_user(self.user_salesperson)._render_field("subject", res_ids)
            self.assertIsInstance(rendered, dict)

    def test_08_plain_contacts_merge_and_archives_only_for_managers(self):
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        a = self.Partner.create({"name": "重复联系人", "email": "dup@x.example.com"})
        b = self.Partner.create({"name": "重复联系人", "email": "dup@x.example.com"})
        Wizard.with_user(self.user_admin)._merge((a | b).ids, a)
        self.assertFalse(b.exists())
        first = self._create_archive(name="合并甲", user_id=self.user_salesperson.id)
        second = self._create_archive(name="合并乙", user_id=self.user_salesperson.id)
        visit = self.env["customer.archive.visit"].create(
            {"partner_id": second.id, "user_id": self.user_salesperson.id}
        )
        for user in (self.user_admin, self.user_officer, self.user_salesperson):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Wizard.with_user(user)._merge((first | second).ids, first, extra_checks=False)
        number = first.archive_number
        Wizard.with_user(self.user_manager)._merge((first | second).ids, first, extra_checks=False)
        self.assertFalse(second.exists())
        self.assertEqual(first.archive_number, number)
        self.assertEqual(visit.partner_id, first)
        self.assertTrue(
            self.env["customer.archive.access.log"].search(
                [("event", "=", "merge"), ("partner_id", "=", first.id)]
            )
        )
        self.assertIn("合并乙", " ".join(first.message_ids.mapped("body")))
