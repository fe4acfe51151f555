"""Changes and deletions of archive data in the access log (档案变更留痕).

Every ``write`` that changes fields of archives or of their contacts (partners with an
``archive_root_id``) writes one ``change`` entry per archive and call, with the technical names
of the fields changed; every ``unlink`` of such partners one ``delete`` entry per archive. No
value is stored, old or new: the entry says who changed which fields of which archive, when
and from where, never what the values were (sensitive fields included).
"""

from odoo import models

# Fields written by the system that have a history of their own, or are bookkeeping.
AUDIT_EXCLUDED_PREFIXES = ("tier_", "pool_", "message_", "activity_", "pipl_anonymised")
AUDIT_EXCLUDED_FIELDS = {
    "in_public_pool",  # public pool history
    "customer_rank",
    "supplier_rank",
    "partner_gid",
    "signup_type",
    "color",
    "invoice_edi_format_store",
    "partner_latitude",
    "partner_longitude",
    "starred_message_ids",
    "channel_ids",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _get_archive_audit_excluded_fields(self):
        """Names of fields whose changes are not logged (override to add or remove some)."""
        return AUDIT_EXCLUDED_FIELDS

    def _is_archive_audited_field(self, fname):
        """Whether a change of ``fname`` is logged: stored data a person can change (not
        computed, not the ORM's bookkeeping, not a one2many whose lines log their own)."""
        field = self._fields.get(fname)
        if (
            not field
            or not field.store
            or field.type == "one2many"
            or (field.compute and not field.inverse)
            or fname in models.MAGIC_COLUMNS
            or fname in self._get_archive_audit_excluded_fields()
        ):
            return False
        return not fname.startswith(AUDIT_EXCLUDED_PREFIXES)

    def write(self, vals):
        fnames = [fname for fname in vals if self._is_archive_audited_field(fname)]
        if not fnames or not self:
            return super().write(vals)
        # sudo: the values before and after the write are compared, whoever may read them
        # (nothing of them is stored, only the names of the fields that changed).
        partners = self.sudo()
        before_roots = {partner.id: partner.archive_root_id for partner in partners}
        compared = [fname for fname in fnames if self._fields[fname].type not in ("binary", "json")]
        old = {
            partner.id: {fname: partner[fname] for fname in compared}
            for partner in partners
            if partner.archive_root_id
        }
        result = super().write(vals)
        changes = {}  # root -> (set of field names, partners)
        for partner in partners:
            roots = before_roots[partner.id] | partner.archive_root_id
            if not roots:
                continue
            if partner.id in old:
                previous = old[partner.id]
                changed = {
                    fname
                    for fname in fnames
                    if fname not in previous or previous[fname] != partner[fname]
                }
            else:  # it just became an archive or a contact of one: everything written counts
                changed = set(fnames)
            if not changed:
                continue
            for root in roots:
                names, members = changes.setdefault(root, (set(), []))
                names.update(changed)
                members.append(partner.id)
        if changes:
            self._log_archive_changes("change", changes)
        return result

    def unlink(self):
        changes = {}
        # sudo: the archive of each partner deleted, for the entry (records already gone are
        # left to unlink's own error).
        for partner in self.sudo().exists().filtered("archive_root_id"):
            changes.setdefault(partner.archive_root_id, (set(), []))[1].append(partner.id)
        if changes:
            # before the deletion, while the archive can be read (a refused deletion rolls the
            # entry back with it)
            self._log_archive_changes("delete", changes)
        return super().unlink()

    def _log_archive_changes(self, event, changes):
        """One entry per archive: ``changes`` maps each archive to (field names, partner ids)."""
        Log = self.env["customer.archive.access.log"]
        vals_list, partner_ids_list = [], []
        for root, (names, partner_ids) in changes.items():
            others = sorted(pid for pid in partner_ids if pid != root.id)
            vals_list.append(
                Log._prepare_log_vals(
                    event,
                    root,
                    root.company_id or self.env.company,
                    field_name=",".join(sorted(names)) or False,
                    detail="res.partner: %s" % ", ".join(map(str, sorted(partner_ids)))
                    if others
                    else False,
                    record_count=len(partner_ids),
                )
            )
            partner_ids_list.append(root.ids)
        Log._create_entries(vals_list, partner_ids_list)
