from odoo import models


class CustomerArchiveVisit(models.Model):
    """Visits take a satisfaction score (客户满意度) once they are done."""

    _name = "customer.archive.visit"
    # The mixin first: it comes before mail.thread (its rating_apply overrides the thread's).
    _inherit = ["customer.archive.satisfaction.mixin", "customer.archive.visit"]

    def _satisfaction_ready(self):
        self.ensure_one()
        return self.state == "done"

    def _satisfaction_recipient(self):
        """The contacts met first (one with an e-mail), else the archive's (see the mixin)."""
        self.ensure_one()
        # sudo: only whether the contacts met have an address
        met = self.contact_ids.sudo().filtered("email")[:1]
        return met.with_env(self.env) if met else super()._satisfaction_recipient()
