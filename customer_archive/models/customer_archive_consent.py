from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CONSENT_SCOPES = [
    ("personal", "Personal information"),
    ("sensitive", "Sensitive personal information (separate consent)"),
    ("third_party", "Provision to a third party (separate consent)"),
    ("cross_border", "Transfer abroad (separate consent)"),
]
CONSENT_CHANNELS = [
    ("paper", "Signed form"),
    ("in_person", "In person"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("wechat", "WeChat"),
    ("website", "Website or app"),
    ("other", "Other"),
]


class CustomerArchiveConsent(models.Model):
    """A consent given by a person (an archive or a contact of an archive), PIPL art. 14-15.

    The register keeps every consent: a withdrawn consent is kept with its withdrawal date and
    channel, and nobody deletes a consent."""

    _name = "customer.archive.consent"
    _inherit = ["customer.archive.person.mixin"]
    _description = "Personal Information Consent"
    _order = "consent_date desc, id desc"
    _rec_name = "purpose"

    purpose = fields.Char(required=True, help="What the personal information is processed for.")
    scope = fields.Selection(
        CONSENT_SCOPES,
        required=True,
        default="personal",
        help="Sensitive personal information, provision to third parties and transfers abroad "
        "need their own, separate consent (PIPL art. 23, 29, 39).",
    )
    is_separate = fields.Boolean(
        string="Separate Consent",
        compute="_compute_is_separate",
        store=True,
        help="A separate consent (单独同意), given for this scope only.",
    )
    consent_date = fields.Date(
        string="Given On",
        required=True,
        default=fields.Date.context_today,
    )
    channel = fields.Selection(
        CONSENT_CHANNELS, string="Given Through", required=True, default="paper"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "customer_archive_consent_attachment_rel",
        "consent_id",
        "attachment_id",
        string="Evidence",
        help="The signed form, the recording or the screenshot of the consent.",
    )
    note = fields.Text()
    withdrawn_date = fields.Date(string="Withdrawn On", copy=False)
    withdrawal_channel = fields.Selection(CONSENT_CHANNELS, string="Withdrawn Through", copy=False)
    state = fields.Selection(
        [("valid", "Valid"), ("withdrawn", "Withdrawn")],
        compute="_compute_state",
        store=True,
        index=True,
    )

    @api.depends("scope")
    def _compute_is_separate(self):
        for consent in self:
            consent.is_separate = consent.scope != "personal"

    @api.depends("withdrawn_date")
    def _compute_state(self):
        for consent in self:
            consent.state = "withdrawn" if consent.withdrawn_date else "valid"

    @api.constrains("consent_date", "withdrawn_date", "withdrawal_channel")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for consent in self:
            if consent.consent_date > today:
                raise ValidationError(
                    self.env._(
                        'The consent "%(purpose)s" cannot be given in the future (%(date)s).',
                        purpose=consent.purpose,
                        date=consent.consent_date,
                    )
                )
            if not consent.withdrawn_date:
                if consent.withdrawal_channel:
                    raise ValidationError(
                        self.env._(
                            'The consent "%(purpose)s" has a withdrawal channel but no withdrawal '
                            "date.",
                            purpose=consent.purpose,
                        )
                    )
                continue
            if consent.withdrawn_date < consent.consent_date or consent.withdrawn_date > today:
                raise ValidationError(
                    self.env._(
                        'The consent "%(purpose)s" was given on %(given)s: it cannot be withdrawn '
                        "on %(withdrawn)s.",
                        purpose=consent.purpose,
                        given=consent.consent_date,
                        withdrawn=consent.withdrawn_date,
                    )
                )
            if not consent.withdrawal_channel:
                raise ValidationError(
                    self.env._(
                        'Say through which channel the consent "%(purpose)s" was withdrawn.',
                        purpose=consent.purpose,
                    )
                )

    @api.constrains("partner_id")
    def _check_person(self):
        self.partner_id._pipl_check_person()

    @api.model_create_multi
    def create(self, vals_list):
        consents = super().create(vals_list)
        consents.partner_id._pipl_log("consent", detail=self.env._("consent recorded"))
        return consents

    def write(self, vals):
        withdrawn = self.filtered("withdrawn_date")
        if withdrawn and set(vals) - {"note", "attachment_ids"}:
            raise UserError(
                self.env._(
                    'The consent "%(purpose)s" was withdrawn on %(date)s and is kept as it was in '
                    "the register: record a new consent instead.",
                    purpose=withdrawn[0].purpose,
                    date=withdrawn[0].withdrawn_date,
                )
            )
        res = super().write(vals)
        if vals.get("withdrawn_date"):
            self.partner_id._pipl_log("consent", detail=self.env._("consent withdrawn"))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Consents stay in the register, withdrawn ones included: they cannot be deleted."
            )
        )

    def action_withdraw(self):
        """Withdraw today through the channel the consent was given (the form lets the officer
        change both before saving)."""
        valid = self.filtered(lambda c: c.state == "valid")
        if not valid:
            raise UserError(self.env._("These consents are already withdrawn."))
        today = fields.Date.context_today(self)
        for channel in set(valid.mapped("channel")):
            valid.filtered(lambda c, ch=channel: c.channel == ch).write(
                {"withdrawn_date": today, "withdrawal_channel": channel}
            )
        return True
