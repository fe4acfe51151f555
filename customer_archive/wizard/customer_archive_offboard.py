from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerArchiveOffboard(models.TransientModel):
    """Offboarding (离职交接): a leaving user's archives (as salesperson and as keeper), planned
    visits and open activities go to another user in one step, written to the access log."""

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
    archive_count = fields.Integer(compute="_compute_counts", string="Archives")
    visit_count = fields.Integer(compute="_compute_counts", string="Visits")
    activity_count = fields.Integer(compute="_compute_counts", string="Activities")

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

    @api.depends("user_id")
    def _compute_counts(self):
        for wizard in self:
            if not wizard.user_id or not wizard._offboard_allowed():
                wizard.archive_count = wizard.visit_count = wizard.activity_count = 0
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
        # sudo: offboarding moves every record of the leaving user, also those of archives the
        # manager does not see (e.g. another company's); only archive managers get here.
        env = self.env(su=True)
        old, new = self.user_id, self.new_user_id
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
