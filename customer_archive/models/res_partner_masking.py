from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _archive_sensitive_scope_ids(self, scope):
        """archive: partners of a customer archive (the archive and its contacts); person: those
        that are not companies; individual: persons without a parent company, whose address is
        a home address (a contact's address is its company's)."""
        if scope == "all":
            return set(self._ids)
        # sudo: deciding whether to mask needs the archive flag of the commercial partner, which
        # the user may not be allowed to read; nothing read here is returned to the user.
        partners = self.sudo().filtered(lambda p: p.commercial_partner_id.is_customer_archive)
        if scope == "person":
            partners = partners.filtered(lambda p: not p.is_company)
        elif scope == "individual":
            partners = partners.filtered(lambda p: not p.is_company and not p.parent_id)
        return set(partners._ids)

    def _archive_log_partner(self):
        """The archive an access log entry about this record names."""
        return self
