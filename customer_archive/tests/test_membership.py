from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .member_common import MemberCase


@tagged("post_install", "-at_install")
class TestMembership(MemberCase):
    """Member cards, points and member level on the archive (会员)."""

    def test_01_archive_shows_cards_points_and_level(self):
        """The salesperson's archive form shows the member cards of the archive and of its
        contact (not the coupon), their points balance and the level of its band."""
        form = Form(self.own.with_user(self.user_salesperson))
        self.assertEqual(form.member_points, 1500.0)
        self.assertEqual(form.member_level_id, self.levels["silver"])
        self.assertEqual(form.member_card_code, "T-HY-01")  # the card with the most points
        self.assertEqual(form.member_program_id, self.program)
        self.assertEqual(
            set(self.own.with_user(self.user_salesperson).member_card_ids.mapped("code")),
            {"T-HY-01", "T-HY-02"},
        )
        no_card = self._create_archive("无会员卡客户", user_id=self.user_salesperson.id)
        self.assertFalse(no_card.member_level_id)
        self.assertEqual(no_card.member_points, 0.0)
        self.assertFalse(no_card.member_card_ids)

    def test_02_levels_are_configurable_bands(self):
        """A level starts at its minimum: at 4,999.99 silver, at 5,000 gold; moving the band
        moves the level; an archived level no longer counts."""
        self.card_own.points = 4699.99
        self.env.invalidate_all()
        self.assertEqual(self.own.member_level_id, self.levels["silver"])
        self.card_own.points = 4700
        self.env.invalidate_all()
        self.assertEqual(self.own.member_points, 5000.0)
        self.assertEqual(self.own.member_level_id, self.levels["gold"])
        self.levels["gold"].with_user(self.user_manager).min_points = 6000
        self.env.invalidate_all()
        self.assertEqual(self.own.member_level_id, self.levels["silver"])
        self.levels["silver"].with_user(self.user_manager).active = False
        self.env.invalidate_all()
        self.assertEqual(self.own.member_level_id, self.levels["regular"])
        self.assertEqual(self.other.member_level_id, self.levels["diamond"])

    def test_03_level_bad_input(self):
        """A negative minimum or two levels at the same minimum: a translated error, nothing
        created; a salesperson cannot change the levels."""
        Level = self.env["customer.archive.member.level"].with_user(self.user_manager)
        count = Level.search_count([])
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Level.create({"name": "负积分", "min_points": -1})
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            Level.create({"name": "重复", "min_points": 1000})
        self.assertEqual(Level.search_count([]), count)
        with self.assertRaises(AccessError):
            self.levels["gold"].with_user(self.user_salesperson).min_points = 1

    def test_04_list_computes_in_batch(self):
        """Reading the membership of 3 or of 12 archives costs the same number of queries."""

        def archives(count):
            partners = self.Partner.create(
                [
                    {"name": "批量会员 %s" % i, "is_company": True, "is_customer_archive": True}
                    for i in range(count)
                ]
            )
            self.env["loyalty.card"].create(
                [
                    {"program_id": self.program.id, "partner_id": p.id, "points": 1000 * i}
                    for i, p in enumerate(partners)
                ]
            )
            return partners

        def count(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partners.read(["member_points", "member_level_id", "member_card_code"])
            return self.cr.sql_log_count - before

        count(self.own)  # the environment's companies, read once
        self.assertEqual(count(archives(3)), count(archives(12)))

    def test_05_salesperson_sees_only_visible_cards(self):
        """Through the archive or loyalty directly, a salesperson reads no card, points or
        history of an archive they may not see."""
        as_user = self.env(user=self.user_salesperson)
        with self.assertRaises(AccessError):
            self.other.with_env(as_user).read(["member_points"])
        with self.assertRaises(AccessError):
            self.other.with_env(as_user).read(["member_card_ids"])
        codes = as_user["loyalty.card"].search([]).mapped("code")
        self.assertIn("T-HY-01", codes)
        self.assertNotIn("T-HY-03", codes)
        with self.assertRaises(AccessError):
            self.card_other.with_env(as_user).read(["points"])
        groups = as_user["loyalty.card"].read_group([], ["points:sum"], ["partner_id"])
        self.assertNotIn(self.other.id, [g["partner_id"][0] for g in groups if g["partner_id"]])
        self.env["loyalty.history"].create(
            {"card_id": self.card_other.id, "description": "积分调整", "issued": 10}
        )
        self.assertFalse(as_user["loyalty.history"].search([("card_id", "=", self.card_other.id)]))
        # the officer (李娜) is the other archive's salesperson and reads it
        self.assertEqual(self.other.with_user(self.user_officer).member_points, 25000.0)

    def test_06_member_points_as_tier_criterion(self):
        """Member points as a tier criterion: scored from the cards, shown in "Why this tier",
        and a change of points brings the archive into the next incremental recompute."""
        profile = self.env.ref("customer_archive.tier_profile_main")
        top = profile.band_ids.sorted("score_from")[-1]
        profile.write({"band_ids": [Command.update(top.id, {"score_to": top.score_to + 30})]})
        profile.write(
            {
                "criterion_ids": [
                    Command.create(
                        {
                            "criterion": "member_points",
                            "threshold_ids": [
                                Command.create({"value_from": 0, "value_to": 1000, "points": 0}),
                                Command.create(
                                    {"value_from": 1000, "has_upper_bound": False, "points": 30}
                                ),
                            ],
                        }
                    )
                ],
            }
        )
        profile._recompute(partners=self.own | self.other)
        line = next(
            line
            for line in self.own.tier_breakdown["criteria"]
            if line["criterion"] == "member_points"
        )
        self.assertEqual((line["value"], line["points"]), (1500.0, 30))
        self.assertIn("Member Points", self.own.tier_explanation)
        self.assertIn("1500.0", self.own.tier_explanation)
        since = self.env.cr.now()
        profile.sudo().last_run_at = since
        self.card_other.points = 10
        self.env.flush_all()
        ids = profile._get_incremental_partner_ids(since, self.today, self.env.cr.now())
        self.assertIn(self.other.id, ids)

    def test_07_menu_for_managers(self):
        """*Member Levels* is under Configuration, for archive managers."""
        menu = self.env.ref("customer_archive.customer_archive_member_level_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("customer_archive.customer_archive_config_menu")
        )
        visible = self.env["ir.ui.menu"].with_user(self.user_salesperson)._visible_menu_ids()
        self.assertNotIn(menu.parent_id.id, visible)
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids()
        )
