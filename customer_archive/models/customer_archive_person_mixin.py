from odoo import fields, models

# A person of an archive: an archive (a company or an individual) or a contact of one.
PERSON_DOMAIN = (
    "['|', ('is_customer_archive', '=', True), ('parent_id.is_customer_archive', '=', True)]"
)


class CustomerArchivePersonMixin(models.AbstractModel):
    """The person, their archive and the company of a register entry about a person of an
    archive: PIPL consents and requests, reveal requests.

    A model overrides only what differs for it (a label, a domain, ``tracking``, the archive's
    path through ``related``); the stored columns are the same in every model."""

    _name = "customer.archive.person.mixin"
    _description = "Customer Archive Person Register Entry"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        domain=PERSON_DOMAIN,
    )
    archive_id = fields.Many2one(
        "res.partner",
        string="Archive",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
