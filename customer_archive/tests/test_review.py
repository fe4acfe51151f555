from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestReview(CustomerArchiveCase):
    def _overdue_domain(self):
        """The domain of the "Review Overdue" filter of the archive search view."""
        return [("next_review_date", "<", self.today)]

    def test_01_next_review_follows_setting(self):
        self.company.archive_review_months = 6
        partner = self._create_archive()
        self.assertEqual(partner.next_review_date, self.today + relativedelta(months=6))
        self.company.archive_review_months = 3
        self.assertEqual(partner.next_review_date, self.today + relativedelta(months=3))

    def test_02_mark_reviewed(self):
        partner = self._create_archive(last_review_date=self.today - relativedelta(months=8),
                                       user_id=self.user_salesperson.id)
        self.assertIn(partner, self.Partner.search(self._overdue_domain()))
        # The review happens in a later request than the creation.
        self.env.flush_all()
        self.env.cr.precommit.run()
        partner.with_user(self.user_salesperson).action_mark_reviewed()
        self.assertEqual(partner.last_review_date, self.today)
        self.assertEqual(partner.next_review_date, self.today + relativedelta(months=self.company.archive_review_months))
        self.assertNotIn(partner, self.Partner.search(self._overdue_domain()))
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        tracked = partner.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "last_review_date"
        )
        self.assertTrue(tracked)

    def test_03_review_of_non_archive_refused(self):
        partner = self.Partner.create({"name": "普通联系人"})
        with self.assertRaises(UserError):
            partner.action_mark_reviewed()
        self.assertFalse(partner.last_review_date)

    def test_04_filter_in_search_view(self):
        """The search view offers the overdue filter with the same domain."""
        arch = self.env.ref("customer_archive.res_partner_view_search").arch
        self.assertIn('name="review_overdue"', arch)
        self.assertIn("next_review_date", arch)
