from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REQUEST_TYPES = [
    ("access", "Access or copy"),
    ("correction", "Correction"),
    ("deletion", "Deletion"),
    ("withdrawal", "Withdrawal of consent"),
]
REQUEST_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("refused", "Refused"),
]
OPEN_STATES = ("new", "in_progress")


class CustomerArchiveSubjectRequest(models.Model):
    """A request of a person about their personal information (PIPL art. 44-50): access or copy,
    correction, deletion, withdrawal of consent. The due date follows the company setting."""

    _name = "customer.archive.subject.request"
    _description = "Personal Information Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.archive.person.mixin"]
    _order = "received_date desc, id desc"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(tracking=True)
    request_type = fields.Selection(REQUEST_TYPES, string="Type", required=True, tracking=True)
    received_date = fields.Date(
        string="Received On", required=True, tracking=True, default=fields.Date.context_today
    )
    due_date = fields.Date(
        string="Due On",
        compute="_compute_due_date",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Received date plus the days of the company setting "
        '"Answer Requests Within"; may be changed by hand.',
    )
    state = fields.Selection(
        REQUEST_STATES,
        required=True,
        default="new",
        tracking=True,
        index=True,
        group_expand="_read_group_state",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    description = fields.Text(string="Request")
    response = fields.Text(string="Answer")
    refusal_reason = fields.Text(string="Reason for Refusal", tracking=True)
    closed_date = fields.Date(string="Closed On", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    # ------------------------------------------------------------------
    # Due date and overdue
    # ------------------------------------------------------------------
    @api.depends(
        "received_date", "company_id.pipl_request_days", "company_id.pipl_request_working_days"
    )
    def _compute_due_date(self):
        for request in self:
            if not request.received_date:
                request.due_date = False
                continue
            company = request.company_id or self.env.company
            request.due_date = self._add_days(
                request.received_date, company.pipl_request_days, company.pipl_request_working_days
            )

    @api.model
    def _add_days(self, start, days, working_days=False):
        """``start`` plus ``days`` calendar days, or plus ``days`` working days (Monday to
        Friday; public holidays are not known to the addon). Override for a holiday calendar."""
        if not working_days:
            return start + timedelta(days=days)
        day = start
        while days > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                days -= 1
        return day

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in OPEN_STATES and request.due_date and request.due_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue requests with = or != and a yes/no value."))
        domain = [
            "&",
            ("state", "in", OPEN_STATES),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _read_group_state(self, states, domain):
        return [key for key, _label in REQUEST_STATES]

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.constrains("received_date", "due_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.received_date > today:
                raise ValidationError(
                    self.env._(
                        "The request %(name)s cannot be received in the future (%(date)s).",
                        name=request.name,
                        date=request.received_date,
                    )
                )
            if request.due_date and request.due_date < request.received_date:
                raise ValidationError(
                    self.env._(
                        "The request %(name)s cannot be due (%(due)s) before it was received "
                        "(%(received)s).",
                        name=request.name,
                        due=request.due_date,
                        received=request.received_date,
                    )
                )

    @api.constrains("state", "refusal_reason")
    def _check_refusal_reason(self):
        for request in self:
            if request.state == "refused" and not (request.refusal_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason for refusing the request %(name)s: the person must be told "
                        "why (PIPL art. 50).",
                        name=request.name,
                    )
                )

    @api.constrains("partner_id")
    def _check_person(self):
        self.partner_id._pipl_check_person()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") in ("done", "refused"):
                vals.setdefault("closed_date", fields.Date.context_today(self))
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("customer.archive.subject.request")
                )
        requests = super().create(vals_list)
        requests._schedule_handler_activity()
        requests._log_requests()
        return requests

    def write(self, vals):
        if "state" in vals and vals["state"] in ("done", "refused"):
            vals.setdefault("closed_date", fields.Date.context_today(self))
        res = super().write(vals)
        if "user_id" in vals:
            self._schedule_handler_activity()
        if vals.get("state") in ("done", "refused"):
            self.activity_unlink(["customer_archive.mail_activity_type_subject_request"])
            self._log_requests()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_closed_never(self):
        if any(request.state != "new" for request in self):
            raise UserError(
                self.env._(
                    "Only requests still new can be deleted: the others stay in the register."
                )
            )

    def _log_requests(self):
        """One access log entry per request, naming it with its type and status (requests are
        registered one by one, so this loop writes one entry or a few)."""
        types = dict(self._fields["request_type"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        for request in self:
            request.partner_id._pipl_log(
                "subject_request",
                detail="%s: %s (%s)"
                % (request.name, types[request.request_type], states[request.state]),
            )

    def _creation_message(self):
        """The chatter's first note in one language (see res.partner._creation_message)."""
        return (
            self.env["res.users"]
            ._get_lang_env(self.env)
            ._("Personal information request %(name)s registered", name=self.name)
        )

    def _schedule_handler_activity(self):
        """One open activity per request, for its handler, due on the request's due date."""
        open_requests = self.filtered(lambda r: r.state in OPEN_STATES and r.user_id)
        open_requests.activity_unlink(["customer_archive.mail_activity_type_subject_request"])
        for request in open_requests:
            request.activity_schedule(
                act_type_xmlid="customer_archive.mail_activity_type_subject_request",
                date_deadline=request.due_date,
                summary=request.user_id._get_lang_env(self.env)._(
                    "Answer %(name)s", name=request.name
                ),
                user_id=request.user_id.id,
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self.filtered(lambda r: r.state == "new").write({"state": "in_progress"})
        return True

    def _check_open(self):
        closed = self.filtered(lambda r: r.state not in OPEN_STATES)
        if closed:
            raise UserError(
                self.env._("The request %(name)s is already closed.", name=closed[0].name)
            )

    def action_done(self):
        self._check_open()
        self.write({"state": "done"})
        return True

    def action_refuse(self):
        self._check_open()
        self.write({"state": "refused"})
        return True

    def action_attach_export(self):
        """Attach the person's data export (XLSX and PDF) to the request, for the handler to
        send. Exporting customer data is an archive manager's right: officers and users who
        handle a request ask a manager to attach it."""
        self.ensure_one()
        self._check_open()
        self.check_access("write")
        if self.request_type != "access":
            raise UserError(
                self.env._(
                    "The data export goes with access or copy requests only (%(name)s is not one).",
                    name=self.name,
                )
            )
        if not self.env.user._is_archive_manager():
            raise AccessError(
                self.env._(
                    "Only an archive manager can attach the data export to %(name)s.",
                    name=self.name,
                )
            )
        # sudo: the export reads every personal field in clear (a manager may not be cleared
        # for every classified field); the access log names the manager.
        files = self.partner_id.sudo()._pipl_export_files()
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": mimetype,
                }
                for name, content, mimetype in files
            ]
        )
        self.message_post(
            body=self.env._(
                "Data export of %(person)s attached.", person=self.partner_id.display_name
            ),
            attachment_ids=attachments.ids,
        )
        return True
