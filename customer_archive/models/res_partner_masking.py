from odoo import api, models
from odoo.tools import SQL

from .base import INTERNAL_SEARCH


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _archive_sensitive_scope_map(self, scopes):
        """archive: partners of a customer archive (the archive and its contacts); person: those
        that are not companies; individual: persons without a parent company, whose address is
        a home address (a contact's address is its company's).

        One query for the whole list, whatever the user may read: it only decides whether to
        mask, nothing read here is returned to the user."""
        ids = [rid for rid in self._ids if isinstance(rid, int)]
        result = {scope: set() for scope in scopes}
        if "all" in result:
            result["all"] = set(self._ids)
        if not ids or not set(scopes) - {"all"}:
            return result
        self.env["res.partner"].flush_model(["commercial_partner_id", "is_company", "parent_id",
                                             "is_customer_archive"])
        rows = self.env.execute_query(SQL(
            """SELECT p.id, p.is_company, p.parent_id IS NOT NULL
                 FROM res_partner p
                 JOIN res_partner c ON c.id = p.commercial_partner_id
                WHERE p.id = ANY(%s) AND c.is_customer_archive""",
            ids,
        ))
        for partner_id, is_company, has_parent in rows:
            if "archive" in result:
                result["archive"].add(partner_id)
            if not is_company:
                if "person" in result:
                    result["person"].add(partner_id)
                if "individual" in result and not has_parent:
                    result["individual"].add(partner_id)
        return result

    def _archive_log_partner(self):
        """The archive an access log entry about this record names."""
        return self

    @api.model
    def find_or_create(self, email, assert_valid_email=False):
        """Mail looks the partner of an address up by e-mail as the current user: allowed even
        when e-mails are masked for them (the partner found is returned, not its e-mail)."""
        partner = super(ResPartner, self.with_context(customer_archive_internal_search=INTERNAL_SEARCH)
                        ).find_or_create(email, assert_valid_email=assert_valid_email)
        return partner.with_env(self.env)
