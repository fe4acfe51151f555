"""Service records (服务记录) of individual customers of service businesses (beauty, care,
maintenance): what was done, for how much, the prepaid package it used, who served, the
customer's signature and the health or contraindication notes. The notes are sensitive personal
information: classified (data/customer_archive_service_record_data.xml) in the scope
*without a separate consent*, so that they read masked unless the customer gave a separate
consent for sensitive information and the user's group is cleared."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PAYMENT_METHODS = [
    ("cash", "Cash"),
    ("wechat", "WeChat Pay"),
    ("alipay", "Alipay"),
    ("bank_card", "Bank Card"),
    ("prepaid_card", "Prepaid Card"),
]


class CustomerArchiveServiceRecord(models.Model):
    _name = "customer.archive.service.record"
    _inherit = ["mail.thread"]
    _description = "Service Record"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_customer_archive', '=', True)]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    product_id = fields.Many2one(
        "product.product", string="Service or Product", required=True, tracking=True
    )
    description = fields.Char()
    amount = fields.Monetary(currency_field="currency_id", tracking=True)
    package_id = fields.Many2one(
        "customer.archive.service.package",
        string="Prepaid Package",
        index=True,
        tracking=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    uses = fields.Integer(
        default=1,
        tracking=True,
        help="Uses of the prepaid package this service took.",
    )
    package_total_uses = fields.Integer(related="package_id.total_uses", string="Total Uses")
    package_used_uses = fields.Integer(related="package_id.used_uses", string="Times Used")
    package_remaining_uses = fields.Integer(
        related="package_id.remaining_uses", string="Times Left"
    )
    payment_method = fields.Selection(PAYMENT_METHODS, default="cash", tracking=True)
    staff_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    signature = fields.Binary(string="Customer Signature", attachment=True, copy=False)
    health_notes = fields.Text(
        string="Health and Contraindication Notes",
        tracking=True,
        help="Health conditions that forbid or limit a treatment. Sensitive personal "
        "information: read masked unless the customer gave a separate consent for sensitive "
        "information and your role is cleared.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("product_id", "date")
    def _compute_display_name(self):
        for record in self:
            record.display_name = " · ".join(
                str(part)
                for part in (
                    record.product_id.display_name,
                    record.date and fields.Date.to_string(record.date),
                )
                if part
            )

    @api.constrains("amount", "uses", "package_id", "partner_id")
    def _check_service_record(self):
        for record in self:
            if record.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of a service record cannot be negative (%(amount)s).",
                        amount=record.amount,
                    )
                )
            if record.uses < 0 or (record.package_id and record.uses < 1):
                raise ValidationError(
                    self.env._(
                        "A service record uses its package at least once (%(uses)s).",
                        uses=record.uses,
                    )
                )
            package = record.package_id
            if package and package.partner_id.commercial_partner_id != (
                record.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The package %(package)s belongs to %(owner)s, not to %(customer)s.",
                        package=package.name,
                        owner=package.partner_id.display_name,
                        customer=record.partner_id.display_name,
                    )
                )
        self.package_id._check_remaining_uses()
