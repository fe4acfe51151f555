from odoo import api, models


class ReportCustomerArchiveRisk(models.AbstractModel):
    """PDF of the monthly risk assessment; the data comes from the assessment dialog
    (``customer.archive.risk.report._get_report_data``)."""

    _name = "report.customer_archive.customer_archive_risk_report_document"
    _description = "Monthly Risk Assessment PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["customer.archive.risk.report"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "customer.archive.risk.report",
            "docs": wizards,
            "report_data": {wizard.id: wizard._get_report_data() for wizard in wizards},
        }
