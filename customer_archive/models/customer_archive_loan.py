from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .res_users_archive_role import GROUP_OFFICER

LOAN_KINDS = [("paper", "Paper Original"), ("electronic", "Electronic Access")]
LOAN_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("lent", "Lent"),
    ("returned", "Returned"),
    ("rejected", "Rejected"),
]
# Fields only the loan flow writes (through the action_* methods, as superuser).
FLOW_FIELDS = {
    "state",
    "approver_id",
    "decided_on",
    "date_lent",
    "date_returned",
    "share_id",
    "overdue_reminded_due",
}
# Fields of a loan that can change while it is requested.
REQUEST_FIELDS = {"partner_id", "kind", "borrower_id", "purpose", "date_due"}
OVERDUE_ACTIVITY = "customer_archive.mail_activity_type_loan_overdue"


class CustomerArchiveLoan(models.Model):
    """A loan of an archive (借阅登记): the paper original or electronic access, to one borrower,
    for a purpose, until a due date, approved by an archive officer or manager other than the
    borrower.

    An electronic loan is a read share (customer.archive.share) of the borrower ending on the
    due date: approving the loan creates it, returning the loan (or the due date passing) ends
    it, and every step is written to the access log. A loan is personal: the borrower cannot
    share or lend on an archive they hold only through a loan (checked when a share or a loan
    is created)."""

    _name = "customer.archive.loan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "customer.archive.approval.mixin",
        "customer.archive.date.group.mixin",
    ]
    _description = "Customer Archive Loan"
    _order = "id desc"
    _check_company_auto = True

    _approval_group = GROUP_OFFICER

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Archive",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_customer_archive', '=', True)]",
    )
    kind = fields.Selection(
        LOAN_KINDS,
        string="Loan Of",
        required=True,
        default="paper",
        tracking=True,
        help="Paper original: the file leaves the archive room and comes back. Electronic "
        "access: the borrower reads the archive in Odoo until the due date.",
    )
    borrower_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    # For the approval mixin: the borrower is the one who may not approve.
    requester_id = fields.Many2one(related="borrower_id", string="Requested By")
    purpose = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        LOAN_STATES,
        default="requested",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date_lent = fields.Date(string="Lent On", readonly=True, copy=False, tracking=True)
    date_due = fields.Date(string="Due On", required=True, tracking=True)
    date_returned = fields.Date(string="Returned On", readonly=True, copy=False, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        related="partner_id.archive_company_id",
        store=True,
        index=True,
        string="Company",
    )
    share_id = fields.Many2one(
        "customer.archive.share",
        string="Access Share",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The read share that gives the borrower access for an electronic loan.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    overdue_reminded_due = fields.Date(
        string="Reminded for Due Date",
        readonly=True,
        copy=False,
        help="Due date of the last overdue reminder: one reminder per loan and due date.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("state", "date_due")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for loan in self:
            loan.is_overdue = loan.state == "lent" and loan.date_due < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue loans."))
        domain = [("state", "=", "lent"), ("date_due", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    # ------------------------------------------------------------------ checks
    @api.constrains("date_due", "date_lent")
    def _check_dates(self):
        for loan in self:
            if loan.date_lent and loan.date_due < loan.date_lent:
                raise ValidationError(
                    self.env._(
                        "The due date of %(loan)s (%(due)s) lies before the day it was lent "
                        "(%(lent)s).",
                        loan=loan.display_name,
                        due=format_date(self.env, loan.date_due),
                        lent=format_date(self.env, loan.date_lent),
                    )
                )

    @api.constrains("partner_id")
    def _check_archive(self):
        for loan in self:
            if not loan.partner_id.is_customer_archive:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a customer archive: only archives are lent.",
                        partner=loan.partner_id.display_name,
                    )
                )

    def _check_may_request(self, vals_list):
        """An archive user requests a loan for themself of an archive they can read, and not of
        one they hold only through a loan (a loan is personal); archive officers also register
        loans for others."""
        if self.env.su:
            return
        user = self.env.user
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("borrower_id", user.id) != user.id and not user._is_archive_officer():
                raise AccessError(
                    self.env._(
                        "You can request a loan for yourself only: an archive officer "
                        "registers loans for others."
                    )
                )
            partner = Partner.browse(vals.get("partner_id"))
            partner.check_access("read")
            held = self.env["customer.archive.share"]._get_loan_only_partners(partner)
            if held:
                raise AccessError(
                    self.env._(
                        "You hold %(partner)s through a loan only: a loan is personal and cannot "
                        "be lent on.",
                        partner=held.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if set(vals) & FLOW_FIELDS:
                    raise AccessError(
                        self.env._(
                            "A loan is registered as requested; its state changes through "
                            "its buttons only."
                        )
                    )
        self._check_may_request(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.archive.loan") or "/"
        loans = super().create(vals_list)
        loans._log_loan(self.env._("requested"))
        return loans

    def write(self, vals):
        if not self.env.su:
            if set(vals) & FLOW_FIELDS:
                raise AccessError(
                    self.env._("The state of a loan changes through its buttons only.")
                )
            if set(vals) & REQUEST_FIELDS:
                self._check_may_change(vals)
        result = super().write(vals)
        if "date_due" in vals:
            # sudo: the loan's own share follows its due date (the share refuses direct edits).
            self.share_id.sudo().write({"date_expiry": vals["date_due"]})
        return result

    def _check_may_change(self, vals):
        """While requested, the borrower or an officer changes a loan; afterwards only an
        officer extends the due date."""
        user = self.env.user
        officer = user._is_archive_officer()
        for loan in self:
            if loan.state == "requested" and (officer or loan.borrower_id == user):
                continue
            if officer and set(vals) == {"date_due"} and loan.state in ("approved", "lent"):
                continue
            raise UserError(
                self.env._(
                    "%(loan)s is %(state)s: it can no longer be changed.",
                    loan=loan.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[loan.state],
                )
            )
        if "borrower_id" in vals and vals["borrower_id"] != user.id and not officer:
            raise AccessError(self.env._("You can request a loan for yourself only."))
        if "partner_id" in vals:
            self.env["res.partner"].browse(vals["partner_id"]).check_access("read")

    @api.ondelete(at_uninstall=False)
    def _unlink_only_requested(self):
        if self.env.su:
            return
        kept = self.filtered(
            lambda r: (
                r.state != "requested"
                or (r.borrower_id != self.env.user and not self.env.user._is_archive_officer())
            )
        )
        if kept:
            raise UserError(
                self.env._(
                    "%(loans)s stays in the loan register: only a requested loan can be deleted, "
                    "by its borrower or an archive officer.",
                    loans=", ".join(kept.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------ log
    def _log_loan(self, step, event="loan"):
        Log = self.env["customer.archive.access.log"]
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for loan in self:
            Log._log(
                event,
                loan.partner_id,
                reason=loan.purpose,
                detail=self.env._(
                    "%(loan)s (%(kind)s) %(step)s: %(borrower)s until %(due)s",
                    loan=loan.name,
                    kind=kinds[loan.kind],
                    step=step,
                    borrower=loan.borrower_id.display_name,
                    due=fields.Date.to_string(loan.date_due),
                ),
            )

    # ------------------------------------------------------------------ flow
    def _approval_refusal(self, own=None):
        if not own:
            return self.env._("Only archive officers and managers approve or reject loans.")
        return self.env._(
            "You cannot approve or reject your own loan %(names)s: another archive officer must "
            "decide.",
            names=", ".join(own.mapped("name")),
        )

    def _check_officer(self):
        if not self.env.user._is_archive_officer():
            raise AccessError(self._approval_refusal())

    def _prepare_share_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "user_id": self.borrower_id.id,
            "mode": "read",
            "date_expiry": self.date_due,
            "loan_id": self.id,
            "note": self.env._("Loan %(loan)s", loan=self.name),
        }

    def action_approve(self):
        self._check_state(["requested"])
        self._check_approver()
        self.partner_id.check_access("read")
        today = fields.Date.context_today(self)
        expired = self.filtered(lambda r: r.date_due < today)
        if expired:
            raise UserError(
                self.env._(
                    "The due date of %(loans)s has passed: change it before approving.",
                    loans=", ".join(expired.mapped("name")),
                )
            )
        Share = self.env["customer.archive.share"]
        for loan in self:
            if loan.kind == "paper":
                loan._approval_decide({"state": "approved"})
                loan._log_loan(self.env._("approved"))
                continue
            # sudo: any share of the borrower, also one the approver cannot see.
            existing = Share.sudo().search(
                [("partner_id", "=", loan.partner_id.id), ("user_id", "=", loan.borrower_id.id)]
            )
            if existing:
                raise UserError(
                    self.env._(
                        "%(archive)s is already shared with %(user)s: change that share instead "
                        "of lending it.",
                        archive=loan.partner_id.display_name,
                        user=loan.borrower_id.display_name,
                    )
                )
            # sudo: the loan's share is created by the flow (the approver may not share an
            # archive they do not edit); _check_approver authorised it. Logged as a share.
            share = Share.sudo().create(loan._prepare_share_vals())
            loan._approval_decide({"state": "lent", "date_lent": today, "share_id": share.id})
            loan._log_loan(self.env._("approved and lent"))
        return True

    def action_reject(self):
        self._check_state(["requested"])
        self._check_approver()
        self._approval_decide({"state": "rejected"})
        self._log_loan(self.env._("rejected"))
        return True

    def action_lend(self):
        """Hand the paper original over to the borrower."""
        self._check_state(["approved"])
        self._check_officer()
        lent = self.search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("kind", "=", "paper"),
                ("state", "=", "lent"),
                ("id", "not in", self.ids),
            ]
        )
        if lent or len(self.partner_id) < len(self):
            loan = lent[:1] or self[:1]
            raise UserError(
                self.env._(
                    "The paper file of %(archive)s is already lent (%(loan)s to %(user)s): it "
                    "must come back first.",
                    archive=loan.partner_id.display_name,
                    loan=loan.name,
                    user=loan.borrower_id.display_name,
                )
            )
        today = fields.Date.context_today(self)
        early = self.filtered(lambda r: r.date_due < today)
        if early:
            raise UserError(
                self.env._(
                    "The due date of %(loans)s has passed: change it before lending.",
                    loans=", ".join(early.mapped("name")),
                )
            )
        # sudo: flow fields, authorised by _check_officer above.
        self.sudo().write({"state": "lent", "date_lent": today})
        self._log_loan(self.env._("lent"))
        return True

    def action_return(self):
        """The paper file comes back (an officer receives it) or electronic access ends (the
        borrower may end it early)."""
        wrong = self.filtered(lambda r: r.state != "lent")
        if wrong:
            raise UserError(
                self.env._(
                    "%(loans)s is not lent: it cannot be returned.",
                    loans=", ".join(wrong.mapped("name")),
                )
            )
        user = self.env.user
        if not user._is_archive_officer() and self.filtered(
            lambda r: r.kind == "paper" or r.borrower_id != user
        ):
            raise AccessError(
                self.env._(
                    "An archive officer receives a returned file; a borrower can only end their "
                    "own electronic access."
                )
            )
        self._end_loans()
        return True

    def _end_loans(self, date_returned=None):
        """Return the loans and end their shares (flow: callers checked the rights)."""
        # sudo: flow fields and the loans' shares; the callers checked the rights.
        loans = self.sudo()
        loans.share_id.unlink()
        loans.write(
            {
                "state": "returned",
                "date_returned": date_returned or fields.Date.context_today(self),
            }
        )
        self._log_loan(self.env._("returned"))

    # ------------------------------------------------------------------ cron
    @api.model
    def _get_overdue_recipients(self, loan):
        """Who is reminded of an overdue loan: the borrower and the archive officers of the
        loan's company. Override to route reminders elsewhere."""
        officers = self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref(GROUP_OFFICER).id),
                ("company_ids", "in", loan.company_id.id),
                ("share", "=", False),
            ]
        )
        return loan.borrower_id | officers

    @api.model
    def _cron_loans(self):
        """Daily: electronic loans past their due date end by themselves; the borrower and the
        officers of a paper loan past its due date are reminded once per due date."""
        today = fields.Date.context_today(self)
        ended = self.search(
            [("kind", "=", "electronic"), ("state", "=", "lent"), ("date_due", "<", today)]
        )
        for loan in ended:
            loan._end_loans(date_returned=loan.date_due)
        overdue = self.search(
            [("kind", "=", "paper"), ("state", "=", "lent"), ("date_due", "<", today)]
        ).filtered(lambda r: r.overdue_reminded_due != r.date_due)
        for loan in overdue:
            for user in self._get_overdue_recipients(loan):
                env = loan.with_context(lang=user.lang).env
                loan.activity_schedule(
                    OVERDUE_ACTIVITY,
                    summary=env._("Loan %(loan)s is overdue", loan=loan.name),
                    note=Markup("<p>%s</p>")
                    % env._(
                        "%(borrower)s was to return the paper file of %(archive)s on %(due)s.",
                        borrower=loan.borrower_id.name,
                        archive=loan.partner_id.display_name,
                        due=format_date(env, loan.date_due),
                    ),
                    user_id=user.id,
                )
            loan.overdue_reminded_due = loan.date_due
        return len(ended), len(overdue)
