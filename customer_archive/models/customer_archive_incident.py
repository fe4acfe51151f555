from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

INCIDENT_KINDS = [
    ("lost_copy", "Lost Printed Copy"),
    ("leak", "Leak"),
    ("violation", "Violation"),
]
INCIDENT_STATES = [
    ("reported", "Reported"),
    ("investigating", "Investigating"),
    ("closed", "Closed"),
]


class CustomerArchiveIncident(models.Model):
    """The incident register (泄密事件登记): a lost printed copy, a leak or a violation of the
    rules, the archives concerned, what happened and the follow-up actions.

    Anyone with archive access reports an incident; archive users see only the incidents they
    reported; officers see and follow up every incident of their companies; managers close."""

    _name = "customer.archive.incident"
    _inherit = ["mail.thread"]
    _description = "Customer Archive: Confidentiality Incident"
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    kind = fields.Selection(INCIDENT_KINDS, required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    reported_by_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user, index=True
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_archive_incident_partner_rel",
        "incident_id",
        "partner_id",
        string="Archives",
        domain=[("is_customer_archive", "=", True)],
    )
    copy_id = fields.Many2one("customer.archive.print.copy", string="Printed Copy", index=True)
    description = fields.Text(required=True)
    action_ids = fields.One2many(
        "customer.archive.rectification", "incident_id", string="Follow-up Actions"
    )
    state = fields.Selection(
        INCIDENT_STATES, default="reported", required=True, readonly=True, tracking=True
    )
    closed_by_id = fields.Many2one("res.users", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"].sudo()  # the incident numbering, whoever reports
        for vals in vals_list:
            vals["name"] = Sequence.next_by_code("customer.archive.incident") or "/"
            if not self.env.su:
                # The reporter is the user who reports; the flow sets the state.
                vals.update(reported_by_id=self.env.uid, state="reported")
            if vals.get("kind") == "lost_copy" and not vals.get("copy_id"):
                raise UserError(
                    self.env._("A lost printed copy incident names the copy that was lost.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and {"state", "reported_by_id", "closed_by_id"} & set(vals):
            raise AccessError(
                self.env._("The state of an incident changes only through its buttons.")
            )
        closed = self.filtered(lambda i: i.state == "closed")
        if closed and not self.env.su and set(vals) - {"action_ids", "message_main_attachment_id"}:
            raise UserError(
                self.env._(
                    "The incident %(name)s is closed: it can no longer be changed.",
                    name=", ".join(closed.mapped("name")),
                )
            )
        return super().write(vals)

    def _check_officer(self):
        if not self.env.su and not self.env.user.has_group(
            "customer_archive.group_archive_officer"
        ):
            raise AccessError(self.env._("Only archive officers and managers follow up incidents."))

    def action_investigate(self):
        self._check_officer()
        # sudo: the state is set by the buttons only; _check_officer authorised it.
        self.filtered(lambda i: i.state == "reported").sudo().write({"state": "investigating"})
        return True

    def action_close(self):
        if not self.env.su and not self.env.user._is_archive_manager():
            raise AccessError(self.env._("Only archive managers close incidents."))
        open_actions = self.action_ids.filtered(lambda a: not a.done)
        if open_actions:
            raise UserError(
                self.env._(
                    "Finish the follow-up actions first: %(actions)s.",
                    actions=", ".join(open_actions.mapped("name")),
                )
            )
        # sudo: the state is set by the buttons only; the manager check above authorised it.
        self.sudo().write({"state": "closed", "closed_by_id": self.env.uid})
        return True
