from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_dormant_days = fields.Integer(
        string="Dormant After (days)",
        default=180,
        help="An active customer with no confirmed sale order and no posted invoice for this "
        "many days becomes dormant.",
    )
    archive_lost_days = fields.Integer(
        string="Lost After (days)",
        default=365,
        help="A customer with no confirmed sale order and no posted invoice for this many days "
        "is marked lost.",
    )
    archive_review_months = fields.Integer(
        string="Review Every (months)",
        default=6,
        help="Each archive must be reviewed this often; the next review date follows the last one.",
    )
    archive_completeness_field_ids = fields.Many2many(
        "ir.model.fields",
        "res_company_archive_completeness_field_rel",
        "company_id",
        "field_id",
        string="Completeness Fields",
        domain="[('model', '=', 'res.partner')]",
        help="Archive fields counted by the completeness rate. Empty: all the archive fields.",
    )

    @api.constrains("archive_dormant_days", "archive_lost_days", "archive_review_months")
    def _check_archive_lifecycle_settings(self):
        for company in self:
            if company.archive_dormant_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Dormant After (days) must be greater than 0, not %(value)s.",
                        value=company.archive_dormant_days,
                    )
                )
            if company.archive_lost_days <= company.archive_dormant_days:
                raise ValidationError(
                    self.env._(
                        "Lost After (days) (%(lost)s) must be greater than Dormant After (days) "
                        "(%(dormant)s).",
                        lost=company.archive_lost_days,
                        dormant=company.archive_dormant_days,
                    )
                )
            if company.archive_review_months <= 0:
                raise ValidationError(
                    self.env._(
                        "Review Every (months) must be greater than 0, not %(value)s.",
                        value=company.archive_review_months,
                    )
                )

    @api.model
    def _load_customer_archive_demo_transactions(self):
        """Demo data only (demo/customer_archive_transactions_demo.xml): the orders, invoices,
        payments and credit notes of the demo archives, made by demo/transactions.py."""
        from ..demo.transactions import load_demo_transactions

        load_demo_transactions(self.env)
