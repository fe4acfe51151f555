from datetime import timedelta

from odoo import fields
from odoo.tests.common import new_test_user

from .common import CustomerArchiveCase


class VisibilityCase(CustomerArchiveCase):
    """Archives of every kind of visibility, seen from every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_colleague = new_test_user(
            cls.env,
            login="test_ca_colleague",
            name="测试同事",
            groups="sales_team.group_sale_salesman,customer_archive.group_archive_user",
        )
        cls.user_it = new_test_user(
            cls.env,
            login="test_ca_it",
            name="测试信息管理员",
            groups="base.group_system,customer_archive.group_archive_admin",
        )
        sp, colleague = cls.user_salesperson, cls.user_colleague
        cls.own = cls._create_archive("福州自有客户有限公司", user_id=sp.id, keeper_id=colleague.id)
        cls.kept = cls._create_archive(
            "厦门代管客户有限公司", user_id=colleague.id, keeper_id=sp.id
        )
        cls.foreign = cls._create_archive(
            "泉州别人客户有限公司", user_id=colleague.id, keeper_id=colleague.id
        )
        cls.secret_sold = cls._create_archive(
            "莆田机密客户有限公司",
            user_id=sp.id,
            keeper_id=colleague.id,
            confidentiality_level="secret",
        )
        cls.secret_kept = cls._create_archive(
            "漳州机密代管有限公司",
            user_id=colleague.id,
            keeper_id=sp.id,
            confidentiality_level="secret",
        )
        cls.foreign_contact = cls.Partner.create(
            {"name": "陈经理", "parent_id": cls.foreign.id, "mobile": "13800001234"}
        )
        cls.own_contact = cls.Partner.create({"name": "林主任", "parent_id": cls.own.id})
        cls.other_company = cls._create_archive(
            "上海分公司客户有限公司",
            company_id=cls.company_2.id,
            archive_company_id=cls.company_2.id,
            user_id=sp.id,
            keeper_id=sp.id,
        )
        cls.plain = cls.Partner.create({"name": "普通供应商有限公司", "is_company": True})
        cls.all_partners = (
            cls.own
            | cls.kept
            | cls.foreign
            | cls.secret_sold
            | cls.secret_kept
            | cls.foreign_contact
            | cls.own_contact
            | cls.other_company
            | cls.plain
        )
        cls.Share = cls.env["customer.archive.share"]
        cls.Log = cls.env["customer.archive.access.log"]

    def _visible(self, user, partners=None):
        partners = partners or self.all_partners
        return self.Partner.with_user(user).search([("id", "in", partners.ids)])

    def _share(self, partner, user, mode="read", days=7, by=None):
        Share = self.Share.with_user(by) if by else self.Share
        return Share.create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "mode": mode,
                # the date now, not at class set-up: a run crossing midnight stays right
                "date_expiry": fields.Date.context_today(self.Share) + timedelta(days=days),
            }
        )
