from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .res_users_archive_role import GROUP_MANAGER

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("done", "Done"),
]
# Fields only the approval flow writes (through the action_* methods, as superuser).
FLOW_FIELDS = {
    "state",
    "approver_id",
    "decided_on",
    "rejection_reason",
    "requester_id",
    "copy_ids",
}
# Fields the requester may change while the request is a draft.
DRAFT_FIELDS = {"partner_ids", "purpose", "copies", "date_expiry", "company_id"}
APPROVAL_ACTIVITY = "customer_archive.mail_activity_type_print_approval"


class CustomerArchivePrintRequest(models.Model):
    """A request to print archive cards (受控打印申请).

    Separation of duties: an archive officer (or manager) requests; another archive manager —
    never the requester — approves or rejects; only the requester prints, at most ``copies``
    times, until the expiry date. Every printed copy gets a serial number in the register
    (customer.archive.print.copy), where managers record its return or destruction.
    """

    _name = "customer.archive.print.request"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.archive.approval.mixin"]
    _description = "Archive Print Request"
    _order = "id desc"
    _check_company_auto = True
    _approval_group = GROUP_MANAGER
    _approval_activity = APPROVAL_ACTIVITY

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_archive_print_request_partner_rel",
        "request_id",
        "partner_id",
        string="Archives",
        required=True,
        domain="[('is_customer_archive', '=', True)]",
    )
    archive_count = fields.Integer(compute="_compute_archive_count", string="Number of Archives")
    purpose = fields.Text(string="Purpose of Use", required=True, tracking=True)
    copies = fields.Integer(
        string="Number of Copies",
        default=1,
        required=True,
        tracking=True,
        help="How many times the requester may print the archive cards of this request.",
    )
    date_expiry = fields.Date(
        string="Usable Until",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
        help="After this day the request can no longer be printed and it expires.",
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    rejection_reason = fields.Text(readonly=True, copy=False)
    state = fields.Selection(
        REQUEST_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    copy_ids = fields.One2many(
        "customer.archive.print.copy", "request_id", string="Printed Copies", readonly=True
    )
    copies_printed = fields.Integer(compute="_compute_copies_printed")
    copies_left = fields.Integer(compute="_compute_copies_printed")

    _sql_constraints = [
        ("copies_positive", "CHECK(copies > 0)", "The number of copies must be at least 1."),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("partner_ids")
    def _compute_archive_count(self):
        for request in self:
            request.archive_count = len(request.partner_ids)

    @api.depends("copy_ids")
    def _compute_copies_printed(self):
        counts = (
            dict(
                self.env["customer.archive.print.copy"]
                # sudo: the copies of these requests, counted whoever reads the register
                .sudo()
                ._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
            )
            if self.ids
            else {}
        )
        for request in self:
            printed = counts.get(request._origin, 0)
            request.copies_printed = printed
            request.copies_left = max(request.copies - printed, 0)

    @api.constrains("partner_ids")
    def _check_partner_ids(self):
        for request in self:
            if not request.partner_ids:
                raise ValidationError(self.env._("A print request needs at least one archive."))
            not_archives = request.partner_ids.filtered(lambda p: not p.is_customer_archive)
            if not_archives:
                raise ValidationError(
                    self.env._(
                        "Only customer archives can be printed, not %(names)s.",
                        names=", ".join(not_archives.mapped("display_name")),
                    )
                )

    @api.constrains("date_expiry")
    def _check_date_expiry(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.state in ("draft", "submitted") and request.date_expiry < today:
                raise ValidationError(
                    self.env._(
                        "The usage period of %(request)s ends on %(date)s, in the past.",
                        request=request.name,
                        date=request.date_expiry,
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
                        self.env._("A print request is made by the requester themself, as a draft.")
                    )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("customer.archive.print.request") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & FLOW_FIELDS:
                raise AccessError(
                    self.env._("The state of a print request changes only through its buttons.")
                )
            if set(vals) & DRAFT_FIELDS:
                locked = self.filtered(
                    lambda r: r.state != "draft" or r.requester_id != self.env.user
                )
                if locked:
                    raise UserError(
                        self.env._(
                            "Only the requester can change a draft print request; %(names)s can no longer be changed.",
                            names=", ".join(locked.mapped("name")),
                        )
                    )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def _log_access(self, event, partners, **kwargs):
        """Write ``event`` in the shared access log."""
        self.env["customer.archive.access.log"]._log(event, partners, **kwargs)

    def _approval_refusal(self, own=None):
        if not own:
            return self.env._("Only archive managers approve or reject print requests.")
        return self.env._(
            "You cannot approve or reject your own print request %(names)s: another archive "
            "manager must decide (separation of duties).",
            names=", ".join(own.mapped("name")),
        )

    def action_submit(self):
        self._check_state(["draft"])
        if self.filtered(lambda r: r.requester_id != self.env.user):
            raise AccessError(self.env._("Only the requester submits a print request."))
        self._check_date_expiry()
        # sudo: the state is protected against direct writes; the checks above authorise it.
        self.sudo().write({"state": "submitted"})
        for request in self:
            self._log_access(
                "print_request", request.partner_ids, reason=request.purpose, detail=request.name
            )
        self._schedule_approval_activities()
        return True

    def _approval_activity_texts(self, env):
        return (
            env._("Approve print request %(request)s", request=self.name),
            env._(
                "%(requester)s asks to print %(count)s archive card(s), %(copies)s "
                "copy(ies), until %(expiry)s. Purpose: %(purpose)s",
                requester=self.requester_id.name,
                count=len(self.partner_ids),
                copies=self.copies,
                expiry=format_date(env, self.date_expiry),
                purpose=self.purpose,
            ),
        )

    def action_approve(self):
        self._check_state(["submitted"])
        self._check_approver()
        today = fields.Date.context_today(self)
        expired = self.filtered(lambda r: r.date_expiry < today)
        if expired:
            raise UserError(
                self.env._(
                    "The usage period of %(names)s has ended: it cannot be approved.",
                    names=", ".join(expired.mapped("name")),
                )
            )
        self._approval_decide({"state": "approved"})
        for request in self:
            self._log_access("print_approve", request.partner_ids, detail=request.name)
        return True

    def action_reject(self, reason=None):
        self._check_state(["submitted"])
        self._check_approver()
        self._approval_decide({"state": "rejected", "rejection_reason": reason or False})
        for request in self:
            self._log_access(
                "print_reject", request.partner_ids, reason=reason, detail=request.name
            )
        return True

    def action_reset_draft(self):
        self._check_state(["rejected"])
        if self.filtered(lambda r: r.requester_id != self.env.user):
            raise AccessError(self.env._("Only the requester reopens a print request."))
        self._approval_reopen({"state": "draft", "rejection_reason": False})
        return True

    def action_print(self):
        """Print the archive cards of this approved request: one more controlled copy."""
        return self.action_print_partners(self.partner_ids)

    def action_print_partners(self, partners):
        """The report action printing ``partners`` under this request (checked again when the
        PDF is rendered, in the report model); more archives than the background threshold
        are queued as a print job instead (customer_archive_print_job.py)."""
        self.ensure_one()
        self._check_printable(partners)
        Job = self.env["customer.archive.print.job"]
        if len(partners) > Job._get_background_threshold():
            # a large batch would hold the browser for minutes: printed in the background
            return Job._queue(self, partners)
        report = self.env.ref("customer_archive.action_report_customer_archive_card")
        # The web client puts ``data`` in the report URL instead of the record ids: the
        # archives travel in it (see report.customer_archive.report_archive_card).
        return report.report_action(
            partners, data={"print_request_id": self.id, "archive_ids": partners.ids}
        )

    def _check_printable(self, partners):
        """Raise unless the current user may print ``partners`` under this request now."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.requester_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(user)s, who requested %(request)s, may print it.",
                    user=self.requester_id.name,
                    request=self.name,
                )
            )
        if self.state != "approved" or self.date_expiry < today:
            raise AccessError(
                self.env._(
                    "Print request %(request)s is not approved or has expired: the archive cards "
                    "cannot be printed.",
                    request=self.name,
                )
            )
        if self.copies_left <= 0:
            raise AccessError(
                self.env._(
                    "All %(copies)s copies of print request %(request)s have been printed.",
                    copies=self.copies,
                    request=self.name,
                )
            )
        outside = self._get_uncovered(partners)
        if outside:
            raise AccessError(
                self.env._(
                    "Print request %(request)s does not cover %(names)s.",
                    request=self.name,
                    # sudo: names of the archives the request does not cover, for the error
                    names=", ".join(outside.sudo().mapped("display_name")),
                )
            )

    def _get_uncovered(self, partners):
        """The archives of ``partners`` this request does not cover. Only ids are compared:
        whether the user may read each archive is checked when the card reads it, as the
        user (reading the request's archives through the record rules cost a second for a
        request of 500 archives, for every card printed under it)."""
        self.ensure_one()
        # sudo: the ids the request covers, compared with those printed; nothing is shown
        covered = self.sudo().with_context(active_test=False).partner_ids
        return partners - covered

    @api.model
    def _get_printable_request(self, partners, request_id=None):
        """The approved, unexpired request of the current user under which ``partners`` are
        printed: ``request_id`` when given, else the oldest one covering all of them with
        copies left. Raises AccessError when there is none."""
        if request_id:
            request = self.browse(int(request_id)).exists()
            if not request:
                raise AccessError(self.env._("This print request does not exist."))
            request._check_printable(partners)
            return request
        today = fields.Date.context_today(self)
        candidates = self.search(self._get_printable_domain(partners, today), order="id")
        for request in candidates:
            if request.copies_left > 0 and not request._get_uncovered(partners):
                return request
        raise AccessError(
            self.env._(
                "Archive cards are printed only under an approved, unexpired print request of your "
                "own that covers every archive printed. Request a print (受控打印) first."
            )
        )

    @api.model
    def _get_printable_domain(self, partners, today):
        return [
            ("requester_id", "=", self.env.uid),
            ("state", "=", "approved"),
            ("date_expiry", ">=", today),
            ("partner_ids", "in", partners.ids),
        ]

    def _prepare_copy_vals(self, partners):
        self.ensure_one()
        return {
            "request_id": self.id,
            "partner_ids": [fields.Command.set(partners.ids)],
            "printed_by_id": self.env.uid,
            "printed_on": fields.Datetime.now(),
            "company_id": self.company_id.id,
        }

    def _register_copy(self, partners):
        """Register one printed copy of ``partners`` under this request; close the request
        when its last copy is printed. Returns the copy (its serial goes on every page)."""
        self.ensure_one()
        copy = (
            # sudo: the register is written by the print flow only (nobody has create access).
            self.env["customer.archive.print.copy"].sudo().create(self._prepare_copy_vals(partners))
        )
        self.invalidate_recordset(["copy_ids", "copies_printed", "copies_left"])
        if self.copies_left <= 0:
            # sudo: the print flow closes the request (state is the flow's only)
            self.sudo().write({"state": "done"})
        self._log_access("print", partners, detail=copy.name)
        return copy

    @api.model
    def _cron_expire_print_requests(self):
        """Expire submitted and approved requests whose usage period has ended."""
        today = fields.Date.context_today(self)
        expired = self.search(
            [("state", "in", ("submitted", "approved")), ("date_expiry", "<", today)]
        )
        expired.write({"state": "expired"})
        expired.activity_unlink([APPROVAL_ACTIVITY])
        return len(expired)
