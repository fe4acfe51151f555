"""The models that take part in the confidentiality layer (models/customer_archive_masking.py).

This file is the one list: a model holds customer data, or has a field related to a classified
partner field whose record can be an archive partner, so it masks. Fields of other models derived
from classified fields are listed, with the reason they need no mask, in
``customer.archive.sensitive.field._get_derived_exceptions`` (the coverage test checks both).
"""

import re

from odoo import SUPERUSER_ID, api, models
from odoo.tools import SQL

from .customer_archive_markers import INTERNAL_SEARCH
from .customer_archive_sensitive_field import MASK_MARK, mask_value

MIXIN = "customer.archive.masked.mixin"
LINK = "customer.archive.link.mixin"
# read with a list of partners to decide the scope of their masks (see search_fetch)
SCOPE_FIELDS = ("archive_root_id", "partner_share", "is_company", "parent_id")
# address fields a contact takes from its company: a form may send them back masked
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", MIXIN]

    @api.model
    def _archive_scope_domain(self, scope):
        """Archives and their contacts (never internal users' partners); persons: not
        companies; individuals: persons without a parent company (their address is a home
        address). The same test is written in SQL (_archive_scope_sql) and in Python
        (_archive_scope_filter); test_masking's scope test checks that the three agree."""
        domain = [("archive_root_id", "!=", False), ("partner_share", "=", True)]
        if scope in ("person", "individual"):
            domain.append(("is_company", "=", False))
        if scope == "individual":
            domain.append(("parent_id", "=", False))
        return domain

    @api.model
    def _archive_scope_sql(self, alias, scope, query):
        terms = [
            SQL("%s IS NOT NULL", self._field_to_sql(alias, "archive_root_id", query)),
            SQL("%s IS TRUE", self._field_to_sql(alias, "partner_share", query)),
        ]
        if scope in ("person", "individual"):
            terms.append(SQL("%s IS NOT TRUE", self._field_to_sql(alias, "is_company", query)))
        if scope == "individual":
            terms.append(SQL("%s IS NULL", self._field_to_sql(alias, "parent_id", query)))
        return SQL("(%s)", SQL(" AND ").join(terms))

    def _archive_scope_filter(self, scope):
        """The test of ``_archive_scope_domain`` on stored records, on the values in cache (a
        list read fetches SCOPE_FIELDS with its rows): no domain evaluation per row."""
        if not all(self._ids):  # a form's new record: the domain decides, as on other models
            return super()._archive_scope_filter(scope)
        # sudo: deciding whether to mask reads fields the user may not be allowed to read;
        # nothing read here is returned to the user
        partners = self.sudo().with_context(active_test=False)
        person = scope in ("person", "individual")
        return partners.filtered(
            lambda p: (
                p.archive_root_id
                and p.partner_share
                and not (person and p.is_company)
                and not (scope == "individual" and p.parent_id)
            )
        )

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        masked = self._archive_masked_fields()
        if field_names and any(fname in masked for fname in field_names):
            # the scope of the masks is decided from these: fetch them with the list
            field_names = [*field_names, *SCOPE_FIELDS]
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    def _archive_log_partner(self):
        """The archive an access log entry about this record names."""
        return self

    # ------------------------------------------------------------------ mail on the user's behalf
    @api.model
    def find_or_create(self, email, assert_valid_email=False):
        """Mail looks the partner of an address up by e-mail as the current user: the real
        e-mails are searched (with the user's record rules); the partner found is returned,
        not its e-mail."""
        partner = super(
            ResPartner, self.with_context(customer_archive_internal_search=INTERNAL_SEARCH)
        ).find_or_create(email, assert_valid_email=assert_valid_email)
        return partner.with_env(self.env)

    @api.model
    def _find_or_create_from_emails(self, emails, additional_values=None):
        partners = super(
            ResPartner, self.with_context(customer_archive_internal_search=INTERNAL_SEARCH)
        )._find_or_create_from_emails(emails, additional_values=additional_values)
        return [partner.with_env(self.env) if partner else partner for partner in partners]

    def action_privacy_lookup(self):
        """The privacy lookup wizard is filled with the partner's e-mail: not for an uncleared
        user on a partner whose e-mail is masked."""
        rule = self._archive_masked_fields().get("email")
        if rule and self._archive_ids_in_rule_scope(rule):
            self._archive_raise_masked("email")
        return super().action_privacy_lookup()

    # ------------------------------------------------------------------ display name
    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "address_inline",
        "show_email",
        "show_vat",
        "lang",
        "uid",
    )
    def _compute_display_name(self):
        """Many2one values are read as superuser (``convert_to_read``), so the name of a
        partner is decided here for the real user: an archive they may not see reads as a
        placeholder; the address and e-mail that ``show_address`` / ``show_email`` add are
        masked like the fields."""
        super()._compute_display_name()
        context = self.env.context
        masking = any(context.get(key) for key in ("show_address", "show_email"))
        # Without sudo the records were read with the user's rules already (a hidden one would
        # have raised) and plain names mask nothing: no further work, no query.
        if self.env.uid == SUPERUSER_ID or not (self.env.su or masking):
            return
        protected = self.filtered(lambda p: p.id and p.archive_root_id and p.partner_share)
        if not protected:
            return
        user_env = self.env(su=False)
        as_user = protected.with_env(user_env)
        # only many2one names, read as superuser, need the read check
        readable = as_user._filtered_access("read") if self.env.su else as_user
        for partner in protected - readable.with_env(self.env):
            partner.display_name = self.env._("Restricted Customer")
        if not masking:
            return
        masked = as_user._archive_masked_fields()
        if not masked:
            return
        # sudo: the real values of readable partners, to mask them for the user
        rows = [{"id": p.id, **{f: p.sudo()[f] for f in masked}} for p in readable]
        by_id = {row["id"]: row for row in readable._archive_mask_rows(rows, masked)}
        for partner in readable.with_env(self.env):
            row = by_id[partner.id]
            # sudo: the real values, to tell whether the mask changed the name
            if all(row[f] == partner.sudo()[f] for f in masked):
                continue
            partner.display_name = partner._archive_masked_display_name(row)

    def _archive_masked_display_name(self, values):
        """The display name of ``show_address`` / ``show_email`` with masked ``values``."""
        self.ensure_one()
        context = self.env.context
        name = self.with_context(lang=self.env.lang)._get_complete_name()
        if context.get("show_address"):
            address_format, args = self._prepare_display_address(without_company=True)
            args = {
                key: (values[key] if key in values and isinstance(values[key], str) else value)
                for key, value in args.items()
            }
            name = name + "\n" + address_format % args
        name = re.sub(r"\s+\n", "\n", name)
        if context.get("partner_show_db_id"):
            name = f"{name} ({self.id})"
        if context.get("address_inline"):
            name = ", ".join(n for n in name.split("\n") if n.strip())
        email = values.get("email", self.email)
        if context.get("show_email") and email:
            name = f"{name} <{email}>"
        if context.get("show_vat") and self.vat:
            name = f"{name} ‒ {self.vat}"
        return name.strip()

    # ------------------------------------------------------------------ entering
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("parent_id"):
                    # a contact's address is synchronised from its company when created: the
                    # masked copy a form sends back is not a value
                    for fname in ADDRESS_FIELDS:
                        if isinstance(vals.get(fname), str) and MASK_MARK in vals[fname]:
                            del vals[fname]
        return super().create(vals_list)


class ResPartnerBank(models.Model):
    _name = "res.partner.bank"
    _inherit = ["res.partner.bank", MIXIN]

    @api.model
    def _archive_scope_domain(self, scope):
        """Accounts of archives and their contacts, whatever the scope; the company's and
        suppliers' accounts are never masked."""
        return [("partner_id", "any", self.env["res.partner"]._archive_scope_domain("archive"))]

    def _archive_log_partner(self):
        return self.partner_id

    @api.depends_context("display_account_trust", "uid")
    def _compute_display_name(self):
        """The account number in the name of an account is masked like the number."""
        super()._compute_display_name()
        if self.env.uid == SUPERUSER_ID:
            return
        accounts = self.filtered("id").with_env(self.env(su=False))
        rule = accounts._archive_masked_fields().get("acc_number")
        if not rule:
            return
        in_scope = accounts._archive_ids_in_rule_scope(rule)
        for account in self.filtered(lambda a: a.id in in_scope):
            # sudo: the real number, to find it in the name and mask it
            number = account.sudo().acc_number or ""
            if number:
                account.display_name = account.display_name.replace(
                    number, mask_value(number, rule.style, "char")
                )

    def _archive_check_qr_code(self):
        """A payment QR code carries the account number: not for an uncleared user on an
        account whose number is masked."""
        rule = self._archive_masked_fields().get("acc_number")
        if rule and self._archive_ids_in_rule_scope(rule):
            self._archive_raise_masked("acc_number")

    def build_qr_code_url(self, *args, **kwargs):
        self._archive_check_qr_code()
        return super().build_qr_code_url(*args, **kwargs)

    def build_qr_code_base64(self, *args, **kwargs):
        self._archive_check_qr_code()
        return super().build_qr_code_base64(*args, **kwargs)


class ResUsers(models.Model):
    """Users' fields related to their partner: a portal user of an archive contact masks."""

    _name = "res.users"
    _inherit = ["res.users", MIXIN]


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", MIXIN]


class MailResendPartner(models.TransientModel):
    _name = "mail.resend.partner"
    _inherit = ["mail.resend.partner", MIXIN]


class PaymentLinkWizard(models.TransientModel):
    _name = "payment.link.wizard"
    _inherit = ["payment.link.wizard", MIXIN]


# The addon's models that hold customer data (LINK: they point to archives, see
# customer_archive_link.py).
class CustomerArchiveVisit(models.Model):
    _name = "customer.archive.visit"
    _inherit = ["customer.archive.visit", MIXIN, LINK]
    _archive_link_fields = ("partner_id", "contact_ids")


class CustomerArchiveShare(models.Model):
    _name = "customer.archive.share"
    _inherit = ["customer.archive.share", MIXIN, LINK]


class CustomerArchiveConsent(models.Model):
    _name = "customer.archive.consent"
    _inherit = ["customer.archive.consent", MIXIN, LINK]


class CustomerArchiveSubjectRequest(models.Model):
    _name = "customer.archive.subject.request"
    _inherit = ["customer.archive.subject.request", MIXIN, LINK]
    _archive_link_fields = ("partner_id", "archive_id")


class CustomerArchivePrintRequest(models.Model):
    _name = "customer.archive.print.request"
    _inherit = ["customer.archive.print.request", MIXIN, LINK]
    _archive_link_fields = ("partner_ids",)


class CustomerArchivePrintCopy(models.Model):
    _name = "customer.archive.print.copy"
    _inherit = ["customer.archive.print.copy", MIXIN]


class CustomerArchiveRevealRequest(models.Model):
    _name = "customer.archive.reveal.request"
    _inherit = ["customer.archive.reveal.request", MIXIN, LINK]
    _archive_link_fields = ("partner_id", "archive_id")


class CustomerArchiveReminder(models.Model):
    _name = "customer.archive.reminder"
    _inherit = ["customer.archive.reminder", MIXIN]


class CustomerArchivePoolHistory(models.Model):
    _name = "customer.archive.pool.history"
    _inherit = ["customer.archive.pool.history", MIXIN]


class CustomerArchiveTierHistory(models.Model):
    _name = "customer.archive.tier.history"
    _inherit = ["customer.archive.tier.history", MIXIN]


def masked_model_names(env):
    """Names of the models of the layer (for tests and documentation)."""
    return sorted(
        name
        for name in env.registry
        if hasattr(env[name], "_archive_masked_fields") and not env[name]._abstract
    )
