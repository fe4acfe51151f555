from odoo import models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def _archive_sensitive_scope_ids(self, scope):
        """Bank accounts are masked when they belong to a customer archive (or a contact of
        one), whatever the scope; the company's and suppliers' accounts are not."""
        if scope == "all":
            return set(self._ids)
        # sudo: only the archive flag of the holder is read, to decide whether to mask.
        return set(self.sudo().filtered(lambda b: b.partner_id.commercial_partner_id.is_customer_archive)._ids)

    def _archive_log_partner(self):
        return self.partner_id
