from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCase, valid_ric, valid_uscc


@tagged("post_install", "-at_install")
class TestValidation(CustomerArchiveCase):
    def assertRefused(self, func, *fragments):
        """``func`` raises a ValidationError naming every fragment, and changes nothing."""
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            func()
        for fragment in fragments:
            self.assertIn(str(fragment), str(error.exception))
        return error.exception

    def test_01_credit_code_valid_and_normalised(self):
        code = valid_uscc(1)
        # Full-width digits, lower case and spaces are normalised before validation.
        typed = code.translate(str.maketrans("0123456789", "０１２３４５６７８９")).lower()
        partner = self._create_archive(credit_code=typed[:9] + " " + typed[9:])
        self.assertEqual(partner.credit_code, code)

    def test_02_credit_code_invalid(self):
        count = self.Partner.search_count([])
        self.assertRefused(
            lambda: self._create_archive(credit_code="91350100M000100Y44"),
            "Unified Social Credit Code",
            "91350100M000100Y44",
            "check digit",
        )
        self.assertRefused(lambda: self._create_archive(credit_code="9135"), "18 characters")
        self.assertEqual(self.Partner.search_count([]), count)
        partner = self._create_archive(credit_code=valid_uscc(2))
        self.assertRefused(lambda: partner.write({"credit_code": "913501OOM000100Y43"}), "913501OOM000100Y43")
        self.assertEqual(partner.credit_code, valid_uscc(2))

    def test_03_credit_code_unique_per_company_among_active_archives(self):
        code = valid_uscc(3)
        first = self._create_archive("厦门甲公司", credit_code=code)
        self.assertRefused(
            lambda: self._create_archive("厦门乙公司", credit_code=code), code, first.name
        )
        # Another company may hold the same customer.
        other = self._create_archive("厦门乙公司", credit_code=code, archive_company_id=self.company_2.id)
        self.assertEqual(other.credit_code, code)
        # Once the first archive is archived (inactive), the code is free again.
        first.active = False
        second = self._create_archive("厦门丙公司", credit_code=code)
        self.assertEqual(second.credit_code, code)
        # Two new archives with the same code in one batch are refused too.
        code_4 = valid_uscc(4)
        self.assertRefused(
            lambda: self.Partner.create(
                [
                    {"name": "甲", "is_customer_archive": True, "credit_code": code_4},
                    {"name": "乙", "is_customer_archive": True, "credit_code": code_4},
                ]
            ),
            code_4,
        )

    def test_04_resident_id(self):
        rid = valid_ric("19850315", 12)
        person = self._create_archive("陈静", is_company=False, resident_id=rid.lower())
        self.assertEqual(person.resident_id, rid)
        bad_checksum = rid[:-1] + ("0" if rid[-1] != "0" else "1")
        self.assertRefused(lambda: person.write({"resident_id": bad_checksum}), "Resident ID Number", bad_checksum)
        # A correct check digit on an impossible birth date is still refused.
        body = "35010419851332001"
        from stdnum.cn import ric

        bad_date = body + ric.calc_check_digit(body + "0")
        self.assertRefused(lambda: person.write({"resident_id": bad_date}), "birth date")
        self.assertEqual(person.resident_id, rid)

    def test_05_negative_amounts_refused(self):
        partner = self._create_archive()
        self.assertRefused(lambda: partner.write({"registered_capital": -1}), "Registered Capital", "-1")
        self.assertRefused(lambda: partner.write({"employee_count": -3}), "Number of Employees", "-3")
        self.assertRefused(lambda: partner.write({"annual_turnover": -0.01}), "Annual Turnover")
        self.assertEqual(partner.registered_capital, 0)
        partner.write({"registered_capital": 5000000, "employee_count": 0})
        self.assertEqual(partner.registered_capital, 5000000)

    def test_06_future_dates_refused(self):
        partner = self._create_archive()
        tomorrow = self.today + timedelta(days=1)
        self.assertRefused(lambda: partner.write({"founding_date": tomorrow}), "Founding Date")
        self.assertRefused(lambda: partner.write({"birthday": tomorrow}), "Birthday")
        partner.write({"founding_date": self.today})
        self.assertEqual(partner.founding_date, self.today)

    def test_07_single_main_contact(self):
        company = self._create_archive()
        first = self.Partner.create({"name": "王经理", "parent_id": company.id, "is_main_contact": True})
        second = self.Partner.create({"name": "赵主管", "parent_id": company.id})
        self.assertRefused(lambda: second.write({"is_main_contact": True}), company.name, "王经理", "赵主管")
        self.assertFalse(second.is_main_contact)
        # Moving the flag is fine.
        first.is_main_contact = False
        second.is_main_contact = True
        self.assertTrue(second.is_main_contact)
        # Another company has its own main contact.
        other = self._create_archive("另一家公司")
        third = self.Partner.create({"name": "孙总", "parent_id": other.id, "is_main_contact": True})
        self.assertTrue(third.is_main_contact)

    def test_08_error_translated_for_chinese_user(self):
        """The error names the field in the user's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        partner = self._create_archive().with_context(lang="zh_CN")
        error = self.assertRefused(lambda: partner.write({"credit_code": "91350100M000100Y44"}), "91350100M000100Y44")
        self.assertIn("统一社会信用代码", str(error))

    def test_09_age(self):
        person = self._create_archive("林小姐", is_company=False, birthday=self.today - relativedelta(years=30))
        self.assertEqual(person.age, 30)
        person.birthday = person.birthday + timedelta(days=1)
        self.assertEqual(person.age, 29)
