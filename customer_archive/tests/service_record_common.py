from odoo import Command

from .common import CustomerArchiveCase

# a 1x1 PNG: the customer's signature as the signature widget saves it
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
NOTES = "心脏起搏器，禁用射频美容"


class ServiceRecordCase(CustomerArchiveCase):
    """An individual customer of the salesperson with a prepaid package of 5 uses, and one of
    the officer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Record = cls.env["customer.archive.service.record"]
        cls.Package = cls.env["customer.archive.service.package"]
        cls.service = cls.env["product.product"].create(
            {"name": "面部护理", "type": "service", "list_price": 380.0}
        )
        cls.customer = cls.Partner.create(
            {
                "name": "林晓燕",
                "is_company": False,
                "is_customer_archive": True,
                "user_id": cls.user_salesperson.id,
            }
        )
        cls.other_customer = cls.Partner.create(
            {
                "name": "周美玲",
                "is_company": False,
                "is_customer_archive": True,
                "user_id": cls.user_officer.id,
            }
        )
        cls.package = cls.Package.create(
            {
                "name": "面部护理 5 次卡",
                "partner_id": cls.customer.id,
                "product_id": cls.service.id,
                "total_uses": 5,
                "amount": 1500.0,
            }
        )
        cls.record = cls.Record.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.service.id,
                "amount": 0.0,
                "package_id": cls.package.id,
                "uses": 1,
                "payment_method": "prepaid_card",
                "staff_id": cls.user_salesperson.id,
                "health_notes": NOTES,
            }
        )

    @classmethod
    def _sensitive_consent(cls, partner):
        return cls.env["customer.archive.consent"].create(
            {
                "partner_id": partner.id,
                "purpose": "护理服务的健康禁忌记录",
                "scope": "sensitive",
                "channel": "paper",
            }
        )

    @classmethod
    def _group_ids(cls, *xmlids):
        return [Command.link(cls.env.ref(x).id) for x in xmlids]
