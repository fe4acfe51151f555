from odoo.exceptions import AccessError
from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitSecurity(VisitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls._create_archive("别人的客户有限公司", user_id=cls.user_manager.id,
                                                 keeper_id=cls.user_manager.id)
        cls.kept_customer = cls._create_archive("代管客户有限公司", user_id=cls.user_manager.id,
                                                keeper_id=cls.user_salesperson.id)
        cls.own_visit = cls._visit(days=-1)
        cls.foreign_visit = cls._visit(partner=cls.other_customer, days=-1, user=cls.user_manager)
        cls.kept_visit = cls._visit(partner=cls.kept_customer, days=-1, user=cls.user_manager)
        # The salesperson's own visit to someone else's customer stays visible to them.
        cls.own_visit_elsewhere = cls._visit(partner=cls.other_customer, days=-2)
        cls.customer_2 = cls._create_archive(
            "第二公司客户", company_id=cls.company_2.id, archive_company_id=cls.company_2.id,
            user_id=cls.user_manager.id)
        cls.user_manager.write({"company_ids": [(4, cls.company_2.id)]})
        cls.visit_2 = cls.Visit.with_company(cls.company_2).create({
            "partner_id": cls.customer_2.id, "user_id": cls.user_manager.id,
            "planned_date": cls._at(cls.today),
        })

    def _visible(self, user, company=None):
        Visit = self.Visit.with_user(user)
        if company:
            Visit = Visit.with_context(allowed_company_ids=company.ids)
        return Visit.search([("id", "in", (self.own_visit | self.foreign_visit | self.kept_visit
                                           | self.own_visit_elsewhere | self.visit_2).ids)])

    def test_01_salesperson_sees_own_and_responsible(self):
        visible = self._visible(self.user_salesperson)
        self.assertEqual(visible, self.own_visit | self.kept_visit | self.own_visit_elsewhere)
        with self.assertRaises(AccessError):
            self.foreign_visit.with_user(self.user_salesperson).read(["summary"])
        with self.assertRaises(AccessError):
            self.foreign_visit.with_user(self.user_salesperson).write({"summary": "<p>x</p>"})
        self.kept_visit.with_user(self.user_salesperson).write({"summary": "<p>代管记录</p>"})
        with self.assertRaises(AccessError):
            self.own_visit.with_user(self.user_salesperson).unlink()
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_salesperson).create({
                "partner_id": self.other_customer.id, "user_id": self.user_manager.id,
                "planned_date": self._at(self.today),
            })

    def test_02_officer_sees_the_visits_of_company_archives(self):
        # Officers see every archive of their companies (confidentiality), hence their visits.
        self.assertEqual(self._visible(self.user_officer),
                         self.own_visit | self.foreign_visit | self.kept_visit | self.own_visit_elsewhere)

    def test_03_manager_sees_all_of_allowed_companies(self):
        self.assertEqual(self._visible(self.user_manager, self.company),
                         self.own_visit | self.foreign_visit | self.kept_visit | self.own_visit_elsewhere)
        self.assertEqual(self._visible(self.user_manager, self.company_2), self.visit_2)
        self.foreign_visit.with_user(self.user_manager).unlink()

    def test_04_plain_user_no_access(self):
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.env["customer.archive.visit.compliance"].with_user(self.user_plain).search([])

    def test_05_configuration_managers_only(self):
        Method = self.env["customer.archive.visit.method"]
        with self.assertRaises(AccessError):
            Method.with_user(self.user_salesperson).create({"name": "抖音直播"})
        with self.assertRaises(AccessError):
            self._policy("A").with_user(self.user_salesperson).write({"max_days_between": 99})
        Method.with_user(self.user_manager).create({"name": "抖音直播"})
        self._policy("A").with_user(self.user_manager).write({"max_days_between": 12})

    def test_06_other_company_policies_hidden(self):
        policies = self.Policy.with_user(self.user_salesperson).search([])
        self.assertEqual(policies.company_id, self.company)
