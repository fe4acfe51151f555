from odoo import models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def _archive_sensitive_scope_map(self, scopes):
        """Bank accounts are masked when they belong to a customer archive (or a contact of
        one), whatever the scope; the company's and suppliers' accounts are not."""
        # sudo: only the archive flag of the holder is read, to decide whether to mask.
        of_archives = set(
            self.sudo()
            .filtered(lambda b: b.partner_id.commercial_partner_id.is_customer_archive)
            ._ids
        )
        return {scope: set(self._ids) if scope == "all" else of_archives for scope in scopes}

    def _archive_log_partner(self):
        return self.partner_id
