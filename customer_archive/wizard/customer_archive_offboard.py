from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerArchiveOffboard(models.TransientModel):
    """Offboarding (离职交接): a leaving user's archives (as salesperson and as keeper), planned
    visits and open activities go to another user in one step, written to the access log. Their
    shares and loans end; their printed copies and paper files not returned are listed and must
    be returned or acknowledged first; the user can be deactivated."""

    _name = "customer.archive.offboard"
    _description = "Offboard a User: Reassign Archives"

    user_id = fields.Many2one(
        "res.users",
        string="Leaving User",
        required=True,
        domain=[("share", "=", False)],
    )
    new_user_id = fields.Many2one(
        "res.users",
        string="Hand Over To",
        required=True,
        domain=[("share", "=", False), ("active", "=", True)],
    )
    reassign_archives = fields.Boolean(string="Archives (salesperson and keeper)", default=True)
    reassign_visits = fields.Boolean(string="Planned Visits", default=True)
    reassign_activities = fields.Boolean(string="Open Activities", default=True)
    note = fields.Char(
        string="Reason", help="Written to the access log, e.g. the last working day."
    )
    end_shares_loans = fields.Boolean(string="End Shares and Loans", default=True)
    deactivate_user = fields.Boolean(
        string="Deactivate the User", help="The leaving user can no longer log in."
    )
    print_copy_ids = fields.Many2many(
        "customer.archive.print.copy",
        compute="_compute_outstanding",
        string="Printed Copies Not Returned",
    )
    paper_loan_ids = fields.Many2many(
        "customer.archive.loan",
        compute="_compute_outstanding",
        string="Paper Files Not Returned",
    )
    acknowledge_outstanding = fields.Boolean(
        string="Acknowledge What Is Not Returned",
        help="The copies and files listed are still out: the handover goes ahead and names them "
        "in the access log (report a lost copy as an incident).",
    )
    archive_count = fields.Integer(compute="_compute_counts", string="Archives")
    visit_count = fields.Integer(compute="_compute_counts", string="Visits")
    activity_count = fields.Integer(compute="_compute_counts", string="Activities")
    share_count = fields.Integer(compute="_compute_counts", string="Shares")
    loan_count = fields.Integer(compute="_compute_counts", string="Loans")

    # ------------------------------------------------------------------ what moves
    def _get_offboard_archive_domain(self):
        self.ensure_one()
        return [
            ("is_customer_archive", "=", True),
            "|",
            ("user_id", "=", self.user_id.id),
            ("keeper_id", "=", self.user_id.id),
        ]

    def _get_offboard_visit_domain(self):
        self.ensure_one()
        return [("user_id", "=", self.user_id.id), ("state", "=", "planned")]

    def _get_offboard_activity_domain(self):
        self.ensure_one()
        return [("user_id", "=", self.user_id.id)]

    def _get_offboard_share_domain(self):
        self.ensure_one()
        return [("user_id", "=", self.user_id.id)]

    def _get_offboard_loan_domain(self):
        """Loans still open: requested or approved (cancelled) and lent (ended or listed)."""
        self.ensure_one()
        return [
            ("borrower_id", "=", self.user_id.id),
            ("state", "in", ("requested", "approved", "lent")),
        ]

    def _get_offboard_copy_domain(self):
        """Printed copies the leaving user printed or requested and did not bring back."""
        self.ensure_one()
        return [
            ("state", "=", "printed"),
            "|",
            ("printed_by_id", "=", self.user_id.id),
            ("request_id.requester_id", "=", self.user_id.id),
        ]

    @api.depends("user_id")
    def _compute_outstanding(self):
        for wizard in self:
            if not wizard.user_id or not wizard._offboard_allowed():
                wizard.print_copy_ids = wizard.paper_loan_ids = False
                continue
            # sudo: what the leaving user still holds, in every company (managers decide on it).
            env = self.env(su=True)
            wizard.print_copy_ids = env["customer.archive.print.copy"].search(
                wizard._get_offboard_copy_domain()
            )
            wizard.paper_loan_ids = env["customer.archive.loan"].search(
                wizard._get_offboard_loan_domain()
                + [("kind", "=", "paper"), ("state", "=", "lent")]
            )

    @api.depends("user_id")
    def _compute_counts(self):
        for wizard in self:
            if not wizard.user_id or not wizard._offboard_allowed():
                wizard.archive_count = wizard.visit_count = wizard.activity_count = 0
                wizard.share_count = wizard.loan_count = 0
                continue
            # sudo: the counts cover every record of the leaving user, the manager may not see all.
            env = self.env(su=True)
            wizard.archive_count = (
                env["res.partner"]
                .with_context(active_test=False)
                .search_count(wizard._get_offboard_archive_domain())
            )
            wizard.visit_count = env["customer.archive.visit"].search_count(
                wizard._get_offboard_visit_domain()
            )
            wizard.activity_count = env["mail.activity"].search_count(
                wizard._get_offboard_activity_domain()
            )
            wizard.share_count = env["customer.archive.share"].search_count(
                wizard._get_offboard_share_domain()
            )
            wizard.loan_count = env["customer.archive.loan"].search_count(
                wizard._get_offboard_loan_domain()
            )

    def _offboard_allowed(self):
        return self.env.su or self.env.user._is_archive_manager()

    # ------------------------------------------------------------------ action
    def action_offboard(self):
        self.ensure_one()
        if not self._offboard_allowed():
            raise AccessError(self.env._("Only archive managers can offboard a user."))
        if self.user_id == self.new_user_id:
            raise UserError(
                self.env._(
                    "Hand the records over to another user than %(user)s.",
                    user=self.user_id.display_name,
                )
            )
        self._check_outstanding()
        self._check_deactivate()
        # sudo: offboarding moves every record of the leaving user, also those of archives the
        # manager does not see (e.g. another company's); only archive managers get here.
        env = self.env(su=True)
        old, new = self.user_id, self.new_user_id
        shares, loans = self._end_shares_and_loans(env)
        archives = env["res.partner"]
        if self.reassign_archives:
            archives = archives.with_context(active_test=False).search(
                self._get_offboard_archive_domain()
            )
            archives.filtered(lambda p: p.user_id == old).write({"user_id": new.id})
            archives.filtered(lambda p: p.keeper_id == old).write({"keeper_id": new.id})
        visits = env["customer.archive.visit"]
        if self.reassign_visits:
            visits = visits.search(self._get_offboard_visit_domain())
            visits.write({"user_id": new.id})
        activities = env["mail.activity"]
        if self.reassign_activities:
            activities = activities.search(self._get_offboard_activity_domain())
            activities.write({"user_id": new.id})
        detail = self.env._(
            "%(old)s → %(new)s: %(archives)s archives, %(visits)s visits, %(activities)s activities. %(note)s",
            old=old.display_name,
            new=new.display_name,
            archives=len(archives),
            visits=len(visits),
            activities=len(activities),
            note=self.note or "",
        )
        detail += self._offboard_extra_detail(shares, loans)
        if self.deactivate_user:
            # sudo: archive managers deactivate the leaver as the last step of the offboarding
            # (_check_deactivate refused administrators and the manager themself).
            old.sudo().write({"active": False})
        self.env["customer.archive.access.log"]._log(
            "offboard", archives, detail=detail, reason=self.note, record_count=len(archives) or 1
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Offboarding done"),
                "message": detail,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------ shares, loans, copies
    def _check_outstanding(self):
        """Copies and paper files still out must be returned or acknowledged first."""
        self.ensure_one()
        if self.acknowledge_outstanding:
            return
        out = self.print_copy_ids.mapped("name") + self.paper_loan_ids.mapped("name")
        if out:
            raise UserError(
                self.env._(
                    "%(user)s has not returned %(items)s: record their return first, or "
                    "acknowledge them to go ahead.",
                    user=self.user_id.display_name,
                    items=", ".join(out),
                )
            )

    def _check_deactivate(self):
        self.ensure_one()
        if not self.deactivate_user:
            return
        user = self.env.user
        if self.user_id == user:
            raise UserError(self.env._("You cannot deactivate yourself."))
        if self.user_id.has_group("base.group_system") and not user.has_group("base.group_system"):
            raise AccessError(
                self.env._(
                    "%(user)s is an administrator: only an administrator deactivates them.",
                    user=self.user_id.display_name,
                )
            )

    def _end_shares_and_loans(self, env):
        """End the leaving user's electronic loans and shares and cancel their pending loans
        (``env``: superuser). Paper files still out stay lent (they were acknowledged)."""
        self.ensure_one()
        Loan, Share = env["customer.archive.loan"], env["customer.archive.share"]
        if not self.end_shares_loans:
            return Share, Loan
        loans = Loan.search(self._get_offboard_loan_domain())
        pending = loans.filtered(lambda r: r.state in ("requested", "approved"))
        pending.write({"state": "rejected"})
        pending._log_loan(self.env._("cancelled (offboarding)"))
        electronic = loans.filtered(lambda r: r.state == "lent" and r.kind == "electronic")
        electronic._end_loans()
        shares = Share.search(self._get_offboard_share_domain())
        shares.unlink()
        return shares, pending | electronic

    def _offboard_extra_detail(self, shares, loans):
        self.ensure_one()
        detail = self.env._(
            " Shares ended: %(shares)s, loans ended: %(loans)s.",
            shares=len(shares),
            loans=len(loans),
        )
        out = self.print_copy_ids.mapped("name") + self.paper_loan_ids.mapped("name")
        if out:
            detail += self.env._(" Not returned (acknowledged): %(items)s.", items=", ".join(out))
        if self.deactivate_user:
            detail += self.env._(" User deactivated.")
        return detail
