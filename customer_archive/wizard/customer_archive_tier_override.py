from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerArchiveTierOverride(models.TransientModel):
    """Set a customer's tier by hand, with a reason and an expiry date."""

    _name = "customer.archive.tier.override"
    _description = "Set Tier Manually"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    tier_id = fields.Many2one("customer.archive.tier", required=True)
    reason = fields.Text(required=True)
    expiry_date = fields.Date(string="Expires On", required=True)
    needs_approval = fields.Boolean(compute="_compute_needs_approval")

    @api.depends("partner_ids")
    def _compute_needs_approval(self):
        is_manager = self.env.user._is_archive_manager()
        # sudo: whether the companies require approval (a profile setting)
        Profile = self.env["customer.archive.tier.profile"].sudo()
        for wizard in self:
            companies = wizard.partner_ids.archive_company_id
            profiles = Profile.search([("company_id", "in", companies.ids)])
            wizard.needs_approval = not is_manager and any(profiles.mapped("require_approval"))

    def action_apply(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.expiry_date <= today:
            raise ValidationError(
                self.env._("The override must expire after today, not on %(date)s.", date=self.expiry_date)
            )
        if not (self.reason or "").strip():
            raise ValidationError(self.env._("Give a reason for the manual tier."))
        not_archives = self.partner_ids.filtered(lambda p: not p.is_customer_archive)
        if not_archives:
            raise UserError(
                self.env._("%(partner)s is not a customer archive.", partner=not_archives[0].display_name)
            )
        # The user must be allowed to edit these archives (record rules apply).
        self.partner_ids.check_access("write")
        vals = {
            "tier_override_tier_id": self.tier_id.id,
            "tier_override_reason": self.reason,
            "tier_override_expiry": self.expiry_date,
            "tier_override_state": "pending" if self.needs_approval else "approved",
            "tier_override_user_id": self.env.user.id,
        }
        # sudo: tier fields are written by this flow only (see res.partner._check_tier_fields_writable).
        partners = self.partner_ids.sudo()
        if self.needs_approval:
            partners.write(vals)
            self.partner_ids._notify_tier_override_request(self.tier_id, self.reason)
            return True
        changes = [
            {"partner": p, "old": p.tier_id, "new": self.tier_id, "source": "manual", "reason": self.reason}
            for p in self.partner_ids
        ]
        partners.write(vals)
        self.env["res.partner"]._set_effective_tier(changes)
        self.env["res.partner"]._record_tier_changes(
            [change for change in changes if change["old"] != change["new"]]
        )
        return True
