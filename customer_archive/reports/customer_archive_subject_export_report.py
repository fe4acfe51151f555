from odoo import api, models


class ReportSubjectExport(models.AbstractModel):
    """PDF of a person's data export; the data comes from ``res.partner._pipl_export_data``."""

    _name = "report.customer_archive.report_subject_export"
    _description = "Personal Data Export (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        # Managers only, also through the report URL; a request handler gets the file through
        # the request (rendered as superuser there).
        partners._check_pipl_manager(self.env._("export a person's data"))
        partners.check_access("read")
        sections = {partner.id: partner._pipl_export_data() for partner in partners}
        partners._pipl_log("subject_export", detail="PDF")
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "sections": sections,
        }
