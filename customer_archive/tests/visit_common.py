from datetime import datetime, time, timedelta

from odoo import fields

from .common import CustomerArchiveCase


class VisitCase(CustomerArchiveCase):
    """Set-up of the visit tests: tiers, policies, a customer per tier for the salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Visit = cls.env["customer.archive.visit"]
        cls.Policy = cls.env["customer.archive.visit.policy"]
        cls.tiers = {code: cls.env.ref("customer_archive.tier_%s" % code.lower()) for code in "ABCD"}
        cls.policies = cls.Policy._get_policy_map(cls.company)
        cls.method_onsite = cls.env.ref("customer_archive.visit_method_onsite")
        cls.method_phone = cls.env.ref("customer_archive.visit_method_phone")
        cls.purpose_order = cls.env.ref("customer_archive.visit_purpose_order")
        cls.outcome_order = cls.env.ref("customer_archive.visit_outcome_order")
        cls.customer = cls._create_archive(
            "杭州拜访测试有限公司", user_id=cls.user_salesperson.id,
            archive_date=cls.today - timedelta(days=100),
        )
        cls._set_tier(cls.customer, "A")
        cls.contact = cls.Partner.create({
            "name": "王经理", "parent_id": cls.customer.id, "type": "contact",
        })

    @classmethod
    def _set_tier(cls, partner, code):
        # sudo: the tier is written by the tier engine only (see _check_tier_fields_writable).
        partner.sudo().write({"tier_id": cls.tiers[code].id})

    @classmethod
    def _policy(cls, code, company=None):
        return cls.Policy._get_policy_map(company or cls.company)[
            ((company or cls.company).id, cls.tiers[code].id)]

    @classmethod
    def _at(cls, day, hour=10):
        """UTC datetime of ``day`` at ``hour`` (the test users have no time zone: UTC)."""
        return datetime.combine(day, time(hour, 0))

    @classmethod
    def _visit(cls, partner=None, days=0, state="planned", user=None, **vals):
        """A visit ``days`` from today (negative: in the past), in ``state``."""
        if days == 0:
            planned = fields.Datetime.now() - timedelta(minutes=1)
        else:
            planned = cls._at(cls.today + timedelta(days=days))
        visit = cls.Visit.create({
            "partner_id": (partner or cls.customer).id,
            "user_id": (user or cls.user_salesperson).id,
            "planned_date": planned,
            "method_id": cls.method_onsite.id,
            **vals,
        })
        if state == "done":
            end = min(planned + timedelta(hours=1), fields.Datetime.now())
            # A done visit has an outcome and a summary (unless the test gave its own).
            visit.write({"actual_start": planned, "actual_end": end,
                         "outcome_id": visit.outcome_id.id or cls.outcome_order.id,
                         "summary": visit.summary or "<p>拜访纪要</p>",
                         "state": "done"})
        elif state != "planned":
            visit.state = state
        return visit

    def _activities(self, record, type_xmlid=None):
        activities = self.env["mail.activity"].search([
            ("res_model", "=", record._name), ("res_id", "in", record.ids),
        ])
        if type_xmlid:
            activities = activities.filtered(
                lambda a: a.activity_type_id == self.env.ref(type_xmlid))
        return activities

    def _now(self):
        return fields.Datetime.now()
