"""Destruction of archives on res.partner: ``unlink`` of an archive is refused to everybody
(the contact merge wizard, which folds duplicates into a surviving archive, excepted); an archive
is destroyed through the register (customer.archive.destruction) only, which reuses the PIPL
anonymisation (res_partner_pipl.py) with the archive's own fields added, then deactivates the
archive and its contacts for good."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_archive_markers import MERGE_IN_PROGRESS

# Set in the environment by ``_archive_destroy`` only: no client can send it.
DESTRUCTION_IN_PROGRESS = object()

# The archive's own data, erased with the personal data on destruction (extension point:
# ``_get_destruction_fields``).
DESTRUCTION_FIELDS = [
    "legal_representative",
    "registered_capital",
    "founding_date",
    "business_scope",
    "business_model",
    "annual_turnover",
    "employee_count",
    "main_products",
    "market_capacity",
    "competitor_ids",
    "credit_rating",
    "credit_notes",
    "organisation_notes",
    "website",
    "street",
    "street2",
    "zip",
    "city",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    archive_destroyed = fields.Boolean(
        string="Destroyed",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The archive was destroyed through the destruction register: its data is erased "
        "and it cannot be reactivated.",
    )
    archive_destruction_id = fields.Many2one(
        "customer.archive.destruction", string="Destruction", copy=False, readonly=True
    )

    def _archive_destruction_running(self):
        return self.env.context.get("customer_archive_destruction") is DESTRUCTION_IN_PROGRESS

    # ------------------------------------------------------------------ guards
    def unlink(self):
        # sudo: whether the records are archives decides, whatever the user may read
        archives = self.sudo().exists().filtered("is_customer_archive")
        if archives and self.env.context.get("customer_archive_merge") is not MERGE_IN_PROGRESS:
            # Who may not delete these partners at all is told so first, as before.
            self.check_access("unlink")
            env = self._archive_message_env()
            raise UserError(
                env._(
                    "The customer archive %(archive)s cannot be deleted: request its destruction "
                    "in the destruction register (Customer Archive > Governance > Destruction Register), "
                    "approved by an archive manager and confirmed by a witness.",
                    archive=archives[0].archive_number or archives[0].display_name,
                )
            )
        return super().unlink()

    def write(self, vals):
        if not self.env.su:
            destroyed = self.filtered("archive_destroyed")
            if destroyed:
                raise UserError(
                    self._archive_message_env()._(
                        "%(archive)s was destroyed (destruction %(register)s): it cannot be "
                        "changed or reactivated.",
                        archive=destroyed[0].archive_number or destroyed[0].display_name,
                        register=destroyed[0].archive_destruction_id.name or "",
                    )
                )
            if {"archive_destroyed", "archive_destruction_id"} & set(vals):
                raise UserError(
                    self._archive_message_env()._(
                        "An archive is destroyed through the destruction register only."
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------ PIPL reuse
    def _pipl_check_person(self):
        """The destruction erases a company archive with the same anonymisation as a person."""
        if self._archive_destruction_running():
            return None
        return super()._pipl_check_person()

    @api.model
    def _get_destruction_fields(self):
        """Archive fields erased on destruction besides the personal ones (extension point)."""
        return [fname for fname in DESTRUCTION_FIELDS if fname in self._fields]

    @api.model
    def _get_pipl_anonymise_fields(self):
        names = super()._get_pipl_anonymise_fields()
        if self._archive_destruction_running():
            names += [f for f in self._get_destruction_fields() if f not in names]
        return names

    def _archive_destroy(self, destruction):
        """Erase these archives for ``destruction`` (the register calls it once the witness
        confirms): documents and their copies deleted, the archive and its contacts anonymised
        (PIPL), then deactivated for good. Returns the list of what was removed."""
        self.ensure_one()
        # sudo: the destruction, approved and witnessed, reaches every record of the archive;
        # the marker is an object no client can send.
        archive = self.sudo().with_context(
            customer_archive_destruction=DESTRUCTION_IN_PROGRESS, active_test=False
        )
        people = archive.search([("id", "child_of", archive.ids)])
        documents = archive.env["customer.archive.document"].search(
            [("partner_id", "in", people.ids)]
        )
        detail = []
        if documents:
            detail.append(archive.env._("%(count)s document(s) deleted", count=len(documents)))
            documents.unlink()
        pending = people.filtered(lambda p: not p.pipl_anonymised)
        # The anonymisation works person by person (each gets its own note and log entry).
        for person in pending:
            done = person._pipl_anonymise()
            if person == archive:
                detail += done
        if pending - archive:
            detail.append(
                archive.env._("%(count)s contact(s) anonymised", count=len(pending - archive))
            )
        people.write(
            {"active": False, "archive_destroyed": True, "archive_destruction_id": destruction.id}
        )
        self.env["customer.archive.access.log"]._log(
            "delete",
            self,
            record_count=len(people),
            reason=destruction.reason,
            detail="%s: %s" % (destruction.name, "; ".join(detail)),
        )
        return detail
