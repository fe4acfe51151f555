from collections import namedtuple

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .customer_archive_pipl_common import DATA_CATEGORIES
from .res_users_archive_role import GROUP_MANAGER

MASK_STYLES = [
    ("phone", "Phone (138****1234)"),
    ("identity", "Identity Number (3501**********1234)"),
    ("email", "E-mail (z***@example.com)"),
    ("partial", "First Character (张***)"),
    ("full", "Hidden (***)"),
]
SENSITIVE_SCOPES = [
    ("all", "All Records of Archives"),
    ("archive", "Customer Archives and Their Contacts"),
    ("person", "Persons of Customer Archives"),
    ("individual", "Individual Customers"),
]
# Every mask contains this: a value containing it is a mask sent back, never real data.
MASK_MARK = "***"
DATE_MASK = "****-**-**"
DATETIME_MASK = "****-**-** **:**:**"
NUMERIC_TYPES = ("integer", "float", "monetary")

# One masking rule of one field for one model (cached per registry).
# ``sources``: ((path to the record the value comes from, scope), ...): () is the record itself.
MaskRule = namedtuple("MaskRule", "field_name style scope group_ids source sources")


def mask_value(value, style, field_type):
    """The masked text of ``value``. Fixed numbers of ``*`` hide the length of the value;
    empty values stay empty (numbers are masked even when 0)."""
    if field_type in NUMERIC_TYPES:
        return MASK_MARK if value is not False and value is not None else False
    if not value:
        return value
    if field_type == "date":
        return DATE_MASK
    if field_type == "datetime":
        return DATETIME_MASK
    text = str(value).strip()
    if style == "phone":
        return text[:3] + "****" + text[-4:] if len(text) >= 8 else "****"
    if style == "identity":
        return text[:4] + "*" * 10 + text[-4:] if len(text) >= 9 else "*" * 10
    if style == "email":
        local, _at, domain = text.partition("@")
        return local[:1] + MASK_MARK + "@" + domain if domain else MASK_MARK
    if style == "partial":
        return text[:1] + MASK_MARK
    return MASK_MARK


class CustomerArchiveSensitiveField(models.Model):
    """Classification of a sensitive field (敏感字段): users outside the cleared groups read it
    masked, cannot search, sort or group by it, and reveal it one value at a time with a reason.
    Masking applies at the API boundary (see models/base.py); the server code keeps working on
    the real values."""

    _name = "customer.archive.sensitive.field"
    _description = "Sensitive Field"
    _order = "category, sequence, id"

    name = fields.Char(string="Description", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one(
        "ir.model",
        required=True,
        ondelete="cascade",
        domain="['|', ('model', 'in', ['res.partner', 'res.partner.bank']), "
        "('model', '=like', 'customer.archive.%')]",
    )
    model_name = fields.Char(related="model_id.model", store=True, string="Model Name")
    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', 'in', ['char', 'text', 'date', 'datetime', 'integer', 'float', 'monetary'])]",
    )
    field_name = fields.Char(related="field_id.name", store=True, string="Field Name")
    category = fields.Selection(DATA_CATEGORIES, required=True, default="basic")
    mask_style = fields.Selection(
        MASK_STYLES,
        string="Mask",
        required=True,
        default="full",
        help="How the value is shown to users who are not cleared. Dates always read "
        "****-**-** and numbers ***, whatever the style.",
    )
    scope = fields.Selection(
        SENSITIVE_SCOPES,
        required=True,
        default="all",
        help="Which records of the model have this field masked. Persons: contacts and "
        "individual customers of an archive (not companies). Individual customers: persons "
        "of an archive without a parent company (their address is a home address).",
    )
    group_ids = fields.Many2many(
        "res.groups",
        "customer_archive_sensitive_field_group_rel",
        "sensitive_field_id",
        "group_id",
        string="Cleared Groups",
        default=lambda self: self.env.ref(GROUP_MANAGER, raise_if_not_found=False),
        help="Members of these groups see the value in clear. Nobody else does.",
    )
    example = fields.Char(compute="_compute_example")

    _sql_constraints = [
        ("field_unique", "unique(field_id)", "A field can be classified only once."),
    ]

    @api.depends("mask_style", "field_id")
    def _compute_example(self):
        samples = {
            "phone": "13812341234",
            "identity": "350104198001010012",
            "email": "zhang@example.com",
            "partial": "张三丰",
            "full": "...",
        }
        for record in self:
            ftype = record.field_id.ttype or "char"
            record.example = mask_value(
                samples.get(record.mask_style, "x"), record.mask_style, ftype
            )

    @api.constrains("model_id", "field_id")
    def _check_field_model(self):
        for record in self:
            if record.field_id.model_id != record.model_id:
                raise ValidationError(
                    self.env._(
                        "The field %(field)s does not belong to the model %(model)s.",
                        field=record.field_id.field_description,
                        model=record.model_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._invalidate_masking_config()
        return records

    def write(self, vals):
        res = super().write(vals)
        self._invalidate_masking_config()
        return res

    def unlink(self):
        res = super().unlink()
        self._invalidate_masking_config()
        return res

    @api.constrains("model_id")
    def _check_model_masked(self):
        for record in self:
            model = self.env.get(record.model_id.model)
            if model is None or not hasattr(model, "_archive_masked_fields"):
                raise ValidationError(
                    self.env._(
                        "Fields of %(model)s cannot be classified: the model does not take part in "
                        "the confidentiality layer.",
                        model=record.model_id.name,
                    )
                )

    # ------------------------------------------------------------------ configuration
    @api.model
    def _get_derived_styles(self):
        """Mask styles of derived fields that keep the shape of their source (the default for
        a computed field is "full"; a related field keeps its source's style)."""
        return {
            ("res.partner", "email_normalized"): None,
            ("res.partner.bank", "sanitized_acc_number"): None,
        }

    @api.model
    def _get_derived_exceptions(self):
        """Fields computed from a classified field that are NOT masked, with the reason: the
        reviewed allow-list (tests/test_masking_coverage.py fails on any other unmasked one).
        {(model, field): reason}; ``(None, field)`` stands for that field on every model."""
        flag = "a yes/no flag or a reference, not the value"
        return {
            (None, "display_name"): "masked by the _compute_display_name of res.partner and "
            "res.partner.bank (the name of an archive hidden from the user is a placeholder)",
            ("res.partner", "completeness"): "a percentage of filled fields, not their values",
            ("res.partner", "completeness_band"): flag,
            ("res.partner", "completeness_missing"): "the labels of the empty fields",
            ("res.users", "completeness"): "a percentage of filled fields, not their values",
            ("res.users", "completeness_band"): flag,
            ("res.users", "completeness_missing"): "the labels of the empty fields",
            ("account.move", "invoice_partner_display_name"): "the customer's name, computed "
            "without the e-mail (display_name without show_email)",
            ("account.bank.statement.line", "invoice_partner_display_name"): "same as the move's",
            ("res.company", "city"): "the company's own address: never an archive",
            ("res.company", "street"): "the company's own address: never an archive",
            ("res.company", "street2"): "the company's own address: never an archive",
            ("res.company", "zip"): "the company's own address: never an archive",
            ("res.company", "email"): "the company's own address: never an archive",
            ("res.company", "phone"): "the company's own address: never an archive",
            ("res.company", "mobile"): "the company's own address: never an archive",
            ("base.document.layout", "email"): "the company's own address: never an archive",
            ("base.document.layout", "phone"): "the company's own address: never an archive",
            ("crm.team.member", "email"): "an internal user's partner: never an archive",
            ("crm.team.member", "phone"): "an internal user's partner: never an archive",
            ("crm.team.member", "mobile"): "an internal user's partner: never an archive",
            ("resource.resource", "email"): "an internal user's partner: never an archive",
            ("resource.resource", "phone"): "an internal user's partner: never an archive",
            ("account.journal", "bank_acc_number"): "the company's own bank account",
            ("account.setup.bank.manual.config", "acc_number"): "the company's own bank account",
            ("account.setup.bank.manual.config", "sanitized_acc_number"): "the company's own "
            "bank account",
            ("customer.archive.visit", "checkin_location"): "computed for the user who checked "
            "in and for the cleared users only, empty for everyone else",
            ("customer.archive.visit", "checkin_map_url"): "computed for the user who checked "
            "in and for the cleared users only, empty for everyone else",
            # flags and references computed from a classified value: they tell whether the
            # value is blacklisted, valid or shared, not the value
            ("res.partner", "is_blacklisted"): flag,
            ("res.partner", "phone_sanitized_blacklisted"): flag,
            ("res.partner", "phone_blacklisted"): flag,
            ("res.partner", "mobile_blacklisted"): flag,
            ("res.partner", "duplicate_bank_partner_ids"): "partners the user may read sharing "
            "the account (record rules apply)",
            ("res.users", "is_blacklisted"): flag,
            ("res.users", "phone_sanitized_blacklisted"): flag,
            ("res.users", "phone_blacklisted"): flag,
            ("res.users", "mobile_blacklisted"): flag,
            ("res.users", "duplicate_bank_partner_ids"): flag,
            ("res.partner.bank", "acc_type"): flag,
            ("res.partner.bank", "has_iban_warning"): flag,
            ("res.partner.bank", "has_money_transfer_warning"): flag,
            ("res.partner.bank", "user_has_group_validate_bank_account"): flag,
            ("res.partner.bank", "duplicate_bank_partner_ids"): "partners the user may read "
            "sharing the account (record rules apply)",
            ("account.setup.bank.manual.config", "acc_type"): flag,
            ("account.setup.bank.manual.config", "has_iban_warning"): flag,
            ("account.setup.bank.manual.config", "has_money_transfer_warning"): flag,
            ("account.setup.bank.manual.config", "money_transfer_service"): flag,
            ("account.setup.bank.manual.config", "user_has_group_validate_bank_account"): flag,
            ("account.setup.bank.manual.config", "duplicate_bank_partner_ids"): flag,
            # computed from the company's address (the company is never an archive)
            ("res.company", "state_id"): "the company's own address: never an archive",
            ("res.company", "country_id"): "the company's own address: never an archive",
            ("res.company", "uninstalled_l10n_module_ids"): "the company's country",
            ("res.company", "account_fiscal_country_id"): "the company's country",
            ("res.company", "account_enabled_tax_country_ids"): "the company's country",
            ("res.company", "company_vat_placeholder"): "the company's country",
            ("res.company", "company_registry_placeholder"): "the company's country",
            ("res.config.settings", "account_fiscal_country_id"): "the company's country",
            ("base.document.layout", "country_id"): "the company's country",
            ("account.move", "tax_country_id"): "the company's country",
            ("account.move", "tax_country_code"): "the company's country",
            ("account.bank.statement.line", "tax_country_id"): "the company's country",
            ("account.bank.statement.line", "tax_country_code"): "the company's country",
            ("account.fiscal.position", "company_country_id"): "the company's country",
            ("account.tax.repartition.line", "tag_ids_domain"): "the company's country",
        }

    @api.model
    def _derived_value_types(self):
        """Field types whose value can carry a classified value (others are flags/references)."""
        return {"char", "text", "html", "date", "datetime", "integer", "float", "monetary"}

    @api.model
    def _resolve_dependency(self, model_name, path):
        """(prefix tuple, (model, field)) of a dotted dependency path, or None."""
        model = self.env[model_name]
        parts = path.split(".")
        for i, part in enumerate(parts):
            field = model._fields.get(part)
            if field is None:
                return None
            if i == len(parts) - 1:
                return tuple(parts[:-1]), (model._name, part)
            if not field.relational:
                return None
            model = self.env[field.comodel_name]
        return None

    @api.model
    def _iter_derived_fields(self, sources):
        """Yield (model, field name, field, [(prefix, source key)]) for every related or
        computed field of the registry whose dependencies reach one of ``sources`` (a set of
        (model, field)), to a fixpoint. Used by the configuration and by the coverage test."""
        registry = self.env.registry
        known = set(sources)
        found = {}
        changed = True
        while changed:
            changed = False
            for model_name in registry:
                model = self.env[model_name]
                for fname, field in model._fields.items():
                    key = (model_name, fname)
                    if key in known:
                        continue
                    if field.related:
                        deps = [field.related]
                    elif field.compute:
                        deps = list(registry.field_depends.get(field, ()))
                    else:
                        continue
                    hits = []
                    for dep in deps:
                        resolved = self._resolve_dependency(model_name, dep)
                        if resolved and resolved[1] in known:
                            hits.append(resolved)
                    if hits:
                        known.add(key)
                        found[key] = (model, fname, field, hits)
                        changed = True
        yield from found.values()

    # ------------------------------------------------------------------ configuration cache
    # The configuration is read on almost every ORM call of a masked model (a rule's domain
    # names partner fields), and it changes only when a classification does. Odoo's ormcache
    # is emptied by many unrelated writes (a user's language, an access right, every test's
    # clean-up), and reloading it would cost three queries in the middle of whatever the user
    # does. So it is held by the registry itself, tagged with the registry's signaling
    # sequences: it is rebuilt when this process learns of another worker's invalidation or
    # of a new model setup, and dropped by a change of classification in this process. While
    # the transaction that changed a classification is open (its outcome unknown) it uses the
    # ormcache, as Odoo's own caches do, and the registry's copy is dropped again when it ends.
    _CONFIG_SLOT = "_customer_archive_masking_config"
    _CONFIG_CHANGED = "customer_archive_masking_changed"  # key in the cursor's cache

    @api.model
    def _masking_config_tag(self):
        registry = self.env.registry
        return (registry.registry_sequence, registry.cache_sequences.get("default"))

    @api.model
    def _get_masking_config(self):
        """{model name: {field name: MaskRule}} of the active classifications and of every
        field derived from them (computed or related, on any model, found in the registry's
        dependency graph)."""
        registry = self.env.registry
        if not registry.ready or self.env.cr.cache.get(self._CONFIG_CHANGED):
            return self._get_masking_config_cached()
        tag = self._masking_config_tag()
        held = getattr(registry, self._CONFIG_SLOT, None)
        if held is not None and held[0] == tag:
            return held[1]
        config = self._build_masking_config()
        setattr(registry, self._CONFIG_SLOT, (tag, config))
        return config

    @api.model
    def _invalidate_masking_config(self):
        """A classification changed in this transaction: every process rebuilds the
        configuration (Odoo's cache signaling), this one now and again when it ends."""
        registry = self.env.registry
        cr = self.env.cr

        def drop():
            cr.cache.pop(self._CONFIG_CHANGED, None)
            registry.__dict__.pop(self._CONFIG_SLOT, None)

        drop()
        cr.cache[self._CONFIG_CHANGED] = True
        cr.postcommit.add(drop)
        cr.postrollback.add(drop)
        registry.clear_cache()

    @api.model
    @tools.ormcache()
    def _get_masking_config_cached(self):
        return self._build_masking_config()

    @api.model
    def _build_masking_config(self):
        # sudo: the configuration applies to every user; reading it is not a disclosure.
        classified = self.sudo().with_context(active_test=True).search([])
        rules = {}
        for record in classified:
            model = self.env.get(record.model_name)
            if model is None or record.field_name not in model._fields:
                continue
            rules[(record.model_name, record.field_name)] = MaskRule(
                record.field_name,
                record.mask_style,
                record.scope,
                frozenset(record.group_ids.ids),
                record.id,
                (((), record.scope),),
            )
        exceptions = self._get_derived_exceptions()
        styles = self._get_derived_styles()
        value_types = self._derived_value_types()
        derived = sorted(self._iter_derived_fields(set(rules)), key=lambda d: (d[0]._name, d[1]))
        # derived fields in dependency order: a field derived from a derived field waits for it
        pending = {
            (model._name, fname): (model, fname, field, hits)
            for model, fname, field, hits in derived
        }
        while pending:
            ready = [
                key
                for key, (_m, _f, _fd, hits) in pending.items()
                if not any(source in pending for _prefix, source in hits)
            ] or list(pending)  # a cycle: take them all with what is known
            for key in ready:
                model, fname, field, hits = pending.pop(key)
                sources_rules = [
                    (prefix, rules[source]) for prefix, source in hits if source in rules
                ]
                if (
                    not sources_rules
                    or key in exceptions
                    or (None, fname) in exceptions
                    or field.type not in value_types
                    or not hasattr(model, "_archive_masked_fields")
                ):
                    continue
                first = sources_rules[0][1]
                group_ids = first.group_ids
                for _prefix, rule in sources_rules[1:]:
                    # derived from several classified fields: cleared for all of them
                    group_ids &= rule.group_ids
                style = styles.get(key, "full" if not field.related else first.style) or first.style
                scopes = tuple(
                    sorted(
                        {
                            (prefix + sprefix, scope)
                            for prefix, rule in sources_rules
                            for sprefix, scope in rule.sources
                        }
                    )
                )
                rules[key] = MaskRule(fname, style, first.scope, group_ids, first.source, scopes)
        config = {}
        for (model_name, fname), rule in rules.items():
            if hasattr(self.env[model_name], "_archive_masked_fields"):
                config.setdefault(model_name, {})[fname] = rule
        return config
