"""Bank accounts of an archive are a controlled field (``bank_ids``) when the company says so:
an archive user changes them on the archive, which makes a change request; creating, changing
or deleting the bank account records directly would go around it and is refused."""

from odoo import api, models
from odoo.exceptions import UserError


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def _check_archive_bank_change(self, partners):
        """Refuse a direct change of the bank accounts of ``partners`` when they are controlled
        for the current user."""
        Partner = self.env["res.partner"]
        if not partners or not Partner._change_requests_apply():
            return
        # sudo: whether the account holder is an archive with controlled bank accounts
        for partner in partners.sudo():
            if "bank_ids" in partner._get_change_controlled_fields():
                raise UserError(
                    self.env._(
                        "The bank accounts of %(archive)s need an archive officer's approval: "
                        "change them on the archive's form, which sends a change request.",
                        archive=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        partner_ids = {vals.get("partner_id") for vals in vals_list if vals.get("partner_id")}
        self._check_archive_bank_change(self.env["res.partner"].browse(partner_ids))
        return super().create(vals_list)

    def write(self, vals):
        partners = self.sudo().partner_id  # sudo: the holders, to check the control only
        if vals.get("partner_id"):
            partners |= self.env["res.partner"].browse(vals["partner_id"])
        self._check_archive_bank_change(partners)
        return super().write(vals)

    def unlink(self):
        # sudo: the holders, to check the control only
        self._check_archive_bank_change(self.sudo().partner_id)
        return super().unlink()
