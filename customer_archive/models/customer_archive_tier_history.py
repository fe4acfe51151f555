import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
    _inherit = ["customer.archive.date.group.mixin"]
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_tier_id = fields.Many2one("customer.archive.tier", ondelete="restrict")
    new_tier_id = fields.Many2one("customer.archive.tier", ondelete="restrict")
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

    @api.model
    def _create_batch(self, vals_list, breakdown_json=None):
        """Create many history rows. The first tier run writes one row per customer: above a
        few hundred rows they go in with one INSERT (the ORM would insert them one by one).
        ``breakdown_json``: for each row, its breakdown as JSON text when the caller has it
        (None: serialized here)."""
        if len(vals_list) < 200:
            return self.create(vals_list)
        now = self.env.cr.now()
        uid = self.env.uid
        columns = ["partner_id", "company_id", "old_tier_id", "new_tier_id", "direction", "source",
                   "reason", "score", "user_id"]
        arrays = {col: [vals.get(col) or None for vals in vals_list] for col in columns}
        serialized = breakdown_json or [None] * len(vals_list)
        breakdowns = [
            text if text is not None and vals.get("breakdown") else
            json.dumps(vals["breakdown"]) if vals.get("breakdown") else None
            for vals, text in zip(vals_list, serialized, strict=True)
        ]
        self.env.cr.execute(SQL(
            """
            INSERT INTO customer_archive_tier_history
                   (partner_id, company_id, old_tier_id, new_tier_id, direction, source, reason, score,
                    user_id, breakdown, date, create_uid, create_date, write_uid, write_date)
            SELECT v.partner_id, v.company_id, v.old_tier_id, v.new_tier_id, v.direction, v.source,
                   v.reason, v.score, v.user_id, v.breakdown::jsonb, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM unnest(%(partner)s::int[], %(company)s::int[], %(old)s::int[], %(new)s::int[],
                          %(direction)s::varchar[], %(source)s::varchar[], %(reason)s::text[],
                          %(score)s::int[], %(user)s::int[], %(breakdown)s::text[])
                   AS v(partner_id, company_id, old_tier_id, new_tier_id, direction, source, reason, score,
                        user_id, breakdown)
            RETURNING id
            """,
            now=now, uid=uid, partner=arrays["partner_id"], company=arrays["company_id"],
            old=arrays["old_tier_id"], new=arrays["new_tier_id"], direction=arrays["direction"],
            source=arrays["source"], reason=arrays["reason"], score=arrays["score"], user=arrays["user_id"],
            breakdown=breakdowns,
        ))
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env["res.partner"].invalidate_model(["tier_history_ids"])
        return self.browse(ids)

    # Append-only: never calls super().
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Tier history is read-only: it cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Tier history cannot be deleted."))

    @api.model
    def _direction(self, old_tier, new_tier):
        if not old_tier:
            return "new"
        if old_tier == new_tier:
            return "same"
        old_key = (old_tier.sequence, old_tier.id)
        new_key = (new_tier.sequence, new_tier.id) if new_tier else (10**9, 0)
        return "up" if new_key < old_key else "down"
