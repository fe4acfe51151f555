from odoo.tests import tagged

from .churn_common import ChurnCase

LOST_REASON = "customer_archive.mail_activity_type_lost_reason"
WIN_BACK = "customer_archive.mail_activity_type_win_back"


@tagged("post_install", "-at_install")
class TestChurnLifecycle(ChurnCase):
    """The scheduled action: a lost archive asks its salesperson for the reason, a dormant one
    for a win-back (once)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"archive_dormant_days": 90, "archive_lost_days": 200})
        cls.mine.archive_date = cls._days_ago(400)
        cls.theirs.archive_date = cls._days_ago(400)

    def test_01_cron_lost_asks_for_the_reason(self):
        """Lost by the scheduled action: no reason needed, the snapshot is taken and the
        salesperson gets an activity; giving the reason completes it."""
        order = self._confirmed_order(self.mine, self.product, 250)
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(self.mine.archive_stage, "lost")
        self.assertFalse(self.mine.lost_reason_id)
        self.assertEqual(self.mine.lost_date, self.today)
        self.assertAlmostEqual(self.mine.lost_revenue, order.amount_untaxed)
        activity = self._activities(self.mine, LOST_REASON)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertIn(self.mine.name, activity.note)
        # The churn analysis lists it under "no reason" until the salesperson answers.
        self.mine.with_user(self.user_salesperson).lost_reason_id = self.reason_price
        self.assertFalse(self._activities(self.mine, LOST_REASON))
        self.assertEqual(self.mine.lost_reason_id, self.reason_price)

    def test_02_dormant_win_back_once(self):
        """Dormant: one win-back activity for the salesperson, not another on the next run or
        while it is open."""
        self._confirmed_order(self.mine, self.product, 120)
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(self.mine.archive_stage, "dormant")
        activity = self._activities(self.mine, WIN_BACK)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertFalse(self._activities(self.mine, LOST_REASON))
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(len(self._activities(self.mine, WIN_BACK)), 1)
        # Back to active and dormant again while the first is still open: still one.
        self.mine.archive_status_id = self.status_active
        self.mine.archive_status_id = self.status_dormant
        self.assertEqual(len(self._activities(self.mine, WIN_BACK)), 1)

    def test_03_activity_in_the_salesperson_language(self):
        """The activity reads in the salesperson's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_salesperson.lang = "zh_CN"
        self._confirmed_order(self.mine, self.product, 120)
        self.Partner._cron_update_archive_lifecycle()
        activity = self._activities(self.mine, WIN_BACK)
        self.assertEqual(activity.summary, "挽回客户")

    def test_04_lost_again_clears_the_old_reason(self):
        """An archive won back and lost again by the scheduled action gets a new question,
        not the old answer."""
        self.mine.write(
            {"archive_status_id": self.status_lost.id, "lost_reason_id": self.reason_price.id}
        )
        self.mine.archive_status_id = self.status_active
        self._confirmed_order(self.mine, self.product, 300)
        self.Partner._cron_update_archive_lifecycle()
        self.assertEqual(self.mine.archive_stage, "lost")
        self.assertFalse(self.mine.lost_reason_id)
        self.assertEqual(len(self._activities(self.mine, LOST_REASON)), 1)
