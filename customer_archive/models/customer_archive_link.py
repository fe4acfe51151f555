"""Records that point to archives (visits, shares, consents, requests, print requests): created
or re-pointed only by a user who may see the archive they name; their fields related to an
archive the user may not see read empty. The models that use it are listed with the masking
layer's, in models/customer_archive_masked_models.py."""

from odoo import api, models
from odoo.exceptions import AccessError


class CustomerArchiveLinkMixin(models.AbstractModel):
    """Records that point to archives: created or re-pointed only by a user who may see the
    archive; their fields related to an archive the user may not see read empty."""

    _name = "customer.archive.link.mixin"
    _description = "Customer Archive: Records About an Archive"

    # many2one / many2many fields to res.partner that name the archive (or its contacts)
    _archive_link_fields = ("partner_id",)

    def _archive_linked_partners(self):
        partners = self.env["res.partner"]
        for fname in self._archive_link_fields:
            if fname in self._fields:
                partners |= self.sudo()[fname]  # sudo: checked below for the real user
        return partners

    def _archive_check_links(self):
        if self.env.su:
            return
        partners = self._archive_linked_partners()
        if not partners:
            return
        visible = partners.with_env(self.env(su=False))._filtered_access("read")
        # sudo: same environment as ``partners`` for the difference; nothing is read
        hidden = partners - visible.sudo()
        if hidden:
            raise AccessError(
                self.env._(
                    "%(model)s: you cannot link a record to a customer you may not see "
                    "(customer #%(partner)s; missing right: read access to that archive).",
                    model=self._description,
                    partner=hidden[:1].id,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._archive_check_links()
        return records

    def write(self, vals):
        result = super().write(vals)
        if not set(vals).isdisjoint(self._archive_link_fields):
            self._archive_check_links()
        return result

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        related = [
            fname
            for fname in fnames
            if fname in self._fields
            and self._fields[fname].related
            and self._fields[fname].related.split(".")[0] in self._archive_link_fields
        ]
        if not result or not related or self.env.su:
            return result
        records = self.browse([row["id"] for row in result])
        by_link = {}
        for fname in related:
            link = self._fields[fname].related.split(".")[0]
            by_link.setdefault(link, []).append(fname)
        for link, names in by_link.items():
            partners = records.sudo()[link]  # sudo: checked for the real user just below
            visible = set(partners.with_env(self.env(su=False))._filtered_access("read").ids)
            # sudo: only which partner each row points to
            link_of = {record.id: record.sudo()[link] for record in records}
            for row in result:
                if any(pid not in visible for pid in link_of[row["id"]].ids):
                    for fname in names:
                        row[fname] = False
        return result
