from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveNumber(CustomerArchiveCase):
    def test_01_number_given_on_create(self):
        """An archive created as such gets a KH number, a company, a date and defaults."""
        partner = self._create_archive()
        self.assertTrue(partner.archive_number.startswith("KH%s" % self.today.year))
        self.assertEqual(partner.archive_company_id, self.company)
        self.assertEqual(partner.archive_date, self.today)
        self.assertEqual(partner.archive_status_id, self.status_potential)
        self.assertEqual(partner.keeper_id, self.env.user)

    def test_02_numbers_are_distinct_in_batch(self):
        partners = self.Partner.create(
            [{"name": "客户%s" % i, "is_customer_archive": True} for i in range(5)]
        )
        self.assertEqual(len(set(partners.mapped("archive_number"))), 5)
        self.assertTrue(all(partners.mapped("archive_number")))

    def test_03_number_given_when_partner_enters_archive(self):
        """A plain contact has no number until it becomes an archive (button or write)."""
        partner = self.Partner.create({"name": "福州普通联系人", "is_company": True})
        self.assertFalse(partner.archive_number)
        partner.action_create_archive()
        self.assertTrue(partner.is_customer_archive)
        self.assertTrue(partner.archive_number)
        self.assertEqual(partner.archive_company_id, self.company)

    def test_04_number_readonly_afterwards(self):
        partner = self._create_archive()
        number = partner.archive_number
        with self.assertRaises(UserError) as error:
            partner.write({"archive_number": "KH-HACKED"})
        self.assertIn(number, str(error.exception))
        self.assertEqual(partner.archive_number, number)
        # Leaving and re-entering the archive keeps the number.
        partner.is_customer_archive = False
        partner.is_customer_archive = True
        self.assertEqual(partner.archive_number, number)

    def test_05_number_unique_per_company(self):
        partner = self._create_archive()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._create_archive("重复编号公司", archive_number=partner.archive_number)
        # The same number is allowed in another company.
        other = self._create_archive(
            "另一公司客户", archive_number=partner.archive_number, archive_company_id=self.company_2.id
        )
        self.assertEqual(other.archive_number, partner.archive_number)

    def test_06_archive_created_in_the_form_by_a_salesperson(self):
        """A salesperson creates an archive through the form (the app's default context)."""
        action_ctx = {"default_is_customer_archive": True, "default_is_company": True}
        env = self.env(user=self.user_salesperson, context=action_ctx)
        with Form(env["res.partner"]) as form:
            form.name = "宁波海港物流有限公司"
            form.credit_code = "91350100M000100Y43"
        partner = form.record
        self.assertTrue(partner.archive_number)
        self.assertEqual(partner.keeper_id, self.user_salesperson)
        self.assertEqual(partner.credit_code, "91350100M000100Y43")
