"""Users with archive access who have not logged in for N days (company setting, default 14):
a report for archive managers (Confidentiality → Inactive Archive Users), from the users' login
records (res.users.log, Odoo's ``login_date``)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .res_users_archive_role import GROUP_USER


class ResUsers(models.Model):
    _inherit = "res.users"

    archive_login_inactive = fields.Boolean(
        string="Inactive Archive User",
        compute="_compute_archive_login_inactive",
        search="_search_archive_login_inactive",
        groups="customer_archive.group_archive_manager",
        help="Has archive access and has not logged in for the number of days of the setting "
        "Inactive Users After (days).",
    )
    archive_days_since_login = fields.Integer(
        string="Days Since Last Login",
        compute="_compute_archive_login_inactive",
        groups="customer_archive.group_archive_manager",
    )

    @api.model
    def _get_archive_inactive_cutoff(self):
        days = self.env.company.archive_inactive_user_days
        return fields.Datetime.now() - timedelta(days=days)

    @api.model
    def _get_archive_inactive_domain(self):
        """Users who count for the report: internal, active, with archive access."""
        return [
            ("share", "=", False),
            ("active", "=", True),
            ("groups_id", "in", self.env.ref(GROUP_USER).ids),
        ]

    @api.depends("login_date")
    @api.depends_context("company")
    def _compute_archive_login_inactive(self):
        now = fields.Datetime.now()
        cutoff = self._get_archive_inactive_cutoff()
        counted = set(
            self.search(self._get_archive_inactive_domain() + [("id", "in", self.ids)]).ids
        )
        for user in self:
            last = user.login_date
            user.archive_days_since_login = (now - last).days if last else 0
            user.archive_login_inactive = user.id in counted and (not last or last < cutoff)

    def _search_archive_login_inactive(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on inactive archive users."))
        if not self.env.su and not self.env.user._is_archive_manager():
            raise AccessError(
                self.env._("Only archive managers can list the users who have not logged in.")
            )
        recent = SQL(
            "(SELECT create_uid FROM res_users_log WHERE create_date >= %s AND create_uid IS NOT NULL)",
            self._get_archive_inactive_cutoff(),
        )
        inactive = self._get_archive_inactive_domain() + [("id", "not in", recent)]
        if (operator == "=") == value:
            return inactive
        return [
            ("id", "not in", self.with_context(active_test=False)._search(inactive).subselect())
        ]
