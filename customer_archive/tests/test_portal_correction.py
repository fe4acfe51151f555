import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCase
from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestPortalCorrection(HttpCase, CustomerArchiveCase):
    """The customer's own corrections (客户自行修改 → 认证确认): the main contact of an archive,
    a portal user, sees part of the archive on /my/archive and sends corrections that arrive
    as change requests; nothing else of the archive is shown or written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls._create_archive(
            "福州门户测试有限公司",
            user_id=cls.user_salesperson.id,
            street="福州市鼓楼区五四路 1 号",
            phone="0591-8888 0001",
            business_scope="茶叶销售",
            credit_notes="内部信用备注：回款慢",
            legal_representative="林法人",
        )
        cls.contact = cls.Partner.create(
            {
                "name": "林门户",
                "parent_id": cls.archive.id,
                "is_main_contact": True,
                "email": "lin.portal@example.cn",
            }
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "login": "test_ca_portal",
                "password": "test_ca_portal",
                "partner_id": cls.contact.id,
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )
        cls.other = cls.Partner.create({"name": "陈普通", "parent_id": cls.archive.id})
        cls.other_user = cls.env["res.users"].create(
            {
                "login": "test_ca_portal_2",
                "password": "test_ca_portal_2",
                "partner_id": cls.other.id,
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )
        cls.Request = cls.env["customer.archive.change.request"]

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_01_page_shows_the_public_part_only(self):
        self.authenticate("test_ca_portal", "test_ca_portal")
        response = self.url_open("/my/archive")
        self.assertEqual(response.status_code, 200)
        html = response.text
        for shown in (
            "福州门户测试有限公司",
            "福州市鼓楼区五四路 1 号",
            "0591-8888 0001",
            "茶叶销售",
        ):
            self.assertIn(shown, html)
        for hidden in ("内部信用备注", "林法人", self.archive.archive_number):
            self.assertNotIn(hidden, html)

    def test_02_correction_becomes_change_requests(self):
        """The customer corrects the street and the business scope: two requests from the
        portal, by the portal user, and the archive is unchanged until an officer approves."""
        self.authenticate("test_ca_portal", "test_ca_portal")
        page = self.url_open("/my/archive").text
        response = self.url_open(
            "/my/archive",
            data={
                "csrf_token": self._csrf(page),
                "name": "福州门户测试有限公司",
                "street": "福州市鼓楼区五四路 99 号",
                "business_scope": "茶叶、茶具销售",
                "reason": "公司已搬迁",
                # not on the form: ignored
                "legal_representative": "篡改",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("submitted=2", response.url)
        self.assertIn("福州市鼓楼区五四路 99 号", response.text, "pending corrections listed")
        requests = self.Request.search([("partner_id", "=", self.archive.id)])
        self.assertEqual(sorted(requests.mapped("field_name")), ["business_scope", "street"])
        self.assertEqual(set(requests.mapped("source")), {"portal"})
        self.assertEqual(requests.requester_id, self.portal_user)
        self.assertEqual(set(requests.mapped("reason")), {"公司已搬迁"})
        self.assertEqual(self.archive.street, "福州市鼓楼区五四路 1 号")
        self.assertEqual(self.archive.legal_representative, "林法人")
        street = requests.filtered(lambda r: r.field_name == "street")
        street.with_user(self.user_officer).action_approve()
        self.assertEqual(self.archive.street, "福州市鼓楼区五四路 99 号")

    @mute_logger("odoo.http")
    def test_03_no_csrf_no_change(self):
        self.authenticate("test_ca_portal", "test_ca_portal")
        response = self.url_open("/my/archive", data={"street": "无令牌"})
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.Request.search([("partner_id", "=", self.archive.id)]))

    def test_04_only_the_main_contact_and_no_partner_read(self):
        """Another contact of the company has no page; the portal user cannot read the change
        requests nor other archives over the ORM."""
        self.authenticate("test_ca_portal_2", "test_ca_portal_2")
        self.assertEqual(self.url_open("/my/archive").status_code, 404)
        other_archive = self._create_archive("泉州其他档案有限公司")
        Partner = self.Partner.with_user(self.portal_user)
        self.assertFalse(Partner.search([("id", "=", other_archive.id)]))
        self.assertFalse(self.Request.with_user(self.portal_user).has_access("read"))


@tagged("post_install", "-at_install")
class TestPortalCorrectionTour(TourCase, CustomerArchiveCase):
    def test_01_portal_correction_tour(self):
        """In Chromium: the main contact opens the company information from the portal home,
        corrects the street and sends it; an officer finds the request and approves it."""
        archive = self._create_archive(
            "福州门户巡检有限公司",
            user_id=self.user_salesperson.id,
            street="福州市鼓楼区五四路 1 号",
        )
        contact = self.Partner.create(
            {"name": "林巡检", "parent_id": archive.id, "is_main_contact": True}
        )
        self.env["res.users"].create(
            {
                "login": "tour_ca_portal",
                "password": "tour_ca_portal",
                "partner_id": contact.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.start_tour("/my", "customer_archive_portal_correction_tour", login="tour_ca_portal")
        request = self.env["customer.archive.change.request"].search(
            [("partner_id", "=", archive.id)]
        )
        self.assertEqual(
            (request.field_name, request.source, request.reason),
            ("street", "portal", "公司已搬迁"),
        )
        self.assertEqual(archive.street, "福州市鼓楼区五四路 1 号")
        request.with_user(self.user_officer).action_approve()
        self.assertEqual(archive.street, "福州市鼓楼区五四路 99 号")
