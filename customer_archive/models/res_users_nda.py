from odoo import api, models

from .res_users_archive_role import GROUP_USER


class ResUsers(models.Model):
    _inherit = "res.users"

    def _get_archive_nda_withheld_companies(self):
        """The allowed companies whose archives the current user may not see because the
        company needs an NDA date and the user has none (internal users only)."""
        user = self.env.user
        if user.share or user.archive_nda_date:
            return self.env["res.company"]
        return self.env.companies.filtered("archive_nda_required")

    @api.model
    def _get_archive_users_without_nda_domain(self):
        return [
            ("share", "=", False),
            ("archive_nda_date", "=", False),
            ("groups_id", "in", self.env.ref(GROUP_USER).ids),
        ]

    def action_open_archive_users_without_nda(self):
        """Users with archive access whose confidentiality agreement date is not recorded."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Users without an NDA Date"),
            "res_model": "res.users",
            "view_mode": "list,form",
            "domain": self._get_archive_users_without_nda_domain(),
        }
