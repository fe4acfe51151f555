from odoo.exceptions import AccessError
from odoo.tests import tagged

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveExportImport(VisibilityCase):
    """Export and import of customer data: archive managers only, enforced on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        export = cls.env.ref("base.group_allow_export")
        (cls.user_salesperson | cls.user_officer | cls.user_manager).write(
            {"groups_id": [(4, export.id)]}
        )
        cls.visit = cls.env["customer.archive.visit"].create(
            {"partner_id": cls.own.id, "user_id": cls.user_salesperson.id}
        )

    def _export(self, user, records, fields=("name",)):
        return records.with_user(user).export_data(list(fields))

    def test_01_salesperson_and_officer_cannot_export_archives(self):
        for user in (self.user_salesperson, self.user_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError) as caught:
                self._export(user, self.own)
            self.assertIn("Only archive managers can export", str(caught.exception))
        with self.assertRaises(AccessError):
            self._export(self.user_salesperson, self.own_contact, ("name", "mobile"))
        with self.assertRaises(AccessError):
            self._export(self.user_salesperson, self.visit, ("partner_id", "summary"))
        self.assertFalse(self.Log.search([("event", "=", "export")]))

    def test_02_plain_partners_export_as_in_stock_odoo(self):
        data = self._export(self.user_salesperson, self.plain)
        self.assertEqual(data["datas"], [["普通供应商有限公司"]])

    def test_03_manager_exports_and_it_is_logged(self):
        archives = self.own | self.foreign
        data = self._export(self.user_manager, archives, ("name", "archive_number"))
        self.assertEqual(len(data["datas"]), 2)
        logs = self.Log.search([("event", "=", "export"), ("user_id", "=", self.user_manager.id)])
        self.assertEqual(len(logs), 1, "one export, one entry")
        self.assertEqual((logs.partner_ids, logs.record_count), (archives, 2))
        self._export(self.user_manager, self.visit, ("partner_id",))
        self.assertEqual(self.Log.search_count([("event", "=", "export")]), 2)

    def test_04_import_of_archives_refused_before_anything_is_written(self):
        fields, rows = ["name", "is_customer_archive"], [["导入客户有限公司", "1"]]
        for user in (self.user_salesperson, self.user_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Partner.with_user(user).load(fields, rows)
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_salesperson).with_context(
                customer_archive_import=True
            ).load(["name"], [["档案导入有限公司"]])
        self.assertFalse(
            self.Partner.search([("name", "in", ("导入客户有限公司", "档案导入有限公司"))])
        )

    def test_05_import_updating_an_archive_by_id_refused(self):
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_officer).load(
                [".id", "city"], [[str(self.own.id), "篡改"]]
            )
        self.assertNotEqual(self.own.city, "篡改")

    def test_06_plain_contacts_import_stays_open_and_manager_import_is_logged(self):
        result = self.Partner.with_user(self.user_salesperson).load(["name"], [["普通联系人"]])
        self.assertFalse(result["messages"])
        result = self.Partner.with_user(self.user_manager).load(
            ["name", "is_customer_archive"], [["经理导入有限公司", "1"]]
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Partner.browse(result["ids"])
        self.assertTrue(imported.is_customer_archive)
        log = self.Log.search([("event", "=", "import")])
        self.assertEqual((log.user_id, log.partner_id), (self.user_manager, imported))

    def test_07_visits_import_managers_only(self):
        fields = ["partner_id/.id", "user_id/.id"]
        rows = [[str(self.own.id), str(self.user_salesperson.id)]]
        with self.assertRaises(AccessError):
            self.env["customer.archive.visit"].with_user(self.user_salesperson).load(fields, rows)
        result = self.env["customer.archive.visit"].with_user(self.user_manager).load(fields, rows)
        self.assertEqual(len(result["ids"]), 1, result["messages"])
