from odoo import fields, models


class CustomerArchiveAccessLog(models.Model):
    _inherit = "customer.archive.access.log"

    event = fields.Selection(
        selection_add=[("loan", "Loan"), ("disclose", "Disclosed to an Outside Party")],
        ondelete={"loan": "cascade", "disclose": "cascade"},
    )
