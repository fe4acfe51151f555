from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .res_users_archive_role import GROUP_OFFICER

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("done", "Revealed"),
]
# Fields only the flow writes (through the action_* methods).
FLOW_FIELDS = {"state", "requester_id", "approver_id", "decided_on", "revealed_on"}
# Fields the requester fills in while the request is a draft.
DRAFT_FIELDS = {"partner_id", "sensitive_field_id", "reason", "company_id"}
APPROVAL_ACTIVITY = "customer_archive.mail_activity_type_reveal_approval"


class CustomerArchiveRevealRequest(models.Model):
    """A request to see one masked value in clear (查看明文申请), for users who may not reveal
    sensitive fields themselves (archive users, salespeople).

    The requester names the archive or contact, the field and the reason; an archive officer —
    never the requester — approves or refuses it (an activity asks the officers; the decision
    is written in the chatter). An approved request lets the requester reveal that value once,
    through the reveal wizard (customer.archive.reveal), which logs it in the access log."""

    _name = "customer.archive.reveal.request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "customer.archive.approval.mixin",
        "customer.archive.person.mixin",
    ]
    _description = "Reveal Request"
    _order = "id desc"
    _check_company_auto = True
    _approval_group = GROUP_OFFICER
    _approval_activity = APPROVAL_ACTIVITY

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    # Overrides of the person mixin: any partner under an archive; its archive is the archive
    # whose visibility it follows (archive_root_id), not its commercial partner.
    partner_id = fields.Many2one(
        string="Archive or Contact",
        tracking=True,
        domain="[('archive_root_id', '!=', False)]",
    )
    archive_id = fields.Many2one(related="partner_id.archive_root_id")
    sensitive_field_id = fields.Many2one(
        "customer.archive.sensitive.field",
        string="Field",
        required=True,
        tracking=True,
        domain="[('model_name', '=', 'res.partner')]",
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="Why you need the value; the officer decides on it and it is kept in the access log.",
    )
    state = fields.Selection(
        REQUEST_STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    refusal_reason = fields.Text(copy=False, tracking=True)
    revealed_on = fields.Datetime(readonly=True, copy=False)

    @api.constrains("partner_id", "sensitive_field_id")
    def _check_partner_and_field(self):
        for request in self:
            # sudo: whether the partner belongs to an archive, whatever the user may read
            if not request.partner_id.sudo().archive_root_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s is neither a customer archive nor a contact of one: its values "
                        "are not masked by the archive rules.",
                        name=request.partner_id.display_name,
                    )
                )
            if request.sensitive_field_id.model_name != "res.partner":
                raise ValidationError(
                    self.env._(
                        "%(field)s is not a sensitive field of archives and contacts.",
                        field=request.sensitive_field_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                forbidden = (set(vals) & FLOW_FIELDS) - {"requester_id"}
                if forbidden or vals.get("requester_id", self.env.uid) != self.env.uid:
                    raise AccessError(
                        self.env._(
                            "A reveal request is made by the requester themself, as a draft."
                        )
                    )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("customer.archive.reveal.request") or "/"
                )
        requests = super().create(vals_list)
        requests._check_partner_readable()
        return requests

    def write(self, vals):
        if not self.env.su:
            if set(vals) & FLOW_FIELDS:
                raise AccessError(
                    self.env._("The state of a reveal request changes only through its buttons.")
                )
            if set(vals) & DRAFT_FIELDS:
                locked = self.filtered(
                    lambda r: r.state != "draft" or r.requester_id != self.env.user
                )
                if locked:
                    raise UserError(
                        self.env._(
                            "Only the requester changes a draft reveal request; %(names)s can no "
                            "longer be changed.",
                            names=", ".join(locked.mapped("name")),
                        )
                    )
            if "refusal_reason" in vals:
                self._check_approver()
                self._check_state(["submitted"])
        res = super().write(vals)
        if "partner_id" in vals:
            self._check_partner_readable()
        return res

    def _check_partner_readable(self):
        """A request names an archive (or contact) its requester may read."""
        for request in self:
            request.partner_id.with_user(request.requester_id).check_access("read")

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def _approval_refusal(self, own=None):
        if not own:
            return self.env._("Only archive officers approve or refuse reveal requests.")
        return self.env._(
            "You cannot decide on your own reveal request %(names)s: another archive "
            "officer must (separation of duties).",
            names=", ".join(own.mapped("name")),
        )

    def _approval_activity_texts(self, env):
        return (
            env._("Decide on reveal request %(request)s", request=self.name),
            env._(
                "%(requester)s asks to see %(field)s of %(partner)s. Reason: %(reason)s",
                requester=self.requester_id.name,
                field=self.sensitive_field_id.with_env(env).name,
                # sudo: the officers decide on this archive; the requester may read it.
                partner=self.partner_id.sudo().display_name,
                reason=self.reason,
            ),
        )

    def action_submit(self):
        self._check_state(["draft"])
        if self.filtered(lambda r: r.requester_id != self.env.user):
            raise AccessError(self.env._("Only the requester submits a reveal request."))
        # sudo: the state is protected against direct writes; the checks above authorise it.
        self.sudo().write({"state": "submitted"})
        self._schedule_approval_activities()
        return True

    def _decide(self, vals, message):
        """Write the decision, close the officers' activities, tell the requester."""
        self._approval_decide(vals)
        for request in self:
            request.message_post(
                body=message(request),
                partner_ids=request.requester_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_approve(self):
        self._check_state(["submitted"])
        self._check_approver()
        for request in self:
            # the officer approves only what they may read themself
            request.partner_id.check_access("read")
        self._decide(
            {"state": "approved"},
            lambda request: self.env._(
                "Approved by %(user)s: %(requester)s may reveal %(field)s of %(partner)s once.",
                user=self.env.user.name,
                requester=request.requester_id.name,
                field=request.sensitive_field_id.name,
                partner=request.partner_id.display_name,
            ),
        )
        return True

    def action_refuse(self):
        self._check_state(["submitted"])
        self._check_approver()
        missing = self.filtered(lambda r: not (r.refusal_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give the reason of the refusal of %(names)s.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        self._decide(
            {"state": "refused"},
            lambda request: self.env._(
                "Refused by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=request.refusal_reason,
            ),
        )
        return True

    def action_reveal(self):
        """Open the reveal wizard on the approved value (the wizard reveals and logs it)."""
        self.ensure_one()
        self._check_state(["approved"])
        if self.requester_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(user)s, who requested %(request)s, may reveal the value.",
                    user=self.requester_id.name,
                    request=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reveal Sensitive Field"),
            "res_model": "customer.archive.reveal",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_res_model": "res.partner",
                "default_res_id": self.partner_id.id,
                "default_sensitive_field_id": self.sensitive_field_id.id,
                "default_reason": self.reason,
            },
        }

    @api.model
    def _get_reveal_grant(self, record, sensitive_field):
        """The approved, unused request of the current user to reveal ``sensitive_field`` of
        ``record`` (empty when there is none)."""
        if record._name != "res.partner":
            return self.browse()
        return self.search(
            [
                ("requester_id", "=", self.env.uid),
                ("state", "=", "approved"),
                ("partner_id", "=", record.id),
                ("sensitive_field_id", "=", sensitive_field.id),
            ],
            limit=1,
            order="id",
        )

    def _mark_revealed(self):
        """The single reveal of an approved request is used."""
        # sudo: flow fields are protected against direct writes; the reveal wizard used it.
        self.sudo().write({"state": "done", "revealed_on": fields.Datetime.now()})
