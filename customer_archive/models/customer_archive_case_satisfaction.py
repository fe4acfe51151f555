from odoo import models


class CustomerArchiveCase(models.Model):
    """Service cases take a satisfaction score (客户满意度) once they are closed."""

    _name = "customer.archive.case"
    # The mixin first: it comes before mail.thread (its rating_apply overrides the thread's).
    _inherit = ["customer.archive.satisfaction.mixin", "customer.archive.case"]

    def _satisfaction_ready(self):
        self.ensure_one()
        return bool(self.is_closed)

    def _satisfaction_recipient(self):
        """The customer who confirmed the resolution (with an e-mail) first, else the
        archive's (see the mixin)."""
        self.ensure_one()
        # sudo: only whether the confirming contact has an address
        confirmed = self.confirmed_by_id.sudo().filtered("email")[:1]
        return confirmed.with_env(self.env) if confirmed else super()._satisfaction_recipient()
