from markupsafe import escape

from odoo import fields, models
from odoo.exceptions import UserError


class CustomerArchiveMarkLost(models.TransientModel):
    """Mark archives lost (标记流失) with the reason, and a note on their chatter."""

    _name = "customer.archive.mark.lost"
    _description = "Mark Archives Lost"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Archives",
        required=True,
        domain="[('is_customer_archive', '=', True)]",
    )
    reason_id = fields.Many2one("customer.archive.lost.reason", string="Lost Reason", required=True)
    note = fields.Text(help="What happened: written on the archive's chatter.")

    def action_confirm(self):
        self.ensure_one()
        partners = self.partner_ids
        if not partners:
            raise UserError(self.env._("Choose the archives to mark lost."))
        not_archives = partners.filtered(lambda p: not p.is_customer_archive)
        if not_archives:
            raise UserError(
                self.env._(
                    "%(partner)s is not a customer archive and cannot be marked lost.",
                    partner=not_archives[0].display_name,
                )
            )
        status = self.env["customer.archive.status"]._get_default_for_stage("lost")
        if not status:
            raise UserError(
                self.env._("No active archive status belongs to the Lost stage: create one first.")
            )
        # As the user: the archives' write rules apply.
        partners.write({"archive_status_id": status.id, "lost_reason_id": self.reason_id.id})
        if self.note:
            for partner in partners:
                partner.message_post(
                    body=escape(
                        self.env._(
                            "Marked lost (%(reason)s): %(note)s",
                            reason=self.reason_id.name,
                            note=self.note,
                        )
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
        return {"type": "ir.actions.act_window_close"}
