from odoo.tests.common import new_test_user

from .common import CustomerArchiveCase


class ContactUseCase(CustomerArchiveCase):
    """An archive of the salesperson kept by a second archive user, with a contact whose
    mobile, phone and e-mail are masked for both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_keeper = new_test_user(
            cls.env,
            login="test_ca_keeper",
            name="测试档案保管人",
            groups="sales_team.group_sale_salesman,customer_archive.group_archive_user",
        )
        cls.user_other = new_test_user(
            cls.env,
            login="test_ca_user_2",
            name="另一位业务员",
            groups="sales_team.group_sale_salesman,customer_archive.group_archive_user",
        )
        cls.archive = cls._create_archive(
            "杭州一键拨号贸易有限公司",
            user_id=cls.user_salesperson.id,
            keeper_id=cls.user_keeper.id,
            phone="0571-8826 3150",
            mobile="138 0571 0001",
        )
        cls.contact = cls.Partner.create(
            {
                "name": "吴丽华",
                "parent_id": cls.archive.id,
                "function": "采购经理",
                "mobile": "139 1356 2087",
                "phone": "0571-8826 3151",
                "email": "wulihua@example.cn",
            }
        )
        cls.Log = cls.env["customer.archive.access.log"]

    def _uses(self, partner=None):
        return self.Log.search(
            [("event", "=", "contact_use"), ("partner_id", "=", (partner or self.contact).id)]
        )
