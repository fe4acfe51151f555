from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCase, valid_uscc


@tagged("post_install", "-at_install")
class TestChangeRequest(CustomerArchiveCase):
    """Controlled fields (变更审批): an archive user's change of one of them is not written but
    becomes a change request that an archive officer approves or rejects; the other fields of
    the same write apply at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.archive_change_approval = True
        cls.company.archive_change_field_ids = cls.company._default_archive_change_fields()
        cls.code = valid_uscc(4711)
        cls.archive = cls._create_archive(
            "福州变更测试有限公司",
            user_id=cls.user_salesperson.id,
            legal_representative="林一",
            registered_capital=1000000,
            vat=cls.code,
        )
        cls.Request = cls.env["customer.archive.change.request"]

    def _requests(self, archive=None):
        return self.Request.search([("partner_id", "=", (archive or self.archive).id)])

    def test_01_controlled_field_becomes_a_request_other_fields_apply(self):
        """The salesperson renames their archive and changes its city in one write: the city
        changes, the name does not; a request names the field, old and new value, and the
        archive's chatter says the change was submitted."""
        self.archive.with_user(self.user_salesperson).write(
            {"name": "福州新名称有限公司", "city": "福州"}
        )
        self.assertEqual(self.archive.name, "福州变更测试有限公司")
        self.assertEqual(self.archive.city, "福州")
        request = self._requests()
        self.assertEqual(len(request), 1)
        self.assertEqual(
            (request.field_name, request.old_value_display, request.new_value_display),
            ("name", "福州变更测试有限公司", "福州新名称有限公司"),
        )
        self.assertEqual(
            (request.state, request.requester_id), ("to_approve", self.user_salesperson)
        )
        self.assertEqual(self.archive.change_request_pending_count, 1)
        self.assertIn("Change request submitted", self.archive.message_ids[0].body)
        self.assertIn(request.name, self.archive.message_ids[0].body)
        # the archive officers are asked to decide
        self.assertIn(self.user_officer, request.activity_ids.user_id)
        # the requester sees their own request
        self.assertEqual(self.Request.with_user(self.user_salesperson).search([]), request)

    def test_02_credit_code_salesperson_and_capital(self):
        """The credit code (the tax ID), the salesperson and the registered capital are
        controlled too, through any of their names."""
        new_code = valid_uscc(4712)
        self.archive.with_user(self.user_salesperson).write(
            {
                "credit_code": new_code,
                "user_id": False,
                "registered_capital": 2000000,
                "legal_representative": "林二",
            }
        )
        self.assertEqual(
            (self.archive.vat, self.archive.user_id, self.archive.registered_capital),
            (self.code, self.user_salesperson, 1000000),
        )
        self.assertEqual(self.archive.legal_representative, "林一")
        salesperson = self._requests().filtered(lambda r: r.field_name == "user_id")
        self.assertEqual(
            (salesperson.old_value_display, salesperson.new_value_display),
            (self.user_salesperson.name, ""),
        )
        self.assertEqual(
            sorted(self._requests().mapped("field_name")),
            ["legal_representative", "registered_capital", "user_id", "vat"],
        )
        # handing the archive to someone else is not the salesperson's to ask: refused
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_salesperson).write({"user_id": self.user_officer.id})

    def test_03_officer_approves_the_value_is_written(self):
        self.archive.with_user(self.user_salesperson).write({"name": "福州批准后有限公司"})
        request = self._requests()
        request.with_user(self.user_officer).action_approve()
        self.assertEqual(self.archive.name, "福州批准后有限公司")
        self.assertEqual((request.state, request.approver_id), ("approved", self.user_officer))
        self.assertTrue(request.decided_on)
        self.assertFalse(request.activity_ids)
        self.assertEqual(self.archive.change_request_pending_count, 0)

    def test_04_only_officers_decide_server_side(self):
        """The requester can neither approve, reject nor force the state of their request."""
        self.archive.with_user(self.user_salesperson).write({"name": "福州越权有限公司"})
        request = self._requests().with_user(self.user_salesperson)
        with self.assertRaises(AccessError):
            request.action_approve()
        with self.assertRaises(AccessError):
            request.action_reject(reason="自己驳回")
        with self.assertRaises(AccessError):
            request.write({"state": "approved"})
        with self.assertRaises(AccessError):
            request.write({"new_value": "福州另一个名字"})
        with self.assertRaises(AccessError):
            self.Request.with_user(self.user_salesperson).create(
                {"partner_id": self.archive.id, "field_id": request.field_id.id}
            )
        with self.assertRaises(AccessError):
            request.unlink()
        self.assertEqual(self.archive.name, "福州变更测试有限公司")
        self.assertEqual(request.state, "to_approve")

    def test_05_reject_needs_a_reason(self):
        self.archive.with_user(self.user_salesperson).write({"legal_representative": "林三"})
        request = self._requests().with_user(self.user_officer)
        with self.assertRaises(UserError):
            request.action_reject()
        request.action_reject(reason="营业执照未变更")
        self.assertEqual(
            (request.state, request.rejection_reason, self.archive.legal_representative),
            ("rejected", "营业执照未变更", "林一"),
        )
        with self.assertRaises(UserError):
            request.action_approve()
        self.assertEqual(self.archive.legal_representative, "林一")

    def test_06_stale_request_is_refused(self):
        """Two requests start from the same name; once the first is approved, the second is
        out of date: approving it is refused and changes nothing."""
        as_user = self.archive.with_user(self.user_salesperson)
        as_user.write({"name": "福州甲有限公司"})
        as_user.write({"name": "福州乙有限公司"})
        first, second = self._requests().sorted("id")
        first.with_user(self.user_officer).action_approve()
        with self.assertRaisesRegex(UserError, "out of date"):
            second.with_user(self.user_officer).action_approve()
        self.assertEqual(self.archive.name, "福州甲有限公司")
        self.assertEqual(second.state, "to_approve")

    def test_07_field_the_user_may_not_change_is_an_error(self):
        """The manual tier cannot be written at all (only "Set Tier Manually" sets it): an
        error, no request, and the other field of the write is not applied either."""
        tier = self.env["customer.archive.tier"].search([], limit=1)
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_salesperson).write(
                {"tier_override_tier_id": tier.id, "city": "厦门"}
            )
        self.assertFalse(self._requests())
        self.assertNotEqual(self.archive.city, "厦门")

    def test_07b_manual_tier_cannot_be_emptied_through_a_request(self):
        tier = self.env["customer.archive.tier"].search([], limit=1)
        self.archive.sudo().write({"tier_override_tier_id": tier.id})
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_salesperson).write({"tier_override_tier_id": False})
        self.assertFalse(self._requests())
        self.assertEqual(self.archive.tier_override_tier_id, tier)

    def test_08_archive_the_user_may_not_edit(self):
        foreign = self._create_archive("泉州他人档案有限公司", user_id=self.user_officer.id)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_salesperson).write({"name": "泉州篡改有限公司"})
        self.assertFalse(self._requests(foreign))

    def test_09_officers_write_directly_and_setting_off_writes_directly(self):
        self.archive.with_user(self.user_officer).write({"name": "福州管理员改名有限公司"})
        self.assertEqual(self.archive.name, "福州管理员改名有限公司")
        self.company.archive_change_approval = False
        self.archive.with_user(self.user_salesperson).write({"name": "福州关闭审批有限公司"})
        self.assertEqual(self.archive.name, "福州关闭审批有限公司")
        self.assertFalse(self._requests())

    def test_10_form_goes_through_requests(self):
        """A form save is a write: a request, no change. (Imports are for archive managers
        only, who decide themselves; the data guard refuses an archive user's import.)"""
        with Form(self.archive.with_user(self.user_salesperson)) as form:
            form.legal_representative = "林表单"
            form.city = "莆田"
        self.assertEqual((self.archive.legal_representative, self.archive.city), ("林一", "莆田"))
        self.assertEqual(self._requests().mapped("field_name"), ["legal_representative"])

    def test_11_bank_account_added_on_approval(self):
        """A bank account added by the salesperson is created only when approved; its number
        is masked in the request for users who are not cleared."""
        contact_creation = self.env.ref("base.group_partner_manager")
        (self.user_salesperson | self.user_officer).groups_id = [Command.link(contact_creation.id)]
        self.archive.with_user(self.user_salesperson).write(
            {"bank_ids": [Command.create({"acc_number": "6222021001001234567"})]}
        )
        self.assertFalse(self.archive.bank_ids)
        request = self._requests()
        self.assertEqual(request.field_name, "bank_ids")
        self.assertNotIn(
            "6222021001001234567", request.with_user(self.user_officer).new_value_display
        )
        self.assertIn("6222021001001234567", request.with_user(self.user_manager).new_value_display)
        # creating the account record directly would go around the request
        with self.assertRaises(UserError):
            self.env["res.partner.bank"].with_user(self.user_salesperson).create(
                {"partner_id": self.archive.id, "acc_number": "6222021001007654321"}
            )
        request.with_user(self.user_officer).action_approve()
        self.assertEqual(self.archive.bank_ids.acc_number, "6222021001001234567")
        with self.assertRaises(UserError):
            self.archive.bank_ids.with_user(self.user_salesperson).unlink()
        self.assertTrue(self.archive.bank_ids)

    def test_11b_bank_account_without_the_right_to_create_one(self):
        """Without the right to create bank accounts, asking for one is refused at once."""
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_salesperson).write(
                {"bank_ids": [Command.create({"acc_number": "6222021001009999999"})]}
            )
        self.assertFalse(self._requests())

    def test_12_unchanged_value_makes_no_request(self):
        self.archive.with_user(self.user_salesperson).write(
            {"name": "福州变更测试有限公司", "legal_representative": "林一"}
        )
        self.assertFalse(self._requests())
