from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.customer_archive.models.customer_archive_tier_criteria import TierBatch

from .satisfaction_common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionTierCriterion(SatisfactionCase):
    """The average score over the tier window as an optional criterion of a scoring profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls.env.ref("customer_archive.tier_profile_main")
        top = cls.profile.band_ids.sorted("score_to")[-1]
        top.score_to += 10  # the criterion's 10 points stay in a tier
        cls.profile.write(
            {
                "criterion_ids": [
                    Command.create(
                        {
                            "criterion": "satisfaction_avg",
                            "threshold_ids": [
                                Command.create({"value_from": 0, "value_to": 4, "points": 0}),
                                Command.create(
                                    {"value_from": 4, "has_upper_bound": False, "points": 10}
                                ),
                            ],
                        }
                    )
                ],
            }
        )

    def _line(self, partner):
        return next(
            line
            for line in partner.tier_breakdown["criteria"]
            if line["criterion"] == "satisfaction_avg"
        )

    def test_01_average_of_the_window_scored_and_explained(self):
        window_days = (self.today - self.profile._get_window_start(self.today)).days
        self._give(self.visit_done, 5, days_ago=3)
        self._give(self.visit_done, 4, days_ago=10)
        self._give(self.visit_done, 1, days_ago=window_days + 5)  # before the window
        self.profile._recompute(partners=self.customer)
        self.assertEqual(self._line(self.customer)["value"], 4.5)
        self.assertEqual(self._line(self.customer)["points"], 10)
        self.customer.invalidate_recordset(["tier_explanation"])
        explanation = self.customer.with_context(lang="en_US").tier_explanation
        self.assertIn(
            "<td>Average Satisfaction (1-5)</td><td class='text-end'>4.5</td>", explanation
        )
        zh = self.customer.with_context(lang="zh_CN")
        zh.invalidate_recordset(["tier_explanation"])
        self.assertIn("平均满意度", zh.tier_explanation)

    def test_02_no_score_no_data_no_points(self):
        self.profile._recompute(partners=self.customer)
        self.assertEqual(
            self._line(self.customer),
            {"criterion": "satisfaction_avg", "value": None, "points": 0, "band": None},
        )
        self.assertIn("no data", self.customer.with_context(lang="en_US").tier_explanation)

    def test_03_one_query_per_batch(self):
        """The criterion reads a batch of 1 or of 12 archives with the same number of queries."""
        archives = self.customer | self.foreign
        for i in range(10):
            archives |= self._create_archive("批量满意度客户%s" % i)
        self._give(self.visit_done, 3)
        self._give(self.foreign_visit, 5)
        self.env.flush_all()

        def count(partners):
            batch = TierBatch(self.profile, partners.ids, self.today, fields.Datetime.now())
            start = self.cr.sql_log_count
            values = self.profile._compute_criterion_satisfaction_avg(batch)
            return self.cr.sql_log_count - start, values

        single, _values = count(self.customer)
        many, values = count(archives)
        self.assertEqual(single, many)
        self.assertEqual(values, {self.customer.id: 3.0, self.foreign.id: 5.0})

    def test_04_incremental_run_finds_newly_rated_archives(self):
        self.profile._recompute(partners=self.customer)
        since = fields.Datetime.now()
        self._give(self.visit_done, 5)
        self.env.flush_all()
        ids = self.profile._get_incremental_partner_ids(since, self.today, fields.Datetime.now())
        self.assertIn(self.customer.id, ids)
