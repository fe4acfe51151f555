from odoo import fields, models


class ResPartner(models.Model):
    """The sealed cards of an archive (annual seals), for archive managers."""

    _inherit = "res.partner"

    seal_line_count = fields.Integer(
        string="Sealed Cards",
        compute="_compute_seal_line_count",
        groups="customer_archive.group_archive_manager",
    )

    def _compute_seal_line_count(self):
        counts = dict(
            self.env["customer.archive.seal.line"]._read_group(
                [("archive_id", "in", self.ids)], ["archive_id"], ["__count"]
            )
        )
        for partner in self:
            partner.seal_line_count = counts.get(partner._origin, 0)

    def action_open_seal_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_seal_line_action"
        )
        action["domain"] = [("archive_id", "=", self.id)]
        action["context"] = {"group_by": "year"}
        return action
