from odoo import api, models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _get_archive_share_domain(self, mode="read"):
        """With ``archive_ignore_loan_shares`` in the context, the shares of loans give nothing
        (to tell whether a user holds an archive only through a loan)."""
        domain = super()._get_archive_share_domain(mode)
        if self.env.context.get("archive_ignore_loan_shares"):
            domain = expression.AND([domain, [("loan_id", "=", False)]])
        return domain

    @api.model
    def _get_archive_grant_domain(self, mode="read"):
        """A company that withholds archive access until the confidentiality agreement is
        signed (setting *Archive Access Needs an NDA*) shows its archives to nobody whose NDA
        date is not recorded, managers included."""
        grant = super()._get_archive_grant_domain(mode)
        companies = self.env.user._get_archive_nda_withheld_companies()
        if not companies:
            return grant
        withheld = [
            "|",
            ("archive_company_id", "=", False),
            ("archive_company_id", "not in", companies.ids),
        ]
        return withheld if grant is None else expression.AND([grant, withheld])
