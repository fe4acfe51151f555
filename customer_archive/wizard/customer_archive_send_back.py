from odoo import fields, models


class CustomerArchiveSendBack(models.TransientModel):
    """The reason an archive officer gives when sending a new archive back (建档审批 退回)."""

    _name = "customer.archive.send.back"
    _description = "Send Back Customer Archive"

    partner_ids = fields.Many2many("res.partner", string="Archives", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_send_back(self):
        self.ensure_one()
        self.partner_ids._archive_send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
