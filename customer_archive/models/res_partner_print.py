from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_request_print(self):
        """Open a new print request for the selected archives (受控打印申请)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Print"),
            "res_model": "customer.archive.print.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_partner_ids": self.ids},
        }

    def action_print_archive_card(self):
        """Print the archive cards of ``self`` under the current user's approved request."""
        request = self.env["customer.archive.print.request"]._get_printable_request(self)
        return request.action_print_partners(self)
