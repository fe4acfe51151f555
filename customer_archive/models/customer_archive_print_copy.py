from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

COPY_STATES = [
    ("printed", "Printed"),
    ("returned", "Returned"),
    ("destroyed", "Destroyed"),
]
DESTRUCTION_METHODS = [
    ("shred", "Shredded"),
    ("incinerate", "Incinerated"),
    ("pulp", "Pulped"),
    ("other", "Other"),
]
DESTRUCTION_FIELDS = ("destroyed_by_id", "witness_id", "destruction_date", "destruction_method")


class CustomerArchivePrintCopy(models.Model):
    """The register of printed controlled copies (受控文件登记): one line per printed copy with
    its serial number; archive managers record its return or its destruction, which needs a
    supervising witness other than the destroyer (销毁需监销并记录)."""

    _name = "customer.archive.print.copy"
    _inherit = ["mail.thread"]
    _description = "Printed Controlled Copy"
    _order = "id desc"
    _rec_name = "name"
    _check_company_auto = True

    name = fields.Char(
        string="Serial Number",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: (
            self.env["ir.sequence"].next_by_code("customer.archive.print.copy") or "/"
        ),
    )
    request_id = fields.Many2one(
        "customer.archive.print.request",
        string="Print Request",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_archive_print_copy_partner_rel",
        "copy_id",
        "partner_id",
        string="Archives",
        readonly=True,
    )
    requester_id = fields.Many2one(related="request_id.requester_id", string="Requested By")
    approver_id = fields.Many2one(related="request_id.approver_id", string="Approved By")
    date_expiry = fields.Date(related="request_id.date_expiry", string="Usable Until")
    printed_by_id = fields.Many2one("res.users", required=True, readonly=True)
    printed_on = fields.Datetime(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    state = fields.Selection(
        COPY_STATES, default="printed", required=True, readonly=True, tracking=True, index=True
    )
    return_date = fields.Date(readonly=True, tracking=True)
    destroyed_by_id = fields.Many2one("res.users", tracking=True)
    witness_id = fields.Many2one(
        "res.users",
        string="Supervising Witness",
        tracking=True,
        help="The person who supervised the destruction (监销人); not the destroyer.",
    )
    destruction_date = fields.Date(tracking=True)
    destruction_method = fields.Selection(DESTRUCTION_METHODS, tracking=True)
    destruction_notes = fields.Text()

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The serial number of a printed copy must be unique."),
    ]

    @api.constrains("destroyed_by_id", "witness_id")
    def _check_witness(self):
        for copy in self:
            if copy.witness_id and copy.witness_id == copy.destroyed_by_id:
                raise ValidationError(
                    self.env._(
                        "The supervising witness of the destruction of %(serial)s must be someone other "
                        "than %(user)s, who destroyed it.",
                        serial=copy.name,
                        user=copy.destroyed_by_id.name,
                    )
                )

    @api.constrains("destruction_date", "printed_on")
    def _check_destruction_date(self):
        today = fields.Date.context_today(self)
        for copy in self.filtered("destruction_date"):
            if copy.destruction_date > today or copy.destruction_date < copy.printed_on.date():
                raise ValidationError(
                    self.env._(
                        "The destruction date of %(serial)s must lie between its printing and today.",
                        serial=copy.name,
                    )
                )

    def write(self, vals):
        if not self.env.su:
            if "state" in vals or "return_date" in vals:
                raise AccessError(
                    self.env._("The state of a printed copy changes only through its buttons.")
                )
            if self.filtered(lambda c: c.state == "destroyed"):
                raise UserError(
                    self.env._("A destroyed copy is recorded for good: it cannot be changed.")
                )
        return super().write(vals)

    def _log_access(self, event):
        for copy in self:
            self.env["customer.archive.print.request"]._log_access(
                event, copy.partner_ids, detail=copy.name
            )

    def _check_manager(self):
        if not self.env.user._is_archive_manager():
            raise AccessError(
                self.env._(
                    "Only archive managers record the return or destruction of printed copies."
                )
            )

    def action_return(self):
        self._check_manager()
        wrong = self.filtered(lambda c: c.state != "printed")
        if wrong:
            raise UserError(
                self.env._(
                    "%(serials)s is not out (printed): it cannot be returned.",
                    serials=", ".join(wrong.mapped("name")),
                )
            )
        # sudo: the state is protected against direct writes; _check_manager authorised it.
        self.sudo().write({"state": "returned", "return_date": fields.Date.context_today(self)})
        self._log_access("print_return")
        return True

    def action_destroy(self):
        """Record the destruction: destroyer, witness (another person), date and method must
        be filled in on the copy first."""
        self._check_manager()
        wrong = self.filtered(lambda c: c.state == "destroyed")
        if wrong:
            raise UserError(
                self.env._(
                    "%(serials)s is already destroyed.", serials=", ".join(wrong.mapped("name"))
                )
            )
        labels = {f: self._fields[f]._description_string(self.env) for f in DESTRUCTION_FIELDS}
        for copy in self:
            missing = [labels[f] for f in DESTRUCTION_FIELDS if not copy[f]]
            if missing:
                raise UserError(
                    self.env._(
                        "Record the destruction of %(serial)s completely first: %(fields)s missing.",
                        serial=copy.name,
                        fields=", ".join(missing),
                    )
                )
        self._check_witness()
        # sudo: the state is protected against direct writes; _check_manager authorised it.
        self.sudo().write({"state": "destroyed"})
        self._log_access("print_destroy")
        return True
