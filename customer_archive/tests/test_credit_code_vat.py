from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCase, valid_uscc


@tagged("post_install", "-at_install")
class TestCreditCodeIsTaxId(CustomerArchiveCase):
    """One identifier, one field: a Chinese company's unified social credit code is its tax ID."""

    def _archive_form(self):
        return Form(
            self.Partner.with_context(default_is_customer_archive=True, default_is_company=True)
        )

    def test_01_typing_the_credit_code_fills_the_tax_id(self):
        code = valid_uscc(101)
        with self._archive_form() as form:
            form.name = "福州统一代码有限公司"
            form.credit_code = code[:9] + " " + code[9:].lower()
            self.assertEqual(form.vat, form.credit_code, "shown at once in the form")
        partner = form.record
        self.assertEqual(partner.vat, code, "normalised")
        self.assertEqual(partner.credit_code, code)

    def test_02_typing_the_tax_id_fills_the_credit_code(self):
        """A company's tax ID typed before it becomes an archive is its credit code."""
        partner = self.Partner.create({"name": "厦门税号有限公司", "is_company": True})
        code = valid_uscc(102)
        with Form(partner) as form:
            form.vat = code
            self.assertEqual(form.credit_code, code, "shown at once in the form")
        partner.action_create_archive()
        self.assertTrue(partner.is_customer_archive)
        self.assertEqual(partner.credit_code, code)
        # The contacts share the company's tax ID (Odoo's commercial fields).
        contact = self.Partner.create({"name": "林经理", "parent_id": partner.id})
        self.assertEqual(contact.vat, code)

    def test_03_two_different_values_are_refused(self):
        name = "两个代码有限公司"
        with self.assertRaises(ValidationError) as error:
            self.Partner.with_context(lang="zh_CN").create(
                {
                    "name": name,
                    "is_company": True,
                    "is_customer_archive": True,
                    "credit_code": valid_uscc(103),
                    "vat": valid_uscc(104),
                }
            )
        message = str(error.exception)
        self.assertIn("统一社会信用代码", message)
        self.assertIn("同一个标识", message)
        self.assertIn(valid_uscc(104), message)
        self.assertFalse(self.Partner.search([("name", "=", name)]), "nothing created")

    def test_04_tax_id_of_a_chinese_archive_is_checked_as_credit_code(self):
        partner = self._create_archive("校验税号有限公司", vat=valid_uscc(105))
        with self.assertRaises(ValidationError) as error:
            partner.write({"vat": "91350100M000100Y44"})
        self.assertIn("91350100M000100Y44", str(error.exception))
        self.assertIn("Unified Social Credit Code", str(error.exception))
        self.assertEqual(partner.vat, valid_uscc(105), "unchanged")
        # Same code on a second archive of the company: refused through the tax ID too.
        with self.assertRaises(ValidationError):
            self._create_archive("重复税号有限公司", vat=valid_uscc(105))

    def test_05_foreign_archives_and_plain_contacts_keep_their_tax_id(self):
        germany = self.env.ref("base.de")
        foreign = self._create_archive(
            "Berlin Büro GmbH", country_id=germany.id, vat="DE 123 456 789"
        )
        self.assertEqual(foreign.vat, "DE 123 456 789", "not a credit code: kept as typed")
        plain = self.Partner.create({"name": "普通联系人", "vat": "ABC"})
        self.assertEqual(plain.vat, "ABC", "not an archive: stock Odoo")

    def test_06_searching_by_credit_code_finds_the_tax_id(self):
        partner = self._create_archive("搜索代码有限公司", vat=valid_uscc(106))
        self.assertEqual(self.Partner.search([("credit_code", "=", valid_uscc(106))]), partner)

    def test_07_a_company_with_an_invalid_tax_id_cannot_become_an_archive(self):
        partner = self.Partner.create(
            {"name": "错误税号有限公司", "is_company": True, "vat": "1234"}
        )
        with self.assertRaises(ValidationError) as error:
            partner.action_create_archive()
        self.assertIn("18", str(error.exception))
        self.assertFalse(partner.is_customer_archive, "nothing changed")
