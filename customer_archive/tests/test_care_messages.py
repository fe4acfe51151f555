from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestCareMessages(CustomerArchiveCase):
    """Birthday and holiday greetings (客户关怀): only to consenting, reachable people of the
    sender's archives, previewed, queued in the mail queue and posted on the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env.company.email = "care@example.cn"
        sp = cls.user_salesperson
        cls.other_sp = cls.env["res.users"].create(
            {
                "name": "测试同事",
                "login": "test_ca_care_colleague",
                "groups_id": [(6, 0, cls.user_salesperson.groups_id.ids)],
            }
        )
        cls.archive = cls._create_archive("杭州关怀测试有限公司", user_id=sp.id, keeper_id=sp.id)
        cls.day = cls.today
        birthday = (
            cls.day.replace(year=1980)
            if (cls.day.month, cls.day.day) != (2, 29)
            else date(1980, 2, 29)
        )

        def contact(name, **vals):
            return cls.Partner.create(
                {
                    "name": name,
                    "parent_id": cls.archive.id,
                    "lang": "zh_CN",
                    "birthday": birthday,
                    **vals,
                }
            )

        cls.consenting = contact("王芳", email="wang.fang@example.cn")
        cls.no_consent = contact("李强", email="li.qiang@example.cn")
        cls.no_email = contact("赵敏")
        cls.blacklisted = contact("孙丽", email="sun.li@example.cn")
        cls.withdrawn = contact("周杰", email="zhou.jie@example.cn")
        cls.marketing_only = contact("吴刚", email="wu.gang@example.cn")
        cls.env["mail.blacklist"].create({"email": "sun.li@example.cn"})
        Consent = cls.env["customer.archive.consent"]
        for person in (cls.consenting, cls.no_email, cls.blacklisted, cls.withdrawn):
            Consent.create(
                {
                    "partner_id": person.id,
                    "purpose": "生日及节日问候",
                    "care_messages": True,
                    "consent_date": cls.day,
                    "company_id": cls.env.company.id,
                }
            )
        Consent.create(
            {
                "partner_id": cls.marketing_only.id,
                "purpose": "开具发票",
                "consent_date": cls.day,
                "company_id": cls.env.company.id,
            }
        )
        cls.withdrawn.consent_ids.write({"withdrawn_date": cls.day, "withdrawal_channel": "phone"})
        cls.foreign_archive = cls._create_archive(
            "宁波别人客户有限公司", user_id=cls.other_sp.id, keeper_id=cls.other_sp.id
        )
        cls.foreign_contact = cls.Partner.create(
            {
                "name": "钱经理",
                "parent_id": cls.foreign_archive.id,
                "email": "qian@example.cn",
                "birthday": birthday,
            }
        )
        Consent.create(
            {
                "partner_id": cls.foreign_contact.id,
                "purpose": "节日问候",
                "care_messages": True,
                "consent_date": cls.day,
                "company_id": cls.env.company.id,
            }
        )
        cls.birthday = cls.env.ref("customer_archive.occasion_birthday")
        cls.spring = cls.env.ref("customer_archive.occasion_spring_festival")
        cls.CareMessage = cls.env["customer.archive.care.message"]

    def _wizard(self, user, occasion, partners=None, day=None):
        wizard = (
            self.env["customer.archive.care.send"]
            .with_user(user)
            .create(
                {
                    "occasion_id": occasion.id,
                    "date": day or self.day,
                    "partner_ids": [(6, 0, (partners or self.Partner).ids)],
                }
            )
        )
        return wizard

    def _queued_mails(self, partners):
        return self.env["mail.mail"].search([("recipient_ids", "in", partners.ids)])

    def test_01_holiday_dates_seeded_per_year(self):
        """春节, 端午节 and 中秋节 move every year: each has its date for 2026 and 2027."""
        expected = {
            "customer_archive.occasion_spring_festival": ("2026-02-17", "2027-02-06"),
            "customer_archive.occasion_dragon_boat": ("2026-06-19", "2027-06-09"),
            "customer_archive.occasion_mid_autumn": ("2026-09-25", "2027-09-15"),
            "customer_archive.occasion_national_day": ("2026-10-01", "2027-10-01"),
        }
        for xmlid, days in expected.items():
            occasion = self.env.ref(xmlid)
            self.assertEqual(
                [str(occasion._get_date(year)) for year in (2026, 2027)], list(days), xmlid
            )
        self.assertEqual(self.spring.with_context(lang="zh_CN").name, "春节")
        self.assertEqual(
            self.env.ref("customer_archive.occasion_mid_autumn").with_context(lang="zh_CN").name,
            "中秋节",
        )

    def test_02_occasion_dates_are_checked(self):
        """A birthday has no dates; a holiday has one date a year."""
        with self.assertRaises(ValidationError):
            self.birthday.write({"date_ids": [(0, 0, {"date": "2026-05-01"})]})
        with self.assertRaises(ValidationError):
            self.spring.write({"date_ids": [(0, 0, {"date": "2026-03-01"})]})
        self.assertEqual(str(self.spring._get_date(2026)), "2026-02-17")

    def test_03_preview_lists_recipients_and_excluded_with_reason(self):
        """The salesperson previews: only the consenting, reachable contact receives it."""
        wizard = self._wizard(self.user_salesperson, self.birthday)
        wizard.action_preview()
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(wizard.line_ids.filtered("included").partner_id, self.consenting)
        self.assertEqual(wizard.recipient_count, 1)
        self.assertIn("consent", lines[self.no_consent].reason)
        self.assertIn("consent", lines[self.withdrawn].reason)
        self.assertIn("consent", lines[self.marketing_only].reason)
        self.assertIn("e-mail address", lines[self.no_email].reason)
        self.assertIn("opted out", lines[self.blacklisted].reason)
        self.assertNotIn(self.foreign_contact, lines, "another salesperson's contact is listed")
        self.assertFalse(self._queued_mails(self.consenting), "a preview sends nothing")

    def test_04_send_queues_the_mail_and_posts_on_the_chatter_in_chinese(self):
        """Sending queues one e-mail (not sent at once) and posts the greeting on the chatter
        in the contact's language."""
        wizard = self._wizard(self.user_salesperson, self.birthday)
        wizard.action_preview()
        wizard.action_send()
        [message] = self.CareMessage.with_user(self.user_salesperson).search(
            [("partner_id", "=", self.consenting.id)]
        )
        self.assertEqual(message.state, "queued")
        self.assertEqual(message.user_id, self.user_salesperson)
        [mail] = self._queued_mails(self.consenting)
        self.assertEqual(mail.state, "outgoing", "the mail queue sends it, not the request")
        self.assertEqual(message.mail_id, mail)
        self.assertIn("生日快乐", mail.subject)
        self.assertIn("王芳", mail.body_html)
        chatter = self.consenting.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(chatter, message.mail_message_id)
        self.assertIn("生日快乐", str(chatter.body))
        self.assertEqual(chatter.author_id, self.user_salesperson.partner_id)
        self.assertFalse(self._queued_mails(self.no_consent | self.blacklisted | self.withdrawn))
        # once per person, occasion and day
        again = self._wizard(self.user_salesperson, self.birthday, self.consenting)
        again.action_preview()
        self.assertIn("already", again.line_ids.reason)

    def test_05_greeting_without_consent_is_refused_and_nothing_is_queued(self):
        """Forcing a contact without consent into the send refuses all of it."""
        wizard = self._wizard(
            self.user_salesperson, self.birthday, self.consenting | self.no_consent
        )
        wizard.action_preview()
        wizard.line_ids.write({"included": True})
        with self.assertRaisesRegex(UserError, "李强"):
            wizard.action_send()
        Care = self.CareMessage.with_user(self.user_salesperson)
        with self.assertRaises(UserError):
            Care._send_greetings(self.no_consent, self.spring, date(2026, 2, 17))
        with self.assertRaisesRegex(UserError, "未发送任何问候"):
            Care.with_context(lang="zh_CN")._send_greetings(
                self.no_consent, self.birthday, self.day
            )
        self.assertFalse(self.CareMessage.search([("archive_id", "=", self.archive.id)]))
        self.assertFalse(self._queued_mails(self.consenting | self.no_consent))
        self.assertFalse(
            self.no_consent.message_ids.filtered(lambda m: m.message_type == "comment")
        )

    def test_06_salesperson_cannot_preview_or_greet_contacts_of_other_archives(self):
        """Contacts of an archive the salesperson cannot see can be neither previewed nor
        greeted; the colleague who keeps it can."""
        wizard = self._wizard(self.user_salesperson, self.birthday, self.foreign_contact)
        with self.assertRaises(AccessError):
            wizard.action_preview()
        with self.assertRaises(AccessError):
            self.CareMessage.with_user(self.user_salesperson)._send_greetings(
                self.foreign_contact, self.birthday, self.day
            )
        self.assertFalse(self._queued_mails(self.foreign_contact))
        self.CareMessage.with_user(self.other_sp)._send_greetings(
            self.foreign_contact, self.birthday, self.day
        )
        self.assertTrue(self._queued_mails(self.foreign_contact))
        self.assertFalse(
            self.CareMessage.with_user(self.user_salesperson).search(
                [("partner_id", "=", self.foreign_contact.id)]
            ),
            "the log of another salesperson's archive is not visible",
        )

    def test_07_log_is_written_by_the_send_flow_only(self):
        """A salesperson cannot write the log directly (e.g. mark a greeting queued)."""
        with self.assertRaises(AccessError):
            self.CareMessage.with_user(self.user_salesperson).create(
                {
                    "partner_id": self.no_consent.id,
                    "occasion_id": self.birthday.id,
                    "occasion_date": self.day,
                }
            )

    def test_08_scheduled_action_prepares_or_sends_the_days_greetings(self):
        """Preview mode prepares greetings to send; automatic mode queues them; a second run
        adds nothing; a holiday is greeted on its day only."""
        self.birthday.send_mode = "preview"
        prepared = self.CareMessage._cron_care_messages(self.day)
        mine = prepared.filtered(lambda m: m.archive_id == self.archive)
        self.assertEqual(mine.partner_id, self.consenting)
        self.assertEqual(mine.state, "draft")
        self.assertEqual(mine.user_id, self.user_salesperson)
        self.assertFalse(self._queued_mails(self.consenting))
        # the salesperson checks and sends it
        mine.with_user(self.user_salesperson).action_send()
        self.assertEqual(mine.state, "queued")
        self.assertTrue(self._queued_mails(self.consenting))
        self.assertFalse(
            self.CareMessage._cron_care_messages(self.day).filtered(
                lambda m: m.archive_id == self.archive
            )
        )
        # automatic mode, on 春节 2027
        self.spring.send_mode = "auto"
        festival = date(2027, 2, 6)
        sent = self.CareMessage._cron_care_messages(festival).filtered(
            lambda m: m.archive_id == self.archive
        )
        self.assertEqual(sent.partner_id, self.consenting)
        self.assertEqual(sent.state, "queued")
        self.assertIn("春节", sent.mail_id.subject)
        self.assertFalse(
            self.CareMessage._cron_care_messages(date(2027, 2, 7)).filtered(
                lambda m: m.archive_id == self.archive and m.occasion_id == self.spring
            )
        )

    def test_09_wizard_from_selected_archives_proposes_their_people(self):
        """Opened from selected archives, the wizard proposes their people, not the company."""
        wizard = Form(
            self.env["customer.archive.care.send"]
            .with_user(self.user_salesperson)
            .with_context(active_model="res.partner", active_ids=self.archive.ids)
        )
        wizard.occasion_id = self.birthday
        record = wizard.save()
        self.assertIn(self.consenting, record.partner_ids)
        self.assertNotIn(self.archive, record.partner_ids)

    def test_10_birthday_reminder_says_whether_an_email_greeting_goes_out(self):
        """The salesperson's birthday reminder says whether the contact gets an e-mail greeting
        or why not (to greet by phone instead)."""
        self.user_salesperson.lang = "zh_CN"
        items = self.Partner._get_birthday_reminder_items(self.day, {self.env.company.id: 0})
        notes = {item["record"]: item["note"] for item in items}
        self.assertIn("。当天会准备生日问候邮件（客户关怀）。", notes[self.consenting])
        self.assertIn("不发送生日问候邮件：没有登记接收客户关怀的同意。", notes[self.no_consent])
        self.assertIn("已退订邮件", notes[self.blacklisted])

    def test_11_occasions_are_configured_by_managers(self):
        """Managers add next year's dates; salespeople read the calendar but cannot change it."""
        with self.assertRaises(AccessError):
            self.spring.with_user(self.user_salesperson).write(
                {"date_ids": [(0, 0, {"date": "2028-01-26"})]}
            )
        self.spring.with_user(self.user_manager).write(
            {"date_ids": [(0, 0, {"date": "2028-01-26"})]}
        )
        self.assertEqual(
            str(self.spring.with_user(self.user_salesperson)._get_date(2028)), "2028-01-26"
        )
        with self.assertRaises(ValidationError):
            self.spring.with_user(self.user_manager).write(
                {"date_ids": [(0, 0, {"date": "2028-02-01"})]}
            )
