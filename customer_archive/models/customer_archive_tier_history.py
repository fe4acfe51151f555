from odoo import _, api, fields, models
from odoo.exceptions import UserError

HISTORY_SOURCES = [
    ("computed", "Computed"),
    ("manual", "Manual Override"),
    ("approval", "Override Approved"),
    ("expiry", "Override Expired"),
]


class CustomerArchiveTierHistory(models.Model):
    """Tier change history (级别异动). Append-only: created by the tier engine, never edited
    or deleted through the UI or RPC."""

    _name = "customer.archive.tier.history"
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_tier_id = fields.Many2one("customer.archive.tier", string="Old Tier", ondelete="restrict")
    new_tier_id = fields.Many2one("customer.archive.tier", string="New Tier", ondelete="restrict")
    direction = fields.Selection(
        [("up", "Upgrade"), ("down", "Downgrade"), ("same", "Unchanged"), ("new", "First Tier")],
        required=True,
    )
    source = fields.Selection(HISTORY_SOURCES, required=True)
    reason = fields.Text()
    score = fields.Integer()
    breakdown = fields.Json(string="Score Breakdown")
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    user_salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    region_id = fields.Many2one(related="partner_id.region_id")

    def write(self, vals):
        raise UserError(_("Tier history is read-only: it cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Tier history cannot be deleted."))

    @api.model
    def _direction(self, old_tier, new_tier):
        if not old_tier:
            return "new"
        if old_tier == new_tier:
            return "same"
        old_key = (old_tier.sequence, old_tier.id)
        new_key = (new_tier.sequence, new_tier.id) if new_tier else (10**9, 0)
        return "up" if new_key < old_key else "down"
