from odoo import models


class CustomerArchiveTierProfile(models.Model):
    _inherit = "customer.archive.tier.profile"

    def _get_archive_domain(self):
        """Archives waiting for approval (建档审批) are not scored yet."""
        return super()._get_archive_domain() + self.env["res.partner"]._get_archive_active_domain()
