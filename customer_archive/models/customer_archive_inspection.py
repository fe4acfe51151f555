from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

CHECK_RESULTS = [("ok", "OK"), ("not_ok", "Not OK"), ("na", "Not Applicable")]
# The inspection is held every two months (每两个月检查一次).
INSPECTION_INTERVAL_MONTHS = 2


class CustomerArchiveCheckItem(models.Model):
    """A configurable item of the confidentiality inspection checklist (保密检查项目)."""

    _name = "customer.archive.check.item"
    _description = "Customer Archive: Inspection Check Item"
    _order = "sequence, id"

    name = fields.Char(string="Check Item", required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)


class CustomerArchiveInspection(models.Model):
    """The bi-monthly confidentiality inspection (保密检查): the checklist of the active check
    items with a result and a note each, and the actions it calls for."""

    _name = "customer.archive.inspection"
    _description = "Customer Archive: Confidentiality Inspection"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    inspector_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [("draft", "In Progress"), ("done", "Done")], default="draft", required=True, readonly=True
    )
    line_ids = fields.One2many(
        "customer.archive.inspection.line", "inspection_id", string="Checklist"
    )
    action_ids = fields.One2many(
        "customer.archive.rectification", "inspection_id", string="Rectification Actions"
    )
    summary = fields.Text()
    not_ok_count = fields.Integer(
        string="Items Not OK", compute="_compute_not_ok_count", store=True
    )
    next_date = fields.Date(string="Next Inspection", compute="_compute_next_date", store=True)

    @api.depends("date", "company_id")
    def _compute_name(self):
        for inspection in self:
            inspection.name = self.env._(
                "Inspection %(date)s · %(company)s",
                date=fields.Date.to_string(inspection.date) if inspection.date else "",
                company=inspection.company_id.name or "",
            )

    @api.depends("line_ids.result")
    def _compute_not_ok_count(self):
        for inspection in self:
            inspection.not_ok_count = len(
                inspection.line_ids.filtered(lambda l: l.result == "not_ok")
            )

    @api.depends("date")
    def _compute_next_date(self):
        for inspection in self:
            inspection.next_date = (
                inspection.date + relativedelta(months=INSPECTION_INTERVAL_MONTHS)
                if inspection.date
                else False
            )

    @api.model
    def _prepare_checklist_vals(self):
        """One checklist line per active check item (extension point)."""
        items = self.env["customer.archive.check.item"].search([])
        return [Command.create({"item_id": item.id}) for item in items]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("line_ids"):
                vals["line_ids"] = self._prepare_checklist_vals()
        return super().create(vals_list)

    def write(self, vals):
        done = self.filtered(lambda i: i.state == "done")
        if done and set(vals) - {"action_ids"} and not self.env.su:
            raise UserError(
                self.env._(
                    "The inspection %(name)s is done: it can no longer be changed (only its "
                    "actions can be marked done).",
                    name=", ".join(done.mapped("name")),
                )
            )
        return super().write(vals)

    def action_done(self):
        for inspection in self:
            missing = inspection.line_ids.filtered(lambda l: not l.result)
            if missing:
                raise UserError(
                    self.env._(
                        "Give every check item of %(name)s a result first: %(items)s.",
                        name=inspection.name,
                        items=", ".join(missing.item_id.mapped("name")),
                    )
                )
            if inspection.not_ok_count and not inspection.action_ids:
                raise UserError(
                    self.env._(
                        "%(name)s has %(count)s item(s) not OK: record the rectification actions "
                        "first.",
                        name=inspection.name,
                        count=inspection.not_ok_count,
                    )
                )
        # sudo: the state of a finished inspection is set by this button only
        self.sudo().write({"state": "done"})
        return True


class CustomerArchiveInspectionLine(models.Model):
    _name = "customer.archive.inspection.line"
    _description = "Customer Archive: Inspection Checklist Line"
    _order = "sequence, id"

    inspection_id = fields.Many2one(
        "customer.archive.inspection", required=True, ondelete="cascade", index=True
    )
    item_id = fields.Many2one("customer.archive.check.item", string="Check Item", required=True)
    sequence = fields.Integer(related="item_id.sequence", store=True)
    result = fields.Selection(CHECK_RESULTS)
    note = fields.Char()
    company_id = fields.Many2one(related="inspection_id.company_id", store=True, index=True)

    def write(self, vals):
        if not self.env.su and self.inspection_id.filtered(lambda i: i.state == "done"):
            raise UserError(self.env._("A done inspection can no longer be changed."))
        return super().write(vals)
