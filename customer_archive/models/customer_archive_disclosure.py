from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from .customer_archive_pipl_common import PERSONAL_FIELDS

DISCLOSURE_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("provided", "Provided"),
]
# Fields only the approval flow writes (through the action_* methods, as superuser).
FLOW_FIELDS = {"state", "approver_id", "decided_on", "refusal_reason", "provided_on"}
# Fields that need a separate consent of the people concerned before they go out (PIPL art. 23).
CONSENT_SCOPE = "third_party"


class CustomerArchiveDisclosure(models.Model):
    """Providing customer information to an outside party (对外提供审批): who receives what, why,
    under which agreement and for how long it stays confidential. Approved by the company's
    disclosure approvers (default: General Manager), never by the requester; refused while a
    person whose personal information is included has not consented to provision to a third
    party (PIPL art. 23). Approval and provision are written to the access log."""

    _name = "customer.archive.disclosure"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "customer.archive.approval.mixin",
        "customer.archive.date.group.mixin",
    ]
    _description = "Disclosure to an Outside Party"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    recipient_org = fields.Char(string="Recipient Organisation", required=True, tracking=True)
    recipient_contact = fields.Char(required=True, tracking=True)
    purpose = fields.Text(required=True, tracking=True)
    category_ids = fields.Many2many(
        "customer.archive.data.category",
        "customer_archive_disclosure_category_rel",
        "disclosure_id",
        "category_id",
        string="Data Categories",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_archive_disclosure_partner_rel",
        "disclosure_id",
        "partner_id",
        string="Archives",
        domain="[('is_customer_archive', '=', True)]",
    )
    archive_summary = fields.Text(
        string="Archives Concerned",
        compute="_compute_archive_summary",
        help="Number and name of every archive, also those the approver cannot open.",
    )
    nda_reference = fields.Char(
        string="Agreement (NDA) Reference",
        tracking=True,
        help="Number of the confidentiality agreement signed with the recipient.",
    )
    confidentiality_end = fields.Date(
        string="Confidential Until",
        tracking=True,
        help="End of the recipient's duty of confidentiality, e.g. the agency period plus two "
        "years.",
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env.user,
        index=True,
    )
    refusal_reason = fields.Text(readonly=True, copy=False)
    provided_on = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        DISCLOSURE_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    def _get_all_archives(self):
        """{disclosure id: every archive of the disclosure, as superuser}: also the archives the
        current user may not open, which reading ``partner_ids`` as them leaves out (and the
        cache then holds for sudo too)."""
        self.flush_model(["partner_ids"])
        field = self._fields["partner_ids"]
        ids = tuple(self.ids) or (0,)
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM %s WHERE %s IN %s",
                SQL.identifier(field.column1),
                SQL.identifier(field.column2),
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                ids,
            )
        )
        partner_ids = {}
        for disclosure_id, partner_id in self.env.cr.fetchall():
            partner_ids.setdefault(disclosure_id, []).append(partner_id)
        # sudo: the archives are read to decide, check and log, whoever acts.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        return {rid: Partner.browse(partner_ids.get(rid, [])) for rid in self.ids}

    @api.depends("partner_ids")
    def _compute_archive_summary(self):
        all_archives = self.filtered("id")._get_all_archives()
        for disclosure in self:
            archives = all_archives.get(disclosure.id) or disclosure.sudo().partner_ids
            disclosure.archive_summary = "\n".join(
                " ".join(filter(None, [a.archive_number, a.name])) for a in archives
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if (
                    set(vals) & FLOW_FIELDS
                    or vals.get("requester_id", self.env.uid) != self.env.uid
                ):
                    raise AccessError(
                        self.env._(
                            "A disclosure request is made by the requester themself, as a draft."
                        )
                    )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("customer.archive.disclosure") or "/"
                )
        disclosures = super().create(vals_list)
        disclosures._check_archives_readable()
        return disclosures

    def write(self, vals):
        if not self.env.su:
            if set(vals) & (FLOW_FIELDS | {"requester_id"}):
                raise AccessError(
                    self.env._("The state of a disclosure changes through its buttons only.")
                )
            locked = self.filtered(lambda r: r.state != "draft" or r.requester_id != self.env.user)
            if locked:
                raise UserError(
                    self.env._(
                        "Only the requester changes a draft disclosure; %(names)s can no longer "
                        "be changed.",
                        names=", ".join(locked.mapped("name")),
                    )
                )
        result = super().write(vals)
        if "partner_ids" in vals:
            self._check_archives_readable()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.env.su:
            return
        kept = self.filtered(lambda r: r.state != "draft" or r.requester_id != self.env.user)
        if kept:
            raise UserError(
                self.env._(
                    "%(names)s stays in the disclosure register: only its requester deletes a "
                    "draft.",
                    names=", ".join(kept.mapped("name")),
                )
            )

    def _check_archives_readable(self):
        """The requester asks only for archives they can read."""
        if not self.env.su:
            ids = [pid for archives in self._get_all_archives().values() for pid in archives.ids]
            self.env["res.partner"].browse(ids).check_access("read")

    # ------------------------------------------------------------------ checks
    def _get_concerned_persons(self):
        """The people (archives of a person and contacts of the archives) whose personal
        information of the chosen categories the disclosure includes."""
        self.ensure_one()
        codes = set(self.category_ids.mapped("code"))
        archives = self._get_all_archives()[self.id]
        persons = (archives | archives.child_ids).filtered(lambda p: not p.is_company)
        if "communication_content" in codes:
            return persons
        fnames = [f for code in codes for f in PERSONAL_FIELDS.get(code, [])]
        return persons.filtered(lambda p: any(p[f] for f in fnames))

    def _get_consented_persons(self, persons):
        """Of ``persons``, those with a valid consent to provision to a third party."""
        # sudo: the consent register is read to decide, whoever decides.
        consents = (
            self.env["customer.archive.consent"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", persons.ids),
                    ("scope", "=", CONSENT_SCOPE),
                    ("state", "=", "valid"),
                ]
            )
        )
        return consents.partner_id

    def _check_complete(self):
        labels = {
            fname: self._fields[fname]._description_string(self.env)
            for fname in ("partner_ids", "category_ids", "nda_reference", "confidentiality_end")
        }
        all_archives = self._get_all_archives()
        for disclosure in self:
            missing = [
                label
                for fname, label in labels.items()
                if not (
                    all_archives[disclosure.id] if fname == "partner_ids" else disclosure[fname]
                )
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Complete the disclosure %(name)s first: %(fields)s missing.",
                        name=disclosure.name,
                        fields=", ".join(missing),
                    )
                )

    def _check_consents(self):
        """Refuse while a person concerned has no third-party consent (PIPL art. 23)."""
        for disclosure in self:
            persons = disclosure._get_concerned_persons()
            missing = persons - disclosure._get_consented_persons(persons)
            if missing:
                raise UserError(
                    self.env._(
                        "%(name)s includes personal information of %(persons)s, who has not "
                        "consented to its provision to a third party: record that consent first "
                        "or leave the person's data out.",
                        name=disclosure.name,
                        # the name, not display_name: the approver may not open the archive
                        persons=", ".join(missing.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------ approval
    def _get_approval_group(self):
        self.ensure_one()
        return self.company_id.archive_disclosure_group_id or self.env.ref(
            "customer_archive.group_general_manager"
        )

    def _approval_refusal(self, own=None):
        if not own:
            return self.env._(
                "Only the disclosure approvers (%(group)s) approve or refuse a disclosure.",
                group=", ".join(
                    g.display_name for g in self.mapped(lambda r: r._get_approval_group())
                ),
            )
        return self.env._(
            "You cannot approve or refuse your own disclosure %(names)s: another approver must "
            "decide.",
            names=", ".join(own.mapped("name")),
        )

    def _check_approver(self):
        user = self.env.user
        for disclosure in self:
            if disclosure._get_approval_group() not in user.groups_id:
                raise AccessError(disclosure._approval_refusal())
        own = self.filtered(lambda r: r.requester_id == user)
        if own:
            raise AccessError(self._approval_refusal(own))

    def _get_approvers(self):
        self.ensure_one()
        return self.env["res.users"].search(
            [
                ("groups_id", "in", self._get_approval_group().id),
                ("company_ids", "in", self.company_id.id),
                ("share", "=", False),
                ("id", "!=", self.requester_id.id),
            ]
        )

    def _approval_activity_texts(self, env):
        return (
            env._("Approve disclosure %(name)s", name=self.name),
            env._(
                "%(requester)s asks to provide %(count)s archive(s) to %(org)s (%(contact)s). "
                "Purpose: %(purpose)s",
                requester=self.requester_id.name,
                count=len(self._get_all_archives()[self.id]),
                org=self.recipient_org,
                contact=self.recipient_contact,
                purpose=self.purpose,
            ),
        )

    _approval_activity = "customer_archive.mail_activity_type_disclosure_approval"

    def _log_disclosure(self, step):
        Log = self.env["customer.archive.access.log"]
        all_archives = self._get_all_archives()
        for disclosure in self:
            Log._log(
                "disclose",
                all_archives[disclosure.id],
                reason=disclosure.purpose,
                detail=self.env._(
                    "%(name)s %(step)s: to %(org)s (%(contact)s), %(categories)s, agreement "
                    "%(nda)s, confidential until %(end)s",
                    name=disclosure.name,
                    step=step,
                    org=disclosure.recipient_org,
                    contact=disclosure.recipient_contact,
                    categories=", ".join(disclosure.category_ids.mapped("name")),
                    nda=disclosure.nda_reference or "-",
                    end=format_date(self.env, disclosure.confidentiality_end),
                ),
                record_count=len(all_archives[disclosure.id]) or 1,
            )

    def action_submit(self):
        self._check_state(["draft"])
        if self.filtered(lambda r: r.requester_id != self.env.user):
            raise AccessError(self.env._("Only the requester submits a disclosure."))
        self._check_complete()
        self._check_consents()
        # sudo: flow fields are protected against direct writes; the checks above authorise it.
        self.sudo().write({"state": "to_approve"})
        self._schedule_approval_activities()
        return True

    def action_approve(self):
        self._check_state(["to_approve"])
        self._check_approver()
        self._check_complete()
        self._check_consents()
        self._approval_decide({"state": "approved"})
        self._log_disclosure(self.env._("approved"))
        return True

    def action_refuse(self, reason=None):
        self._check_state(["to_approve"])
        self._check_approver()
        self._approval_decide({"state": "refused", "refusal_reason": reason or False})
        return True

    def action_provide(self):
        """The information was handed to the recipient (by the requester or an approver)."""
        self._check_state(["approved"])
        user = self.env.user
        if self.filtered(
            lambda r: r.requester_id != user and r._get_approval_group() not in user.groups_id
        ):
            raise AccessError(
                self.env._(
                    "Only the requester or an approver records that a disclosure was provided."
                )
            )
        self._check_consents()
        # sudo: flow fields, authorised above.
        self.sudo().write({"state": "provided", "provided_on": fields.Date.context_today(self)})
        self._log_disclosure(self.env._("provided"))
        return True

    def action_reset_draft(self):
        self._check_state(["refused"])
        if self.filtered(lambda r: r.requester_id != self.env.user):
            raise AccessError(self.env._("Only the requester reopens a disclosure."))
        self._approval_reopen({"state": "draft", "refusal_reason": False})
        return True
