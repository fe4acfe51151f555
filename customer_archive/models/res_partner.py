import logging
import unicodedata
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError as StdnumValidationError,
)

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

from .customer_archive_markers import MERGE_IN_PROGRESS
from .customer_archive_status import ARCHIVE_STAGES

_logger = logging.getLogger(__name__)

BUSINESS_MODELS = [
    ("manufacturer", "Manufacturer"),
    ("wholesaler", "Wholesaler"),
    ("retailer", "Retailer"),
    ("service", "Service"),
    ("other", "Other"),
]
CREDIT_RATINGS = [
    ("aaa", "AAA - Excellent"),
    ("aa", "AA - Good"),
    ("a", "A - Fair"),
    ("b", "B - Watch"),
    ("c", "C - Poor"),
]
CONTACT_CHANNELS = [
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("email", "Email"),
    ("wechat", "WeChat"),
    ("qq", "QQ"),
    ("visit", "Visit"),
]
# Written by the tier engine and the override flow only (as superuser), never by users.
TIER_ENGINE_FIELDS = {
    "tier_id",
    "tier_computed_id",
    "tier_score",
    "tier_breakdown",
    "tier_computed_at",
    "tier_override_tier_id",
    "tier_override_reason",
    "tier_override_expiry",
    "tier_override_state",
    "tier_override_user_id",
}
COMPLETENESS_BANDS = [
    ("low", "Low (< 50%)"),
    ("medium", "Medium (50-79%)"),
    ("high", "High (≥ 80%)"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.archive.date.group.mixin"]

    # ------------------------------------------------------------------
    # Archive identity
    # ------------------------------------------------------------------
    is_customer_archive = fields.Boolean(
        string="Customer Archive",
        tracking=True,
        copy=False,
        index=True,
        help="The partner is a managed customer archive with an archive number.",
    )
    archive_number = fields.Char(
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Given from the archive sequence when the partner enters the archive; "
        "it cannot be changed afterwards.",
    )
    archive_company_id = fields.Many2one(
        "res.company",
        copy=False,
        index=True,
        help="The company that keeps this archive.",
    )
    archive_currency_id = fields.Many2one(
        "res.currency", compute="_compute_archive_currency_id"
    )
    archive_date = fields.Date(string="Archived On", copy=False)
    archive_status_id = fields.Many2one(
        "customer.archive.status",
        tracking=True,
        index=True,
        ondelete="restrict",
        group_expand="_read_group_archive_status_id",
    )
    archive_stage = fields.Selection(
        related="archive_status_id.stage", store=True, string="Lifecycle Stage"
    )
    customer_type_id = fields.Many2one(
        "customer.archive.type", tracking=True, index=True,
        ondelete="restrict",
    )
    source_id = fields.Many2one(
        "customer.archive.source", string="Customer Source", tracking=True, ondelete="restrict"
    )
    region_id = fields.Many2one(
        "customer.archive.region", string="Sales Region", tracking=True, index=True,
        ondelete="restrict",
    )
    keeper_id = fields.Many2one(
        "res.users",
        string="Archive Keeper",
        tracking=True,
        index=True,
        help="The person responsible for keeping this archive complete and up to date.",
    )

    # ------------------------------------------------------------------
    # Enterprise archive
    # ------------------------------------------------------------------
    # One identifier, one field: a Chinese company's unified social credit code is its tax ID,
    # stored in Odoo's ``vat`` (tracked, indexed, shared with the company's contacts, printed on
    # invoices). ``credit_code`` names it for the archive and validates it (GB 32100).
    credit_code = fields.Char(
        string="Unified Social Credit Code",
        related="vat",
        readonly=False,
        help="The 18-character unified social credit code (统一社会信用代码): for a company in China "
        "it is also its tax ID, one field for both.",
    )
    legal_representative = fields.Char(tracking=True)
    registered_capital = fields.Monetary(currency_field="archive_currency_id", tracking=True)
    founding_date = fields.Date(tracking=True)
    business_scope = fields.Text()
    business_model = fields.Selection(BUSINESS_MODELS, tracking=True)
    annual_turnover = fields.Monetary(currency_field="archive_currency_id", tracking=True)
    employee_count = fields.Integer(string="Number of Employees", tracking=True)
    main_products = fields.Text()
    market_capacity = fields.Char()
    competitor_ids = fields.Many2many(
        "res.partner",
        "customer_archive_competitor_rel",
        "partner_id",
        "competitor_id",
        string="Competitors",
        domain="[('customer_type_id.is_competitor', '=', True)]",
    )
    credit_rating = fields.Selection(CREDIT_RATINGS, tracking=True)
    credit_notes = fields.Text()
    organisation_notes = fields.Text()

    # ------------------------------------------------------------------
    # Person archive (individual customers and contacts)
    # ------------------------------------------------------------------
    birthday = fields.Date(tracking=True)
    age = fields.Integer(compute="_compute_age")
    hobby_ids = fields.Many2many("customer.archive.hobby", string="Hobbies")
    preferred_channel = fields.Selection(CONTACT_CHANNELS, string="Preferred Contact Channel")
    wechat_id = fields.Char(string="WeChat ID")
    qq = fields.Char(string="QQ")
    resident_id = fields.Char(
        string="Resident ID Number",
        copy=False,
        help="The 18-character resident identity card number (居民身份证号码).",
    )
    is_main_contact = fields.Boolean(
        string="Main Contact", tracking=True, help="At most one main contact per company."
    )

    # ------------------------------------------------------------------
    # Review and completeness
    # ------------------------------------------------------------------
    last_review_date = fields.Date(string="Last Reviewed", tracking=True, copy=False)
    next_review_date = fields.Date(
        string="Next Review Due", compute="_compute_next_review_date", store=True, index=True
    )
    completeness = fields.Integer(
        string="Completeness (%)",
        compute="_compute_completeness",
        store=True,
        aggregator="avg",
        help="Share of the completeness fields (Settings) that are filled in.",
    )
    completeness_band = fields.Selection(
        COMPLETENESS_BANDS, compute="_compute_completeness", store=True
    )
    completeness_missing = fields.Char(
        compute="_compute_completeness_missing", string="Missing Archive Data"
    )

    # ------------------------------------------------------------------
    # Tier (computed by customer.archive.tier.profile)
    # ------------------------------------------------------------------
    tier_id = fields.Many2one(
        "customer.archive.tier", readonly=True, index=True, copy=False,
        group_expand="_read_group_tier_id",
        help="The computed tier, or the manual override while it is approved and not expired.",
    )
    tier_color = fields.Integer(related="tier_id.color", string="Tier Colour")
    tier_computed_id = fields.Many2one(
        "customer.archive.tier", string="Computed Tier", readonly=True, copy=False
    )
    tier_score = fields.Integer(readonly=True, copy=False, aggregator="avg")
    tier_breakdown = fields.Json(string="Score Breakdown", readonly=True, copy=False)
    tier_computed_at = fields.Datetime(string="Tier Computed On", readonly=True, copy=False)
    tier_explanation = fields.Html(
        string="Why This Tier", compute="_compute_tier_explanation", sanitize=False
    )
    tier_override_tier_id = fields.Many2one(
        "customer.archive.tier", string="Manual Tier", readonly=True, copy=False
    )
    tier_override_reason = fields.Text(string="Override Reason", readonly=True, copy=False)
    tier_override_expiry = fields.Date(string="Override Expires", readonly=True, copy=False)
    tier_override_state = fields.Selection(
        [("none", "None"), ("pending", "Waiting for Approval"), ("approved", "Approved")],
        string="Override Status", default="none", readonly=True, copy=False,
    )
    tier_override_user_id = fields.Many2one(
        "res.users", string="Override Requested By", readonly=True, copy=False
    )
    tier_history_ids = fields.One2many(
        "customer.archive.tier.history", "partner_id", readonly=True
    )

    _sql_constraints = [
        (
            "archive_number_company_uniq",
            "unique(archive_company_id, archive_number)",
            "The archive number must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("archive_company_id", "company_id")
    def _compute_archive_currency_id(self):
        for partner in self:
            company = partner.archive_company_id or partner.company_id or self.env.company
            partner.archive_currency_id = company.currency_id

    @api.depends("birthday")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.age = relativedelta(today, partner.birthday).years if partner.birthday else 0

    @api.depends(
        "is_customer_archive",
        "archive_date",
        "last_review_date",
        "archive_company_id.archive_review_months",
    )
    def _compute_next_review_date(self):
        for partner in self:
            start = partner.last_review_date or partner.archive_date
            if partner.is_customer_archive and start:
                months = (partner.archive_company_id or self.env.company).archive_review_months
                partner.next_review_date = start + relativedelta(months=months)
            else:
                partner.next_review_date = False

    @api.model
    def _get_completeness_fields(self):
        """Archive fields that may count for completeness, with the kind of partner they
        apply to: ``all``, ``company`` or ``person``. Extend to add fields."""
        return {
            "street": "all",
            "city": "all",
            "phone": "all",
            "email": "all",
            "customer_type_id": "all",
            "source_id": "all",
            "region_id": "all",
            "user_id": "all",
            "keeper_id": "all",
            "credit_code": "company",
            "legal_representative": "company",
            "registered_capital": "company",
            "founding_date": "company",
            "business_scope": "company",
            "business_model": "company",
            "employee_count": "company",
            "main_products": "company",
            "credit_rating": "company",
            "mobile": "person",
            "birthday": "person",
            "preferred_channel": "person",
            "wechat_id": "person",
        }

    def _get_completeness_depends(self):
        return [
            *self._get_completeness_fields(),
            "is_company",
            "is_customer_archive",
            "archive_company_id.archive_completeness_field_ids",
        ]

    def _get_applicable_completeness_fields(self, configured_by_company):
        """Names of the completeness fields that apply to this partner (one record)."""
        self.ensure_one()
        candidates = self._get_completeness_fields()
        company = self.archive_company_id or self.env.company
        configured = configured_by_company.get(company.id)
        kind = "company" if self.is_company else "person"
        return [
            fname
            for fname, scope in candidates.items()
            if scope in ("all", kind) and (not configured or fname in configured)
        ]

    def _completeness_configuration(self):
        companies = self.archive_company_id | self.env.company
        return {
            company.id: set(company.archive_completeness_field_ids.mapped("name"))
            for company in companies
        }

    @api.depends(lambda self: self._get_completeness_depends())
    def _compute_completeness(self):
        configured = self._completeness_configuration()
        for partner in self:
            if not partner.is_customer_archive:
                partner.completeness = 0
                partner.completeness_band = False
                continue
            names = partner._get_applicable_completeness_fields(configured)
            filled = sum(1 for fname in names if partner[fname])
            rate = round(100 * filled / len(names)) if names else 100
            partner.completeness = rate
            partner.completeness_band = "high" if rate >= 80 else "medium" if rate >= 50 else "low"

    @api.model
    def _recompute_archive_completeness(self, batch_size=1000):
        """Recompute the completeness rate and band of every archive, batch by batch (upgrades
        that change what the rate counts). Returns the number of archives."""
        partners = self.with_context(active_test=False)
        ids = partners.search([("is_customer_archive", "=", True)], order="id").ids
        fields_to_compute = [self._fields["completeness"], self._fields["completeness_band"]]
        for start in range(0, len(ids), batch_size):
            batch = partners.browse(ids[start : start + batch_size])
            for field in fields_to_compute:
                self.env.add_to_compute(field, batch)
            self.env.flush_all()  # recomputes what add_to_compute marked, then writes it
            self.env.invalidate_all()
        return len(ids)

    @api.depends(lambda self: self._get_completeness_depends())
    def _compute_completeness_missing(self):
        configured = self._completeness_configuration()
        for partner in self:
            if not partner.is_customer_archive:
                partner.completeness_missing = False
                continue
            names = partner._get_applicable_completeness_fields(configured)
            missing = [
                self._fields[fname]._description_string(self.env)
                for fname in names
                if not partner[fname]
            ]
            partner.completeness_missing = ", ".join(missing) or False

    @api.model
    def _read_group_archive_status_id(self, statuses, domain):
        return statuses.search([])

    # ------------------------------------------------------------------
    # Normalisation and validation
    # ------------------------------------------------------------------
    @api.model
    def _normalize_identity_number(self, value):
        """Full-width characters to ASCII, separators removed, upper case."""
        if not value or not isinstance(value, str):
            return value
        value = unicodedata.normalize("NFKC", value)
        return "".join(ch for ch in value if ch not in " -\t\u3000").upper()

    @api.model
    def _normalize_archive_vals(self, vals, archive=False):
        """Identity numbers normalised; ``credit_code`` written as the tax ID (``vat``).
        ``archive``: the records are (or become) customer archives, whose tax ID is normalised
        like a credit code when it has a credit code's 18 characters (a foreign VAT number
        keeps the form it was typed in)."""
        for fname in ("credit_code", "resident_id"):
            if vals.get(fname):
                vals[fname] = self._normalize_identity_number(vals[fname])
        if "credit_code" in vals:
            code = vals.pop("credit_code") or False
            if "vat" in vals and (self._normalize_identity_number(vals["vat"]) or False) != code:
                raise ValidationError(
                    _(
                        "%(code_field)s and the tax ID are one identifier, they cannot differ: "
                        "\"%(code)s\" or \"%(vat)s\"?",
                        code_field=self._field_label("credit_code"),
                        code=code or "",
                        vat=vals["vat"] or "",
                    )
                )
            vals["vat"] = code
        elif archive and vals.get("vat"):
            normalized = self._normalize_identity_number(vals["vat"])
            if len(normalized) == 18:
                vals["vat"] = normalized
        return vals

    @api.onchange("credit_code")
    def _onchange_credit_code(self):
        """The form shows the tax ID typed as credit code at once (the related field writes it
        on save only)."""
        for partner in self:
            partner.vat = partner.credit_code

    def _get_credit_code_partners(self):
        """The partners whose tax ID is a unified social credit code, checked as such: customer
        archives in China or without a country (extension point)."""
        return self.filtered(
            lambda p: p.is_customer_archive and p.country_id.code in (False, "CN")
        )

    def _field_label(self, fname):
        """The field's label in the language of the message (``_()`` falls back to the
        user's language when the context has none, e.g. over the external API)."""
        env = self.env if self.env.context.get("lang") else self.with_context(lang=self.env.user.lang).env
        return self._fields[fname]._description_string(env)

    @api.model
    def _identity_error_reason(self, error):
        if isinstance(error, InvalidLength):
            return _("it must have 18 characters")
        if isinstance(error, InvalidFormat):
            return _("it contains characters that are not allowed")
        if isinstance(error, InvalidChecksum):
            return _("its check digit does not match")
        if isinstance(error, InvalidComponent):
            return _("its birth date or region code is not valid")
        return _("it is not a valid number")

    def _check_identity_number(self, fname, validator):
        for partner in self:
            value = partner[fname]
            if not value:
                continue
            try:
                validator.validate(value)
            except StdnumValidationError as error:
                raise ValidationError(
                    _(
                        "%(field)s \"%(value)s\" of %(partner)s is not valid: %(reason)s.",
                        field=self._field_label(fname),
                        value=value,
                        partner=partner.display_name,
                        reason=self._identity_error_reason(error),
                    )
                ) from None

    @api.constrains("vat", "credit_code", "is_customer_archive", "country_id")
    def _check_credit_code(self):
        self._get_credit_code_partners()._check_identity_number("credit_code", uscc)

    @api.constrains("resident_id")
    def _check_resident_id(self):
        self._check_identity_number("resident_id", ric)

    @api.constrains("vat", "credit_code", "archive_company_id", "is_customer_archive", "active")
    def _check_credit_code_unique(self):
        archives = self.filtered(
            lambda p: p.credit_code and p.is_customer_archive and p.active
        )
        if not archives:
            return
        # sudo: the duplicate may sit in an archive the current user is not allowed to see;
        # only its name is disclosed, which is what the user needs to resolve the clash.
        others = self.sudo().search(
            [
                ("credit_code", "in", archives.mapped("credit_code")),
                ("is_customer_archive", "=", True),
                ("archive_company_id", "in", archives.archive_company_id.ids),
            ]
        )
        seen = defaultdict(lambda: self.browse())
        for partner in others:
            seen[(partner.archive_company_id.id, partner.credit_code)] |= partner
        for partner in archives:
            clash = seen[(partner.archive_company_id.id, partner.credit_code)] - partner
            if clash:
                raise ValidationError(
                    _(
                        "%(field)s \"%(value)s\" is already used by the archive %(other)s "
                        "in company %(company)s.",
                        field=self._field_label("credit_code"),
                        value=partner.credit_code,
                        other=clash[0].display_name,
                        company=partner.archive_company_id.name,
                    )
                )

    @api.constrains("registered_capital", "annual_turnover", "employee_count")
    def _check_archive_non_negative(self):
        for partner in self:
            for fname in ("registered_capital", "annual_turnover", "employee_count"):
                if partner[fname] < 0:
                    raise ValidationError(
                        _(
                            "%(field)s of %(partner)s cannot be negative (%(value)s).",
                            field=self._field_label(fname),
                            partner=partner.display_name,
                            value=partner[fname],
                        )
                    )

    @api.constrains("founding_date", "birthday")
    def _check_archive_dates_not_future(self):
        today = fields.Date.context_today(self)
        for partner in self:
            for fname in ("founding_date", "birthday"):
                if partner[fname] and partner[fname] > today:
                    raise ValidationError(
                        _(
                            "%(field)s of %(partner)s cannot be in the future (%(value)s).",
                            field=self._field_label(fname),
                            partner=partner.display_name,
                            value=format_date(self.env, partner[fname]),
                        )
                    )

    @api.constrains("is_main_contact", "parent_id")
    def _check_single_main_contact(self):
        parents = self.filtered(lambda p: p.is_main_contact and p.parent_id).parent_id
        if not parents:
            return
        # sudo: count every main contact of the company, visible or not to the user.
        mains = self.sudo().search(
            [("parent_id", "in", parents.ids), ("is_main_contact", "=", True)]
        )
        per_parent = defaultdict(lambda: self.browse())
        for contact in mains:
            per_parent[contact.parent_id.id] |= contact
        for parent in parents:
            contacts = per_parent[parent.id]
            if len(contacts) > 1:
                raise ValidationError(
                    _(
                        "%(company)s can have only one main contact: %(contacts)s are all "
                        "marked as main contact.",
                        company=parent.display_name,
                        contacts=", ".join(contacts.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_tier_fields_writable(self, vals):
        """Tier fields are the tier engine's: a client may not write them. Empty values and
        the fields' defaults pass (res.users and the merge wizard send every field's default)."""
        if self.env.su or self.env.context.get("customer_archive_merge") is MERGE_IN_PROGRESS:
            return
        defaults = {"tier_override_state": "none"}
        written = {
            fname
            for fname in TIER_ENGINE_FIELDS & set(vals)
            if vals[fname] and vals[fname] != defaults.get(fname)
        }
        if written:
            raise AccessError(
                _("Tiers are computed from sales and accounting, or set through \"Set Tier "
                  "Manually\"; they cannot be written directly.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_tier_fields_writable(vals)
        default_archive = self.env.context.get("default_is_customer_archive")
        for vals in vals_list:
            self._normalize_archive_vals(vals, archive=vals.get("is_customer_archive", default_archive))
            if vals.get("is_customer_archive", default_archive):
                vals["is_customer_archive"] = True
                company = self.env["res.company"].browse(
                    vals.get("archive_company_id") or vals.get("company_id") or self.env.company.id
                )
                # The form sends empty values for the archive fields it shows: fill those too.
                for fname, value in self._prepare_archive_vals(company).items():
                    if not vals.get(fname):
                        vals[fname] = value
        return super().create(vals_list)

    def write(self, vals):
        self._check_tier_fields_writable(vals)
        vals = self._normalize_archive_vals(
            dict(vals),
            archive=vals.get("is_customer_archive") or (self and all(self.mapped("is_customer_archive"))),
        )
        if "archive_number" in vals:
            locked = self.filtered(
                lambda p: p.archive_number and p.archive_number != vals["archive_number"]
            )
            if locked:
                raise UserError(
                    _(
                        "%(field)s of %(partner)s is %(number)s and cannot be changed.",
                        field=self._field_label("archive_number"),
                        partner=locked[0].display_name,
                        number=locked[0].archive_number,
                    )
                )
        res = super().write(vals)
        if vals.get("is_customer_archive"):
            self.filtered(lambda p: not p.archive_number)._enter_archive()
        return res

    def _creation_message(self):
        """The chatter's first note in one language. The stock note puts the model's name, read in
        the environment's language (English when it has none: demo data, scheduled actions, RPC),
        next to a verb in the user's: "Contact 创建"."""
        self.ensure_one()
        env = self.env["res.users"]._get_lang_env(self.env)
        if self.is_customer_archive:
            return env._("Customer archive %(number)s created", number=self.archive_number or "")
        return env._("Contact created")

    @api.model
    def _prepare_archive_vals(self, company):
        """Values given to a partner when it becomes a customer archive (extension point).

        ``archive_number`` is drawn from the sequence here: every call draws a new number."""
        return {
            "archive_company_id": company.id,
            "archive_number": self.env["ir.sequence"]
            .with_company(company)
            .next_by_code("customer.archive.number"),
            "archive_date": fields.Date.context_today(self),
            "archive_status_id": self.env["customer.archive.status"]
            ._get_default_for_stage("potential")
            .id,
            "keeper_id": self.env.user.id,
        }

    # The super() call below is write()'s: nothing to return.
    def _enter_archive(self):  # pylint: disable=missing-return
        """Give archive numbers (and defaults) to partners that just entered the archive."""
        for partner in self:
            # Each archive draws its own number from the sequence, hence one write per record.
            company = partner.archive_company_id or partner.company_id or self.env.company
            defaults = self._prepare_archive_vals(company)
            super(ResPartner, partner).write(
                {
                    fname: value
                    for fname, value in defaults.items()
                    if fname == "archive_number" or not partner[fname]
                }
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_archive(self):
        """Button on the partner form: put the partner into the customer archive."""
        self.filtered(lambda p: not p.is_customer_archive).write({"is_customer_archive": True})
        return True

    def action_mark_reviewed(self):
        """Record that the archives were reviewed today (定期核查)."""
        not_archived = self.filtered(lambda p: not p.is_customer_archive)
        if not_archived:
            raise UserError(
                _(
                    "%(partner)s is not a customer archive and cannot be reviewed.",
                    partner=not_archived[0].display_name,
                )
            )
        today = fields.Date.context_today(self)
        self.write({"last_review_date": today})
        return True

    def load(self, fields, data):
        """Import: when a batch fails, Odoo retries row by row and also repeats the batch's
        error against the first row. Drop that copy when a row-by-row message already
        carries the same text, so that every error names its own row only."""
        result = super().load(fields, data)
        messages = result.get("messages") or []
        if len(messages) > 1:
            first = messages[0]
            if first.get("type") == "error" and any(
                m.get("message") == first.get("message") and m.get("rows") != first.get("rows")
                for m in messages[1:]
            ):
                result["messages"] = messages[1:]
        return result

    @api.model
    def get_import_templates(self):
        if self.env.context.get("customer_archive_import"):
            return [
                {
                    "label": _("Import Template for Customer Archives"),
                    "template": "/customer_archive/static/csv/customer_archive_import_template.csv",
                }
            ]
        return super().get_import_templates()

    # ------------------------------------------------------------------
    # Lifecycle (daily scheduled action)
    # ------------------------------------------------------------------
    @api.model
    def _get_archive_order_domain(self, partners):
        """Sale orders that count as a transaction for the lifecycle."""
        return [
            ("state", "=", "sale"),
            ("partner_id", "child_of", partners.ids),
        ]

    @api.model
    def _get_archive_invoice_domain(self, partners):
        """Invoices that count as a transaction for the lifecycle."""
        return [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("commercial_partner_id", "in", partners.ids),
        ]

    def _get_last_transaction_dates(self):
        """Date of the last confirmed sale order or posted invoice per archive
        (two grouped queries for the whole batch)."""
        last = {}
        orders = self.env["sale.order"].sudo()._read_group(
            self._get_archive_order_domain(self), ["partner_id"], ["date_order:max"]
        )
        for partner, date_order in orders:
            commercial = partner.commercial_partner_id.id
            day = fields.Date.to_date(date_order)
            if day and (commercial not in last or day > last[commercial]):
                last[commercial] = day
        invoices = self.env["account.move"].sudo()._read_group(
            self._get_archive_invoice_domain(self), ["commercial_partner_id"], ["invoice_date:max"]
        )
        for partner, invoice_date in invoices:
            if invoice_date and (partner.id not in last or invoice_date > last[partner.id]):
                last[partner.id] = invoice_date
        return last

    def _get_lifecycle_stage(self, last_date, today):
        """Stage an archive should be in, given its last transaction date (one record)."""
        self.ensure_one()
        company = self.archive_company_id or self.env.company
        current = self.archive_stage
        if last_date and (today - last_date).days < company.archive_dormant_days:
            return "active" if current in ("potential", "dormant", "lost") else current
        if current not in ("active", "dormant"):
            return current
        if not last_date:
            # An active archive with no transaction at all counts from its archive date.
            last_date = self.archive_date or today
        idle = (today - last_date).days
        if idle >= company.archive_lost_days:
            return "lost"
        if idle >= company.archive_dormant_days:
            return "dormant"
        return current

    @api.model
    def _cron_update_archive_lifecycle(self, batch_size=2000):
        """Move archives between active, dormant and lost from their transactions.

        Runs in batches of ``batch_size``; each change is noted in the archive's chatter."""
        # Notes, status names and dates in one language (a scheduled action has none).
        self = self.with_env(self.env["res.users"]._get_lang_env(self.env))
        today = fields.Date.context_today(self)
        Status = self.env["customer.archive.status"]
        statuses = {stage: Status._get_default_for_stage(stage) for stage, _label in ARCHIVE_STAGES}
        archives = self.search(
            [("is_customer_archive", "=", True), ("archive_stage", "in", list(statuses))]
        )
        changed = 0
        for start in range(0, len(archives), batch_size):
            batch = archives[start : start + batch_size]
            last_dates = batch._get_last_transaction_dates()
            moves = defaultdict(lambda: self.browse())
            bodies = {}
            for partner in batch:
                last_date = last_dates.get(partner.id)
                stage = partner._get_lifecycle_stage(last_date, today)
                if stage == partner.archive_stage or not statuses[stage]:
                    continue
                moves[stage] |= partner
                bodies[partner.id] = _(
                    "Archive status changed from %(old)s to %(new)s by the lifecycle rule: "
                    "last transaction %(last)s.",
                    old=partner.archive_status_id.name,
                    new=statuses[stage].name,
                    last=format_date(self.env, last_date) if last_date else _("none"),
                )
            for stage, partners in moves.items():
                partners.with_context(mail_notrack=True).write(
                    {"archive_status_id": statuses[stage].id}
                )
            if bodies:
                self.browse(list(bodies))._message_log_batch(bodies=bodies)
            changed += len(bodies)
        _logger.info("customer_archive lifecycle: %s of %s archives changed", changed, len(archives))
        return changed

    # ------------------------------------------------------------------
    # Tiers
    # ------------------------------------------------------------------
    @api.model
    def _read_group_tier_id(self, tiers, domain):
        return tiers.search([])

    def _format_tier_value(self, criterion, value):
        from .customer_archive_tier_profile import DAY_CRITERIA, MONEY_CRITERIA, PERCENT_CRITERIA

        if value is None:
            return _("no data")
        if criterion in MONEY_CRITERIA:
            company = self.archive_company_id or self.env.company
            return format_amount(self.env, value, company.currency_id)
        if criterion in PERCENT_CRITERIA:
            return "%s %%" % value
        if criterion in DAY_CRITERIA:
            return _("%(days)s days", days=value)
        return str(value)

    @api.depends("tier_breakdown", "tier_id", "tier_override_state")
    def _compute_tier_explanation(self):
        labels = dict(
            self.env["customer.archive.tier.criterion"]._fields["criterion"]._description_selection(self.env)
        )
        tiers = {t.code: t.name for t in self.env["customer.archive.tier"].with_context(active_test=False).search([])}
        for partner in self:
            data = partner.tier_breakdown
            if not data:
                partner.tier_explanation = Markup("<p>%s</p>") % _("Not computed yet.")
                continue
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>") % (
                    labels.get(line["criterion"], line["criterion"]),
                    partner._format_tier_value(line["criterion"], line["value"]),
                    line["points"],
                )
                for line in data.get("criteria", [])
            )
            window = data.get("window") or ["", ""]
            html = Markup(
                "<p>%s</p><table class='table table-sm o_tier_breakdown'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead><tbody>%s</tbody>"
                "<tfoot><tr><th>%s</th><th></th><th class='text-end'>%s</th></tr></tfoot></table>"
            ) % (
                _("Window %(start)s to %(end)s: score %(score)s gives tier %(tier)s.",
                  start=format_date(self.env, window[0]), end=format_date(self.env, window[1]),
                  score=data.get("score", 0), tier=tiers.get(data.get("tier"), data.get("tier"))),
                _("Criterion"), _("Value"), _("Points"), rows, _("Total"), data.get("score", 0),
            )
            if data.get("no_transactions"):
                html += Markup("<p class='text-warning'>%s</p>") % _(
                    "No confirmed order and no posted invoice in the window: lowest tier."
                )
            if partner.tier_override_state == "approved" and partner.tier_override_tier_id:
                html += Markup("<p class='text-info'>%s</p>") % _(
                    "Overridden by hand to %(tier)s until %(date)s: %(reason)s",
                    tier=partner.tier_override_tier_id.name,
                    date=format_date(self.env, partner.tier_override_expiry),
                    reason=partner.tier_override_reason or "",
                )
            partner.tier_explanation = html

    def _prepare_tier_history_vals(self, change):
        partner = change["partner"]
        company = change.get("company") or partner.archive_company_id or self.env.company
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "old_tier_id": change["old"].id,
            "new_tier_id": change["new"].id,
            "direction": self.env["customer.archive.tier.history"]._direction(change["old"], change["new"]),
            "source": change["source"],
            "reason": change.get("reason"),
            # Not .get(key, default): the default would read the partner for every change.
            "score": change["score"] if "score" in change else partner.tier_score,
            "breakdown": change["breakdown"] if "breakdown" in change else partner.tier_breakdown,
            "user_id": self.env.user.id,
        }

    def _record_tier_changes(self, changes, profile=None):
        """History rows, chatter notes and downgrade alerts for a batch of tier changes.

        ``changes``: list of dicts with partner, old, new (tiers), source, and optionally
        reason, score, breakdown."""
        if not changes:
            return
        History = self.env["customer.archive.tier.history"].sudo()
        vals_list = [self._prepare_tier_history_vals(change) for change in changes]
        History._create_batch(vals_list)
        # Chatter notes in the language of whoever changes the tiers (a scheduled action has
        # none), each activity in the language of its recipient.
        env = self.env["res.users"]._get_lang_env(self.env)
        sources = dict(History._fields["source"]._description_selection(env))
        profiles = {}
        bodies = {}
        activities = []
        activity_type = self.env.ref("customer_archive.mail_activity_type_tier_downgrade", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        for change, vals in zip(changes, vals_list):
            partner, old, new = change["partner"], change["old"].with_env(env), change["new"].with_env(env)
            direction, source = vals["direction"], sources[vals["source"]]
            if direction == "new" and vals["source"] == "computed":
                continue  # a first computed tier: the history row is enough
            company_id = vals["company_id"]
            if company_id not in profiles:
                profiles[company_id] = profile if profile and profile.company_id.id == company_id else \
                    self.env["customer.archive.tier.profile"].sudo()._get_profile(self.env["res.company"].browse(company_id))
            alert_tiers = profiles[company_id].alert_tier_ids
            if vals["source"] == "computed" and old not in alert_tiers and new not in alert_tiers:
                continue  # moves among the lower tiers: the history row is enough
            if direction == "down" and old in alert_tiers:
                body = self._get_tier_alert_body(env, old, new, vals["source"])
                for user in (partner.user_id | partner.keeper_id).filtered("active"):
                    user_env = user._get_lang_env(self.env)
                    activities.append({
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id if activity_type else False,
                        "summary": user_env._(
                            "Tier downgrade: %(old)s → %(new)s",
                            old=old.with_env(user_env).name, new=new.with_env(user_env).name or "-",
                        ),
                        "note": escape(self._get_tier_alert_body(user_env, old, new, vals["source"])),
                        "user_id": user.id,
                        "date_deadline": today,
                    })
            elif direction == "up":
                body = env._("Tier upgraded from %(old)s to %(new)s (%(origin)s).",
                             old=old.name, new=new.name, origin=source)
            elif direction == "new":
                body = env._("Tier set to %(new)s (%(origin)s).", new=new.name or env._("none"), origin=source)
            else:
                body = env._("Tier changed from %(old)s to %(new)s (%(origin)s).",
                             old=old.name or env._("none"), new=new.name or env._("none"), origin=source)
            if change.get("reason"):
                body = "%s %s" % (body, env._("Reason: %(reason)s", reason=change["reason"]))
            bodies[partner.id] = body
        if activities:
            # sudo: the engine runs for every archive, the recipients may not be the current user.
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        if bodies:
            self.sudo().browse(list(bodies))._message_log_batch(bodies=bodies)

    @api.model
    def _get_tier_alert_body(self, env, old, new, source):
        """The downgrade alert (中高端客户预警) in the language of ``env``."""
        History = self.env["customer.archive.tier.history"]
        return env._(
            "Tier alert: downgraded from %(old)s to %(new)s (%(origin)s).",
            old=old.with_env(env).name,
            new=new.with_env(env).name or env._("none"),
            origin=dict(History._fields["source"]._description_selection(env))[source],
        )

    def _set_effective_tier(self, changes):
        """Write the effective tiers of ``changes`` (as superuser: see _check_tier_fields_writable)."""
        by_tier = defaultdict(lambda: self.browse())
        for change in changes:
            by_tier[change["new"]] |= change["partner"]
        for tier, partners in by_tier.items():
            partners.sudo().write({"tier_id": tier.id})

    def action_open_tier_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Set Tier Manually"),
            "res_model": "customer.archive.tier.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _notify_tier_override_request(self, tier, reason):
        """Ask the archive managers to approve a manual tier (one activity per archive)."""
        managers = self.env.ref("customer_archive.group_archive_manager").sudo().users.filtered(
            lambda u: not u.share and u.active
        )
        manager = managers.filtered(lambda u: u != self.env.user)[:1] or managers[:1]
        model_id = self.env["ir.model"]._get_id("res.partner")
        manager_env = manager._get_lang_env(self.env)  # the approver's language
        self.env["mail.activity"].sudo().create([
            {
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                "summary": manager_env._("Approve manual tier %(tier)s", tier=tier.with_env(manager_env).name),
                "note": escape(reason),
                "user_id": manager.id,
            }
            for partner in self
        ] if manager else [])
        self.sudo()._message_log_batch(bodies={
            partner.id: _("Manual tier %(tier)s requested by %(user)s, waiting for approval: %(reason)s",
                          tier=tier.name, user=self.env.user.name, reason=reason)
            for partner in self
        })

    def _check_archive_manager(self):
        if not self.env.user.has_group("customer_archive.group_archive_manager"):
            raise AccessError(_("Only archive managers can approve or reject tier overrides."))

    def action_approve_tier_override(self):
        self._check_archive_manager()
        pending = self.filtered(lambda p: p.tier_override_state == "pending")
        if not pending:
            raise UserError(_("There is no tier override waiting for approval."))
        changes = []
        for partner in pending:
            changes.append({"partner": partner, "old": partner.tier_id, "new": partner.tier_override_tier_id,
                            "source": "approval", "reason": partner.tier_override_reason})
        pending.sudo().write({"tier_override_state": "approved"})
        self._set_effective_tier(changes)
        self._record_tier_changes([change for change in changes if change["old"] != change["new"]])
        return True

    def action_reject_tier_override(self):
        self._check_archive_manager()
        pending = self.filtered(lambda p: p.tier_override_state == "pending")
        if not pending:
            raise UserError(_("There is no tier override waiting for approval."))
        bodies = {
            p.id: _("Manual tier %(tier)s rejected by %(user)s.", tier=p.tier_override_tier_id.name,
                    user=self.env.user.name)
            for p in pending
        }
        pending.sudo().write(self._prepare_clear_override_vals())
        pending.sudo()._message_log_batch(bodies=bodies)
        return True

    @api.model
    def _prepare_clear_override_vals(self):
        return {
            "tier_override_tier_id": False,
            "tier_override_reason": False,
            "tier_override_expiry": False,
            "tier_override_state": "none",
            "tier_override_user_id": False,
        }

    @api.model
    def _expire_tier_overrides(self):
        """Overrides past their expiry date end: the computed tier returns."""
        today = fields.Date.context_today(self)
        expired = self.sudo().search([
            ("tier_override_state", "in", ("approved", "pending")),
            ("tier_override_expiry", "<", today),
        ])
        changes = [
            {"partner": p, "old": p.tier_id, "new": p.tier_computed_id, "source": "expiry",
             "reason": p.tier_override_reason}
            for p in expired
            if p.tier_override_state == "approved" and p.tier_id != p.tier_computed_id
        ]
        expired.write(self._prepare_clear_override_vals())
        self._set_effective_tier(changes)
        self._record_tier_changes(changes)
        return len(expired)
