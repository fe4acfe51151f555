from odoo.tests import tagged

from .common import CustomerArchiveCase, valid_uscc


@tagged("post_install", "-at_install")
class TestCompleteness(CustomerArchiveCase):
    def test_01_rate_and_band(self):
        partner = self._create_archive()
        company_fields = [
            f for f, scope in self.Partner._get_completeness_fields().items() if scope in ("all", "company")
        ]
        # keeper_id is filled by default: 1 field out of all.
        self.assertEqual(partner.completeness, round(100 / len(company_fields)))
        self.assertEqual(partner.completeness_band, "low")
        self.assertIn("Unified Social Credit Code", partner.completeness_missing)
        partner.write(
            {
                "street": "文三路 100 号",
                "city": "杭州",
                "phone": "0571-88886666",
                "email": "info@example.cn",
                "credit_code": valid_uscc(10),
                "legal_representative": "张三",
                "registered_capital": 1000000,
                "founding_date": "2010-05-01",
                "business_scope": "茶叶销售",
                "business_model": "wholesaler",
            }
        )
        self.assertEqual(partner.completeness, round(100 * 11 / len(company_fields)))
        self.assertEqual(partner.completeness_band, "medium")

    def test_02_configured_fields(self):
        fields = self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "in", ["credit_code", "phone", "birthday"])]
        )
        self.company.archive_completeness_field_ids = fields
        partner = self._create_archive(phone="0591-12345678")
        # birthday applies to persons only: 1 of 2 company fields is filled.
        self.assertEqual(partner.completeness, 50)
        self.assertEqual(partner.completeness_band, "medium")
        partner.credit_code = valid_uscc(11)
        self.assertEqual(partner.completeness, 100)
        self.assertEqual(partner.completeness_band, "high")
        person = self._create_archive("刘先生", is_company=False, phone="13800000000")
        self.assertEqual(person.completeness, 50)
        self.assertEqual(person.completeness_missing, "Birthday")
        # Changing the setting recomputes the stored rates.
        self.company.archive_completeness_field_ids = fields.filtered(lambda f: f.name == "phone")
        self.assertEqual(partner.completeness, 100)
        self.assertEqual(person.completeness, 100)

    def test_03_band_filters(self):
        low = self._create_archive("资料很少的公司")
        found = self.Partner.search([("completeness_band", "=", "low"), ("id", "=", low.id)])
        self.assertEqual(found, low)
        groups = self.Partner._read_group(
            [("id", "=", low.id)], ["completeness_band"], ["__count"]
        )
        self.assertEqual(groups, [("low", 1)])

    def test_04_not_archived_has_no_rate(self):
        partner = self.Partner.create({"name": "普通联系人", "phone": "123"})
        self.assertEqual(partner.completeness, 0)
        self.assertFalse(partner.completeness_band)
