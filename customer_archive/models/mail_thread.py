from odoo import models

from .customer_archive_markers import INTERNAL_SEARCH


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _mail_search_on_partner(self, normalized_emails, extra_domain=False):
        """Mail finds the partners of e-mail addresses (suggested recipients, routing) by their
        normalised e-mail as the current user: allowed when e-mails are masked for them, with
        their record rules; the partners found are returned, not their e-mails."""
        partners = super(
            MailThread, self.with_context(customer_archive_internal_search=INTERNAL_SEARCH)
        )._mail_search_on_partner(normalized_emails, extra_domain=extra_domain)
        return partners.with_env(self.env)
