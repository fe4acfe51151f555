from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveServicePackage(models.Model):
    """A prepaid service package (预付套餐, 次卡) of a customer: a number of uses paid in
    advance, consumed by service records (customer_archive_service_record.py)."""

    _name = "customer.archive.service.package"
    _inherit = ["mail.thread"]
    _description = "Prepaid Service Package"
    _order = "purchase_date desc, id desc"

    name = fields.Char(string="Package", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_customer_archive', '=', True)]",
    )
    product_id = fields.Many2one("product.product", string="Service or Product")
    purchase_date = fields.Date(required=True, default=fields.Date.context_today)
    total_uses = fields.Integer(required=True, default=10, tracking=True)
    used_uses = fields.Integer(
        string="Times Used",
        compute="_compute_uses",
        store=True,
        help="Uses of its service records.",
    )
    remaining_uses = fields.Integer(string="Times Left", compute="_compute_uses", store=True)
    amount = fields.Monetary(string="Amount Paid", currency_field="currency_id")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    record_ids = fields.One2many(
        "customer.archive.service.record", "package_id", string="Service Records"
    )
    active = fields.Boolean(default=True)

    @api.depends("total_uses", "record_ids.uses")
    def _compute_uses(self):
        for package in self:
            package.used_uses = sum(package.record_ids.mapped("uses"))
            package.remaining_uses = package.total_uses - package.used_uses

    @api.constrains("total_uses", "amount")
    def _check_package(self):
        for package in self:
            if package.total_uses < 1:
                raise ValidationError(
                    self.env._(
                        "The package %(package)s must hold at least one use (%(uses)s).",
                        package=package.name,
                        uses=package.total_uses,
                    )
                )
            if package.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The amount paid for the package %(package)s cannot be negative "
                        "(%(amount)s).",
                        package=package.name,
                        amount=package.amount,
                    )
                )
            package._check_remaining_uses()

    def _check_remaining_uses(self):
        """Refuse more uses than the package holds (its records and the new ones together)."""
        for package in self:
            used = sum(package.record_ids.mapped("uses"))
            if used > package.total_uses:
                raise ValidationError(
                    self.env._(
                        "The package %(package)s holds %(total)s uses: %(used)s would be used. "
                        "Record fewer uses or sell a new package.",
                        package=package.name,
                        total=package.total_uses,
                        used=used,
                    )
                )
