from odoo import fields, models


class CustomerArchiveReminder(models.Model):
    _inherit = "customer.archive.reminder"

    kind = fields.Selection(
        selection_add=[("document_expiry", "Document Expiry")],
        ondelete={"document_expiry": "cascade"},
    )
