"""The tier criterion *Member Points* (``member_points``, listed in ``CRITERIA``): the points
balance of the archive's member cards (loyalty programmes of type loyalty), one grouped query per
batch; incremental recomputes also take the archives whose cards changed."""

from odoo import models
from odoo.tools import SQL, float_round


class CustomerArchiveTierProfile(models.Model):
    _inherit = "customer.archive.tier.profile"

    def _get_member_points(self, partner_ids):
        """{commercial partner id: points of its active member cards in this company}."""
        self.env["loyalty.card"].flush_model(["points", "partner_id", "program_id", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, SUM(c.points)
                  FROM loyalty_card c
                  JOIN loyalty_program lp ON lp.id = c.program_id
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE lp.program_type = 'loyalty' AND c.active
                   AND (lp.company_id IS NULL OR lp.company_id = %(company)s)
                   AND p.commercial_partner_id = ANY(%(ids)s)
                 GROUP BY p.commercial_partner_id
                """,
                company=self.company_id.id,
                ids=list(partner_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def _compute_criterion_member_points(self, batch):
        """Points balance of the member cards; no data for an archive without a card."""
        points = self._get_member_points(batch.ids)
        return {pid: float_round(float(points[pid]), 2) for pid in batch.ids if pid in points}

    def _get_incremental_partner_ids(self, since, today, now):
        ids = super()._get_incremental_partner_ids(since, today, now)
        if "member_points" not in self.criterion_ids.mapped("criterion"):
            return ids
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT p.commercial_partner_id
                  FROM loyalty_card c JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.write_date >= %s
                """,
                since,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall() if row[0] and row[0] not in ids]
        if not changed:
            return ids
        more = (
            self.env["res.partner"]
            .sudo()  # the engine scores every archive of the company
            .search(self._get_archive_domain() + [("id", "in", changed)], order="id")
            .ids
        )
        return sorted(set(ids) | set(more))
