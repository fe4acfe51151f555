"""The archive roles in one place: the xml ids of the addon's groups and the helpers every role
check of the addon goes through (``self.env.user._is_archive_manager()``, ...).

A role is a group of ``security/customer_archive_groups.xml``; each role implies the ones before
it (user < officer < manager < IT administrator), and officers may reveal sensitive fields."""

from odoo import models

GROUP_USER = "customer_archive.group_archive_user"
GROUP_REVEAL = "customer_archive.group_archive_reveal"
GROUP_OFFICER = "customer_archive.group_archive_officer"
GROUP_MANAGER = "customer_archive.group_archive_manager"
GROUP_ADMIN = "customer_archive.group_archive_admin"

# Highest role first: the first group a user belongs to names their role.
ARCHIVE_ROLES = [
    ("manager", GROUP_MANAGER),
    ("officer", GROUP_OFFICER),
    ("user", GROUP_USER),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    def _archive_role(self):
        """The highest archive role of this user: "manager" (IT administrators included),
        "officer", "user", or None outside the archive groups."""
        for role, group in ARCHIVE_ROLES:
            if self.has_group(group):
                return role
        return None

    def _is_archive_user(self):
        """Archive user or above (officers and managers imply it)."""
        return self.has_group(GROUP_USER)

    def _is_archive_officer(self):
        """Archive officer or above."""
        return self.has_group(GROUP_OFFICER)

    def _is_archive_manager(self):
        """Archive manager or above (IT administrators imply it)."""
        return self.has_group(GROUP_MANAGER)

    def _may_reveal_archive_fields(self):
        """May reveal masked values: archive officers and above, or a user given the right."""
        return self.has_group(GROUP_REVEAL)
