from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    archive_nda_date = fields.Date(
        string="Confidentiality Agreement Signed On",
        help="Date the employee signed the customer-information confidentiality agreement (保密协议).",
    )

    def action_open_archive_offboard(self):
        """Offboarding: reassign the archives, visits and activities of this user."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Offboard %(user)s", user=self.display_name),
            "res_model": "customer.archive.offboard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_user_id": self.id},
        }
