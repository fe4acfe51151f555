"""Company settings of the change requests (变更审批)."""

from odoo import api, fields, models

# Default controlled fields: name, unified social credit code (the tax ID, ``vat``), legal
# representative, registered capital, bank accounts, salesperson and the manual tier.
DEFAULT_CHANGE_FIELDS = (
    "name",
    "vat",
    "legal_representative",
    "registered_capital",
    "bank_ids",
    "user_id",
    "tier_override_tier_id",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_change_approval = fields.Boolean(
        string="Change Approval",
        default=True,
        help="Changes of the controlled fields of an archive made by archive users are not "
        "written: they become change requests that an archive officer approves or rejects.",
    )
    archive_change_field_ids = fields.Many2many(
        "ir.model.fields",
        "res_company_archive_change_field_rel",
        "company_id",
        "field_id",
        string="Controlled Fields",
        domain="[('model', '=', 'res.partner'), ('store', '=', True)]",
        default=lambda self: self._default_archive_change_fields(),
        help="Archive fields whose changes by archive users need an archive officer's approval.",
    )

    @api.model
    def _default_archive_change_fields(self):
        return self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "in", DEFAULT_CHANGE_FIELDS)]
        )

    @api.model
    def _init_archive_change_fields(self):
        """Installation or first upgrade with change requests: the default controlled fields on
        every company that has none. Once only (a parameter remembers it), so that a company
        whose list was emptied on purpose keeps it empty."""
        # sudo: a technical marker of the installation, not a user setting
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("customer_archive.change_fields_initialised"):
            return
        companies = self.search([("archive_change_field_ids", "=", False)])
        defaults = self._default_archive_change_fields()
        companies.write({"archive_change_field_ids": [fields.Command.set(defaults.ids)]})
        params.set_param("customer_archive.change_fields_initialised", "1")
