from datetime import timedelta

from odoo import fields

from .common import CustomerArchiveCase


class ServiceCaseCommon(CustomerArchiveCase):
    """Set-up of the service case tests: the salesperson's A-tier customer, another salesperson's
    customer, the seeded types and stages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["customer.archive.case"]
        cls.Policy = cls.env["customer.archive.visit.policy"]
        cls.tiers = {c: cls.env.ref("customer_archive.tier_%s" % c.lower()) for c in "ABCD"}
        cls.type_complaint = cls.env.ref("customer_archive.case_type_complaint")
        cls.type_defective = cls.env.ref("customer_archive.case_type_defective")
        cls.stage_new = cls.env.ref("customer_archive.case_stage_new")
        cls.stage_progress = cls.env.ref("customer_archive.case_stage_in_progress")
        cls.stage_confirm = cls.env.ref("customer_archive.case_stage_to_confirm")
        cls.stage_resolved = cls.env.ref("customer_archive.case_stage_resolved")
        cls.customer = cls._create_archive(
            "杭州服务测试有限公司", user_id=cls.user_salesperson.id, mobile="13957162231"
        )
        cls._set_tier(cls.customer, "A")
        cls.contact = cls.Partner.create(
            {"name": "钱经理", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.other_customer = cls._create_archive(
            "宁波别家客户有限公司", user_id=cls.user_manager.id, keeper_id=cls.user_manager.id
        )

    @classmethod
    def _set_tier(cls, partner, code):
        # sudo: the tier is written by the tier engine only
        partner.sudo().write({"tier_id": cls.tiers[code].id})

    @classmethod
    def _case(cls, partner=None, user=None, hours_ago=0, **vals):
        """A case reported ``hours_ago`` hours ago, created as ``user`` (the salesperson)."""
        user = user or cls.user_salesperson
        return cls.Case.with_user(user).create(
            {
                "partner_id": (partner or cls.customer).id,
                "type_id": cls.type_complaint.id,
                "user_id": user.id,
                "date": fields.Datetime.now() - timedelta(hours=hours_ago),
                "description": "<p>柜门变形</p>",
                **vals,
            }
        )
