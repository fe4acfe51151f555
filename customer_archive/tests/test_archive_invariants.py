"""Invariants kept in create / write whatever the path: RPC, nested commands, import, copy."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveInvariants(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._create_archive(
            name="自有客户",
            user_id=cls.user_salesperson.id,
            child_ids=[Command.create({"name": "自有联系人", "mobile": "13500001111"})],
        )
        cls.hidden = cls._create_archive(name="别人的客户", user_id=cls.user_officer.id)
        cls.secret = cls._create_archive(
            name="机密客户",
            user_id=cls.user_salesperson.id,
            keeper_id=cls.user_manager.id,
            confidentiality_level="secret",
        )
        cls.Log = cls.env["customer.archive.access.log"]

    def test_01_nested_import_of_an_archive_is_refused(self):
        """An import whose nested column makes a contact an archive is an archive import."""
        Partner = self.Partner.with_user(self.user_salesperson)
        fields = ["name", "child_ids/name", "child_ids/is_customer_archive"]
        before = self.Partner.search_count([])
        with self.assertRaises(AccessError):
            Partner.load(fields, [["普通公司", "嵌套档案", "1"]])
        self.assertEqual(self.Partner.search_count([]), before)
        # through the import wizard (base_import) too
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user_salesperson)
            .create(
                {
                    "res_model": "res.partner",
                    "file": "name,child_ids/name,child_ids/is_customer_archive\n普通公司二,嵌套二,1\n".encode(),
                    "file_type": "text/csv",
                    "file_name": "partners.csv",
                }
            )
        )
        options = {"quoting": '"', "separator": ",", "has_headers": True}
        with self.assertRaises(AccessError):
            wizard.execute_import(fields, fields, options)
        self.assertFalse(self.Partner.search([("name", "=", "嵌套二")]))
        # a manager imports it, and one import event is logged
        result = self.Partner.with_user(self.user_manager).load(
            fields, [["普通公司三", "嵌套三", "1"]]
        )
        self.assertFalse(result["messages"], result["messages"])
        nested = self.Partner.search([("name", "=", "嵌套三")])
        self.assertTrue(nested.is_customer_archive)
        log = self.Log.search([("event", "=", "import"), ("user_id", "=", self.user_manager.id)])
        self.assertEqual(len(log.partner_id | log.mapped("partner_id")), 1)

    def test_02_visits_only_on_archives_the_user_sees(self):
        Visit = self.env["customer.archive.visit"].with_user(self.user_salesperson)
        for archive in (self.hidden, self.secret):
            with self.subTest(archive=archive.name), self.assertRaises(AccessError) as caught:
                Visit.create({"partner_id": archive.id, "user_id": self.user_salesperson.id})
            self.assertNotIn(archive.name, str(caught.exception))
        visit = Visit.create({"partner_id": self.own.id, "user_id": self.user_salesperson.id})
        self.assertFalse(self.hidden.with_user(self.user_salesperson).has_access("read"))
        with self.assertRaises(AccessError):
            visit.write({"partner_id": self.hidden.id})
        # messages, attachments and followers on a hidden archive: refused by Odoo's own checks
        hidden = self.hidden.with_user(self.user_salesperson)
        with self.assertRaises(AccessError):
            hidden.message_post(body="打探")
        self.assertFalse(hidden.message_subscribe(partner_ids=self.user_salesperson.partner_id.ids))
        self.assertNotIn(self.user_salesperson.partner_id, self.hidden.message_partner_ids)
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.user_salesperson).create(
                {"name": "x.txt", "res_model": "res.partner", "res_id": self.hidden.id, "raw": b"x"}
            )
        with self.assertRaises(AccessError):
            self.env["mail.followers"].with_user(self.user_salesperson).create(
                {
                    "res_model": "res.partner",
                    "res_id": self.hidden.id,
                    "partner_id": self.user_salesperson.partner_id.id,
                }
            )
        # nested: contacts met must be visible too
        with self.assertRaises(AccessError):
            visit.write({"contact_ids": [Command.link(self.hidden.id)]})

    def test_03_hidden_archive_reads_as_a_placeholder(self):
        """The salesperson's own visit of an archive that went to someone else: the archive's
        name, salesperson and tier no longer show through the visit."""
        visit = self.env["customer.archive.visit"].create(
            {"partner_id": self.own.id, "user_id": self.user_salesperson.id}
        )
        self.own.sudo().write({"user_id": self.user_officer.id})
        row = visit.with_user(self.user_salesperson).read(
            ["partner_id", "partner_user_id", "tier_id"]
        )[0]
        self.assertEqual(row["partner_id"][1], "Restricted Customer")
        self.assertFalse(row["partner_user_id"])
        self.assertFalse(row["tier_id"])
        web = visit.with_user(self.user_salesperson).web_read(
            {"partner_id": {"fields": {"display_name": {}}}}
        )[0]
        self.assertEqual(web["partner_id"]["display_name"], "Restricted Customer")
        # a sale order of the hidden archive shows the placeholder to a plain user too
        order = self.env["sale.order"].create(
            {"partner_id": self.hidden.id, "user_id": self.user_salesperson.id}
        )
        name = order.with_user(self.user_salesperson).read(["partner_id"])
        self.assertNotIn("别人的客户", str(name))
        self.assertEqual(self.hidden.with_user(self.user_officer).display_name, "别人的客户")

    def test_04_moving_contacts_in_and_out_of_archives(self):
        contact = self.own.child_ids.with_user(self.user_salesperson)
        for vals in ({"parent_id": False}, {"is_company": True, "parent_id": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                contact.write(vals)
        self.assertEqual(self.own.child_ids, contact.sudo())
        plain = self.Partner.with_user(self.user_salesperson).create({"name": "游离联系人"})
        with self.assertRaises(AccessError):
            plain.write({"parent_id": self.hidden.id})
        plain.write({"parent_id": self.own.id})
        self.assertEqual(plain.archive_root_id, self.own)
        # an officer may take a contact out of an archive
        self.own.child_ids[:1].with_user(self.user_officer).write({"parent_id": False})
        # nested one2many command on an archive the user may not edit
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_salesperson).create(
                {"name": "外壳", "child_ids": [Command.link(self.hidden.id)]}
            )

    def test_05_who_sets_salesperson_keeper_and_archive_flag(self):
        own = self.own.with_user(self.user_salesperson)
        with self.assertRaises(AccessError):
            own.write({"user_id": self.user_officer.id})
        with self.assertRaises(AccessError):
            own.write({"keeper_id": self.user_officer.id})
        own.write({"keeper_id": self.user_salesperson.id})
        self.own.with_user(self.user_officer).write({"user_id": self.user_manager.id})
        self.assertEqual(self.own.user_id, self.user_manager)
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_salesperson).create(
                {"name": "替人建档", "is_customer_archive": True, "user_id": self.user_officer.id}
            )
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_plain).create(
                {"name": "普通员工建档", "is_customer_archive": True}
            )
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_salesperson).write({"is_customer_archive": False})

    def test_06_duplicate_check_tells_number_owner_and_masked_name(self):
        Partner = self.Partner.with_user(self.user_salesperson).with_context(
            default_is_customer_archive=True, default_is_company=True
        )
        record = Partner.new({"name": "别人的客户", "is_customer_archive": True})
        result = record._onchange_archive_duplicate_check()
        self.assertTrue(result and result.get("warning"))
        message = result["warning"]["message"]
        self.assertIn(self.hidden.archive_number, message)
        self.assertIn(self.user_officer.name, message)
        self.assertIn("别***", message)
        self.assertNotIn("别人的客户", message)
        self.assertTrue(
            self.Log.search(
                [("event", "=", "duplicate_check"), ("user_id", "=", self.user_salesperson.id)]
            )
        )
        self.assertFalse(
            Partner.new(
                {"name": "全新客户名", "is_customer_archive": True}
            )._onchange_archive_duplicate_check()
        )
