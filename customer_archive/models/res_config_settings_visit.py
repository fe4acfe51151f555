from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    visit_checkin_enabled = fields.Boolean(related="company_id.visit_checkin_enabled",
                                           readonly=False)
    visit_reminder_days = fields.Integer(related="company_id.visit_reminder_days", readonly=False)
    pool_enabled = fields.Boolean(related="company_id.pool_enabled", readonly=False)
    pool_warning_days = fields.Integer(related="company_id.pool_warning_days", readonly=False)
    pool_holding_limit = fields.Integer(related="company_id.pool_holding_limit", readonly=False)
    pool_cooldown_days = fields.Integer(related="company_id.pool_cooldown_days", readonly=False)
    visit_first_slot = fields.Float(related="company_id.visit_first_slot", readonly=False)
    visit_slot_minutes = fields.Integer(related="company_id.visit_slot_minutes", readonly=False)
    visit_slots_per_day = fields.Integer(related="company_id.visit_slots_per_day", readonly=False)
