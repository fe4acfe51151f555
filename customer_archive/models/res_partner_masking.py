from odoo import api, models

from .base import INTERNAL_SEARCH

# read to decide whether a partner's sensitive fields of a scope are masked
SCOPE_FIELDS = ("commercial_partner_id", "is_company", "parent_id", "is_customer_archive")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _archive_sensitive_scope_map(self, scopes):
        """archive: partners of a customer archive (the archive and its contacts); person: those
        that are not companies; individual: persons without a parent company, whose address is
        a home address (a contact's address is its company's)."""
        result = {scope: set() for scope in scopes}
        if "all" in result:
            result["all"] = set(self._ids)
        if not set(scopes) - {"all"}:
            return result
        # sudo: deciding whether to mask needs the archive flag of the commercial partner, which
        # the user may not be allowed to read; nothing read here is returned to the user. The
        # fields usually come with the list (see search_fetch): no query then.
        partners = self.sudo().browse([rid for rid in self._ids if isinstance(rid, int)])
        partners.fetch(SCOPE_FIELDS[:3])
        partners.commercial_partner_id.fetch(SCOPE_FIELDS[3:])
        for partner in partners:
            if not partner.commercial_partner_id.is_customer_archive:
                continue
            result.get("archive", set()).add(partner.id)
            if not partner.is_company:
                result.get("person", set()).add(partner.id)
                if not partner.parent_id:
                    result.get("individual", set()).add(partner.id)
        return result

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        masked = self._archive_masked_fields()
        if field_names and any(
            fname in masked and masked[fname].scope != "all" for fname in field_names
        ):
            # the scope of the masks is decided from these: fetch them with the list
            field_names = [*field_names, *SCOPE_FIELDS]
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    def _archive_log_partner(self):
        """The archive an access log entry about this record names."""
        return self

    @api.model
    def find_or_create(self, email, assert_valid_email=False):
        """Mail looks the partner of an address up by e-mail as the current user: allowed even
        when e-mails are masked for them (the partner found is returned, not its e-mail)."""
        partner = super(
            ResPartner, self.with_context(customer_archive_internal_search=INTERNAL_SEARCH)
        ).find_or_create(email, assert_valid_email=assert_valid_email)
        return partner.with_env(self.env)
