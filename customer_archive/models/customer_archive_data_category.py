from odoo import api, fields, models

from .customer_archive_pipl_common import DATA_CATEGORIES


class CustomerArchiveDataCategory(models.Model):
    """One record per data category of the PIPL registers (DATA_CATEGORIES), so that a
    disclosure can name several."""

    _name = "customer.archive.data.category"
    _description = "Customer Information Data Category"
    _order = "id"

    code = fields.Selection(DATA_CATEGORIES, required=True, readonly=True)
    name = fields.Char(compute="_compute_name")

    _sql_constraints = [("code_uniq", "unique(code)", "Each data category exists once.")]

    @api.depends("code")
    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for category in self:
            category.name = labels.get(category.code, "")
