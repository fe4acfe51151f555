from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ASSESSMENT_STATES = [("draft", "Draft"), ("reviewed", "Reviewed"), ("signed", "Signed Off")]
# The computed figures kept on the record: (field of the assessment, aggregate of the risk view).
SNAPSHOT_FIGURES = [
    ("user_count", "user_id:count_distinct"),
    ("unusual_user_count", None),
    ("export_records", "export_records:sum"),
    ("import_records", "import_records:sum"),
    ("reveal_count", "reveal_count:sum"),
    ("print_count", "print_count:sum"),
    ("open_count", "open_count:sum"),
    ("share_count", "share_count:sum"),
    ("max_risk_score", "risk_score:max"),
]


class CustomerArchiveRiskAssessment(models.Model):
    """The monthly risk assessment (每月泄密风险评估) as a record: the figures of the computed
    risk view (customer.archive.risk) frozen for the month, the findings and rectification
    actions, reviewed and signed off by an archive manager. Created each month by a
    scheduled action (one per company and month)."""

    _name = "customer.archive.risk.assessment"
    _description = "Customer Archive: Monthly Risk Assessment Record"
    _order = "month desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    month = fields.Date(required=True, help="First day of the month assessed.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(ASSESSMENT_STATES, default="draft", required=True, readonly=True)
    user_count = fields.Integer(string="Users Active", readonly=True)
    unusual_user_count = fields.Integer(string="Users Above a Threshold", readonly=True)
    export_records = fields.Integer(string="Exported Records", readonly=True)
    import_records = fields.Integer(string="Imported Records", readonly=True)
    reveal_count = fields.Integer(string="Reveals", readonly=True)
    print_count = fields.Integer(string="Prints", readonly=True)
    open_count = fields.Integer(string="Archives Opened", readonly=True)
    share_count = fields.Integer(string="Shares", readonly=True)
    max_risk_score = fields.Integer(string="Highest Risk Score", readonly=True)
    unusual_users = fields.Text(string="Users Above a Threshold (Names)", readonly=True)
    findings = fields.Html()
    action_ids = fields.One2many(
        "customer.archive.rectification", "assessment_id", string="Rectification Actions"
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    reviewed_on = fields.Datetime(readonly=True)
    signed_by_id = fields.Many2one("res.users", string="Signed Off By", readonly=True)
    signed_on = fields.Datetime(string="Signed Off On", readonly=True)

    _sql_constraints = [
        (
            "month_company_unique",
            "UNIQUE(company_id, month)",
            "One risk assessment per company and month.",
        ),
    ]

    @api.depends("month", "company_id")
    def _compute_name(self):
        for record in self:
            record.name = self.env._(
                "Risk Assessment %(month)s · %(company)s",
                month=record.month.strftime("%Y-%m") if record.month else "",
                company=record.company_id.name or "",
            )

    # ------------------------------------------------------------------
    # Snapshot of the computed risk view
    # ------------------------------------------------------------------
    @api.model
    def _prepare_snapshot_vals(self, company, month):
        """The figures of the risk view for ``company`` and ``month`` (extension point)."""
        Risk = self.env["customer.archive.risk"].sudo()  # the figures, whoever creates the record
        domain = [("company_id", "=", company.id), ("month", "=", month)]
        aggregates = [agg for _fname, agg in SNAPSHOT_FIGURES if agg]
        [row] = Risk._read_group(domain, [], aggregates)
        values = dict(zip([f for f, agg in SNAPSHOT_FIGURES if agg], row))
        unusual = Risk._read_group(domain + [("is_unusual", "=", True)], ["user_id"], [])
        values["unusual_user_count"] = len(unusual)
        values["unusual_users"] = ", ".join(user.name for (user,) in unusual if user)
        return {
            fname: value or 0 if fname != "unusual_users" else value
            for fname, value in values.items()
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            month = fields.Date.to_date(vals.get("month")) or fields.Date.context_today(self)
            vals["month"] = month.replace(day=1)
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            vals.update(self._prepare_snapshot_vals(company, vals["month"]))
            vals["state"] = "draft"
        return super().create(vals_list)

    def write(self, vals):
        flow_fields = {"state", "reviewed_by_id", "reviewed_on", "signed_by_id", "signed_on"}
        if not self.env.su and set(vals) & flow_fields:
            raise AccessError(
                self.env._("A risk assessment is reviewed and signed off only through its buttons.")
            )
        signed = self.filtered(lambda r: r.state == "signed")
        protected = set(vals) - {"action_ids"}
        if signed and protected and not self.env.su:
            raise UserError(
                self.env._(
                    "The risk assessment %(name)s is signed off: it can no longer be changed "
                    "(only its actions can be marked done).",
                    name=", ".join(signed.mapped("name")),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_not_signed(self):
        signed = self.filtered(lambda r: r.state != "draft")
        if signed:
            raise UserError(
                self.env._(
                    "The risk assessment %(name)s is reviewed or signed off: it is kept.",
                    name=", ".join(signed.mapped("name")),
                )
            )

    def action_refresh(self):
        """Take the figures of the risk view again (draft only)."""
        for record in self:
            if record.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft risk assessment takes the figures again: %(name)s is %(state)s.",
                        name=record.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            record.state
                        ],
                    )
                )
            record.write(self._prepare_snapshot_vals(record.company_id, record.month))
        return True

    # ------------------------------------------------------------------
    # Review and sign-off
    # ------------------------------------------------------------------
    def _check_manager(self):
        if not self.env.su and not self.env.user._is_archive_manager():
            raise AccessError(
                self.env._("Only archive managers review and sign off risk assessments.")
            )

    def action_review(self):
        self._check_manager()
        for record in self:
            if record.state != "draft":
                raise UserError(
                    self.env._(
                        "The risk assessment %(name)s is reviewed already.", name=record.name
                    )
                )
            if not record.findings or not record.findings.striptags().strip():
                raise UserError(
                    self.env._(
                        "Write the findings of %(name)s before marking it reviewed.",
                        name=record.name,
                    )
                )
        # sudo: state and reviewer are set by this button only; _check_manager authorised it.
        self.sudo().write(
            {
                "state": "reviewed",
                "reviewed_by_id": self.env.uid,
                "reviewed_on": fields.Datetime.now(),
            }
        )
        return True

    def action_sign(self):
        self._check_manager()
        for record in self:
            if record.state != "reviewed":
                raise UserError(
                    self.env._(
                        "The risk assessment %(name)s must be reviewed before it is signed off.",
                        name=record.name,
                    )
                )
            if record.unusual_user_count and not record.action_ids:
                raise UserError(
                    self.env._(
                        "%(name)s shows %(count)s user(s) above a threshold: record at least one "
                        "rectification action before signing it off.",
                        name=record.name,
                        count=record.unusual_user_count,
                    )
                )
        # sudo: state and signatory are set by this button only; _check_manager authorised it.
        self.sudo().write(
            {"state": "signed", "signed_by_id": self.env.uid, "signed_on": fields.Datetime.now()}
        )
        return True

    # ------------------------------------------------------------------
    # Monthly creation
    # ------------------------------------------------------------------
    @api.model
    def _cron_create_monthly_assessments(self):
        """Create the assessment of the month just ended for every company that has none yet
        (idempotent: running it again in the same month creates nothing)."""
        today = fields.Date.context_today(self)
        month = (today - relativedelta(months=1)).replace(day=1)
        companies = self.env["res.company"].search([])
        existing = self.search([("month", "=", month), ("company_id", "in", companies.ids)])
        missing = companies - existing.company_id
        records = self.create([{"month": month, "company_id": c.id} for c in missing])
        return records
