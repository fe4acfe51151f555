"""The service records in the confidentiality layer (declared, as in
customer_archive_masked_models.py): records about an archive (visibility, links) whose health
notes are classified in the scope *separate consent* (``no_sensitive_consent``): masked for
everyone, except for the cleared groups on the records of a customer with a valid separate
consent for sensitive personal information (PIPL art. 29)."""

from odoo import api, fields, models

from .customer_archive_markers import INTERNAL_SEARCH

MIXIN = "customer.archive.masked.mixin"
LINK = "customer.archive.link.mixin"
NO_SENSITIVE_CONSENT = "no_sensitive_consent"


class CustomerArchiveSensitiveField(models.Model):
    _inherit = "customer.archive.sensitive.field"

    scope = fields.Selection(
        selection_add=[
            (
                NO_SENSITIVE_CONSENT,
                "All Records; Cleared Groups Only With a Separate Consent for Sensitive Information",
            )
        ],
        ondelete={NO_SENSITIVE_CONSENT: "set default"},
    )


class CustomerArchiveServiceRecord(models.Model):
    _name = "customer.archive.service.record"
    _inherit = ["customer.archive.service.record", MIXIN, LINK]

    def _archive_masked_fields(self):
        """Fields of the scope *separate consent*: users outside the cleared groups read them
        masked on every record; the cleared groups on the records of customers without a valid
        separate consent for sensitive information."""
        masked = dict(super()._archive_masked_fields())
        if (
            self.env.su
            or self.env.context.get("customer_archive_internal_search") is INTERNAL_SEARCH
        ):
            return masked
        config = self.env["customer.archive.sensitive.field"]._get_masking_config()
        for fname, rule in (config.get(self._name) or {}).items():
            if rule.scope != NO_SENSITIVE_CONSENT:
                continue
            if fname in masked:  # not cleared: every record
                masked[fname] = rule._replace(sources=(((), "all"),))
            else:  # cleared: records without the separate consent
                masked[fname] = rule
        return masked

    @api.model
    def _archive_scope_domain(self, scope):
        """The records of a customer without a valid separate consent for sensitive personal
        information (PIPL art. 29)."""
        if scope == NO_SENSITIVE_CONSENT:
            return [
                (
                    "partner_id",
                    "not any",
                    [
                        (
                            "consent_ids",
                            "any",
                            [("scope", "=", "sensitive"), ("state", "=", "valid")],
                        )
                    ],
                )
            ]
        return super()._archive_scope_domain(scope)

    def _archive_log_partner(self):
        return self.partner_id


class CustomerArchiveServicePackage(models.Model):
    _name = "customer.archive.service.package"
    _inherit = ["customer.archive.service.package", LINK]
