from datetime import timedelta

from odoo import fields

from .visit_common import VisitCase


class SatisfactionCase(VisitCase):
    """A done and a planned visit of the salesperson's customer (a contact with an e-mail), and
    a done visit of a colleague's customer the salesperson cannot see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rating = cls.env["rating.rating"]
        cls.contact.write({"email": "wang.jingli@example.com", "lang": "zh_CN"})
        cls.visit_done = cls._visit(days=-1, state="done")
        cls.visit_planned = cls._visit(days=2)
        cls.foreign = cls._create_archive(
            "泉州他人客户有限公司",
            user_id=cls.user_officer.id,
            keeper_id=cls.user_officer.id,
            archive_date=cls.today - timedelta(days=100),
        )
        cls.foreign_visit = cls._visit(
            partner=cls.foreign, user=cls.user_officer, days=-1, state="done"
        )

    @classmethod
    def _give(cls, visit, score, days_ago=0, source="manual"):
        """A score given ``days_ago`` days ago (as if rated then)."""
        vals = visit._satisfaction_prepare_rating_vals(visit._satisfaction_archive(), source)
        vals.update(
            rating=score,
            consumed=True,
            satisfaction_date=fields.Datetime.now() - timedelta(days=days_ago),
        )
        return cls.Rating.sudo().create(vals)

    def _ratings(self, visit):
        return self.Rating.sudo().search(
            [("res_model", "=", visit._name), ("res_id", "=", visit.id)]
        )
