from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerArchiveRectification(models.Model):
    """A rectification or follow-up action (整改措施) of a risk assessment, an inspection or an
    incident: what is to be done, by whom, by when, and whether it is done."""

    _name = "customer.archive.rectification"
    _description = "Customer Archive: Rectification Action"
    _order = "done, due_date, id"

    name = fields.Char(string="Action", required=True)
    owner_id = fields.Many2one("res.users", required=True)
    due_date = fields.Date(required=True)
    done = fields.Boolean()
    done_date = fields.Date(readonly=True)
    assessment_id = fields.Many2one(
        "customer.archive.risk.assessment", ondelete="cascade", index=True
    )
    inspection_id = fields.Many2one("customer.archive.inspection", ondelete="cascade", index=True)
    incident_id = fields.Many2one("customer.archive.incident", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("assessment_id.company_id", "inspection_id.company_id", "incident_id.company_id")
    def _compute_company_id(self):
        for action in self:
            action.company_id = (
                action.assessment_id.company_id
                or action.inspection_id.company_id
                or action.incident_id.company_id
                or self.env.company
            )

    @api.depends("done", "due_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                not action.done and action.due_date and action.due_date < today
            )

    @api.constrains("assessment_id", "inspection_id", "incident_id")
    def _check_one_parent(self):
        for action in self:
            parents = [action.assessment_id, action.inspection_id, action.incident_id]
            if len([p for p in parents if p]) != 1:
                raise UserError(
                    self.env._(
                        "The action %(action)s must belong to exactly one risk assessment, "
                        "inspection or incident.",
                        action=action.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user._is_archive_manager():
            if any(vals.get("assessment_id") or vals.get("inspection_id") for vals in vals_list):
                raise AccessError(
                    self.env._(
                        "Only archive managers add actions to risk assessments and inspections; "
                        "officers add the follow-up actions of incidents."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if "done" in vals:
            vals["done_date"] = fields.Date.context_today(self) if vals["done"] else False
        return super().write(vals)
