from .common import CustomerArchiveCase


class ChurnCase(CustomerArchiveCase):
    """Shared set-up of the churn tests: the lost reasons and an archive per salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_price = cls.env.ref("customer_archive.lost_reason_price")
        cls.reason_competitor = cls.env.ref("customer_archive.lost_reason_competitor")
        cls.product = cls._create_product()
        cls.mine = cls._create_archive(
            "杭州自有客户有限公司",
            user_id=cls.user_salesperson.id,
            archive_status_id=cls.status_active.id,
        )
        cls.theirs = cls._create_archive(
            "宁波他人客户有限公司",
            user_id=cls.user_officer.id,
            archive_status_id=cls.status_active.id,
        )

    def _activities(self, partner, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )
