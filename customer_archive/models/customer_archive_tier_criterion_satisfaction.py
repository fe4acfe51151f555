"""Average satisfaction (客户满意度) over the tier window as an optional tier criterion.

Registered the way another addon adds one (README, "Extending the addon"): the key in the
criterion selection, its unit in ``_get_tier_criteria()`` and ``_compute_criterion_<key>``
reading the whole batch with one grouped query.
"""

from datetime import datetime, time

from odoo import api, fields, models
from odoo.tools import float_round


class CustomerArchiveTierCriterion(models.Model):
    _inherit = "customer.archive.tier.criterion"

    criterion = fields.Selection(
        selection_add=[("satisfaction_avg", "Average Satisfaction (1-5)")],
        ondelete={"satisfaction_avg": "cascade"},
    )


class CustomerArchiveTierProfile(models.Model):
    _inherit = "customer.archive.tier.profile"

    @api.model
    def _get_tier_criteria(self):
        return {**super()._get_tier_criteria(), "satisfaction_avg": "number"}

    def _get_satisfaction_domain(self, partner_ids, start, end):
        """The scores that count: given for these archives between ``start`` and ``end``."""
        return [
            ("archive_id", "in", list(partner_ids)),
            ("consumed", "=", True),
            ("rating", ">=", 1),
            ("satisfaction_date", ">=", start),
            ("satisfaction_date", "<=", end),
        ]

    def _compute_criterion_satisfaction_avg(self, batch):
        """Average score (1 to 5) of the satisfaction ratings of the window; no data without one."""
        start = datetime.combine(batch.window_start, time.min)
        # sudo: the engine scores every archive of the company, whatever the user's rules
        groups = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                self._get_satisfaction_domain(batch.ids, start, batch.now),
                ["archive_id"],
                ["rating:avg"],
            )
        )
        return {archive.id: float_round(avg, 2) for archive, avg in groups}

    def _get_incremental_partner_ids(self, since, today, now):
        """Also the archives rated since the last run, and those whose ratings left the window."""
        ids = super()._get_incremental_partner_ids(since, today, now)
        if "satisfaction_avg" not in self.criterion_ids.mapped("criterion"):
            return ids
        start_then = datetime.combine(self._get_window_start(since.date()), time.min)
        start_now = datetime.combine(self._get_window_start(today), time.min)
        # sudo: the engine scores every archive of the company
        groups = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("archive_id.archive_company_id", "=", self.company_id.id),
                    ("consumed", "=", True),
                    "|",
                    ("satisfaction_date", ">=", since),
                    "&",
                    ("satisfaction_date", ">=", start_then),
                    ("satisfaction_date", "<", start_now),
                ],
                ["archive_id"],
            )
        )
        rated = [archive.id for (archive,) in groups]
        if not rated:
            return ids
        rated = (
            self.env["res.partner"]
            .sudo()  # sudo: as the engine's own search of the company's archives
            .search(self._get_archive_domain() + [("id", "in", rated)], order="id")
            .ids
        )
        return sorted(set(ids) | set(rated))
