from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestTierProfile(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls.env.ref("customer_archive.tier_profile_main")
        cls.tier_a = cls.env.ref("customer_archive.tier_a")
        cls.tier_d = cls.env.ref("customer_archive.tier_d")

    def assertRefused(self, func, *fragments):
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            func()
        for fragment in fragments:
            self.assertIn(str(fragment), str(error.exception))

    def _new_profile(self, **vals):
        return self.env["customer.archive.tier.profile"].create({
            "name": "测试评分",
            "company_id": self.company_2.id,
            "criterion_ids": [Command.create({"criterion": "order_count", "threshold_ids": [
                Command.create({"value_from": 0, "value_to": 5, "points": 0}),
                Command.create({"value_from": 5, "has_upper_bound": False, "points": 10}),
            ]})],
            "band_ids": [
                Command.create({"tier_id": self.tier_a.id, "score_from": 10, "score_to": 10}),
                Command.create({"tier_id": self.tier_d.id, "score_from": 0, "score_to": 9}),
            ],
            **vals,
        })

    def test_01_default_profile_is_valid(self):
        self.assertEqual(self.profile.max_score, 100)
        self.assertEqual(self._new_profile().max_score, 10)

    def test_02_window(self):
        self.assertRefused(lambda: self.profile.write({"window_months": 0}), "0")
        self.assertRefused(lambda: self._new_profile(window_months=-3), "-3")
        self.assertEqual(self.profile.window_months, 12)

    def test_03_no_criteria(self):
        self.assertRefused(lambda: self._new_profile(criterion_ids=[]), "no criteria")
        self.assertRefused(lambda: self.profile.write({"criterion_ids": [Command.clear()]}), "no criteria")
        self.assertEqual(len(self.profile.criterion_ids), 6)

    def test_04_overlapping_and_reversed_thresholds(self):
        criterion = self.profile.criterion_ids.filtered(lambda c: c.criterion == "revenue")
        self.assertRefused(
            lambda: criterion.threshold_ids.filtered(lambda t: t.value_from == 10000).write({"value_from": 5000}),
            "overlap",
        )
        self.assertRefused(
            lambda: criterion.threshold_ids.filtered(lambda t: t.value_from == 0).write({"value_to": -1}),
            "end above",
        )
        self.assertRefused(
            lambda: self.profile.write({"criterion_ids": [Command.update(criterion.id, {"threshold_ids": [
                Command.create({"value_from": 600000, "value_to": 700000, "points": 5})]})]}),
            "overlap",
        )
        self.assertEqual(len(criterion.threshold_ids), 4)

    def test_05_score_range_without_tier(self):
        band_d = self.profile.band_ids.filtered(lambda b: b.tier_id == self.tier_d)
        self.assertRefused(lambda: self.profile.write({"band_ids": [Command.update(band_d.id, {"score_to": 15})]}),
                           "16", "19")
        band_a = self.profile.band_ids.filtered(lambda b: b.tier_id == self.tier_a)
        self.assertRefused(lambda: self.profile.write({"band_ids": [Command.update(band_a.id, {"score_to": 90})]}),
                           "91", "100")
        self.assertRefused(lambda: self.profile.write({"band_ids": [Command.update(band_a.id, {"score_from": 60})]}),
                           "overlap")
        self.assertEqual(band_d.score_to, 19)

    def test_06_one_profile_per_company(self):
        self._new_profile()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._new_profile()

    def test_07_profile_change_forces_full_recompute(self):
        self.profile._recompute()
        self.assertTrue(self.profile.last_run_at)
        self.profile.window_months = 6
        self.assertFalse(self.profile.last_run_at)
