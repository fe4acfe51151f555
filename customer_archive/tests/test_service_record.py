import base64

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .service_record_common import SIGNATURE, ServiceRecordCase


@tagged("post_install", "-at_install")
class TestServiceRecord(ServiceRecordCase):
    """Service records (服务记录) with prepaid packages, as the salesperson."""

    def test_01_salesperson_records_a_service_with_signature(self):
        """The salesperson records a service on their customer through the form: the package
        counts the uses and what is left, the signature and payment method are kept."""
        form = Form(self.Record.with_user(self.user_salesperson))
        form.partner_id = self.customer
        form.product_id = self.service
        form.amount = 80.0
        form.payment_method = "wechat"
        form.package_id = self.package
        form.uses = 2
        form.signature = SIGNATURE
        record = form.save()
        self.assertEqual(record.staff_id, self.user_salesperson)
        self.assertEqual(record.package_remaining_uses, 2)
        self.assertEqual((self.package.used_uses, self.package.remaining_uses), (3, 2))
        self.assertEqual(base64.b64encode(base64.b64decode(record.signature)).decode(), SIGNATURE)
        self.assertEqual(
            dict(
                record._fields["payment_method"]._description_selection(
                    self.env(context={"lang": "zh_CN"})
                )
            )["wechat"],
            "微信支付",
        )
        self.assertIn("面部护理", record.display_name)

    def test_02_negative_amount_is_refused(self):
        """A negative amount: a translated error, nothing created or changed."""
        Record = self.Record.with_user(self.user_salesperson).with_context(lang="zh_CN")
        count = self.Record.search_count([])
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            Record.create(
                {"partner_id": self.customer.id, "product_id": self.service.id, "amount": -50}
            )
        self.assertIn("不能为负数", str(error.exception))
        self.assertEqual(self.Record.search_count([]), count)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.record.with_user(self.user_salesperson).amount = -1
        self.assertEqual(self.record.amount, 0.0)

    def test_03_more_uses_than_the_package_holds_are_refused(self):
        """More uses than are left, on create or write: a translated error, the package and
        its records unchanged; using exactly what is left is accepted."""
        Record = self.Record.with_user(self.user_salesperson).with_context(lang="zh_CN")
        vals = {
            "partner_id": self.customer.id,
            "product_id": self.service.id,
            "package_id": self.package.id,
        }
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            Record.create({**vals, "uses": 5})
        self.assertIn("面部护理 5 次卡", str(error.exception))
        self.assertIn("5", str(error.exception))
        self.assertEqual((self.package.used_uses, self.package.remaining_uses), (1, 4))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.record.with_user(self.user_salesperson).uses = 6
        self.assertEqual(self.record.uses, 1)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.package.with_user(self.user_salesperson).total_uses = 0
        self.assertEqual(self.package.total_uses, 5)
        last = Record.create({**vals, "uses": 4})
        self.assertEqual(self.package.remaining_uses, 0)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Record.create({**vals, "uses": 1})
        self.assertEqual(self.package.record_ids, self.record | last)

    def test_04_package_of_another_customer_is_refused(self):
        other_package = self.Package.create(
            {"name": "他人次卡", "partner_id": self.other_customer.id, "total_uses": 3}
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Record.create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.service.id,
                    "package_id": other_package.id,
                }
            )
        self.assertFalse(other_package.record_ids)

    def test_05_records_follow_the_archive_visibility(self):
        """The salesperson neither reads nor records services of an archive they may not see."""
        hidden = self.Record.create(
            {"partner_id": self.other_customer.id, "product_id": self.service.id, "amount": 10}
        )
        as_user = self.Record.with_user(self.user_salesperson)
        self.assertNotIn(hidden, as_user.search([]))
        self.assertIn(self.record, as_user.search([]))
        with self.assertRaises(AccessError):
            hidden.with_user(self.user_salesperson).read(["amount"])
        with self.assertRaises(AccessError), self.cr.savepoint():
            as_user.create({"partner_id": self.other_customer.id, "product_id": self.service.id})
        self.assertEqual(hidden.with_user(self.user_officer).amount, 10)

    def test_06_menu(self):
        menu = self.env.ref("customer_archive.customer_archive_service_record_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("customer_archive.customer_archive_service_menu")
        )
        visible = self.env["ir.ui.menu"].with_user(self.user_salesperson)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertIn(menu.parent_id.id, visible)


@tagged("post_install", "-at_install")
class TestServiceRecordArchiveButton(ServiceRecordCase):
    """The archive shows its number of service records and opens them; a salesperson counts and
    opens only records of archives they can see."""

    def test_01_count_and_open_from_the_archive(self):
        customer = self.customer.with_user(self.user_salesperson)
        self.assertEqual(customer.service_record_count, 1)
        action = customer.action_open_service_records()
        records = (
            self.env[action["res_model"]].with_user(self.user_salesperson).search(action["domain"])
        )
        self.assertEqual(records, self.record)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_02_hidden_archive_neither_counted_nor_opened(self):
        self.Record.create(
            {"partner_id": self.other_customer.id, "product_id": self.service.id, "amount": 80.0}
        )
        other = self.other_customer.with_user(self.user_salesperson)
        with self.assertRaises(AccessError):
            other.action_open_service_records()
        # the manager sees it
        self.assertEqual(self.other_customer.with_user(self.user_manager).service_record_count, 1)
