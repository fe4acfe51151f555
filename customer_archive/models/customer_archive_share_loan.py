from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerArchiveShare(models.Model):
    """Shares that carry an electronic loan (customer.archive.loan): created, extended and ended
    by their loan only; and nobody shares an archive they hold only through a loan."""

    _inherit = "customer.archive.share"

    loan_id = fields.Many2one(
        "customer.archive.loan", readonly=True, index=True, ondelete="cascade"
    )

    @api.model
    def _get_loan_only_partners(self, partners):
        """The archives of ``partners`` the current user can read only through a loan's share."""
        if self.env.su or not partners:
            return partners.browse()
        # sudo: the user's own loan shares, whatever the share rules show them.
        loaned = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("user_id", "=", self.env.uid),
                    ("loan_id", "!=", False),
                ]
            )
            .partner_id
        )
        if not loaned:
            return loaned
        otherwise = (
            self.env["res.partner"]
            .with_context(archive_ignore_loan_shares=True, active_test=False)
            .search([("id", "in", loaned.ids), ("archive_can_read", "=", True)])
        )
        return partners.browse((loaned - otherwise).ids)

    def _check_can_share(self, partners):
        held = self._get_loan_only_partners(partners)
        if held:
            raise AccessError(
                self.env._(
                    "You hold %(partner)s through a loan only: a loan is personal, it cannot be "
                    "shared on.",
                    partner=held[0].display_name,
                )
            )
        return super()._check_can_share(partners)

    def _check_not_loan_share(self):
        if self.env.su:
            return
        loan_shares = self.filtered("loan_id")
        if loan_shares:
            raise UserError(
                self.env._(
                    "The share of %(archive)s belongs to loan %(loan)s: change or return the "
                    "loan instead.",
                    archive=loan_shares[0].partner_id.display_name,
                    loan=loan_shares[0].loan_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("loan_id") for vals in vals_list):
            raise AccessError(self.env._("A loan's share is created by approving the loan."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_not_loan_share()
        return super().write(vals)

    def unlink(self):
        self._check_not_loan_share()
        return super().unlink()
