from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .case_common import ServiceCaseCommon


@tagged("post_install", "-at_install")
class TestServiceCaseSecurity(ServiceCaseCommon):
    """Cases follow their archive: a salesperson reaches the cases of the archives they see
    only, by every read path; managers see all; masking applies to the archive's fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_case = cls._case()
        cls.foreign_case = cls._case(partner=cls.other_customer, user=cls.user_manager)

    def test_01_salesperson_reads_only_cases_of_visible_archives(self):
        Case = self.Case.with_user(self.user_salesperson)
        ids = (self.own_case | self.foreign_case).ids
        self.assertEqual(Case.search([("id", "in", ids)]), self.own_case)
        self.assertEqual(Case.search_count([("id", "in", ids)]), 1)
        with self.assertRaises(AccessError):
            self.foreign_case.with_user(self.user_salesperson).read(["description"])
        groups = Case.read_group([("id", "in", ids)], ["partner_id"], ["partner_id"])
        self.assertEqual([g["partner_id"][0] for g in groups], [self.customer.id])
        names = [name for _id, name in Case.name_search(self.foreign_case.name[:6])]
        self.assertNotIn(self.foreign_case.display_name, names)
        self.assertEqual(Case.name_search(self.foreign_case.name, operator="="), [])

    def test_02_salesperson_cannot_write_or_create_on_hidden_archive(self):
        with self.assertRaises(AccessError):
            self.foreign_case.with_user(self.user_salesperson).write({"priority": "3"})
        with self.assertRaises(AccessError):
            self.Case.with_user(self.user_salesperson).create(
                {
                    "partner_id": self.other_customer.id,
                    "type_id": self.type_complaint.id,
                }
            )
        # nor move their own case to a hidden archive
        with self.assertRaises(AccessError):
            self.own_case.with_user(self.user_salesperson).write(
                {"partner_id": self.other_customer.id}
            )
        self.assertEqual(self.own_case.partner_id, self.customer)
        with self.assertRaises(AccessError):
            self.own_case.with_user(self.user_salesperson).unlink()

    def test_03_salesperson_cannot_export_cases(self):
        with self.assertRaises(AccessError):
            self.own_case.with_user(self.user_salesperson).export_data(["name", "description"])
        rows = self.own_case.with_user(self.user_manager).export_data(["name"])["datas"]
        self.assertEqual(rows, [[self.own_case.name]])

    def test_04_officer_and_manager_see_company_cases(self):
        ids = (self.own_case | self.foreign_case).ids
        for user in (self.user_officer, self.user_manager):
            self.assertEqual(
                self.Case.with_user(user).search([("id", "in", ids)]),
                self.own_case | self.foreign_case,
                user.login,
            )

    def test_05_assignee_must_see_the_archive(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.foreign_case.with_user(self.user_manager).write(
                {"user_id": self.user_salesperson.id}
            )
        self.assertEqual(self.foreign_case.user_id, self.user_manager)

    def test_06_archive_mobile_masked_on_the_case(self):
        """The customer's mobile (classified for archives) reads masked on the case for the
        uncleared salesperson, clear for the manager."""
        [row] = self.own_case.with_user(self.user_salesperson).read(["partner_mobile"])
        self.assertNotIn("57162231", row["partner_mobile"] or "")
        self.assertTrue(row["partner_mobile"])
        [row] = self.own_case.with_user(self.user_manager).read(["partner_mobile"])
        self.assertEqual(row["partner_mobile"], "13957162231")

    def test_07_types_and_stages_by_officers(self):
        with self.assertRaises(AccessError):
            self.env["customer.archive.case.type"].with_user(self.user_salesperson).create(
                {"name": "退货"}
            )
        kind = (
            self.env["customer.archive.case.type"]
            .with_user(self.user_officer)
            .create({"name": "退货"})
        )
        self.assertEqual(kind.name, "退货")
        with self.assertRaises(AccessError):
            self.stage_new.with_user(self.user_salesperson).write({"name": "x"})
        self.stage_new.with_user(self.user_manager).write({"fold": True})
        self.assertTrue(self.stage_new.fold)
