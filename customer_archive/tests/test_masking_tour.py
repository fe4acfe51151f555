from odoo.tests import new_test_user, tagged

from .common import valid_ric
from .tour_common import TourCase


@tagged("post_install", "-at_install")
class TestMaskingTour(TourCase):
    def test_01_masked_form_saves_without_overwriting(self):
        """An archive user sees masks in the form and saving another change keeps the values."""
        user = new_test_user(
            self.env,
            login="tour_mask_user",
            name="遮盖巡检员",
            groups="sales_team.group_sale_salesman,customer_archive.group_archive_user",
        )
        ric = valid_ric("19860512", 9)
        person = self.env["res.partner"].create(
            {
                "name": "张小明",
                "is_customer_archive": True,
                "user_id": user.id,
                "keeper_id": user.id,
                "mobile": "139 5716 2231",
                "birthday": "1986-05-12",
                "resident_id": ric,
            }
        )
        self.start_tour(
            f"/odoo/customer-archives/{person.id}",
            "customer_archive_masking_tour",
            login=user.login,
        )
        self.assertEqual(person.wechat_id, "zxm_wechat")
        self.assertEqual(person.mobile, "139 5716 2231")
        self.assertEqual(str(person.birthday), "1986-05-12")
        self.assertEqual(person.resident_id, ric)
