"""Service cases on the customer archive: open and overdue counts (smart button) and filters."""

from odoo import fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    case_ids = fields.One2many("customer.archive.case", "partner_id", string="Service Cases")
    case_open_count = fields.Integer(string="Open Cases", compute="_compute_case_counts")
    case_overdue_count = fields.Integer(string="Overdue Cases", compute="_compute_case_counts")
    has_open_case = fields.Boolean(
        string="Has Open Service Cases",
        compute="_compute_case_counts",
        search="_search_has_open_case",
    )
    has_overdue_case = fields.Boolean(
        string="Has Overdue Service Cases",
        compute="_compute_case_counts",
        search="_search_has_overdue_case",
    )

    def _compute_case_counts(self):
        ids = [pid for pid in self._origin.ids if pid]
        open_counts, overdue_counts = {}, {}
        if ids:
            Case = self.env["customer.archive.case"]
            base = [("partner_id", "in", ids), ("is_closed", "=", False)]
            open_counts = dict(Case._read_group(base, ["partner_id"], ["__count"]))
            overdue_counts = dict(
                Case._read_group(
                    [("partner_id", "in", ids), *Case._get_overdue_domain()],
                    ["partner_id"],
                    ["__count"],
                )
            )
        for partner in self:
            origin = partner._origin
            partner.case_open_count = open_counts.get(origin, 0)
            partner.case_overdue_count = overdue_counts.get(origin, 0)
            partner.has_open_case = bool(partner.case_open_count)
            partner.has_overdue_case = bool(partner.case_overdue_count)

    def _search_case_flag(self, operator, value, case_domain):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search this field with = or != and a yes/no value."))
        cases = self.env["customer.archive.case"]._search(case_domain)
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", cases.subselect("partner_id"))]

    def _search_has_open_case(self, operator, value):
        return self._search_case_flag(operator, value, [("is_closed", "=", False)])

    def _search_has_overdue_case(self, operator, value):
        Case = self.env["customer.archive.case"]
        return self._search_case_flag(operator, value, Case._get_overdue_domain())

    def action_open_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_case_action"
        )
        partner = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", partner.id)]
        action["context"] = {"default_partner_id": partner.id, "search_default_filter_open": 1}
        return action
