from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerArchiveAnonymiseWizard(models.TransientModel):
    """Confirmation of an anonymisation: the manager types the archive number."""

    _name = "customer.archive.anonymise.wizard"
    _description = "Anonymise Personal Data"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, readonly=True, ondelete="cascade"
    )
    archive_number = fields.Char(
        related="partner_id.commercial_partner_id.archive_number",
        string="Archive Number of the Person",
    )
    confirmation = fields.Char(
        string="Type the Archive Number",
        help="Type the archive number to confirm: the anonymisation cannot be undone.",
    )

    @api.model
    def _normalize(self, value):
        return (value or "").strip().upper()

    def action_anonymise(self):
        self.ensure_one()
        if not self.archive_number or self._normalize(self.confirmation) != self._normalize(
            self.archive_number
        ):
            raise UserError(
                self.env._(
                    "Type the archive number %(number)s to confirm the anonymisation of %(partner)s.",
                    number=self.archive_number or "-",
                    partner=self.partner_id.display_name,
                )
            )
        detail = self.partner_id._pipl_anonymise()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Personal data anonymised"),
                "message": "; ".join(detail),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
