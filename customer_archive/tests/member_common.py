from odoo import Command

from .common import CustomerArchiveCase


class MemberCase(CustomerArchiveCase):
    """A loyalty programme, two archives (one of the salesperson, one of the officer) with
    member cards, and the seeded member levels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.levels = {
            key: cls.env.ref("customer_archive.member_level_%s" % key)
            for key in ("regular", "silver", "gold", "diamond")
        }
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "测试会员积分",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                # no pricelist of the tests' orders: the programme gives no points by itself
                "pricelist_ids": [
                    Command.set([cls.env["product.pricelist"].create({"name": "测试会员价"}).id])
                ],
                "rule_ids": [Command.create({"reward_point_mode": "money"})],
                "reward_ids": [Command.create({"discount": 5, "required_points": 200})],
            }
        )
        cls.promo = cls.env["loyalty.program"].create(
            {
                "name": "测试优惠券",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [Command.create({"discount": 10})],
            }
        )
        cls.own = cls._create_archive("会员测试自有客户", user_id=cls.user_salesperson.id)
        cls.own_contact = cls.Partner.create({"name": "会员联系人", "parent_id": cls.own.id})
        cls.other = cls._create_archive("会员测试他人客户", user_id=cls.user_officer.id)
        Card = cls.env["loyalty.card"]
        cls.card_own = Card.create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.own.id,
                "code": "T-HY-01",
                "points": 1200,
            }
        )
        cls.card_contact = Card.create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.own_contact.id,
                "code": "T-HY-02",
                "points": 300,
            }
        )
        cls.card_other = Card.create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.other.id,
                "code": "T-HY-03",
                "points": 25000,
            }
        )
        # a coupon is not a member card
        cls.coupon = Card.create(
            {"program_id": cls.promo.id, "partner_id": cls.own.id, "code": "T-CP-01", "points": 1}
        )
