from odoo import api, models
from odoo.exceptions import UserError


class CustomerArchiveTypeMixin(models.AbstractModel):
    """Shared behaviour of the configurable archive types (type, source, region, status).

    A type still used by an archive cannot be deleted: it can be archived instead.
    Concrete models name the res.partner field that points at them in
    ``_archive_partner_field``.
    """

    _name = "customer.archive.type.mixin"
    _description = "Customer Archive Configurable Type"

    _archive_partner_field = None

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        if not self._archive_partner_field:
            return
        # sudo: the check must count archives the deleting user cannot see too.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        usage = dict(
            Partner._read_group(
                [(self._archive_partner_field, "in", self.ids)],
                [self._archive_partner_field],
                ["__count"],
            )
        )
        in_use = self.filtered(lambda rec: rec in usage)
        if in_use:
            raise UserError(
                self.env._(
                    "%(model)s \"%(names)s\" cannot be deleted: %(count)s archive(s) still use it. "
                    "Archive it instead, or change those archives first.",
                    model=self._description,
                    names=", ".join(in_use.mapped("display_name")),
                    count=sum(usage[rec] for rec in in_use),
                )
            )
