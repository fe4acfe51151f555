from odoo import fields, models


class CustomerArchiveConsent(models.Model):
    _inherit = "customer.archive.consent"

    care_messages = fields.Boolean(
        string="Covers Care Messages",
        help="The person agreed to receive birthday and holiday greetings by e-mail "
        "(marketing consent). Only people with such a valid consent are greeted.",
    )
