from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveRegion(models.Model):
    """Sales region (销售区域), hierarchical: 华东 / 浙江 / 杭州."""

    _name = "customer.archive.region"
    _inherit = ["customer.archive.type.mixin"]
    _description = "Sales Region"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"
    _archive_partner_field = "region_id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one(
        "customer.archive.region", string="Parent Region", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("customer.archive.region", "parent_id", string="Sub-regions")
    active = fields.Boolean(default=True)
    user_id = fields.Many2one("res.users", string="Region Manager")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A sales region cannot be its own ancestor."))
