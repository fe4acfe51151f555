from odoo.tests import tagged

from .common import CustomerArchiveCase, valid_uscc

OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True}
HEADER = "name,is_company,is_customer_archive,credit_code,main_products"


@tagged("post_install", "-at_install")
class TestHostileImport(CustomerArchiveCase):
    """Imports through the real import wizard (base_import.import), as an archive manager, of
    files the way users produce them: accepted where valid, else refused row by row with nothing
    imported."""

    def _import(self, rows, encoding="utf-8", bom=False, file_encoding=None, header=HEADER):
        content = "\n".join([header] + rows).encode(file_encoding or encoding)
        if bom:
            content = b"\xef\xbb\xbf" + content
        importer = (
            self.env["base_import.import"]
            .with_user(self.user_manager)
            .create(
                {
                    "res_model": "res.partner",
                    "file": content,
                    "file_type": "text/csv",
                    "file_name": "客户档案.csv",
                }
            )
        )
        columns = header.split(",")
        options = dict(OPTIONS, encoding=encoding)
        preview = importer.parse_preview(dict(options))
        self.assertFalse(preview.get("error"), preview)
        return importer.execute_import(columns, columns, options)

    def _errors(self, result):
        return [m for m in result["messages"] if m["type"] == "error"]

    def _archives(self, names):
        return self.Partner.with_context(active_test=False).search([("name", "in", names)])

    def test_01_gbk_file(self):
        """A file saved by Excel on Chinese Windows (GBK) imports with its Chinese text intact,
        whether the encoding is chosen or detected."""
        rows = [f"广州国标编码有限公司,1,1,{valid_uscc(301)},办公桌椅、文件柜"]
        result = self._import(rows, encoding="gbk")
        self.assertFalse(self._errors(result), result["messages"])
        partner = self.Partner.browse(result["ids"])
        self.assertEqual(partner.name, "广州国标编码有限公司")
        self.assertEqual(partner.main_products, "办公桌椅、文件柜")
        self.assertTrue(partner.archive_number)
        # the import dialog's default: encoding left empty, guessed from the file
        rows = [f"深圳国标编码贸易有限公司,1,1,{valid_uscc(302)},电子元器件、集成电路、电源模块"]
        result = self._import(rows, encoding="", file_encoding="gbk")
        self.assertFalse(self._errors(result), result["messages"])
        self.assertEqual(
            self.Partner.browse(result["ids"]).main_products, "电子元器件、集成电路、电源模块"
        )

    def test_02_utf8_with_bom(self):
        """A UTF-8 file with a byte order mark (Excel's "CSV UTF-8"): the first column is
        still recognised."""
        rows = [f"苏州带签名有限公司,1,1,{valid_uscc(303)},纺织品"]
        result = self._import(rows, encoding="utf-8", bom=True)
        self.assertFalse(self._errors(result), result["messages"])
        self.assertEqual(self.Partner.browse(result["ids"]).name, "苏州带签名有限公司")

    def test_03_full_width_and_lower_case_credit_codes(self):
        """Credit codes typed with full-width digits, lower-case letters and spaces are
        normalised and accepted; the same code written both ways is one code (duplicate)."""
        code = valid_uscc(304)
        full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c.lower() for c in code)
        spaced = f"{code[:6].lower()} {code[6:]}"
        result = self._import([f"全角代码有限公司,1,1,{full_width},"])
        self.assertFalse(self._errors(result), result["messages"])
        self.assertEqual(self.Partner.browse(result["ids"]).credit_code, code)
        before = self.Partner.search_count([])
        result = self._import([f"空格代码有限公司,1,1,{spaced},"])
        errors = self._errors(result)
        self.assertEqual(len(errors), 1, result["messages"])
        self.assertIn("already used", errors[0]["message"])
        self.assertEqual(self.Partner.search_count([]), before)

    def test_04_emoji_and_long_values(self):
        """Emoji (4-byte characters) and a 100,000-character text are stored as they are; a
        100,000-character credit code is refused, naming its row, and nothing is imported."""
        long_text = "产品" * 50000
        emoji_name = "🚀火箭表情🏭有限公司"
        result = self._import([f"{emoji_name},1,1,{valid_uscc(305)},{long_text}"])
        self.assertFalse(self._errors(result), result["messages"])
        partner = self.Partner.browse(result["ids"])
        self.assertEqual(partner.name, emoji_name)
        self.assertEqual(len(partner.main_products), 100000)
        before = self.Partner.search_count([])
        result = self._import(
            [
                f"正常长度有限公司,1,1,{valid_uscc(306)},",
                f"超长代码有限公司,1,1,{'9' * 100000},",
            ]
        )
        errors = self._errors(result)
        self.assertEqual([e["rows"]["from"] for e in errors], [1], result["messages"])
        self.assertIn("18 characters", errors[0]["message"])
        self.assertFalse(result["ids"])
        self.assertEqual(self.Partner.search_count([]), before)
        self.assertFalse(self._archives(["正常长度有限公司", "超长代码有限公司"]))

    def test_05_duplicate_rows(self):
        """The same archive twice in a file (same credit code): the second row is refused and
        named, nothing is imported; importing the file again after the first import is refused
        for every row."""
        code = valid_uscc(307)
        row = f"重复行有限公司,1,1,{code},"
        before = self.Partner.search_count([])
        result = self._import([f"唯一行有限公司,1,1,{valid_uscc(308)},", row, row])
        errors = self._errors(result)
        self.assertEqual([e["rows"]["from"] for e in errors], [2], result["messages"])
        self.assertIn(code, errors[0]["message"])
        self.assertEqual(self.Partner.search_count([]), before)
        result = self._import([row])
        self.assertFalse(self._errors(result), result["messages"])
        result = self._import([row])
        self.assertEqual(len(self._errors(result)), 1, result["messages"])
        self.assertEqual(len(self._archives(["重复行有限公司"])), 1)

    def test_06_rows_for_other_companies(self):
        """A row for a company the manager does not belong to is refused (named), nothing is
        imported; the same file for their own company imports."""
        header = HEADER + ",archive_company_id"
        before = self.Partner.search_count([])
        result = self._import(
            [
                f"本公司档案有限公司,1,1,{valid_uscc(309)},,{self.company.name}",
                f"他公司档案有限公司,1,1,{valid_uscc(310)},,{self.company_2.name}",
            ],
            header=header,
        )
        errors = self._errors(result)
        self.assertEqual([e["rows"]["from"] for e in errors], [1], result["messages"])
        self.assertFalse(result["ids"])
        self.assertEqual(self.Partner.search_count([]), before)
        result = self._import(
            [f"本公司档案有限公司,1,1,{valid_uscc(309)},,{self.company.name}"], header=header
        )
        self.assertFalse(self._errors(result), result["messages"])
        self.assertEqual(self.Partner.browse(result["ids"]).archive_company_id, self.company)

    def test_07_script_in_values_is_stored_as_text(self):
        """Markup in a CSV value is data: stored as typed, never interpreted."""
        name = '<script>alert("导入")</script>有限公司'
        result = self._import(
            [f'"{name.replace(chr(34), chr(34) * 2)}",1,1,{valid_uscc(311)},<b>粗体</b>']
        )
        self.assertFalse(self._errors(result), result["messages"])
        partner = self.Partner.browse(result["ids"])
        self.assertEqual(partner.name, name)
        self.assertEqual(partner.main_products, "<b>粗体</b>")
