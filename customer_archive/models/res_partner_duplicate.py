"""Duplicate check while creating an archive (查重): typing a name, unified social credit code or
phone number into a new archive tells the user that a matching archive exists — its number, its
salesperson and a masked name — even when they may not see it, and nothing more. Every check
that finds something is written to the access log (who searched for what)."""

from odoo import api, models

from .customer_archive_sensitive_field import mask_value

# at most this many matches are named in the warning
DUPLICATE_LIMIT = 5


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _get_archive_duplicate_domains(self, values):
        """{criterion label: domain} of the archives matching ``values`` (name, credit code,
        phone, mobile). Override to add criteria."""
        domains = {}
        name = (values.get("name") or "").strip()
        if len(name) >= 2:
            domains[self.env._("Name")] = [("name", "=ilike", name)]
        code = values.get("credit_code")
        if code:
            code = self._normalize_identity_number(code)
            domains[self.env._("Unified Social Credit Code")] = [("credit_code", "=", code)]
        for fname in ("phone", "mobile"):
            number = "".join(ch for ch in (values.get(fname) or "") if ch.isdigit())
            if len(number) >= 7:
                domains[self._fields[fname]._description_string(self.env)] = [
                    "|",
                    ("phone", "like", number),
                    ("mobile", "like", number),
                ]
        return domains

    @api.model
    def _archive_find_duplicates(self, values, exclude_id=None):
        """[(criterion, archive)] of existing archives matching ``values`` (as superuser)."""
        found = []
        seen = set()
        for label, domain in self._get_archive_duplicate_domains(values).items():
            # sudo: the check must see every archive of the company, also those hidden from
            # the user; only number, salesperson and a masked name leave this method
            archives = self.sudo().search(
                [("is_customer_archive", "=", True), ("id", "!=", exclude_id or 0), *domain],
                limit=DUPLICATE_LIMIT,
            )
            for archive in archives:
                if archive.id not in seen:
                    seen.add(archive.id)
                    found.append((label, archive))
        return found[:DUPLICATE_LIMIT]

    @api.onchange("name", "credit_code", "phone", "mobile")
    def _onchange_archive_duplicate_check(self):
        if not self.is_customer_archive or self._origin.id:
            return None
        values = {fname: self[fname] for fname in ("name", "credit_code", "phone", "mobile")}
        found = self._archive_find_duplicates(values)
        if not found:
            return None
        lines = [
            self.env._(
                "%(number)s %(name)s, salesperson %(salesperson)s (same %(criterion)s)",
                number=archive.archive_number or "",
                name=mask_value(archive.name, "partial", "char"),
                salesperson=archive.user_id.name or self.env._("none"),
                criterion=label,
            )
            for label, archive in found
        ]
        self.env["customer.archive.access.log"]._log(
            "duplicate_check",
            self.env["res.partner"].browse([archive.id for _label, archive in found]),
            detail="; ".join(f"{key}={value}" for key, value in values.items() if value),
        )
        return {
            "warning": {
                "title": self.env._("This customer may already have an archive"),
                "message": "\n".join(lines),
            }
        }
