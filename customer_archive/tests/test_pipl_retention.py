from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .pipl_common import PiplCase


@tagged("post_install", "-at_install")
class TestPiplRetention(PiplCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Policy = cls.env["customer.archive.retention.policy"]
        Policy.search([("company_id", "=", cls.company.id)]).unlink()
        Policy.create(
            [
                {"category": "communication_content", "months": 24, "action": "review"},
                {"category": "identity", "months": 36, "action": "anonymise"},
            ]
        )
        cls.activity_type = cls.env.ref("customer_archive.mail_activity_type_retention_review")
        # A review activity reads in its recipient's language: the one asserted below.
        cls.user_salesperson.lang = "en_US"
        product = cls._create_product()

        def months(count):
            return (cls.today - (cls.today - relativedelta(months=count))).days

        people = {}
        for seq, (key, name, status, months_ago) in enumerate(
            [
                ("lost_old", "流失四十个月", cls.status_lost, 40),
                ("lost_mid", "流失三十个月", cls.status_lost, 30),
                ("lost_recent", "流失一年", cls.status_lost, 12),
                ("active_old", "活跃老客户", cls.status_active, 40),
            ],
            start=11,
        ):
            people[key] = cls._create_person(name, seq=seq, archive_status_id=status.id)
            cls._confirmed_order(people[key], product, days_ago=months(months_ago))
        cls.lost_old, cls.lost_mid = people["lost_old"], people["lost_mid"]
        cls.lost_recent, cls.active_old = people["lost_recent"], people["active_old"]
        cls.dormant_no_keeper = cls._create_person(
            "休眠无管理人",
            seq=15,
            archive_status_id=cls.status_dormant.id,
            archive_date=cls.today - relativedelta(months=30),
        )
        cls.dormant_no_keeper.keeper_id = False  # the archive defaults give one
        cls.company.pipl_officer_id = cls.user_manager

    def _activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_01_review_activities_for_archives_past_retention(self):
        everyone = (
            self.lost_old
            | self.lost_mid
            | self.lost_recent
            | self.active_old
            | self.dormant_no_keeper
        )
        self.env["customer.archive.retention.policy"]._cron_retention_review(batch_size=2)
        activities = self._activities(everyone)
        by_partner = {a.res_id: a for a in activities}
        self.assertEqual(
            set(by_partner), {self.lost_old.id, self.lost_mid.id, self.dormant_no_keeper.id}
        )
        self.assertIn("anonymise", by_partner[self.lost_old.id].summary)
        self.assertIn("review", by_partner[self.lost_mid.id].summary)
        self.assertEqual(by_partner[self.lost_old.id].user_id, self.user_salesperson)
        self.assertEqual(by_partner[self.dormant_no_keeper.id].user_id, self.user_manager)
        self.assertIn("Identity Data", str(by_partner[self.lost_old.id].note))
        # Nothing is deleted or changed.
        self.assertEqual(self.lost_old.mobile, "13912345678")

    def test_02_idempotent(self):
        Policy = self.env["customer.archive.retention.policy"]
        Policy._cron_retention_review()
        first = self._activities(self.lost_old | self.lost_mid)
        self.assertEqual(len(first), 2)
        self.assertEqual(Policy._cron_retention_review(), 0)
        self.assertEqual(self._activities(self.lost_old | self.lost_mid), first)
        # A review done is not asked again within the review interval (12 months).
        first.filtered(lambda a: a.res_id == self.lost_mid.id).action_feedback(feedback="已核查")
        self.assertEqual(Policy._cron_retention_review(), 0)
        self.assertFalse(self._activities(self.lost_mid))

    def test_03_anonymised_archives_are_left_alone(self):
        self.lost_old._pipl_anonymise()
        self.env["customer.archive.retention.policy"]._cron_retention_review()
        self.assertFalse(self._activities(self.lost_old))
