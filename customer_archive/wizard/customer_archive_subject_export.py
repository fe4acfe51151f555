from odoo import fields, models


class CustomerArchiveSubjectExport(models.TransientModel):
    """Download of a person's data export (made by ``res.partner.action_pipl_export``)."""

    _name = "customer.archive.subject.export"
    _description = "Personal Data Export"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, readonly=True, ondelete="cascade"
    )
    xlsx_name = fields.Char(readonly=True)
    # Kept in the table (not the filestore): the rows go with the transient records.
    xlsx_file = fields.Binary(string="Excel Workbook", readonly=True, attachment=False)
    pdf_name = fields.Char(readonly=True)
    pdf_file = fields.Binary(string="PDF Document", readonly=True, attachment=False)
