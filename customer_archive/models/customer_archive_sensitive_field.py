from collections import namedtuple

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .customer_archive_pipl_common import DATA_CATEGORIES

MASK_STYLES = [
    ("phone", "Phone (138****1234)"),
    ("identity", "Identity Number (3501**********1234)"),
    ("email", "E-mail (z***@example.com)"),
    ("partial", "First Character (张***)"),
    ("full", "Hidden (***)"),
]
SENSITIVE_SCOPES = [
    ("all", "All Records"),
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
MaskRule = namedtuple("MaskRule", "field_name style scope group_ids source")


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
        default=lambda self: self.env.ref(
            "customer_archive.group_archive_manager", raise_if_not_found=False
        ),
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
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------ configuration
    @api.model
    def _get_derived_fields(self):
        """Fields computed from a sensitive field, masked with it: {(model, field):
        [(derived field, style or None for the same style)]}. Extend to add more."""
        return {
            ("res.partner", "email"): [("email_normalized", None), ("email_formatted", "full")],
            ("res.partner", "birthday"): [("age", "full")],
            ("res.partner", "mobile"): [
                ("phone_sanitized", "full"),
                ("phone_mobile_search", "full"),
            ],
            ("res.partner", "phone"): [
                ("phone_sanitized", "full"),
                ("phone_mobile_search", "full"),
            ],
            ("res.partner", "street"): [
                ("contact_address", "full"),
                ("contact_address_complete", "full"),
            ],
            ("res.partner", "street2"): [
                ("contact_address", "full"),
                ("contact_address_complete", "full"),
            ],
            ("res.partner", "zip"): [
                ("contact_address", "full"),
                ("contact_address_complete", "full"),
            ],
            ("res.partner.bank", "acc_number"): [("sanitized_acc_number", None)],
        }

    @api.model
    @tools.ormcache()
    def _get_masking_config(self):
        """{model name: {field name: MaskRule}} of the active classifications, with the fields
        derived from them and the related fields of any model that read them. Cached per
        registry; the cache is cleared when a classification changes."""
        # sudo: the configuration applies to every user; reading it is not a disclosure.
        classified = self.sudo().with_context(active_test=True).search([])
        config = {}

        def add(model_name, fname, rule):
            if fname in self.env[model_name]._fields:
                rules = config.setdefault(model_name, {})
                previous = rules.get(fname)
                if previous:  # a field derived from two classified fields: both clearances needed
                    rule = rule._replace(group_ids=previous.group_ids & rule.group_ids)
                rules[fname] = rule

        derived = self._get_derived_fields()
        by_field = {}
        for record in classified:
            if (
                record.model_name not in self.env
                or record.field_name not in self.env[record.model_name]._fields
            ):
                continue
            rule = MaskRule(
                record.field_name,
                record.mask_style,
                record.scope,
                frozenset(record.group_ids.ids),
                record.id,
            )
            by_field[(record.model_name, record.field_name)] = rule
            add(record.model_name, record.field_name, rule)
            for fname, style in derived.get((record.model_name, record.field_name), []):
                add(
                    record.model_name,
                    fname,
                    rule._replace(field_name=fname, style=style or rule.style),
                )
        if by_field:
            # related fields anywhere that read a classified field (e.g. partner_mobile = partner_id.mobile)
            for model_name in self.env.registry:
                for fname, field in self.env[model_name]._fields.items():
                    if not field.related:
                        continue
                    target = field.related_field
                    rule = target and by_field.get((target.model_name, target.name))
                    if rule and (model_name, fname) not in by_field:
                        add(model_name, fname, rule._replace(field_name=fname, scope="all"))
        return {model: dict(rules) for model, rules in config.items()}
