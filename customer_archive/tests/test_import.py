from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import CustomerArchiveCase, valid_uscc

TEMPLATE = "customer_archive/static/csv/customer_archive_import_template.csv"
OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"}


@tagged("post_install", "-at_install")
class TestImport(CustomerArchiveCase):
    def _import(self, content, dryrun=False):
        importer = self.env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": content.encode("utf-8"),
                "file_type": "text/csv",
                "file_name": "archives.csv",
            }
        )
        header = content.splitlines()[0].split(",")
        return importer.execute_import(header, header, dict(OPTIONS), dryrun=dryrun)

    def test_01_valid_file_imports_archives(self):
        rows = [
            "name,is_company,is_customer_archive,credit_code,registered_capital,customer_type_id",
            f"导入甲公司,1,1,{valid_uscc(21)},1000000,Purchaser",
            f"导入乙公司,1,1,{valid_uscc(22)},500000,Distributor",
        ]
        result = self._import("\n".join(rows))
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        partners = self.Partner.browse(result["ids"])
        self.assertEqual(len(partners), 2)
        self.assertTrue(all(partners.mapped("archive_number")))
        self.assertEqual(partners[0].customer_type_id, self.env.ref("customer_archive.customer_type_purchaser"))

    def test_02_invalid_rows_import_nothing_and_are_named(self):
        before = self.Partner.search_count([])
        rows = [
            "name,is_company,is_customer_archive,credit_code,registered_capital",
            f"好公司,1,1,{valid_uscc(23)},1000",
            "坏代码公司,1,1,91350100M000100Y44,1000",
            f"负资本公司,1,1,{valid_uscc(24)},-5",
            f"另一好公司,1,1,{valid_uscc(25)},0",
        ]
        result = self._import("\n".join(rows))
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertFalse(result["ids"])
        self.assertEqual(self.Partner.search_count([]), before)
        self.assertEqual(len(errors), 2, errors)
        # Each error points at its own row (0-based data rows: 1 and 2) and names the value.
        self.assertEqual(sorted(m["rows"]["from"] for m in errors), [1, 2])
        joined = " ".join(m["message"] for m in errors)
        self.assertIn("91350100M000100Y44", joined)
        self.assertIn("Registered Capital", joined)

    def test_03_template_offered_and_importable(self):
        templates = self.Partner.with_context(customer_archive_import=True).get_import_templates()
        self.assertEqual(
            templates[0]["template"], "/customer_archive/static/csv/customer_archive_import_template.csv"
        )
        # Without the archive context the stock contacts template stays.
        self.assertNotEqual(self.Partner.get_import_templates(), templates)
        with file_open(TEMPLATE, "rb") as template:
            content = template.read().decode("utf-8")
        result = self._import(content, dryrun=True)
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
