"""Odoo's industry (``industry_id``) in the customer archive: a field of a complete company
archive (the completeness rate counts it), a group-by of the analysis and a line of the card."""

from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _get_completeness_fields(self):
        return {**super()._get_completeness_fields(), "industry_id": "company"}
