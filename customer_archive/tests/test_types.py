import ast

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestTypes(CustomerArchiveCase):
    def test_01_delete_type_in_use_refused(self):
        """Deleting a type, source, region or status used by an archive names it and the count."""
        ctype = self.env["customer.archive.type"].create({"name": "测试类型"})
        source = self.env["customer.archive.source"].create({"name": "测试来源"})
        region = self.env["customer.archive.region"].create({"name": "测试区域"})
        status = self.env["customer.archive.status"].create({"name": "测试状态", "stage": "active"})
        self._create_archive(
            customer_type_id=ctype.id, source_id=source.id, region_id=region.id, archive_status_id=status.id
        )
        for record in (ctype, source, region, status):
            with self.assertRaises(UserError) as error, self.cr.savepoint():
                record.unlink()
            self.assertIn(record.display_name, str(error.exception))
            self.assertIn("1", str(error.exception))
            self.assertTrue(record.exists())
        # Archiving (active = False) stays possible.
        ctype.active = False
        self.assertFalse(ctype.active)

    def test_02_delete_unused_type(self):
        ctype = self.env["customer.archive.type"].create({"name": "未使用类型"})
        ctype.unlink()
        self.assertFalse(ctype.exists())

    def test_03_region_hierarchy(self):
        Region = self.env["customer.archive.region"]
        east = Region.create({"name": "华东"})
        zhejiang = Region.create({"name": "浙江", "parent_id": east.id})
        hangzhou = Region.create({"name": "杭州", "parent_id": zhejiang.id})
        self.assertEqual(hangzhou.complete_name, "华东 / 浙江 / 杭州")
        partner = self._create_archive(region_id=hangzhou.id)
        self.assertIn(partner, self.Partner.search([("region_id", "child_of", east.id)]))
        # The ORM's parent store refuses the cycle first (a UserError), else the constraint
        # (a ValidationError, which is a UserError too).
        with self.assertRaises(UserError), self.cr.savepoint():
            east.parent_id = hangzhou
        self.assertFalse(east.parent_id)
        east.name = "华东区"
        self.assertEqual(hangzhou.complete_name, "华东区 / 浙江 / 杭州")

    def test_04_only_managers_configure_types(self):
        Type = self.env["customer.archive.type"]
        self.assertTrue(Type.with_user(self.user_salesperson).search([]))
        with self.assertRaises(AccessError):
            Type.with_user(self.user_salesperson).create({"name": "业务员建的类型"})
        with self.assertRaises(AccessError):
            Type.with_user(self.user_officer).create({"name": "档案管理员建的类型"})
        created = Type.with_user(self.user_manager).create({"name": "经理建的类型"})
        self.assertTrue(created)

    def test_05_competitor_domain(self):
        competitor_type = self.env.ref("customer_archive.customer_type_competitor")
        rival = self.Partner.create(
            {"name": "竞争对手甲", "is_company": True, "customer_type_id": competitor_type.id}
        )
        domain = self.Partner._fields["competitor_ids"].domain
        self.assertIn(rival, self.Partner.search(ast.literal_eval(domain)))
        partner = self._create_archive(competitor_ids=[(6, 0, rival.ids)])
        self.assertEqual(partner.competitor_ids, rival)
