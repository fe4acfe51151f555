"""Field-level history of archives and their contacts (字段变更历史): Odoo's mail tracking on
every field a person keeps on an archive or a contact; customer.archive.field.history lists
the tracked changes of an archive and of its contacts together, masked like the fields."""

from odoo import fields, models

# Fields tracked by this file: tracked on archives and their contacts only (other partners —
# users, suppliers, plain contacts — keep Odoo's tracking as it is).
ARCHIVE_HISTORY_FIELDS = frozenset(
    {
        "street",
        "street2",
        "city",
        "zip",
        "state_id",
        "country_id",
        "mobile",
        "website",
        "function",
        "title",
        "category_id",
        "bank_ids",
        "business_scope",
        "main_products",
        "market_capacity",
        "competitor_ids",
        "credit_notes",
        "organisation_notes",
        "hobby_ids",
        "preferred_channel",
        "wechat_id",
        "qq",
        "resident_id",
        "confidentiality_level",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Stock fields (name, email, phone, parent, salesperson and tax ID are tracked by mail).
    street = fields.Char(tracking=True)
    street2 = fields.Char(tracking=True)
    city = fields.Char(tracking=True)
    zip = fields.Char(tracking=True)
    state_id = fields.Many2one(tracking=True)
    country_id = fields.Many2one(tracking=True)
    mobile = fields.Char(tracking=True)
    website = fields.Char(tracking=True)
    function = fields.Char(tracking=True)
    title = fields.Many2one(tracking=True)
    category_id = fields.Many2many(tracking=True)
    bank_ids = fields.One2many(tracking=True)
    # Archive fields not tracked where they are defined.
    business_scope = fields.Text(tracking=True)
    main_products = fields.Text(tracking=True)
    market_capacity = fields.Char(tracking=True)
    competitor_ids = fields.Many2many(tracking=True)
    credit_notes = fields.Text(tracking=True)
    organisation_notes = fields.Text(tracking=True)
    hobby_ids = fields.Many2many(tracking=True)
    preferred_channel = fields.Selection(tracking=True)
    wechat_id = fields.Char(tracking=True)
    qq = fields.Char(tracking=True)
    resident_id = fields.Char(tracking=True)
    confidentiality_level = fields.Selection(tracking=True)

    def _track_prepare(self, fields_iter):
        """The fields of ARCHIVE_HISTORY_FIELDS are tracked on archives and their contacts
        only."""
        fnames = set(fields_iter)
        extra = fnames & ARCHIVE_HISTORY_FIELDS
        if not extra:
            return super()._track_prepare(fnames)
        # sudo: whether each partner belongs to an archive (a stored, indexed reference)
        archived = self.filtered(lambda partner: partner.sudo().archive_root_id)
        others = self - archived
        if archived:
            super(ResPartner, archived)._track_prepare(fnames)
        if others and fnames - extra:
            super(ResPartner, others)._track_prepare(fnames - extra)
        return None

    def action_open_field_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_field_history_action"
        )
        action["domain"] = [("archive_id", "=", self.id)]
        action["context"] = {}
        return action
