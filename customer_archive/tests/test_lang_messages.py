from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from .test_tier_engine import TierCase
from .visit_common import VisitCase


class LangMixin:
    """A salesperson working in Chinese, an officer in English; scheduled actions run without
    a language in their context (like ir.cron)."""

    @classmethod
    def _set_up_languages(cls):
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.user_salesperson.lang = "zh_CN"
        cls.user_officer.lang = "en_US"

    @staticmethod
    def _zh_date(day):
        return "%d年%02d月%02d日" % (day.year, day.month, day.day)

    @staticmethod
    def _en_date(day):
        return day.strftime("%m/%d/%Y")


@tagged("post_install", "-at_install")
class TestActivityLanguage(LangMixin, VisitCase):
    """Activities the scheduled actions create read in their recipient's language."""

    DUE = "customer_archive.mail_activity_type_visit_due"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_languages()
        cls.english_customer = cls._create_archive(
            "Shanghai English Trading Co., Ltd.",
            user_id=cls.user_officer.id,
            archive_date=cls.today - timedelta(days=100),
        )
        cls._set_tier(cls.english_customer, "A")
        cls.Cron = cls.Partner.with_context(lang=None)

    def test_01_visit_due_in_chinese_for_a_chinese_salesperson(self):
        """The due-visit activity of 测试业务员 is Chinese, its date in the Chinese format."""
        self._visit(days=-9, state="done")  # tier A: due tomorrow
        self.Cron._cron_visit_policy()
        activity = self._activities(self.customer, self.DUE)
        due = self.today + timedelta(days=1)
        self.assertEqual(activity.summary, "须在 %s 前拜访" % self._zh_date(due))
        self.assertIn("上次拜访", str(activity.note))

    def test_02_visit_due_in_english_for_an_english_salesperson(self):
        """The same run writes the English salesperson's activity in English."""
        self._visit(partner=self.english_customer, days=-9, state="done", user=self.user_officer)
        self._visit(days=-9, state="done")
        self.Cron._cron_visit_policy()
        due = self.today + timedelta(days=1)
        english = self._activities(self.english_customer, self.DUE)
        self.assertEqual(english.summary, "Visit due by %s" % self._en_date(due))
        self.assertEqual(
            self._activities(self.customer, self.DUE).summary, "须在 %s 前拜访" % self._zh_date(due)
        )

    def test_03_pool_release_noted_in_the_chatter_in_one_language(self):
        """A release without a language in the context (the scheduled action's) is noted in the
        language of the user running it, the reason included."""
        self.company.pool_enabled = True
        self.customer.with_user(self.user_salesperson).with_context(lang=None)._release_to_pool(
            reason="auto"
        )
        body = self.customer.message_ids[0].body
        self.assertIn("已释放到客户公海（无拜访且无订单）", body)
        self.assertNotIn("No visit", body)


@tagged("post_install", "-at_install")
class TestTierAlertLanguage(LangMixin, TierCase):
    """The downgrade alert (中高端客户预警) reaches each recipient in their own language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_languages()

    def test_01_downgrade_activity_per_recipient_language(self):
        self.profile.alert_tier_ids = self.tiers["A"] | self.tiers["B"]
        partner = self._create_archive(
            "重点客户", user_id=self.user_salesperson.id, keeper_id=self.user_officer.id
        )
        orders = self.env["sale.order"]
        for days in (2, 10, 20, 30, 40):
            orders |= self._order(partner, 40000, days)
        self._recompute(partner)
        self.assertEqual(partner.tier_id, self.tiers["B"])
        orders.write({"date_order": fields.Datetime.now() - timedelta(days=500)})
        # The daily recompute runs without a language.
        self.profile.with_context(lang=None)._recompute(partners=partner)
        self.assertEqual(partner.tier_id, self.tiers["D"])
        activity_type = self.env.ref("customer_archive.mail_activity_type_tier_downgrade")
        alerts = partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        chinese = alerts.filtered(lambda a: a.user_id == self.user_salesperson)
        english = alerts.filtered(lambda a: a.user_id == self.user_officer)
        self.assertEqual(chinese.summary, "级别下调：B - 重点客户 → D - 观察客户")
        self.assertIn("级别预警：已从 B - 重点客户 下调至 D - 观察客户", str(chinese.note))
        self.assertEqual(english.summary, "Tier downgrade: B - Important → D - Watch")
        self.assertIn("Tier alert: downgraded from B - Important to D - Watch", str(english.note))


@tagged("post_install", "-at_install")
class TestChatterLanguage(LangMixin, VisitCase):
    """The chatter's first note is in one language, also without a language in the context
    (demo data, scheduled actions, the external API): never "Contact 创建"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_languages()

    def test_01_archive_created_by_a_chinese_user_without_context_language(self):
        partner = (
            self.Partner.with_user(self.user_salesperson)
            .with_context(lang=None)
            .create(
                {"name": "无语言上下文有限公司", "is_company": True, "is_customer_archive": True}
            )
        )
        body = partner.message_ids[-1].body
        self.assertEqual(str(body), "<p>客户档案 %s 已建立</p>" % partner.archive_number)

    def test_02_contact_and_visit_created_in_english(self):
        contact = (
            self.Partner.with_user(self.user_officer)
            .with_context(lang=None)
            .create({"name": "Mr. Smith", "parent_id": self.customer.id})
        )
        self.assertEqual(str(contact.message_ids[-1].body), "<p>Contact created</p>")
        visit = self._visit(days=3)
        self.assertEqual(str(visit.message_ids[-1].body), "<p>Visit created</p>")


@tagged("post_install", "-at_install")
class TestDateGroupLabels(VisitCase):
    """Months (and days, quarters) of date groups in the order and words of the language."""

    def _labels(self, model, domain, groupby, lang):
        groups = (
            self.env[model]
            .with_context(lang=lang, tz="Asia/Shanghai")
            .read_group(domain, [groupby.split(":")[0]], [groupby])
        )
        return [group[groupby] for group in groups]

    def test_01_archive_month_in_chinese_and_english(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.archive_date = date(2025, 12, 3)
        domain = [("id", "=", self.customer.id)]
        self.assertEqual(
            self._labels("res.partner", domain, "archive_date:month", "zh_CN"), ["2025年12月"]
        )
        self.assertEqual(
            self._labels("res.partner", domain, "archive_date:month", "en_US"), ["December 2025"]
        )
        self.assertEqual(
            self._labels("res.partner", domain, "archive_date:quarter", "zh_CN"), ["2025年第4季度"]
        )
        self.assertEqual(
            self._labels("res.partner", domain, "archive_date:day", "zh_CN"), ["2025年12月3日"]
        )

    def test_02_visit_month_follows_the_user_time_zone(self):
        """A visit at 01:00 on the 1st of the month in Shanghai (the day before, in UTC) counts
        for that month."""
        self.env["res.lang"]._activate_lang("zh_CN")
        first = self.today.replace(day=1)
        visit = self._visit(days=-1)
        visit.planned_date = datetime.combine(first - timedelta(days=1), time(17, 0))
        domain = [("id", "=", visit.id)]
        self.assertEqual(
            self._labels("customer.archive.visit", domain, "planned_date:month", "zh_CN"),
            ["%d年%d月" % (first.year, first.month)],
        )
