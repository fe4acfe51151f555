from odoo import api, models
from odoo.tools import format_datetime


class ReportCustomerArchiveSealCard(models.AbstractModel):
    """A sealed archive card (封存档案表) as a PDF, rendered from the data kept in the seal, not
    from the archive as it is today. Read as the current user: only archive managers can read
    sealed cards (ACL of customer.archive.seal.line)."""

    _name = "report.customer_archive.report_seal_card"
    _description = "Sealed Customer Archive Card"

    @api.model
    def _get_report_values(self, docids, data=None):
        lines = self.env["customer.archive.seal.line"].browse(docids).exists()
        lines.check_access("read")
        cards = []
        for line in lines:
            data = line.data or {}
            cards.append(
                {
                    "card": data,
                    "seal": {
                        "name": line.seal_id.display_name,
                        "year": line.year,
                        "hash": line.hash,
                        "sealed_at": format_datetime(self.env, line.seal_id.sealed_at)
                        if line.seal_id.sealed_at
                        else format_datetime(self.env, line.create_date),
                    },
                }
            )
        return {
            "doc_ids": lines.ids,
            "doc_model": "customer.archive.seal.line",
            "docs": lines,
            "cards": cards,
        }


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """Sealed cards use the archive card's self-contained page layout (nothing fetched over
        HTTP): the sealing job renders them without a web server."""
        if len(self) == 1 and self.report_name == "customer_archive.report_seal_card":
            return (
                self.env.ref(
                    "customer_archive.report_archive_card_layout", raise_if_not_found=False
                )
                or super()._get_layout()
            )
        return super()._get_layout()
