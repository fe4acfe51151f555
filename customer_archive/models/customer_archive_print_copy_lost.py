from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerArchivePrintCopy(models.Model):
    """A printed copy can be lost (遗失): marking it so registers an incident."""

    _inherit = "customer.archive.print.copy"

    state = fields.Selection(selection_add=[("lost", "Lost")], ondelete={"lost": "set default"})
    incident_ids = fields.One2many("customer.archive.incident", "copy_id", string="Incidents")

    def action_mark_lost(self):
        """Record the copy as lost and open an incident naming it and its archives."""
        if not self.env.user.has_group("customer_archive.group_archive_officer"):
            raise AccessError(self.env._("Only archive officers and managers record a lost copy."))
        wrong = self.filtered(lambda c: c.state != "printed")
        if wrong:
            raise UserError(
                self.env._(
                    "%(serials)s is not out (printed): only a copy that is out can be lost.",
                    serials=", ".join(wrong.mapped("name")),
                )
            )
        # sudo: the state of a copy is written by its buttons only; the group check authorised it.
        self.sudo().write({"state": "lost"})
        incidents = self.env["customer.archive.incident"].create(
            [
                {
                    "kind": "lost_copy",
                    "copy_id": copy.id,
                    "company_id": copy.company_id.id,
                    "partner_ids": [Command.set(copy.partner_ids.ids)],
                    "description": self.env._(
                        "Printed copy %(serial)s was reported lost.", serial=copy.name
                    ),
                }
                for copy in self
            ]
        )
        if len(incidents) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "customer.archive.incident",
                "res_id": incidents.id,
                "view_mode": "form",
            }
        return True
