from odoo import api, fields, models


class CustomerArchiveTierBand(models.Model):
    """Score band of a scoring profile: a total score from ``score_from`` to ``score_to``
    (both inclusive) gives ``tier_id``."""

    _name = "customer.archive.tier.band"
    _description = "Tier Score Band"
    _order = "profile_id, score_from desc, id"

    profile_id = fields.Many2one(
        "customer.archive.tier.profile", required=True, ondelete="cascade", index=True
    )
    tier_id = fields.Many2one("customer.archive.tier", required=True, ondelete="restrict")
    score_from = fields.Integer(required=True)
    score_to = fields.Integer(required=True)

    @api.constrains("tier_id", "score_from", "score_to")
    def _check_profile_lines(self):
        self.profile_id._check_profile_lines()
