"""Service records on the customer archive: their number and a smart button to them."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_record_count = fields.Integer(
        string="Service Records", compute="_compute_service_record_count"
    )

    def _compute_service_record_count(self):
        ids = [pid for pid in self._origin.ids if pid]
        counts = {}
        if ids:
            # as the user: the records of archives they cannot see are not counted
            counts = dict(
                self.env["customer.archive.service.record"]._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
        for partner in self:
            partner.service_record_count = counts.get(partner._origin, 0)

    def action_open_service_records(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_service_record_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
