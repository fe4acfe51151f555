from odoo import fields, models


class CustomerArchivePrintReject(models.TransientModel):
    """Asks the archive manager why a print request is rejected."""

    _name = "customer.archive.print.reject"
    _description = "Reject Print Request"

    request_id = fields.Many2one(
        "customer.archive.print.request", required=True, ondelete="cascade"
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
