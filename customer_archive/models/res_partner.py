import logging
import unicodedata
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError as StdnumValidationError,
)

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

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
                    self._archive_message_env()._(
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

    def _archive_message_env(self):
        """The environment whose language the messages of the archive are written in: the
        context's, else the user's (the external API sends no language; ``self.env._()`` alone
        would answer in English while ``_field_label`` answers in the user's language)."""
        return self.env["res.users"]._get_lang_env(self.env)

    def _field_label(self, fname):
        """The field's label in the language of the message (the user's when the context has
        none, e.g. over the external API: see ``_archive_message_env``)."""
        env = self.env if self.env.context.get("lang") else self.with_context(lang=self.env.user.lang).env
        return self._fields[fname]._description_string(env)

    @api.model
    def _identity_error_reason(self, error):
        env = self._archive_message_env()
        if isinstance(error, InvalidLength):
            return env._("it must have 18 characters")
        if isinstance(error, InvalidFormat):
            return env._("it contains characters that are not allowed")
        if isinstance(error, InvalidChecksum):
            return env._("its check digit does not match")
        if isinstance(error, InvalidComponent):
            return env._("its birth date or region code is not valid")
        return env._("it is not a valid number")

    def _check_identity_number(self, fname, validator):
        for partner in self:
            value = partner[fname]
            if not value:
                continue
            try:
                validator.validate(value)
            except StdnumValidationError as error:
                raise ValidationError(
                    self._archive_message_env()._(
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
                    self._archive_message_env()._(
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
                        self._archive_message_env()._(
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
                        self._archive_message_env()._(
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
                    self._archive_message_env()._(
                        "%(company)s can have only one main contact: %(contacts)s are all "
                        "marked as main contact.",
                        company=parent.display_name,
                        contacts=", ".join(contacts.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
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
                    self._archive_message_env()._(
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
                self._archive_message_env()._(
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
                    "label": self.env._("Import Template for Customer Archives"),
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
        # sudo: the last transaction counts every order, whoever the user may read
        orders = self.env["sale.order"].sudo()._read_group(
            self._get_archive_order_domain(self), ["partner_id"], ["date_order:max"]
        )
        for partner, date_order in orders:
            commercial = partner.commercial_partner_id.id
            day = fields.Date.to_date(date_order)
            if day and (commercial not in last or day > last[commercial]):
                last[commercial] = day
        # sudo: the last transaction counts every invoice, whoever the user may read
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
                bodies[partner.id] = self.env._(
                    "Archive status changed from %(old)s to %(new)s by the lifecycle rule: "
                    "last transaction %(last)s.",
                    old=partner.archive_status_id.name,
                    new=statuses[stage].name,
                    last=format_date(self.env, last_date) if last_date else self.env._("none"),
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
