"""The CRM rule "every archive has at least one follow-up a month" (每月至少跟进一次): whether an
archive has a done visit in the current month, as a searchable flag for the list of archives
without one (Visits → Not Followed Up This Month) and a filter of the archive search."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    followed_up_this_month = fields.Boolean(
        compute="_compute_followed_up_this_month",
        search="_search_followed_up_this_month",
        help="The archive has a done visit in the current month (the user's time zone).",
    )

    @api.model
    def _get_followup_month(self):
        """(first day of the current month, first day of the next one)."""
        start = fields.Date.context_today(self).replace(day=1)
        return start, start + relativedelta(months=1)

    @api.model
    def _get_followup_visit_domain(self):
        """The visits that count as the month's follow-up (extension point)."""
        start, end = self._get_followup_month()
        return [("state", "=", "done"), ("visit_date", ">=", start), ("visit_date", "<", end)]

    @api.depends_context("tz")
    def _compute_followed_up_this_month(self):
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        # sudo: whether the archive had a visit this month, whoever made it and whoever reads
        groups = (
            self.env["customer.archive.visit"]
            .sudo()
            ._read_group(
                self._get_followup_visit_domain() + [("partner_id", "in", ids)], ["partner_id"]
            )
        )
        visited = {partner.id for (partner,) in groups}
        for partner in self:
            partner.followed_up_this_month = partner.id in visited

    def _search_followed_up_this_month(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on the monthly follow-up."))
        # sudo: the visits of the month of any user count (the rule is on the archive)
        query = self.env["customer.archive.visit"].sudo()._search(self._get_followup_visit_domain())
        subquery = query.subselect(SQL.identifier(query.table, "partner_id"))
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", subquery)]
