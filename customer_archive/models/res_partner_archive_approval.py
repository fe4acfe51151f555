"""Opening an archive (建档审批) on res.partner.

With *Archives Need Approval* on the company, an archive created by an archive user (not an
officer or manager) starts *To Approve*; an archive officer approves it, or sends it back with a
reason. Until it is approved it is not an active archive: the tier engine, the visit policy,
visit compliance and the public pool skip it (each through its own archive selection, see
``_get_archive_active_domain``). Approval is refused while a required document of the archive's
customer type is missing (customer.archive.document.type). Only officers and managers can set
the state to approved, through any path (the ORM checks create and write)."""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from .res_users_archive_role import GROUP_OFFICER

_logger = logging.getLogger(__name__)

APPROVAL_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("sent_back", "Sent Back"),
]
# What an archive user may set: a draft or a submission, never a decision.
USER_STATES = ("draft", "to_approve")
# Written by an officer's decision only.
DECISION_FIELDS = {"archive_approval_reason", "archive_approved_by_id", "archive_approved_date"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    archive_approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Approval",
        default="approved",
        required=True,
        copy=False,
        tracking=True,
        help="Archives created by archive users wait for an archive officer's approval when "
        "the company asks for it; only approved archives count for tiers, visits and the pool.",
    )
    archive_approval_reason = fields.Text(
        string="Sent Back Because", copy=False, readonly=True, tracking=True
    )
    archive_submitted_by_id = fields.Many2one(
        "res.users", string="Submitted By", copy=False, readonly=True
    )
    archive_approved_by_id = fields.Many2one(
        "res.users", string="Approved By", copy=False, readonly=True
    )
    archive_approved_date = fields.Datetime(string="Approved On", copy=False, readonly=True)
    archive_document_ids = fields.One2many(
        "customer.archive.document", "partner_id", string="Documents"
    )
    archive_missing_document_names = fields.Char(
        string="Missing Documents",
        compute="_compute_archive_missing_document_names",
        help="Required documents of the customer type that the archive does not have yet.",
    )

    def _auto_init(self):
        """Existing partners are approved: the column is added with a constant default, which
        PostgreSQL (11 and later) records in the catalogue without rewriting the table, instead
        of Odoo's UPDATE of every row (seconds on 100,000 partners, with the table locked)."""
        cr = self.env.cr
        if not column_exists(cr, self._table, "archive_approval_state"):
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN archive_approval_state varchar DEFAULT %s",
                    SQL.identifier(self._table),
                    "approved",
                )
            )
        return super()._auto_init()

    # ------------------------------------------------------------------ documents
    def _get_required_document_types(self):
        """{archive: required document types of its customer type} (extension point)."""
        types = self.env["customer.archive.document.type"].search([("required", "=", True)])
        return {partner: types._applies_to(partner.customer_type_id) for partner in self}

    def _get_missing_document_types(self):
        """{archive: required document types it has no document of}."""
        required = self._get_required_document_types()
        # sudo: every document of the archive counts, whoever entered it (one grouped query,
        # no document read: the form reads the documents it shows itself)
        present = {
            (partner.id, doc_type.id)
            for partner, doc_type in self.env["customer.archive.document"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids)], ["partner_id", "type_id"])
        }
        return {
            partner: types.filtered(lambda t, p=partner: (p.id, t.id) not in present)
            for partner, types in required.items()
        }

    @api.depends("customer_type_id", "archive_document_ids.type_id", "is_customer_archive")
    def _compute_archive_missing_document_names(self):
        archives = self.filtered(lambda p: p.is_customer_archive and p.id)
        missing = archives._get_missing_document_types() if archives else {}
        for partner in self:
            types = missing.get(partner)
            partner.archive_missing_document_names = (
                ", ".join(types.mapped("name")) if types else False
            )

    def _check_archive_documents_complete(self):
        """Refuse the approval of an archive missing a required document, naming both."""
        for partner, types in self._get_missing_document_types().items():
            if types:
                env = self._archive_message_env()
                raise UserError(
                    env._(
                        "%(archive)s cannot be approved: the required documents %(documents)s "
                        "are missing.",
                        archive=partner.display_name,
                        documents=", ".join(types.with_env(env).mapped("name")),
                    )
                )

    # ------------------------------------------------------------------ rights
    def _archive_may_decide_approval(self):
        """Archive officers and above decide; server code (sudo) too."""
        return self.env.su or self.env.user._is_archive_officer()

    def _archive_approval_refusal(self):
        return AccessError(
            self._archive_message_env()._(
                "Only archive officers and managers can approve customer archives or send them "
                "back (missing right: Archive Officer)."
            )
        )

    @api.model
    def _archive_needs_approval(self, company):
        """Whether an archive of ``company`` created now waits for approval."""
        return bool(company.archive_approval_required) and not self._archive_may_decide_approval()

    @api.model_create_multi
    def create(self, vals_list):
        default_archive = self.env.context.get("default_is_customer_archive")
        default_state = self.env.context.get("default_archive_approval_state")
        submitted = []
        for vals in vals_list:
            state = vals.get("archive_approval_state", default_state)
            is_archive = vals.get("is_customer_archive", default_archive)
            if not is_archive:
                submitted.append(False)
                continue
            company = self.env["res.company"].browse(
                vals.get("archive_company_id") or vals.get("company_id") or self.env.company.id
            )
            if self._archive_needs_approval(company):
                if state and state not in USER_STATES:
                    raise self._archive_approval_refusal()
                vals["archive_approval_state"] = state or "to_approve"
                vals["archive_submitted_by_id"] = self.env.uid
            elif state and state != "approved" and not self._archive_may_decide_approval():
                if state not in USER_STATES:
                    raise self._archive_approval_refusal()
            submitted.append(vals.get("archive_approval_state") == "to_approve")
        partners = super().create(vals_list)
        to_approve = partners.browse(
            [partner.id for partner, flag in zip(partners, submitted) if flag]
        )
        if to_approve:
            to_approve._archive_approval_submitted()
        return partners

    def _archive_approval_unchanged(self, fname, value):
        """Whether writing ``value`` to ``fname`` changes none of these partners (stock Odoo
        writes fields back unchanged, e.g. the partner merge copies every field)."""
        field = self._fields[fname]
        return all(
            field.convert_to_record(field.convert_to_cache(value, partner), partner)
            == partner[fname]
            for partner in self
        )

    def write(self, vals):
        state = vals.get("archive_approval_state")
        if not self._archive_may_decide_approval():
            guarded = DECISION_FIELDS | {"archive_approval_state", "archive_submitted_by_id"}
            changing = {
                fname
                for fname in set(vals) & guarded
                if not self._archive_approval_unchanged(fname, vals[fname])
            }
            # an archive user submits (again), never decides nor reopens a decided archive
            if "archive_approval_state" in changing and (
                state not in USER_STATES
                or any(
                    p.archive_approval_state == "approved" and p.is_customer_archive for p in self
                )
            ):
                raise self._archive_approval_refusal()
            if changing & DECISION_FIELDS or (
                "archive_submitted_by_id" in changing
                and vals["archive_submitted_by_id"] != self.env.uid
            ):
                raise self._archive_approval_refusal()
        if state == "approved":
            self.filtered(
                lambda p: p.is_customer_archive and p.archive_approval_state != "approved"
            )._check_archive_documents_complete()
        entering = self.browse()
        if vals.get("is_customer_archive") and "archive_approval_state" not in vals:
            entering = self.filtered(lambda p: not p.is_customer_archive)
        res = super().write(vals)
        if entering:
            pending = entering.filtered(
                lambda p: self._archive_needs_approval(p.archive_company_id or self.env.company)
            )
            if pending:
                super(ResPartner, pending).write(
                    {
                        "archive_approval_state": "to_approve",
                        "archive_submitted_by_id": self.env.uid,
                    }
                )
                pending._archive_approval_submitted()
        return res

    # ------------------------------------------------------------------ flow
    @api.model
    def _get_archive_active_domain(self):
        """The condition an archive meets to count as an active archive for tiers, visits and
        the public pool (extension point)."""
        return [("archive_approval_state", "=", "approved")]

    def _get_archive_approvers(self):
        """Archive officers of the archive's company (one record)."""
        self.ensure_one()
        company = self.archive_company_id or self.env.company
        return self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref(GROUP_OFFICER).id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
                ("id", "!=", self.env.uid),
            ]
        )

    def _archive_approval_submitted(self):
        """A submission: a note, and an activity for the archive officers."""
        # sudo: the submitter asks the officers, who may see the archive when the submitter
        # cannot schedule activities for them
        archives = self.sudo()
        activity_type = "customer_archive.mail_activity_type_archive_approval"
        for partner in archives:
            partner.message_post(
                body=self._archive_message_env()._(
                    "Archive %(number)s submitted for approval.",
                    number=partner.archive_number or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
            for user in partner._get_archive_approvers():
                env = user._get_lang_env(self.env)
                partner.activity_schedule(
                    activity_type,
                    summary=env._(
                        "Approve archive %(number)s", number=partner.archive_number or ""
                    ),
                    note=Markup("<p>%s</p>")
                    % env._(
                        "%(user)s created the archive %(archive)s: check its documents, then "
                        "approve it or send it back.",
                        user=self.env.user.name,
                        archive=partner.display_name,
                    ),
                    user_id=user.id,
                )

    def _check_archive_approval_state(self, states):
        wrong = self.filtered(
            lambda p: not p.is_customer_archive or p.archive_approval_state not in states
        )
        if wrong:
            env = self._archive_message_env()
            labels = dict(self._fields["archive_approval_state"]._description_selection(env))
            raise UserError(
                env._(
                    "%(archive)s is %(state)s: this action is not possible in that state.",
                    archive=wrong[0].display_name,
                    state=labels.get(wrong[0].archive_approval_state, "-")
                    if wrong[0].is_customer_archive
                    else env._("not a customer archive"),
                )
            )

    def action_archive_submit(self):
        """*Submit for Approval*: a draft or sent-back archive goes to the archive officers."""
        self._check_archive_approval_state(("draft", "sent_back"))
        self.write(
            {
                "archive_approval_state": "to_approve",
                "archive_submitted_by_id": self.env.uid,
            }
        )
        self._archive_approval_submitted()
        return True

    def action_archive_approve(self):
        """*Approve*: officers and managers; refused while a required document is missing."""
        if not self._archive_may_decide_approval():
            raise self._archive_approval_refusal()
        self._check_archive_approval_state(("to_approve", "sent_back", "draft"))
        self._check_archive_documents_complete()
        self.write(
            {
                "archive_approval_state": "approved",
                "archive_approval_reason": False,
                "archive_approved_by_id": self.env.uid,
                "archive_approved_date": fields.Datetime.now(),
            }
        )
        self._close_archive_approval_activities()
        for partner in self:
            partner.message_post(
                body=self._archive_message_env()._(
                    "Archive %(number)s approved by %(user)s.",
                    number=partner.archive_number or "",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_archive_send_back(self):
        """*Send Back*: asks for the reason (wizard)."""
        if not self._archive_may_decide_approval():
            raise self._archive_approval_refusal()
        self._check_archive_approval_state(("to_approve",))
        return {
            "type": "ir.actions.act_window",
            "name": self._archive_message_env()._("Send Back Archive"),
            "res_model": "customer.archive.send.back",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _archive_send_back(self, reason):
        """Send these archives back to their submitter with ``reason`` (the wizard's action)."""
        if not self._archive_may_decide_approval():
            raise self._archive_approval_refusal()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self._archive_message_env()._(
                    "Give the reason why %(archive)s is sent back.",
                    archive=", ".join(self.mapped("display_name")),
                )
            )
        self._check_archive_approval_state(("to_approve",))
        self.write({"archive_approval_state": "sent_back", "archive_approval_reason": reason})
        self._close_archive_approval_activities()
        for partner in self:
            partner.message_post(
                body=self._archive_message_env()._(
                    "Archive %(number)s sent back by %(user)s: %(reason)s",
                    number=partner.archive_number or "",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
            submitter = partner.archive_submitted_by_id or partner.create_uid
            if submitter and submitter.active and not submitter.share:
                env = submitter._get_lang_env(self.env)
                # sudo: the officer asks the submitter, whatever the submitter's activity rights
                partner.sudo().activity_schedule(
                    "customer_archive.mail_activity_type_archive_sent_back",
                    summary=env._(
                        "Archive %(number)s sent back", number=partner.archive_number or ""
                    ),
                    note=Markup("<p>%s</p>")
                    % env._(
                        "%(user)s sent the archive %(archive)s back: %(reason)s. Complete it, "
                        "then submit it again.",
                        user=self.env.user.name,
                        archive=partner.display_name,
                        reason=reason,
                    ),
                    user_id=submitter.id,
                )
        return True

    def _close_archive_approval_activities(self):
        """The decision closes the officers' approval activities (and the submitter's
        sent-back activity on a new decision)."""
        # sudo: the activities of the other officers are closed with the decision
        archives = self.sudo()
        archives.activity_feedback(
            ["customer_archive.mail_activity_type_archive_approval"], user_id=self.env.uid
        )
        archives.activity_unlink(
            [
                "customer_archive.mail_activity_type_archive_approval",
                "customer_archive.mail_activity_type_archive_sent_back",
            ]
        )

    # ------------------------------------------------------------------ visits
    @api.model
    def _get_visit_due_fnames(self):
        return super()._get_visit_due_fnames() + ["archive_approval_state"]

    @api.depends(
        "last_visit_date",
        "tier_id",
        "archive_date",
        "is_customer_archive",
        "archive_company_id",
        "archive_approval_state",
    )
    def _compute_next_visit_due(self):
        """An archive not approved yet has no visit due (hence is never overdue, reminded or
        counted late)."""
        res = super()._compute_next_visit_due()
        for partner in self:
            if partner.is_customer_archive and partner.archive_approval_state != "approved":
                partner.next_visit_due = False
        return res

    @api.model
    def _get_visit_due_domain(self, company, horizon):
        return super()._get_visit_due_domain(company, horizon) + self._get_archive_active_domain()

    @api.model
    def _get_pool_candidate_domain(self, company):
        return super()._get_pool_candidate_domain(company) + self._get_archive_active_domain()
