"""Change requests (变更审批): a controlled field of an archive changed by an archive user is
not written; it becomes a request that an archive officer approves (the value is then written
with the officer's rights) or rejects with a reason. See res_partner_change_request.py for the
interception in ``res.partner.write`` (every path: forms, RPC, import) and the portal
controller for the customer's own corrections."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_users_archive_role import GROUP_OFFICER

CHANGE_STATES = [
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
CHANGE_SOURCES = [
    ("user", "Archive User"),
    ("portal", "Customer (Portal)"),
]
APPROVAL_ACTIVITY = "customer_archive.mail_activity_type_change_approval"
# Written by the flow only (create by res.partner.write / the portal, decisions by the buttons).
FLOW_FIELDS = {
    "partner_id",
    "field_id",
    "old_value",
    "new_value",
    "requester_id",
    "source",
    "state",
    "approver_id",
    "decided_on",
    "company_id",
    "name",
}


class CustomerArchiveChangeRequest(models.Model):
    _name = "customer.archive.change.request"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.archive.approval.mixin"]
    _description = "Archive Change Request"
    _order = "id desc"
    _approval_group = GROUP_OFFICER
    _approval_activity = APPROVAL_ACTIVITY

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Archive",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    field_id = fields.Many2one("ir.model.fields", required=True, readonly=True, ondelete="cascade")
    field_name = fields.Char(related="field_id.name", store=True, string="Technical Name")
    field_label = fields.Char(string="Field Name", compute="_compute_display_values")
    # Raw values (JSON): the value written on approval, and the value it replaces (a stale
    # request is refused). Readable by the flow only (sudo): values of sensitive fields.
    old_value = fields.Json(
        string="Old Value (Raw)", readonly=True, groups="base.group_system", copy=False
    )
    new_value = fields.Json(
        string="New Value (Raw)", readonly=True, groups="base.group_system", copy=False
    )
    old_value_display = fields.Char(string="Old Value", compute="_compute_display_values")
    new_value_display = fields.Char(string="New Value", compute="_compute_display_values")
    reason = fields.Text(help="Why the value should change (given by the requester).")
    source = fields.Selection(CHANGE_SOURCES, required=True, readonly=True, default="user")
    state = fields.Selection(
        CHANGE_STATES, default="to_approve", required=True, readonly=True, tracking=True, index=True
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    rejection_reason = fields.Text(copy=False, tracking=True)

    # ------------------------------------------------------------------
    # Display (masked like the field for users who are not cleared)
    # ------------------------------------------------------------------
    @api.depends("field_name", "partner_id")
    @api.depends_context("uid", "lang")
    def _compute_display_values(self):
        Partner = self.env["res.partner"]
        masked = Partner._archive_masked_fields()
        bank_masked = self.env["res.partner.bank"]._archive_masked_fields()
        # sudo: the raw values are read to be shown, masked below for users not cleared
        raws = {request.id: request.sudo() for request in self}
        for request in self:
            raw = raws[request.id]
            fname = request.field_name
            field = Partner._fields.get(fname)
            request.field_label = field._description_string(self.env) if field else fname
            rule = masked.get(fname)
            # sudo: only whether the archive is in the rule's scope
            mask = (
                rule
                and request.partner_id.id
                in request.partner_id.sudo()._archive_ids_in_rule_scope(rule)
            )
            for key in ("old_value", "new_value"):
                text = Partner._change_value_display(fname, raw[key], bank_masked)
                if mask:
                    text = Partner._change_mask_text(text, rule, field.type)
                request[f"{key}_display"] = text

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Change requests are created by changing a controlled field of an archive, "
                    "not directly."
                )
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("customer.archive.change.request") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & FLOW_FIELDS:
                raise AccessError(self.env._("A change request changes only through its buttons."))
            if "rejection_reason" in vals:
                self._check_approver()
                self._check_state(["to_approve"])
            if "reason" in vals and self.filtered(
                lambda r: r.requester_id != self.env.user or r.state != "to_approve"
            ):
                raise AccessError(
                    self.env._("Only the requester changes the reason of a pending request.")
                )
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Change requests are kept as the archive's history; they cannot be deleted."
                )
            )
        return super().unlink()

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def _approval_refusal(self, own=None):
        if not own:
            return self.env._("Only archive officers approve or reject change requests.")
        return self.env._(
            "You cannot decide on your own change request %(names)s: another archive officer "
            "must (separation of duties).",
            names=", ".join(own.mapped("name")),
        )

    def _approval_activity_texts(self, env):
        request = self.with_env(env)
        return (
            env._("Decide on change request %(request)s", request=self.name),
            env._(
                "%(requester)s asks to change %(field)s of %(partner)s: %(old)s → %(new)s. "
                "Reason: %(reason)s",
                requester=self.requester_id.name,
                field=request.field_label,
                # sudo: the officers decide on this archive
                partner=self.partner_id.sudo().display_name,
                old=request.old_value_display or "-",
                new=request.new_value_display or "-",
                reason=self.reason or "-",
            ),
        )

    def _check_not_stale(self):
        """The value the request replaces is still the archive's value."""
        Partner = self.env["res.partner"]
        for request in self:
            # sudo: the raw values are compared, never returned
            raw = request.sudo()
            current = Partner._change_raw_value(raw.partner_id, request.field_name)
            # empty values are stored as NULL, whatever their type ("", [], False)
            if (current or False) != (raw.old_value or False):
                raise UserError(
                    self.env._(
                        "%(request)s is out of date: %(field)s of %(partner)s has changed since "
                        "it was requested (now %(current)s, requested from %(old)s). Reject it "
                        "and ask for a new one.",
                        request=request.name,
                        field=request.field_label,
                        partner=request.partner_id.display_name,
                        current=Partner._change_value_display(request.field_name, current) or "-",
                        old=request.old_value_display or "-",
                    )
                )

    def _decide(self, vals, message):
        self._approval_decide(vals)
        for request in self:
            body = message(request)
            request.message_post(
                body=body,
                partner_ids=request.requester_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            request.partner_id.message_post(body=body, subtype_xmlid="mail.mt_note")

    def action_approve(self):
        """Write the requested values on the archives, with the officer's rights."""
        self._check_state(["to_approve"])
        self._check_approver()
        self._check_not_stale()
        for request in self:
            # sudo: the raw value to apply
            value = request.sudo().new_value
            request.partner_id.with_context(
                customer_archive_change_flow=self.env["res.partner"]._change_flow_marker()
            ).write({request.field_name: value})
        self._decide(
            {"state": "approved"},
            lambda request: self.env._(
                "Change request %(request)s approved by %(user)s: %(field)s changed from "
                "%(old)s to %(new)s.",
                request=request.name,
                user=self.env.user.name,
                field=request.field_label,
                old=request.old_value_display or "-",
                new=request.new_value_display or "-",
            ),
        )
        return True

    def action_reject(self, reason=None):
        """Reject with a reason (given here or written in the form's Rejection Reason)."""
        self._check_state(["to_approve"])
        self._check_approver()
        if reason:
            # sudo: the reason is part of the decision authorised above
            self.sudo().write({"rejection_reason": reason})
        missing = self.filtered(lambda r: not (r.rejection_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give the reason for rejecting %(names)s.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        self._decide(
            {"state": "rejected"},
            lambda request: self.env._(
                "Change request %(request)s rejected by %(user)s (%(field)s stays %(old)s): "
                "%(reason)s",
                request=request.name,
                user=self.env.user.name,
                field=request.field_label,
                old=request.old_value_display or "-",
                reason=request.rejection_reason,
            ),
        )
        return True
