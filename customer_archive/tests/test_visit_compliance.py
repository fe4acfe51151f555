from collections import Counter

from odoo.tests import tagged

from .visit_common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitCompliance(VisitCase):
    def _hand_count(self):
        """The compliance figures counted in Python from the visits and the policies."""
        visits = self.Visit.search([])
        planned, done = Counter(), Counter()
        for visit in visits:
            key = (visit.user_id.id, visit.partner_id.tier_id.id, visit.visit_date.replace(day=1))
            if visit.state != "cancelled":
                planned[key] += 1
            if visit.state == "done":
                done[key] += 1
        months = {(v.user_id.id, v.company_id.id, v.visit_date.replace(day=1)) for v in visits}
        policies = self.Policy._get_policy_map(self.env["res.company"].search([]))
        customers, in_policy = Counter(), Counter()
        for user_id, company_id, month in months:
            archives = self.Partner.search([
                ("is_customer_archive", "=", True), ("parent_id", "=", False),
                ("user_id", "=", user_id), ("archive_company_id", "=", company_id),
                *self.Partner._get_archive_active_domain()])
            for partner in archives:
                key = (user_id, partner.tier_id.id, month)
                customers[key] += 1
                n = len(visits.filtered(lambda v: v.partner_id == partner and v.state == "done"
                                        and v.visit_date.replace(day=1) == month))
                policy = policies.get((company_id, partner.tier_id.id))
                if n >= (policy.min_visits_month if policy and policy.active else 0):
                    in_policy[key] += 1
        return planned, done, customers, in_policy

    def test_01_compliance_equals_hand_count(self):
        """On the demo data plus visits of this test, every figure equals a hand count."""
        other = self._create_archive("宁波合规测试有限公司", user_id=self.user_salesperson.id)
        self._set_tier(other, "C")
        for days, state in ((-1, "done"), (-2, "done"), (-3, "missed"), (-4, "cancelled"), (2, "planned")):
            self._visit(days=days, state=state)
        self._visit(partner=other, days=-1, state="done")
        self._visit(partner=other, days=-35, state="done")
        self.env.flush_all()
        planned, done, customers, in_policy = self._hand_count()
        rows = self.env["customer.archive.visit.compliance"].search([])
        self.assertTrue(rows)
        got = {(r.user_id.id, r.tier_id.id, r.month): r for r in rows}
        keys = set(planned) | set(customers)
        self.assertEqual(set(got), keys)
        for key in keys:
            row = got[key]
            self.assertEqual(
                (row.planned_count, row.done_count, row.customer_count, row.in_policy_count,
                 row.overdue_count),
                (planned[key], done[key], customers[key], in_policy[key],
                 customers[key] - in_policy[key]),
                key,
            )

    def test_02_read_group_per_salesperson(self):
        """The evaluation groups by salesperson: sums equal the visits of that salesperson."""
        self._visit(days=-1, state="done")
        self._visit(days=-2, state="done")
        self.env.flush_all()
        Compliance = self.env["customer.archive.visit.compliance"]
        groups = Compliance._read_group(
            [("user_id", "=", self.user_salesperson.id)], ["user_id"], ["done_count:sum"])
        self.assertEqual(groups[0][1], 2)
        # The salesperson sees only their own figures.
        self.assertEqual(
            Compliance.with_user(self.user_salesperson).search([]).user_id, self.user_salesperson)
