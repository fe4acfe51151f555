from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .pipl_common import PiplCase


@tagged("post_install", "-at_install")
class TestPiplAnonymise(PiplCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.write({"email": "anon.test.person2@example.cn", "mobile": "13912340000"})
        cls.old_values = [
            "测试匿名人甲",
            "13912345678",
            "13912340000",
            "8123 4567",
            "anon.test.person",
            "测试路 88 号",
            cls.person.resident_id,
            "wx_anon_person_7",
            "88776655",
            "6222020202020207777",
            "夫人姓钱",
        ]
        cls.person.message_post(body="客户手机 13912345678，微信 wx_anon_person_7")
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "身份证复印件.txt",
                "raw": "测试匿名人甲 身份证".encode(),
                "res_model": "res.partner",
                "res_id": cls.person.id,
            }
        )
        cls.consent = cls.env["customer.archive.consent"].create(
            {
                "partner_id": cls.person.id,
                "purpose": "送货",
                "channel": "paper",
                "attachment_ids": [
                    Command.create({"name": "同意书.txt", "raw": "测试匿名人甲 签字".encode()})
                ],
            }
        )
        product = cls._create_product()
        cls.order = cls._confirmed_order(cls.person, product, days_ago=3)
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.order2 = cls.env["sale.order"].create({"partner_id": cls.env.user.partner_id.id})
        cls.order2.partner_id = cls.person  # a tracked change naming the person
        cls.visit = cls.env["customer.archive.visit"].create(
            {
                "partner_id": cls.person.id,
                "user_id": cls.user_salesperson.id,
                "planned_date": "2026-01-05 02:00:00",
            }
        )
        cls.visit.write({"checkin_latitude": 30.2741234, "checkin_longitude": 120.1551234})
        cls.env["customer.archive.access.log"]._log("open", cls.person)
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # tracking values are written at commit time

    def _wizard(self, user, confirmation):
        action = self.person.with_user(user).action_open_pipl_anonymise()
        form = Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))
        form.confirmation = confirmation
        return form.save()

    def _find_in_database(self, values):
        """(table, column, value) of every text column of the database holding one of the
        values."""
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text', 'jsonb')""")
        found = []
        for table, column in self.env.cr.fetchall():
            for value in values:
                self.env.cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE %s::text ILIKE %s LIMIT 1",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        "%" + value + "%",
                    )
                )
                if self.env.cr.fetchone():
                    found.append((table, column, value))
        return found

    def test_01_anonymise_keeps_transactions_and_removes_every_value(self):
        self.assertTrue(self._find_in_database(["wx_anon_person_7"]), "the search finds values")
        wizard = self._wizard(self.user_manager, self.person.archive_number.lower())
        wizard.action_anonymise()
        person = self.person
        self.assertTrue(person.exists())
        self.assertTrue(person.pipl_anonymised)
        self.assertEqual(person.name, "Anonymised %s" % person.archive_number)
        self.assertFalse(
            person.phone
            or person.mobile
            or person.email
            or person.resident_id
            or person.birthday
            or person.wechat_id
            or person.qq
            or person.street
        )
        self.assertEqual(self.order.partner_id, person)
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.invoice.partner_id, person)
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(self.visit.partner_id, person)
        self.assertFalse(self.visit.checkin_latitude)
        self.assertTrue(self.consent.exists())
        self.assertFalse(self.consent.attachment_ids)
        self.assertFalse(self.attachment.exists())
        self.assertEqual(self._find_in_database(self.old_values), [])
        [entry] = self._log_entries("anonymise", person)
        self.assertEqual(entry.user_id, self.user_manager)
        for fname in ("name", "mobile", "email", "resident_id", "wechat_id", "comment"):
            self.assertIn(fname, entry.detail)
        self.assertIn("bank account", entry.detail)

    def test_02_second_anonymisation_refused(self):
        self._wizard(self.user_manager, self.person.archive_number).action_anonymise()
        name = self.person.name
        with self.assertRaises(UserError):
            self._wizard(self.user_manager, self.person.archive_number).action_anonymise()
        self.assertEqual(self.person.name, name)
        self.assertEqual(len(self._log_entries("anonymise", self.person)), 1)

    def test_03_wrong_number_changes_nothing(self):
        wizard = self._wizard(self.user_manager, "KH0000")
        with self.assertRaises(UserError):
            wizard.action_anonymise()
        self.assertEqual(self.person.mobile, "13912340000")
        self.assertFalse(self.person.pipl_anonymised)

    def test_04_managers_only(self):
        for user in (self.user_officer, self.user_salesperson):
            with self.assertRaises(AccessError):
                self.person.with_user(user).action_open_pipl_anonymise()
            with self.assertRaises(AccessError):
                self.person.with_user(user)._pipl_anonymise()
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                self.env["customer.archive.anonymise.wizard"].with_user(user).create(
                    {"partner_id": self.person.id, "confirmation": self.person.archive_number}
                )
        self.assertEqual(self.person.mobile, "13912340000")

    def test_05_contact_anonymised_company_refused(self):
        company = self._create_archive(
            child_ids=[
                Command.create(
                    {"name": "测试联系人丙", "mobile": "13700001111", "email": "bing@example.cn"}
                )
            ]
        )
        contact = company.child_ids
        with self.assertRaises(ValidationError):
            company._pipl_anonymise()
        contact.with_user(self.user_manager)._pipl_anonymise()
        self.assertEqual(contact.name, "Anonymised %s-%s" % (company.archive_number, contact.id))
        self.assertFalse(contact.mobile or contact.email)
        self.assertFalse(company.pipl_anonymised)
