"""Destruction register (销毁登记): the only way an archive leaves the addon for good.

An archive officer (or manager) requests the destruction of one archive with a reason and names
a witness (监销人); another archive manager — never the requester nor the witness — approves;
the witness confirms, and the archive's data and attachments are removed by the PIPL
anonymisation (res_partner_pipl.py), its documents deleted, and the archive and its contacts
deactivated for good (models/res_partner_archive_destruction.py). The register keeps the
number, the archive's name and number, the dates, the approver and the witness; nobody edits or
deletes it. ``res.partner.unlink`` of an archive is refused everywhere (screens and RPC, the
administrator included)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .res_users_archive_role import GROUP_MANAGER

DESTRUCTION_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("done", "Destroyed"),
    ("rejected", "Rejected"),
]
# Fields only the flow writes (through the action_* methods, as superuser).
FLOW_FIELDS = {
    "state",
    "requester_id",
    "request_date",
    "approver_id",
    "decided_on",
    "destroyed_date",
    "archive_name",
    "archive_number",
    "detail",
    "rejection_reason",
}
# Fields the requester may change while the request is a draft.
DRAFT_FIELDS = {"partner_id", "reason", "witness_id", "company_id"}
APPROVAL_ACTIVITY = "customer_archive.mail_activity_type_destruction_approval"
WITNESS_ACTIVITY = "customer_archive.mail_activity_type_destruction_witness"


class CustomerArchiveDestruction(models.Model):
    _name = "customer.archive.destruction"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "customer.archive.approval.mixin",
        # only a user who may see the archive requests its destruction
        "customer.archive.link.mixin",
    ]
    _description = "Archive Destruction"
    _order = "id desc"
    _approval_group = GROUP_MANAGER
    _approval_activity = APPROVAL_ACTIVITY

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Archive",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_customer_archive', '=', True), ('archive_destroyed', '=', False)]",
        tracking=True,
    )
    archive_name = fields.Char(
        readonly=True, copy=False, help="The archive's name when it was destroyed."
    )
    archive_number = fields.Char(readonly=True, copy=False)
    reason = fields.Text(required=True, tracking=True)
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    request_date = fields.Datetime(string="Requested On", readonly=True, copy=False)
    witness_id = fields.Many2one(
        "res.users",
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person who witnesses the destruction (监销人) and confirms it: neither the "
        "requester nor the approver.",
    )
    destroyed_date = fields.Datetime(string="Destroyed On", readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    detail = fields.Text(string="Data Removed", readonly=True, copy=False)
    state = fields.Selection(
        DESTRUCTION_STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "witness_id", "requester_id")
    def _check_parties(self):
        for destruction in self:
            if destruction.partner_id and not destruction.partner_id.is_customer_archive:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a customer archive: only archives are destroyed "
                        "through the register.",
                        partner=destruction.partner_id.display_name,
                    )
                )
            if destruction.witness_id and not destruction.witness_id._is_archive_officer():
                raise ValidationError(
                    self.env._(
                        "The witness of %(name)s, %(user)s, must be an archive officer or manager.",
                        name=destruction.name,
                        user=destruction.witness_id.name,
                    )
                )
            if destruction.witness_id and destruction.witness_id == destruction.requester_id:
                raise ValidationError(
                    self.env._(
                        "The witness of %(name)s must be another person than the requester "
                        "(%(user)s).",
                        name=destruction.name,
                        user=destruction.requester_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            if not self.env.user._is_archive_officer():
                raise AccessError(
                    self.env._(
                        "Only archive officers and managers request the destruction of an archive."
                    )
                )
            for vals in vals_list:
                forbidden = (set(vals) & FLOW_FIELDS) - {"requester_id"}
                if forbidden or vals.get("requester_id", self.env.uid) != self.env.uid:
                    raise AccessError(
                        self.env._(
                            "A destruction request is made by the requester themself, as a draft."
                        )
                    )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("customer.archive.destruction") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & FLOW_FIELDS:
                raise AccessError(
                    self.env._("A destruction request changes only through its buttons.")
                )
            locked = self.filtered(lambda r: r.state != "draft" or r.requester_id != self.env.user)
            if set(vals) & (DRAFT_FIELDS | {"reason"}) and locked:
                raise UserError(
                    self.env._(
                        "Only the requester can change a draft destruction request; %(names)s "
                        "can no longer be changed.",
                        names=", ".join(locked.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The destruction register cannot be deleted."))

    # ------------------------------------------------------------------ approval texts
    def _approval_activity_texts(self, env):
        return (
            env._("Approve destruction %(name)s", name=self.name),
            env._(
                "%(requester)s asks to destroy the archive %(archive)s (%(number)s), witnessed "
                "by %(witness)s. Reason: %(reason)s",
                requester=self.requester_id.name,
                archive=self.archive_name or self.partner_id.display_name,
                number=self.archive_number or "",
                witness=self.witness_id.name,
                reason=self.reason,
            ),
        )

    def _approval_refusal(self, own=None):
        if not own:
            return self.env._(
                "Only archive managers approve or reject the destruction of an archive."
            )
        return self.env._(
            "You cannot approve or reject your own destruction request %(names)s: another archive "
            "manager must decide (separation of duties).",
            names=", ".join(own.mapped("name")),
        )

    # ------------------------------------------------------------------ flow
    def action_submit(self):
        self._check_state(["draft"])
        if self.filtered(lambda r: r.requester_id != self.env.user):
            raise AccessError(self.env._("Only the requester submits a destruction request."))
        for destruction in self:
            partner = destruction.partner_id
            if partner.archive_destroyed or not partner.is_customer_archive:
                raise UserError(
                    self.env._(
                        "%(partner)s cannot be destroyed: it is not a customer archive or was "
                        "destroyed already.",
                        partner=partner.display_name,
                    )
                )
            # sudo: the state and the archive's name and number are written by the flow only
            destruction.sudo().write(
                {
                    "state": "to_approve",
                    "request_date": fields.Datetime.now(),
                    "archive_name": partner.name,
                    "archive_number": partner.archive_number,
                }
            )
        self._schedule_approval_activities()
        return True

    def action_approve(self):
        self._check_state(["to_approve"])
        self._check_approver()
        witnessed = self.filtered(lambda r: r.witness_id == self.env.user)
        if witnessed:
            raise AccessError(
                self.env._(
                    "You are the witness of %(names)s: another archive manager must approve it.",
                    names=", ".join(witnessed.mapped("name")),
                )
            )
        self._approval_decide({"state": "approved"})
        for destruction in self:
            env = destruction.witness_id._get_lang_env(self.env)
            # sudo: the approver asks the witness, whatever the witness's activity rights
            destruction.sudo().activity_schedule(
                WITNESS_ACTIVITY,
                summary=env._("Witness destruction %(name)s", name=destruction.name),
                note=env._(
                    "Witness the destruction of the archive %(archive)s (%(number)s), approved by "
                    "%(approver)s, and confirm it in the register.",
                    archive=destruction.archive_name,
                    number=destruction.archive_number or "",
                    approver=self.env.user.name,
                ),
                user_id=destruction.witness_id.id,
            )
        return True

    def action_reject(self):
        self._check_state(["to_approve"])
        self._check_approver()
        self._approval_decide({"state": "rejected"})
        for destruction in self:
            destruction.message_post(
                body=self.env._("Destruction rejected by %(user)s.", user=self.env.user.name)
            )
        return True

    def action_confirm_destruction(self):
        """The witness confirms: the archive is destroyed (anonymised, documents deleted,
        deactivated) and the register records it."""
        self._check_state(["approved"])
        others = self.filtered(lambda r: r.witness_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only the witness %(witness)s confirms the destruction %(name)s.",
                    witness=others[0].witness_id.name,
                    name=others[0].name,
                )
            )
        for destruction in self:
            detail = destruction.partner_id._archive_destroy(destruction)
            # sudo: the register's result is written by the flow only
            destruction.sudo().write(
                {
                    "state": "done",
                    "destroyed_date": fields.Datetime.now(),
                    "detail": "; ".join(detail),
                }
            )
            # sudo: the witness closes their own activity, and the other witnesses' if any
            destruction.sudo().activity_feedback([WITNESS_ACTIVITY], user_id=self.env.uid)
            destruction.message_post(
                body=self.env._(
                    "Archive %(number)s destroyed, witnessed by %(witness)s: %(detail)s.",
                    number=destruction.archive_number or "",
                    witness=self.env.user.name,
                    detail="; ".join(detail),
                )
            )
        return True
