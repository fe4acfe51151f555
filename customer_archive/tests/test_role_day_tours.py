"""A working day of each demo role in Chromium, on a desktop (1440×900) and on a phone (390×844),
in Chinese (ca_user, ca_officer, ca_manager, ca_admin) and in English (their *_en twins).

The tours (static/tests/tours/customer_archive_role_day_tours.js) read their data and the words
the user must see in their language from ``tour_params``; this file checks what they changed.
TestReadmeScreenshots (make screenshots) runs the same days to take the README's screenshots.
"""

from odoo.tests import tagged

from .print_common import pdf_text
from .visit_tour_common import ShanghaiPhoneCase

DESKTOP = ("1440x900", False)
PHONE = ("390x844", True)

# The words each role must read on the screen, in their language (the glossary's).
WORDS = {
    "zh_CN": {
        "archives": "客户档案",
        "plan_visit": "计划拜访",
        "pool": "客户公海",
        "request_print": "申请打印",
        "approve": "批准",
        "risk": "每月风险评估",
        "dormant_days": "休眠判定天数",
    },
    "en_US": {
        "archives": "Customer Archives",
        "plan_visit": "Plan Visit",
        "pool": "Public Pool",
        "request_print": "Request Print",
        "approve": "Approve",
        "risk": "Monthly Risk Assessment",
        "dormant_days": "Dormant After (days)",
    },
}
# The visit plan's titles: "2026年12月" and "2026年11月 – 12月", not Odoo's "十二月 2026".
CALENDAR_TITLES = {
    "zh_CN": {
        "week": r"^\d{4}年\d{1,2}月( – (\d{4}年)?\d{1,2}月)?$",
        "month": r"^\d{4}年\d{1,2}月$",
    },
    "en_US": {
        "week": r"^[A-Z][a-z]+( \d{4})?( – [A-Z][a-z]+)? \d{4}$",
        "month": r"^[A-Z][a-z]+ \d{4}$",
    },
}
USERS = {
    "zh_CN": {
        "salesperson": "customer_archive.user_archive_user",
        "officer": "customer_archive.user_archive_officer",
        "manager": "customer_archive.user_archive_manager",
        "admin": "customer_archive.user_archive_admin",
    },
    "en_US": {
        "salesperson": "customer_archive.user_archive_user_en",
        "officer": "customer_archive.user_archive_officer_en",
        "manager": "customer_archive.user_archive_manager_en",
        "admin": "customer_archive.user_archive_admin_en",
    },
}
# Typed by the users, in their language.
TYPED = {
    "zh_CN": {
        "summary": "客户同意试用新款样品",
        "purpose": "拜访前核对客户资料",
        "tier_name": "B - 重点培育",
    },
    "en_US": {
        "summary": "The customer agreed to try the new samples",
        "purpose": "Check the file before a visit",
        "tier_name": "B - Growing",
    },
}


class RoleDayCase(ShanghaiPhoneCase):
    """The days of the demo roles, parameterised by language and device. The demo data are
    needed (the demo users, their archives, the public pool)."""

    def _start_day(self, lang, device, role, tour, url, **params):
        self.browser_size, self.touch_enabled = device
        user = self.env.ref(USERS[lang][role])
        self.assertEqual(user.lang, lang, "the demo user works in the tour's language")
        self.tour_params = {"lang": lang, "words": WORDS[lang], **params}
        self.start_tour(url, tour, login=user.login)
        return user

    def _salesperson_day(self, lang, device):
        """Open an own archive, call a contact (the clear number, logged), plan a visit and do
        it with check-in, outcome and summary, see the visit plan titled in the user's
        language, claim a customer from the public pool."""
        salesperson = self.env.ref(USERS[lang]["salesperson"])
        Partner = self.env["res.partner"]
        archive = Partner.search(
            [
                ("is_customer_archive", "=", True),
                ("parent_id", "=", False),
                ("user_id", "=", salesperson.id),
                ("child_ids.mobile", "!=", False),
            ],
            order="name",
            limit=1,
        )
        contact = archive.child_ids.filtered("mobile")[:1]
        self.assertTrue(contact, "the demo salesperson owns an archive with a contact's mobile")
        pool_customer = Partner.search(
            [("in_public_pool", "=", True), ("pool_previous_user_id", "!=", salesperson.id)],
            order="name",
            limit=1,
        )
        self.assertTrue(pool_customer, "the demo's public pool holds a claimable customer")
        outcome = self.env.ref("customer_archive.visit_outcome_order")
        Visit = self.env["customer.archive.visit"]
        visits_before = Visit.search([("partner_id", "=", archive.id)])
        self._start_day(
            lang,
            device,
            "salesperson",
            "customer_archive_salesperson_day_tour",
            "/odoo/customer-archives",
            archive=archive.name,
            contact=contact.name,
            contact_url="tel:%s" % "".join(ch for ch in contact.mobile if ch.isdigit()),
            outcome=outcome.with_context(lang=lang).name,
            summary=TYPED[lang]["summary"],
            latitude=str(self.LATITUDE),
            pool_customer=pool_customer.name,
            week_title=CALENDAR_TITLES[lang]["week"],
            month_title=CALENDAR_TITLES[lang]["month"],
        )
        # The call used the clear number and is in the access log.
        call = self.env["customer.archive.access.log"].search(
            [
                ("event", "=", "contact_use"),
                ("user_id", "=", salesperson.id),
                ("partner_id", "=", contact.id),
            ]
        )
        self.assertEqual(len(call), 1)
        self.assertEqual(call.field_name, "mobile")
        # The visit planned, checked in where the phone was, done with outcome and summary.
        visit = Visit.search([("partner_id", "=", archive.id)]) - visits_before
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_id, salesperson)
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.outcome_id, outcome)
        self.assertIn(TYPED[lang]["summary"], visit.summary)
        self.assertEqual(visit.checkin_user_id, salesperson)
        self.assertAlmostEqual(visit.checkin_latitude, self.LATITUDE, places=5)
        self.assertAlmostEqual(visit.checkin_longitude, self.LONGITUDE, places=5)
        # The customer claimed from the pool is the salesperson's.
        self.assertFalse(pool_customer.in_public_pool)
        self.assertEqual(pool_customer.user_id, salesperson)

    def _print_day(self, lang, device):
        """The officer requests a controlled print of an archive; the manager approves it from
        the activity, reads the risk assessment and names a tier; the officer prints the card
        with the button: the PDF carries the archive's content."""
        archive = self.env.ref("customer_archive.partner_jinling_stationery")
        contact = self.env.ref("customer_archive.contact_jinling_owner")
        url = "/odoo/customer-archives/%s" % archive.id
        purpose = TYPED[lang]["purpose"]
        officer = self._start_day(
            lang,
            device,
            "officer",
            "customer_archive_officer_request_tour",
            url,
            archive=archive.name,
            purpose=purpose,
        )
        request = self.env["customer.archive.print.request"].search(
            [("requester_id", "=", officer.id), ("purpose", "=", purpose)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.partner_ids, archive)

        tier = self.env.ref("customer_archive.tier_b")
        other_lang = "en_US" if lang == "zh_CN" else "zh_CN"
        other_name = tier.with_context(lang=other_lang).name
        manager = self._start_day(
            lang,
            device,
            "manager",
            "customer_archive_manager_day_tour",
            "/odoo/customer-archives",
            purpose=purpose,
            tier_code=tier.code,
            tier_name=TYPED[lang]["tier_name"],
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, manager)
        self.assertFalse(request.activity_ids, "the approval closed the managers' activities")
        self.assertEqual(tier.with_context(lang=lang).name, TYPED[lang]["tier_name"])
        self.assertEqual(tier.with_context(lang=other_lang).name, other_name)

        pdf_name = "customer_archive_day_card_%s.pdf" % lang
        self._start_day(
            lang, device, "officer", "customer_archive_officer_print_tour", url, pdf_name=pdf_name
        )
        pdf = self.env["ir.attachment"].search(
            [("name", "=", pdf_name), ("create_uid", "=", officer.id)]
        )
        self.assertEqual(len(pdf), 1)
        text = pdf_text(pdf.raw)
        self.assertIn(archive.name, text)
        self.assertIn(archive.archive_number, text)
        self.assertIn(contact.name, text)
        self.assertEqual(len(request.copy_ids), 1)
        self.assertIn(request.copy_ids.name, text, "the copy's serial is printed on it")
        self.assertEqual(request.copy_ids.printed_by_id, officer)

    def _admin_day(self, lang, device):
        """The administrator opens the app's Settings from its Configuration menu and sets the
        days after which a customer is dormant."""
        company = self.env.ref("base.main_company")
        days = company.archive_dormant_days + 20
        self._start_day(
            lang,
            device,
            "admin",
            "customer_archive_admin_day_tour",
            "/odoo/customer-archives",
            dormant_days=days,
        )
        self.assertEqual(company.archive_dormant_days, days)


@tagged("post_install", "-at_install")
class TestRoleDayTours(RoleDayCase):
    def test_01_salesperson_zh_desktop(self):
        self._salesperson_day("zh_CN", DESKTOP)

    def test_02_salesperson_zh_phone(self):
        self._salesperson_day("zh_CN", PHONE)

    def test_03_salesperson_en_desktop(self):
        self._salesperson_day("en_US", DESKTOP)

    def test_04_salesperson_en_phone(self):
        self._salesperson_day("en_US", PHONE)

    def test_05_officer_and_manager_zh_desktop(self):
        self._print_day("zh_CN", DESKTOP)

    def test_06_officer_and_manager_zh_phone(self):
        self._print_day("zh_CN", PHONE)

    def test_07_officer_and_manager_en_desktop(self):
        self._print_day("en_US", DESKTOP)

    def test_08_officer_and_manager_en_phone(self):
        self._print_day("en_US", PHONE)

    def test_09_admin_zh_desktop(self):
        self._admin_day("zh_CN", DESKTOP)

    def test_10_admin_zh_phone(self):
        self._admin_day("zh_CN", PHONE)

    def test_11_admin_en_desktop(self):
        self._admin_day("en_US", DESKTOP)

    def test_12_admin_en_phone(self):
        self._admin_day("en_US", PHONE)
