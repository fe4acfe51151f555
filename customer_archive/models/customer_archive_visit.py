from datetime import timedelta

import pytz
from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime, is_html_empty

VISIT_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("missed", "Missed"),
]
# A visit cannot be planned more than this many days in the past (typing errors, wrong year).
MAX_PAST_DAYS = 365


class CustomerArchiveVisit(models.Model):
    """A contact with a customer (联系活动 / 拜访): planned, prepared, carried out, recorded."""

    _name = "customer.archive.visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.archive.date.group.mixin"]
    _description = "Customer Visit"
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
        domain="[('is_customer_archive', '=', True), ('parent_id', '=', False)]",
        help="The customer archive (the commercial partner) that is visited.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "customer_archive_visit_contact_rel",
        "visit_id",
        "contact_id",
        string="Contacts Met",
        domain="[('id', 'child_of', partner_id), ('id', '!=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    partner_user_id = fields.Many2one(
        related="partner_id.user_id", string="Customer's Salesperson", store=False
    )
    tier_id = fields.Many2one(related="partner_id.tier_id", string="Tier")
    state = fields.Selection(
        VISIT_STATES, default="planned", required=True, tracking=True, index=True, copy=False
    )
    planned_date = fields.Datetime(
        string="Planned On", required=True, tracking=True, index=True,
        default=lambda self: fields.Datetime.now(),
    )
    planned_duration = fields.Float(string="Planned Duration (hours)", default=1.0)
    planned_end = fields.Datetime(
        compute="_compute_planned_end", inverse="_inverse_planned_end",
        store=True, readonly=False,
        help="Planned date plus the planned duration (the end of the visit on the calendar).",
    )
    actual_start = fields.Datetime(string="Started On", tracking=True, copy=False)
    actual_end = fields.Datetime(string="Ended On", tracking=True, copy=False)
    visit_date = fields.Date(
        compute="_compute_visit_date",
        store=True,
        index=True,
        help="Day of the visit in the salesperson's time zone: the actual start, else the "
        "planned date.",
    )
    method_id = fields.Many2one(
        "customer.archive.visit.method", tracking=True, ondelete="restrict"
    )
    purpose_id = fields.Many2one(
        "customer.archive.visit.purpose", tracking=True, ondelete="restrict"
    )
    outcome_id = fields.Many2one(
        "customer.archive.visit.outcome", tracking=True, ondelete="restrict"
    )
    preparation = fields.Html(string="Preparation Notes")
    summary = fields.Html()
    feedback = fields.Text(string="Customer Feedback and Complaints")
    resolution = fields.Text()
    feedback_state = fields.Selection(
        [("none", "No Feedback"), ("open", "Open"), ("resolved", "Resolved")],
        string="Feedback Status",
        compute="_compute_feedback_state",
        store=True,
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "customer_archive_visit_attachment_rel",
        "visit_id",
        "attachment_id",
        string="Photos and Attachments",
    )
    # Next step (follow-up activity, created when the visit is done)
    next_step = fields.Char()
    next_step_date = fields.Date(string="Next Step Due")
    next_step_user_id = fields.Many2one(
        "res.users", string="Next Step By", domain="[('share', '=', False)]"
    )
    next_step_scheduled = fields.Boolean(
        string="Follow-up Scheduled", readonly=True, copy=False,
        help="The follow-up activity of the next step was created.",
    )
    # Check-in (optional, per company): stored only when the user agreed to share the location.
    checkin_enabled = fields.Boolean(related="company_id.visit_checkin_enabled")
    checkin_latitude = fields.Float(string="Check-in Latitude", digits=(10, 7), copy=False,
                                    readonly=True)
    checkin_longitude = fields.Float(string="Check-in Longitude", digits=(10, 7), copy=False,
                                     readonly=True)
    checkin_accuracy = fields.Float(string="Check-in Accuracy (m)", copy=False, readonly=True)
    checkin_date = fields.Datetime(string="Checked In On", copy=False, readonly=True)
    checkin_user_id = fields.Many2one("res.users", string="Checked In By", copy=False,
                                      readonly=True)
    checkin_location = fields.Char(
        string="Check-in Location", compute="_compute_checkin_location",
        help="Latitude, longitude of the check-in: shown to the user who checked in and to "
        "those cleared for visit locations.",
    )
    checkin_map_url = fields.Char(string="Map", compute="_compute_checkin_location")
    is_late = fields.Boolean(
        compute="_compute_is_late", string="Late",
        help="Planned, and its planned day (in the salesperson's time zone) is over.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_company_id(self):
        for visit in self:
            partner = visit.partner_id.commercial_partner_id
            visit.company_id = (
                partner.archive_company_id or visit.company_id or self.env.company
            )

    @api.depends("planned_date", "planned_duration")
    def _compute_planned_end(self):
        for visit in self:
            visit.planned_end = visit.planned_date and visit.planned_date + timedelta(
                hours=visit.planned_duration or 1.0
            )

    def _inverse_planned_end(self):
        # The calendar moves the end of a visit: the duration follows.
        for visit in self:
            if visit.planned_date and visit.planned_end and visit.planned_end > visit.planned_date:
                visit.planned_duration = (
                    visit.planned_end - visit.planned_date
                ).total_seconds() / 3600

    def _get_tz(self):
        """Time zone of the visit's day (one record): see customer.archive.visit.slot."""
        self.ensure_one()
        return self.env["customer.archive.visit.slot"]._get_tz(self.user_id, self.company_id)

    @api.depends("planned_date", "actual_start", "user_id.tz")
    def _compute_visit_date(self):
        for visit in self:
            moment = visit.actual_start or visit.planned_date
            if not moment:
                visit.visit_date = False
                continue
            visit.visit_date = pytz.utc.localize(moment).astimezone(visit._get_tz()).date()

    @api.depends("checkin_date", "checkin_latitude", "checkin_longitude", "checkin_user_id")
    @api.depends_context("uid")
    def _compute_checkin_location(self):
        """The coordinates of a check-in, for the user who checked in and for users cleared for
        the location fields (see customer.archive.sensitive.field); empty for everyone else."""
        masked = self._archive_masked_fields()
        cleared = "checkin_latitude" not in masked and "checkin_longitude" not in masked
        for visit in self:
            if visit.checkin_date and (cleared or visit.checkin_user_id == self.env.user):
                lat, lon = visit.checkin_latitude, visit.checkin_longitude
                visit.checkin_location = "%.6f, %.6f" % (lat, lon)
                visit.checkin_map_url = (
                    "https://www.openstreetmap.org/?mlat=%(lat).6f&mlon=%(lon).6f"
                    "#map=17/%(lat).6f/%(lon).6f" % {"lat": lat, "lon": lon}
                )
            else:
                visit.checkin_location = False
                visit.checkin_map_url = False

    @api.depends("feedback", "resolution")
    def _compute_feedback_state(self):
        for visit in self:
            if not visit.feedback:
                visit.feedback_state = "none"
            else:
                visit.feedback_state = "resolved" if visit.resolution else "open"

    @api.depends("state", "visit_date")
    def _compute_is_late(self):
        """Late the day after its planned day, not the minute its time passes."""
        now = pytz.utc.localize(fields.Datetime.now())
        for visit in self:
            visit.is_late = (
                visit.state == "planned"
                and bool(visit.visit_date)
                and visit.visit_date < now.astimezone(visit._get_tz()).date()
            )

    @api.depends("partner_id", "planned_date")
    def _compute_display_name(self):
        for visit in self:
            if visit.partner_id and visit.planned_date:
                visit.display_name = "%s · %s" % (
                    visit.partner_id.name,
                    format_datetime(self.env, visit.planned_date, dt_format="short"),
                )
            else:
                visit.display_name = visit.partner_id.name or self.env._("New Visit")

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def _field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _creation_message(self):
        """The chatter's first note in one language (see res.partner._creation_message)."""
        return self.env["res.users"]._get_lang_env(self.env)._("Visit created")

    def _format_dt(self, value):
        return format_datetime(self.env, value, dt_format="short") if value else ""

    @api.constrains("partner_id")
    def _check_partner_is_archive(self):
        for visit in self:
            partner = visit.partner_id
            if not partner.is_customer_archive or partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "%(field)s \"%(value)s\" is not a customer archive: visits are recorded "
                        "on customer archives (the company, not one of its contacts).",
                        field=self._field_label("partner_id"),
                        value=partner.display_name,
                    )
                )

    @api.constrains("actual_start", "actual_end")
    def _check_actual_dates(self):
        for visit in self:
            if visit.actual_start and visit.actual_end and visit.actual_end < visit.actual_start:
                raise ValidationError(
                    self.env._(
                        "%(end_field)s (%(end)s) cannot be before %(start_field)s (%(start)s).",
                        end_field=self._field_label("actual_end"),
                        end=self._format_dt(visit.actual_end),
                        start_field=self._field_label("actual_start"),
                        start=self._format_dt(visit.actual_start),
                    )
                )

    @api.constrains("planned_date")
    def _check_planned_date(self):
        limit = fields.Datetime.now() - timedelta(days=MAX_PAST_DAYS)
        for visit in self:
            if visit.planned_date and visit.planned_date < limit:
                raise ValidationError(
                    self.env._(
                        "%(field)s (%(value)s) is more than %(days)s days in the past.",
                        field=self._field_label("planned_date"),
                        value=self._format_dt(visit.planned_date),
                        days=MAX_PAST_DAYS,
                    )
                )

    @api.constrains("state", "actual_start", "actual_end", "planned_date")
    def _check_done_not_future(self):
        # A little tolerance for clock differences between browser and server.
        now = fields.Datetime.now() + timedelta(minutes=5)
        for visit in self.filtered(lambda v: v.state == "done"):
            for fname in ("actual_start", "actual_end"):
                if visit[fname] and visit[fname] > now:
                    raise ValidationError(
                        self.env._(
                            "The visit to %(partner)s cannot be done: %(field)s (%(value)s) is in "
                            "the future.",
                            partner=visit.partner_id.display_name,
                            field=self._field_label(fname),
                            value=self._format_dt(visit[fname]),
                        )
                    )

    @api.constrains("state", "outcome_id", "summary")
    def _check_done_has_outcome(self):
        self.filtered(lambda v: v.state == "done")._check_outcome_recorded()

    def _check_outcome_recorded(self):
        """A done visit says what came of it: an outcome and a short summary."""
        for visit in self:
            no_outcome = not visit.outcome_id
            no_summary = is_html_empty(visit.summary)
            if no_outcome and no_summary:
                message = self.env._(
                    "Record the outcome and a short summary of the visit %(visit)s before marking "
                    "it done.", visit=visit.display_name,
                )
            elif no_outcome:
                message = self.env._(
                    "Record the outcome of the visit %(visit)s before marking it done.",
                    visit=visit.display_name,
                )
            elif no_summary:
                message = self.env._(
                    "Write a short summary of the visit %(visit)s before marking it done.",
                    visit=visit.display_name,
                )
            else:
                continue
            raise ValidationError(message)

    @api.constrains("planned_duration")
    def _check_planned_duration(self):
        for visit in self:
            if visit.planned_duration < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be negative (%(value)s).",
                        field=self._field_label("planned_duration"),
                        value=visit.planned_duration,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if "next_step" in vals or "state" in vals:
            # A done visit with a next step gets its follow-up activity (once).
            self.filtered(
                lambda v: v.state == "done" and v.next_step and not v.next_step_scheduled
            )._create_next_step_activity()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda v: v.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(action)s is not possible for the visit %(visit)s in state %(state)s.",
                    action=action,
                    visit=wrong[0].display_name,
                    state=states[wrong[0].state],
                )
            )

    def action_start(self):
        """Start the visit now. With check-in enabled for the company (and an on-site method),
        the browser is asked for the location: see the client action
        ``customer_archive.visit_checkin``; nothing is stored without the user's consent."""
        self._check_state(("planned",), self.env._("Start Visit"))
        now = fields.Datetime.now()
        self.filtered(lambda v: not v.actual_start).write({"actual_start": now})
        to_check_in = self.filtered(
            lambda v: v.company_id.visit_checkin_enabled and not v.method_id.is_remote
        )
        if len(self) == 1 and to_check_in:
            return {
                "type": "ir.actions.client",
                "tag": "customer_archive.visit_checkin",
                "params": {"visit_id": self.id},
            }
        return True

    def action_checkin(self, latitude, longitude, accuracy=0.0):
        """Store the check-in location sent by the browser (the user agreed to share it)."""
        self.ensure_one()
        self._check_state(("planned", "done"), self.env._("Check-in"))
        if not self.company_id.visit_checkin_enabled:
            raise UserError(
                self.env._("Check-in is not enabled for %(company)s.", company=self.company_id.name)
            )
        try:
            lat, lon = float(latitude), float(longitude)
        except (TypeError, ValueError):
            lat = lon = None
        if lat is None or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
            raise ValidationError(
                self.env._(
                    "The check-in location (%(latitude)s, %(longitude)s) is not valid.",
                    latitude=latitude,
                    longitude=longitude,
                )
            )
        self.write({
            "checkin_latitude": lat,
            "checkin_longitude": lon,
            "checkin_accuracy": float(accuracy or 0.0),
            "checkin_date": fields.Datetime.now(),
            "checkin_user_id": self.env.user.id,
        })
        return True

    def action_request_checkin(self):
        """Check in on a started visit (the location was not shared on *Start Visit*): the
        browser asks the user first, as on start."""
        self.ensure_one()
        self._check_state(("planned",), self.env._("Check-in"))
        if not self.company_id.visit_checkin_enabled:
            raise UserError(
                self.env._("Check-in is not enabled for %(company)s.", company=self.company_id.name)
            )
        return {
            "type": "ir.actions.client",
            "tag": "customer_archive.visit_checkin",
            "params": {"visit_id": self.id},
        }

    def action_done(self):
        self._check_state(("planned",), self.env._("Done"))
        now = fields.Datetime.now()
        for visit in self:
            moment = visit.actual_start or visit.planned_date
            if moment > now + timedelta(minutes=5):
                raise ValidationError(
                    self.env._(
                        "The visit to %(partner)s is planned on %(date)s, in the future: it "
                        "cannot be marked done yet.",
                        partner=visit.partner_id.display_name,
                        date=self._format_dt(moment),
                    )
                )
        # Checked before anything is written: a refused visit keeps its start and end empty.
        self._check_outcome_recorded()
        # Visits never started count from their planned date: one write per planned date.
        not_started = self.filtered(lambda v: not v.actual_start)
        for planned_date in set(not_started.mapped("planned_date")):
            not_started.filtered(lambda v: v.planned_date == planned_date).write(
                {"actual_start": planned_date}
            )
        self.filtered(lambda v: not v.actual_end).write({"actual_end": now})
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self._check_state(("planned",), self.env._("Cancel"))
        self.write({"state": "cancelled"})
        return True

    def action_mark_missed(self):
        self._check_state(("planned",), self.env._("Mark Missed"))
        now = fields.Datetime.now()
        future = self.filtered(lambda v: v.planned_date > now)
        if future:
            raise UserError(
                self.env._(
                    "The visit %(visit)s is planned in the future (%(date)s): it cannot be "
                    "missed yet.",
                    visit=future[0].display_name,
                    date=self._format_dt(future[0].planned_date),
                )
            )
        self.write({"state": "missed"})
        return True

    def action_reset_planned(self):
        self._check_state(("cancelled", "missed"), self.env._("Reset to Planned"))
        self.write({"state": "planned"})
        return True

    # ------------------------------------------------------------------
    # Next step
    # ------------------------------------------------------------------
    def _prepare_next_step_activity_vals(self):
        """Values of the follow-up activity of a done visit (one record; extension point)."""
        self.ensure_one()
        activity_type = self.env.ref(
            "customer_archive.mail_activity_type_visit_follow_up", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "summary": self.next_step,
            "note": escape(
                (self.next_step_user_id or self.user_id)._get_lang_env(self.env)._(
                    "Follow-up of the visit to %(partner)s.", partner=self.partner_id.display_name
                )
            ),
            "user_id": (self.next_step_user_id or self.user_id).id,
            "date_deadline": self.next_step_date
            or fields.Date.context_today(self) + timedelta(days=activity_type.delay_count or 7),
        }

    def _create_next_step_activity(self):
        """The follow-up activities of done visits that have a next step (one create)."""
        visits = self.filtered(lambda v: v.next_step and not v.next_step_scheduled)
        if not visits:
            return self.env["mail.activity"]
        activities = self.env["mail.activity"].create(
            [visit._prepare_next_step_activity_vals() for visit in visits]
        )
        visits.write({"next_step_scheduled": True})
        return activities
