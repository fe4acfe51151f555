"""Service cases (服务回馈): a complaint, dispute, defective goods, repair or enquiry of one
customer archive, with its orders, products and deliveries, tracked on a kanban of stages until
it is resolved and confirmed by the customer.

Cases follow their archive: record rules on ``partner_id.archive_can_read`` /
``archive_can_write`` (security/customer_archive_case_rules.xml), the link mixin (created or
re-pointed only by a user who may see the archive), the masking layer (fields related to the
archive's classified fields read masked) and the export guard (archive managers only).
Deadlines come from the tier's visit policy (customer_archive_visit_policy_case.py)."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_datetime

from .res_users_archive_role import GROUP_MANAGER

_logger = logging.getLogger(__name__)

OVERDUE_ACTIVITY = "customer_archive.mail_activity_type_case_overdue"
PRIORITIES = [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Critical")]


class CustomerArchiveCase(models.Model):
    _name = "customer.archive.case"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        # as visits (customer_archive_masked_models.py / customer_archive_data_guard.py): masked
        # like the archive, linked only by a user who sees the archive, exported by managers
        "customer.archive.masked.mixin",
        "customer.archive.link.mixin",
        "customer.archive.data.guard",
    ]
    _description = "Service Case"
    _order = "priority desc, date desc, id desc"
    _check_company_auto = True
    _archive_link_fields = ("partner_id", "confirmed_by_id")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('is_customer_archive', '=', True), ('parent_id', '=', False)]",
        help="The customer archive the case is about.",
    )
    partner_mobile = fields.Char(related="partner_id.mobile", string="Customer Mobile")
    partner_phone = fields.Char(related="partner_id.phone", string="Customer Phone")
    tier_id = fields.Many2one(related="partner_id.tier_id", string="Tier")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Datetime(
        string="Reported On",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Datetime.now(),
    )
    type_id = fields.Many2one(
        "customer.archive.case.type",
        string="Case Type",
        required=True,
        tracking=True,
        ondelete="restrict",
    )
    sale_order_ids = fields.Many2many(
        "sale.order",
        "customer_archive_case_sale_order_rel",
        "case_id",
        "order_id",
        string="Sale Orders",
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    product_ids = fields.Many2many(
        "product.product",
        "customer_archive_case_product_rel",
        "case_id",
        "product_id",
        string="Products",
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        "customer_archive_case_picking_rel",
        "case_id",
        "picking_id",
        string="Deliveries",
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    priority = fields.Selection(PRIORITIES, default="0", index=True, tracking=True)
    stage_id = fields.Many2one(
        "customer.archive.case.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage(),
        group_expand="_read_group_expand_stage",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, string="Closed")
    description = fields.Html(string="Problem")
    resolution = fields.Text(
        tracking=True, copy=False, help="How the problem was solved: required to close the case."
    )
    confirmed_by_id = fields.Many2one(
        "res.partner",
        copy=False,
        tracking=True,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="The customer's person who confirmed the resolution.",
    )
    confirmed_on = fields.Datetime(copy=False, readonly=True, tracking=True)
    response_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Reported on plus the response hours of the customer's tier (Visit Policies).",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Reported on plus the resolution days of the customer's tier (Visit Policies).",
    )
    responded_on = fields.Datetime(
        copy=False, readonly=True, help="When the case first left its first stage."
    )
    closed_on = fields.Datetime(
        copy=False, readonly=True, help="When the case entered a closed stage."
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Open, and not answered by its response deadline or not resolved by its "
        "resolution deadline.",
    )
    overdue_notified = fields.Boolean(
        string="Overdue Escalated",
        copy=False,
        readonly=True,
        help="The assignee's manager got an activity about the overdue case (once).",
    )

    # ------------------------------------------------------------------ defaults / computes
    @api.model
    def _default_stage(self):
        return self.env["customer.archive.case.stage"].search([("is_closed", "=", False)], limit=1)

    @api.model
    def _read_group_expand_stage(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("partner_id")
    def _compute_company_id(self):
        for case in self:
            partner = case.partner_id.commercial_partner_id
            case.company_id = partner.archive_company_id or case.company_id or self.env.company

    @api.depends("date", "partner_id", "company_id")
    def _compute_deadlines(self):
        Policy = self.env["customer.archive.visit.policy"]
        policies = Policy._get_policy_map(self.company_id | self.env.company)
        for case in self:
            if not case.date:
                case.response_deadline = case.resolution_deadline = False
                continue
            policy = policies.get(
                ((case.company_id or self.env.company).id, case.partner_id.tier_id.id)
            )
            hours, days = Policy._get_case_terms(policy)
            case.response_deadline = case.date + timedelta(hours=hours)
            case.resolution_deadline = case.date + timedelta(days=days)

    def _overdue_at(self, now):
        self.ensure_one()
        if self.is_closed:
            return False
        late_answer = (
            not self.responded_on and self.response_deadline and (self.response_deadline < now)
        )
        late_resolution = self.resolution_deadline and self.resolution_deadline < now
        return bool(late_answer or late_resolution)

    @api.depends("is_closed", "responded_on", "response_deadline", "resolution_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for case in self:
            case.is_overdue = case._overdue_at(now)

    @api.model
    def _get_overdue_domain(self, now=None):
        """Open cases past a deadline (extension point)."""
        now = now or fields.Datetime.now()
        return [
            ("is_closed", "=", False),
            "|",
            "&",
            ("responded_on", "=", False),
            ("response_deadline", "<", now),
            ("resolution_deadline", "<", now),
        ]

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the Overdue field with = or != and a yes/no value."))
        domain = self._get_overdue_domain()
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for case in self:
            if case.partner_id and case.name and case.name != "/":
                case.display_name = "%s · %s" % (case.name, case.partner_id.name)
            else:
                case.display_name = case.name if case.name != "/" else self.env._("New Case")

    # ------------------------------------------------------------------ validation
    def _field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    @api.constrains("stage_id", "resolution")
    def _check_resolution(self):
        for case in self:
            if case.stage_id.is_closed and not (case.resolution or "").strip():
                raise ValidationError(
                    self.env._(
                        "The service case %(case)s cannot be moved to %(stage)s without a "
                        "resolution: describe how the problem was solved first.",
                        case=case.display_name,
                        stage=case.stage_id.name,
                    )
                )

    @api.constrains("date", "response_deadline", "resolution_deadline")
    def _check_deadlines(self):
        for case in self:
            for fname in ("response_deadline", "resolution_deadline"):
                if case[fname] and case.date and case[fname] < case.date:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of the service case %(case)s (%(deadline)s) cannot be before "
                            "the date it was reported (%(date)s).",
                            field=self._field_label(fname),
                            case=case.display_name,
                            deadline=format_datetime(self.env, case[fname], dt_format="short"),
                            date=format_datetime(self.env, case.date, dt_format="short"),
                        )
                    )

    @api.constrains("partner_id", "sale_order_ids", "picking_ids", "confirmed_by_id")
    def _check_customer_documents(self):
        for case in self:
            customer = case.partner_id.commercial_partner_id
            # sudo: only whose documents they are; nothing is returned to the user
            for fname in ("sale_order_ids", "picking_ids"):
                for document in case.sudo()[fname]:
                    if document.partner_id.commercial_partner_id != customer:
                        raise ValidationError(
                            self.env._(
                                "%(document)s belongs to %(other)s, not to %(customer)s: a service "
                                "case links only the customer's own %(field)s.",
                                document=document.name,
                                other=document.partner_id.commercial_partner_id.name,
                                customer=customer.name,
                                field=self._field_label(fname),
                            )
                        )
            confirmer = case.sudo().confirmed_by_id  # sudo: only whose person it is
            if confirmer and confirmer.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "%(person)s does not belong to %(customer)s: only the customer's own people "
                        "confirm a resolution.",
                        person=confirmer.name,
                        customer=customer.name,
                    )
                )

    @api.constrains("user_id", "partner_id")
    def _check_assignee_sees_archive(self):
        for case in self:
            if not self.env.su and not case._user_can_read_archive(self.env.user):
                continue  # refused by the record rules, without naming the archive
            if case.user_id and not case._user_can_read_archive(case.user_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s may not see the customer archive %(customer)s: assign the service "
                        "case %(case)s to someone who may.",
                        user=case.user_id.name,
                        customer=case.partner_id.name,
                        case=case.display_name,
                    )
                )

    def _user_can_read_archive(self, user):
        """Whether ``user`` may read the case's archive (the archive's record rules)."""
        self.ensure_one()
        partner = self.partner_id.with_env(self.env(user=user.id, su=False))
        return bool(partner._filtered_access("read"))

    # ------------------------------------------------------------------ create / write
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("customer.archive.case") or "/"
        cases = super().create(vals_list)
        cases._stamp_stage_dates()
        return cases

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:
            self._stamp_stage_dates()
        return result

    def _stamp_stage_dates(self):
        """responded_on when a case first leaves the first stage; closed_on when it enters a
        closed stage (cleared when it is reopened)."""
        first = self._default_stage()
        now = fields.Datetime.now()
        for case in self:
            vals = {}
            if not case.responded_on and case.stage_id != first:
                vals["responded_on"] = now
            if case.stage_id.is_closed and not case.closed_on:
                vals["closed_on"] = now
            elif not case.stage_id.is_closed and case.closed_on:
                vals.update(closed_on=False, confirmed_on=False, overdue_notified=False)
            if vals:
                case.sudo().write(vals)  # sudo: bookkeeping dates of the flow, readonly for users

    # ------------------------------------------------------------------ actions
    def _get_stage(self, closed):
        return self.env["customer.archive.case.stage"].search([("is_closed", "=", closed)], limit=1)

    def action_start(self):
        """The assignee takes the case: the next open stage after the first."""
        stages = self.env["customer.archive.case.stage"].search([("is_closed", "=", False)])
        for case in self:
            later = stages.filtered(lambda s, c=case: s.sequence > c.stage_id.sequence)
            if later:
                case.stage_id = later[0]
        return True

    def action_resolve(self):
        """Close the case (needs a resolution)."""
        stage = self._get_stage(True)
        if not stage:
            raise UserError(
                self.env._(
                    "No closed stage exists: ask an archive officer to mark "
                    "one stage of the service cases as closed."
                )
            )
        self.write({"stage_id": stage.id})
        return True

    def action_customer_confirm(self):
        """The customer confirmed the resolution: stamped now, and the case is closed."""
        for case in self:
            if not case.confirmed_by_id:
                raise UserError(
                    self.env._(
                        "Choose who confirmed the resolution of %(case)s (Confirmed By) first.",
                        case=case.display_name,
                    )
                )
        if self.filtered(lambda c: not c.is_closed):
            self.filtered(lambda c: not c.is_closed).action_resolve()
        # sudo: the confirmation date is stamped by the flow, readonly for users
        self.sudo().write({"confirmed_on": fields.Datetime.now()})
        return True

    def action_reopen(self):
        self.write({"stage_id": self._default_stage().id})
        return True

    # ------------------------------------------------------------------ escalation
    def _get_escalation_users(self):
        """Who hears of this overdue case (extension point): the leader of the assignee's sales
        team when they are not the assignee and may see the archive, else the archive managers
        of the case's company."""
        self.ensure_one()
        leader = self.user_id.sudo().sale_team_id.user_id  # sudo: the team's leader only
        if leader and leader != self.user_id and self._user_can_read_archive(leader):
            return leader
        group = self.env.ref(GROUP_MANAGER)
        return group.sudo().users.filtered(  # sudo: group members, to notify them
            lambda user: self.company_id in user.company_ids and not user.share and user.active
        )

    @api.model
    def _cron_escalate_overdue(self, batch_size=500):
        """Hourly: each overdue case not escalated yet gets one activity for the assignee's
        manager. Restartable: a case is marked escalated with its activities."""
        # sudo: the scheduled action looks at the cases of every archive
        cases = self.sudo().search(
            [*self._get_overdue_domain(), ("overdue_notified", "=", False)], limit=batch_size
        )
        for case in cases:
            for user in case._get_escalation_users():
                env = user._get_lang_env(cases.env)  # the manager's language
                case.with_env(env).activity_schedule(
                    OVERDUE_ACTIVITY,
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(case.with_env(env)),
                    summary=env._("Overdue service case: %(case)s", case=case.display_name),
                    note=env._(
                        "%(user)s has not resolved the service case %(case)s of %(customer)s in "
                        "time (resolution due %(deadline)s).",
                        user=case.user_id.name,
                        case=case.name,
                        customer=case.partner_id.name,
                        deadline=format_datetime(env, case.resolution_deadline, dt_format="short"),
                    ),
                )
        cases.write({"overdue_notified": True})
        _logger.info("Service cases: %s overdue case(s) escalated", len(cases))
        return len(cases)
