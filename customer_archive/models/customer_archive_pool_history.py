from odoo import api, fields, models
from odoo.exceptions import UserError

POOL_ACTIONS = [("release", "Released"), ("claim", "Claimed")]
POOL_REASONS = [("auto", "No visit and no order"), ("manual", "By hand")]


class CustomerArchivePoolHistory(models.Model):
    """Every release into and claim from the public pool (客户公海), append-only."""

    _name = "customer.archive.pool.history"
    _description = "Public Pool History"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    action = fields.Selection(POOL_ACTIONS, required=True, readonly=True)
    reason = fields.Selection(POOL_REASONS, readonly=True)
    salesperson_id = fields.Many2one(
        "res.users", readonly=True,
        help="Released: the salesperson who lost the customer. Claimed: the one who took it.",
    )
    user_id = fields.Many2one("res.users", string="Done By", readonly=True,
                              default=lambda self: self.env.user)
    last_visit_date = fields.Date(string="Last Visit", readonly=True)

    @api.model
    def _reason_label(self, reason):
        return dict(self._fields["reason"]._description_selection(self.env)).get(reason, reason)

    @api.model
    def _prepare_pool_history_vals(self, partner, action, reason, salesperson):
        """Values of one history row (extension point)."""
        return {
            "partner_id": partner.id,
            "company_id": (partner.archive_company_id or self.env.company).id,
            "action": action,
            "reason": reason,
            "salesperson_id": salesperson.id,
            "user_id": self.env.user.id,
            "last_visit_date": partner.last_visit_date,
        }

    # Append-only: never calls super().
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The public pool history cannot be changed."))
