from datetime import timedelta

from odoo import Command, fields
from odoo.tests.common import TransactionCase, new_test_user


def valid_uscc(seed):
    """A valid unified social credit code, different for each ``seed`` (< 10^6)."""
    from stdnum.cn import uscc

    body = "91330100%09d" % (seed + 1)
    return body + uscc.calc_check_digit(body)


def valid_ric(birth="19800101", seq=1):
    """A valid resident id number of a person born on ``birth`` (YYYYMMDD) in Fuzhou."""
    from stdnum.cn import ric

    body = "350104%s%03d" % (birth, seq)
    # calc_check_digit ignores the last character: it expects the full number.
    return body + ric.calc_check_digit(body + "0")


class CustomerArchiveCase(TransactionCase):
    """Shared set-up: one user per role, a second company, and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # English by default: the database language may be zh_CN (tests that need it set it).
        # One time zone for every user of the test: "today" of the admin, of the test users
        # (Asia/Shanghai, Europe/Brussels...) and of the server would otherwise differ between
        # 16:00 and 24:00 UTC.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        cls.company = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "上海第二分公司"})
        cls.user_salesperson = new_test_user(
            cls.env,
            login="test_ca_user",
            name="测试业务员",
            groups="sales_team.group_sale_salesman,customer_archive.group_archive_user",
        )
        cls.user_officer = new_test_user(
            cls.env,
            login="test_ca_officer",
            name="测试档案管理员",
            groups="sales_team.group_sale_salesman_all_leads,customer_archive.group_archive_officer",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="test_ca_manager",
            name="测试档案主管",
            groups="sales_team.group_sale_manager,customer_archive.group_archive_manager",
        )
        cls.user_plain = new_test_user(cls.env, login="test_plain", name="普通员工", groups="base.group_user")
        cls.Partner = cls.env["res.partner"]
        cls.status_potential = cls.env.ref("customer_archive.archive_status_potential")
        cls.status_active = cls.env.ref("customer_archive.archive_status_active")
        cls.status_dormant = cls.env.ref("customer_archive.archive_status_dormant")
        cls.status_lost = cls.env.ref("customer_archive.archive_status_lost")
        cls.today = fields.Date.context_today(cls.Partner)

    @classmethod
    def _create_archive(cls, name="杭州测试贸易有限公司", **vals):
        return cls.Partner.create(
            {"name": name, "is_company": True, "is_customer_archive": True, **vals}
        )

    @classmethod
    def _days_ago(cls, days):
        return cls.today - timedelta(days=days)

    @classmethod
    def _create_product(cls):
        return cls.env["product.product"].create(
            {"name": "办公椅", "type": "consu", "list_price": 500.0}
        )

    @classmethod
    def _confirmed_order(cls, partner, product, days_ago):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        # action_confirm stamps the order with now: move it back in time.
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order
