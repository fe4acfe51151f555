import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CustomerArchiveCase, valid_uscc

WITNESS = "customer_archive.mail_activity_type_destruction_witness"
APPROVAL = "customer_archive.mail_activity_type_destruction_approval"


@tagged("post_install", "-at_install")
class TestArchiveDestruction(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.witness = new_test_user(
            cls.env,
            login="test_ca_witness",
            name="测试监销人",
            groups="customer_archive.group_archive_officer",
        )
        cls.manager_2 = new_test_user(
            cls.env,
            login="test_ca_manager_2",
            name="测试档案主管二",
            groups="customer_archive.group_archive_manager",
        )
        cls.Destruction = cls.env["customer.archive.destruction"]
        cls.archive = cls._create_archive(
            "漳州销毁测试有限公司",
            vat=valid_uscc(4242),
            legal_representative="林国栋",
            phone="0596-1234567",
            business_scope="五金批发",
            user_id=cls.user_salesperson.id,
        )
        cls.contact = cls.Partner.create(
            {
                "name": "林小姐",
                "parent_id": cls.archive.id,
                "mobile": "13906061234",
                "email": "lin@zz.cn",
            }
        )
        licence = cls.env.ref("customer_archive.document_type_business_licence")
        cls.document = cls.env["customer.archive.document"].create(
            {
                "partner_id": cls.archive.id,
                "type_id": licence.id,
                "number": "ZZ-1",
                "attachment": base64.b64encode(b"%PDF licence"),
            }
        )
        cls.env["ir.attachment"].create(
            {
                "name": "合同.pdf",
                "res_model": "res.partner",
                "res_id": cls.archive.id,
                "raw": b"%PDF contract",
            }
        )
        cls.archive_number = cls.archive.archive_number

    def _request(self, witness=None, requester=None):
        with Form(self.Destruction.with_user(requester or self.user_officer)) as form:
            form.partner_id = self.archive
            form.reason = "客户已注销，保管期满"
            form.witness_id = witness or self.witness
        return form.record

    def _activity_users(self, record, xmlid):
        return (
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                ]
            )
            .user_id
        )

    def test_01_unlink_of_an_archive_is_refused_to_everybody(self):
        for user in (self.user_manager, self.user_officer):
            with self.assertRaises(UserError) as error:
                self.archive.with_user(user).unlink()
            self.assertIn(self.archive_number, str(error.exception))
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_salesperson).unlink()
        # a context key sent by a client is no marker
        with self.assertRaises(UserError):
            self.archive.with_context(customer_archive_destruction=True).unlink()
        with self.assertRaises(UserError):
            self.archive.sudo().unlink()
        self.assertTrue(self.archive.exists())
        # in Chinese for a Chinese-speaking manager
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_manager.lang = "zh_CN"
        with self.assertRaises(UserError) as error:
            self.archive.with_user(self.user_manager).with_context(lang="zh_CN").unlink()
        self.assertIn("销毁登记", str(error.exception))

    def test_02_other_partners_are_deleted_as_in_stock(self):
        plain = self.Partner.create({"name": "普通联系人"})
        plain.unlink()
        self.assertFalse(plain.exists())
        self.contact.with_user(self.user_manager).unlink()
        self.assertFalse(self.contact.exists())
        # the merge wizard still folds a duplicate archive into the surviving one
        duplicate = self._create_archive("漳州销毁测试有限公司（重复）")
        self.env["base.partner.merge.automatic.wizard"].with_user(self.user_manager)._merge(
            (self.archive | duplicate).ids, self.archive, extra_checks=False
        )
        self.assertFalse(duplicate.exists())
        self.assertTrue(self.archive.exists())

    def test_03_request_approve_witness_destroy(self):
        request = self._request()
        self.assertTrue(request.name.startswith("XH"))
        request.with_user(self.user_officer).action_submit()
        self.assertEqual(request.state, "to_approve")
        self.assertEqual(
            (request.archive_name, request.archive_number),
            ("漳州销毁测试有限公司", self.archive_number),
        )
        self.assertIn(self.user_manager, self._activity_users(request, APPROVAL))
        # an officer (the requester) cannot approve; nor can the witness confirm before approval
        with self.assertRaises(AccessError):
            request.with_user(self.user_officer).action_approve()
        with self.assertRaises(UserError):
            request.with_user(self.witness).action_confirm_destruction()
        request.with_user(self.user_manager).action_approve()
        self.assertEqual((request.state, request.approver_id), ("approved", self.user_manager))
        self.assertTrue(request.decided_on, "the register keeps the date of the approval")
        self.assertEqual(self._activity_users(request, WITNESS), self.witness)
        # only the witness confirms
        for user in (self.user_manager, self.user_officer):
            with self.assertRaises(AccessError):
                request.with_user(user).action_confirm_destruction()
        self.assertTrue(self.archive.active)
        request.with_user(self.witness).action_confirm_destruction()

        self.assertEqual(request.state, "done")
        self.assertTrue(request.destroyed_date)
        self.assertEqual(
            request.archive_name, "漳州销毁测试有限公司", "the register keeps the name"
        )
        archive = self.archive.with_context(active_test=False)
        self.assertFalse(archive.active)
        self.assertTrue(archive.archive_destroyed)
        self.assertNotIn("漳州", archive.name)
        self.assertFalse(
            archive.vat or archive.legal_representative or archive.phone or archive.business_scope
        )
        contact = self.contact.with_context(active_test=False)
        self.assertFalse(contact.active)
        self.assertFalse(contact.mobile or contact.email)
        self.assertNotEqual(contact.name, "林小姐")
        self.assertFalse(self.document.exists())
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", archive.id),
                    "&",
                    ("res_model", "=", "customer.archive.document"),
                    ("res_id", "=", self.document.id),
                    ("res_field", "in", [False, "attachment", "identity_attachment"]),
                ]
            )
        )
        log = self.env["customer.archive.access.log"].search(
            [("event", "=", "delete"), ("archive_id_list", "=", str(archive.id))]
        )
        self.assertEqual(log.user_id, self.witness)
        self.assertIn(request.name, log.detail)
        # destroyed for good: nobody reactivates or edits it; the register stays
        with self.assertRaises(UserError):
            archive.with_user(self.user_manager).write({"active": True})
        with self.assertRaises(UserError):
            request.with_user(self.user_manager).unlink()
        again = self.Destruction.with_user(self.user_officer).create(
            {"partner_id": archive.id, "reason": "再次销毁", "witness_id": self.witness.id}
        )
        with self.assertRaises(UserError):
            again.with_user(self.user_officer).action_submit()

    def test_04_separation_of_duties_and_bad_input(self):
        with self.assertRaises(ValidationError):
            self._request(witness=self.user_officer)
        with self.assertRaises(AccessError):
            self.Destruction.with_user(self.user_salesperson).create(
                {"partner_id": self.archive.id, "reason": "x", "witness_id": self.witness.id}
            )
        request = self._request(witness=self.manager_2)
        with self.assertRaises(AccessError):
            request.with_user(self.user_officer).write({"state": "approved"})
        request.with_user(self.user_officer).action_submit()
        with self.assertRaises(AccessError):
            request.with_user(self.manager_2).action_approve()  # the witness does not approve
        with self.assertRaises(UserError):
            request.with_user(self.user_officer).write({"reason": "改个理由"})
        request.with_user(self.user_manager).action_reject()
        self.assertEqual(request.state, "rejected")
        with self.assertRaises(UserError):
            request.with_user(self.manager_2).action_confirm_destruction()
        self.assertTrue(self.archive.active)
        self.assertFalse(self.archive.archive_destroyed)
        secret = self._create_archive(
            "保密客户有限公司", confidentiality_level="secret", keeper_id=self.user_manager.id
        )
        with self.assertRaises(AccessError):  # an archive the officer may not see
            self.Destruction.with_user(self.user_officer).create(
                {"partner_id": secret.id, "reason": "x", "witness_id": self.witness.id}
            )
        plain = self.Partner.create({"name": "非档案客户"})
        with self.assertRaises(ValidationError):
            self.Destruction.with_user(self.user_officer).create(
                {"partner_id": plain.id, "reason": "x", "witness_id": self.witness.id}
            )
