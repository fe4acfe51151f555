"""Merging duplicate archives (Odoo's contact merge wizard): archive managers only; the surviving
partner is an archive and keeps its number; everything that points to the merged archives
(visits, tier history, shares, consents, requests, log entries) follows it through the wizard's
own foreign-key update; the chatter and the access log record the merge."""

from markupsafe import Markup, escape

from odoo import models
from odoo.exceptions import AccessError

from .customer_archive_markers import MERGE_IN_PROGRESS


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        Partner = self.env["res.partner"]
        # sudo: the archive flags decide who may merge; nothing is returned
        partners = Partner.sudo().browse(partner_ids).exists()
        protected = partners.filtered("archive_root_id")
        if not protected:
            return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        if not (self.env.su or self.env.user._is_archive_manager()):
            raise AccessError(
                self.env._(
                    "Only archive managers can merge customer archives or their contacts "
                    "(%(partners)s; missing right: Archive Manager).",
                    partners=", ".join(p.archive_number or str(p.id) for p in protected),
                )
            )
        archives = partners.filtered("is_customer_archive")
        # sudo: whether the chosen survivor is an archive, whatever the user may read
        if archives and not (dst_partner and dst_partner.sudo().is_customer_archive):
            # the surviving partner is an archive: the oldest archive keeps its number
            dst_partner = Partner.browse(min(archives.ids))
        dst_partner = dst_partner.with_env(self.env) if dst_partner else dst_partner
        merged = [(p.id, p.archive_number, p.display_name) for p in archives if p != dst_partner]
        survivor_id = dst_partner.id if dst_partner else None
        result = super(
            BasePartnerMergeAutomaticWizard,
            self.with_context(customer_archive_merge=MERGE_IN_PROGRESS),
        )._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        survivor = Partner.browse(survivor_id).exists() if survivor_id else Partner
        if survivor and merged:
            lines = Markup("").join(
                Markup("<li>%s %s (#%s)</li>") % (escape(number or ""), escape(name), pid)
                for pid, number, name in merged
            )
            survivor.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Customer archives merged into %(archive)s:",
                        archive=survivor.archive_number or survivor.display_name,
                    ),
                    lines,
                ),
                subtype_xmlid="mail.mt_note",
            )
            self.env["customer.archive.access.log"]._log(
                "merge",
                survivor,
                record_count=len(merged) + 1,
                detail=", ".join(number or str(pid) for pid, number, _name in merged),
            )
        return result
