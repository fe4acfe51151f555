from odoo import Command, fields

from .common import CustomerArchiveCase, valid_ric


class PiplCase(CustomerArchiveCase):
    """A person archive full of personal data, kept by the salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One time zone for the test and every user it acts as: between 16:00 and 24:00 UTC
        # "today" in Asia/Shanghai is already tomorrow.
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.Partner = cls.env["res.partner"]
        cls.today = fields.Date.context_today(cls.Partner)
        cls.person = cls._create_person()

    @classmethod
    def _create_person(cls, name="测试匿名人甲", seq=7, **vals):
        return cls.Partner.create(
            {
                "name": name,
                "is_company": False,
                "is_customer_archive": True,
                "user_id": cls.user_salesperson.id,
                "keeper_id": cls.user_salesperson.id,
                "phone": "0571-8123 4567",
                "mobile": "13912345678",
                "email": "anon.test.person@example.cn",
                "street": "杭州市西湖区测试路 88 号 1201 室",
                "zip": "310099",
                "city": "杭州",
                "resident_id": valid_ric("19800101", seq),
                "birthday": "1980-01-01",
                "wechat_id": "wx_anon_person_7",
                "qq": "88776655",
                "comment": "<p>喜欢周末上午联系，夫人姓钱。</p>",
                "bank_ids": [Command.create({"acc_number": "6222020202020207777"})],
                **vals,
            }
        )

    def _log_entries(self, event, partner):
        return (
            self.env["customer.archive.access.log"]
            .sudo()
            .search([("event", "=", event), ("partner_id", "=", partner.id)])
        )
