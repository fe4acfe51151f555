from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .satisfaction_common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionEntry(SatisfactionCase):
    """The salesperson records the customer's score (1 to 5) on a done visit."""

    def test_01_salesperson_rates_a_done_visit_through_the_dialog(self):
        visit = self.visit_done.with_user(self.user_salesperson)
        self.assertTrue(visit.satisfaction_ready)
        self.assertEqual(visit.satisfaction_score, 0)
        action = visit.action_satisfaction_open_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.user_salesperson)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.score = "4"
            form.feedback = "交货及时,服务周到"
        form.record.action_confirm()
        visit.invalidate_recordset()
        self.assertEqual(visit.satisfaction_score, 4)
        self.assertEqual(visit.satisfaction_feedback, "交货及时,服务周到")
        self.assertEqual(visit.satisfaction_source, "manual")
        rating = self._ratings(visit)
        self.assertEqual(
            (rating.archive_id, rating.rating, rating.consumed), (self.customer, 4.0, True)
        )
        self.assertTrue(rating.satisfaction_date)
        self.assertIn("4 / 5", visit.message_ids[0].body)

    def test_02_score_outside_one_to_five_refused_nothing_changes(self):
        visit = self.visit_done.with_user(self.user_salesperson)
        for score in (0, 6, -1, 2.5, "abc", None):
            with self.subTest(score=score), self.assertRaisesRegex(UserError, "1 to 5"):
                visit.action_satisfaction_rate(score, "坏分数")
        self.assertFalse(self._ratings(visit))
        self.assertEqual(visit.satisfaction_score, 0)

    def test_03_score_stored_out_of_range_refused(self):
        rating = self._give(self.visit_done, 3)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            rating.with_user(self.user_salesperson).write({"rating": 9})
        self.assertEqual(rating.rating, 3.0)

    def test_04_planned_visit_cannot_be_rated(self):
        visit = self.visit_planned.with_user(self.user_salesperson)
        self.assertFalse(visit.satisfaction_ready)
        for action in (
            lambda: visit.action_satisfaction_rate(5),
            visit.action_satisfaction_open_wizard,
            visit.action_satisfaction_send,
        ):
            with self.assertRaisesRegex(UserError, "cannot be rated yet"):
                action()
        self.assertFalse(self._ratings(visit))

    def test_05_salesperson_cannot_rate_a_visit_they_cannot_see(self):
        visit = self.foreign_visit.with_user(self.user_salesperson)
        with self.assertRaises(AccessError):
            visit.action_satisfaction_rate(5)
        with self.assertRaises(AccessError):
            visit.action_satisfaction_send()
        self.assertFalse(self._ratings(self.foreign_visit))

    def test_06_manager_rates_any_visit_plain_user_none(self):
        self.foreign_visit.with_user(self.user_manager).action_satisfaction_rate(2, "送货延误")
        self.assertEqual(self.foreign_visit.satisfaction_score, 2)
        with self.assertRaises(AccessError):
            self.visit_done.with_user(self.user_plain).action_satisfaction_rate(5)

    def test_07_ratings_follow_the_archive_visibility(self):
        own = self._give(self.visit_done, 5)
        foreign = self._give(self.foreign_visit, 1)
        Rating = self.Rating.with_user(self.user_salesperson)
        found = Rating.search([("archive_id", "in", (self.customer | self.foreign).ids)])
        self.assertEqual(found, own)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_salesperson).read(["feedback"])
        self.assertEqual(
            self.Rating.with_user(self.user_manager).search_count(
                [("id", "in", (own | foreign).ids)]
            ),
            2,
        )


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(SatisfactionCase):
    """The survey e-mail and the customer's answer through its link (once, before it expires)."""

    def test_01_send_survey_queues_the_link_to_the_contact(self):
        self.visit_done.contact_ids = self.contact
        self.visit_done.with_user(self.user_salesperson).action_satisfaction_send()
        rating = self._ratings(self.visit_done)
        self.assertEqual(len(rating), 1)
        self.assertEqual(
            (rating.partner_id, rating.archive_id, rating.consumed),
            (self.contact, self.customer, False),
        )
        days = (rating.satisfaction_expires_on - rating.create_date).days
        self.assertIn(days, (29, 30))
        mail = self.env["mail.mail"].search(
            [("model", "=", "rating.rating"), ("res_id", "=", rating.id)]
        )
        self.assertEqual(mail.recipient_ids, self.contact)
        self.assertIn("/customer_archive/rate/%s" % rating.access_token, mail.body_html)
        self.assertIn("满意", mail.subject, "sent in the contact's language (zh_CN)")
        self.assertIn("王经理", self.visit_done.message_ids[0].body)

    def test_02_no_address_refused(self):
        self.contact.email = False
        with self.assertRaisesRegex(UserError, "no contact with an e-mail"):
            self.visit_done.with_user(self.user_salesperson).action_satisfaction_send()
        self.assertFalse(self._ratings(self.visit_done))

    def _open_link(self):
        self.visit_done.with_user(self.user_salesperson).action_satisfaction_send()
        return self._ratings(self.visit_done)

    def test_03_answer_once(self):
        rating = self._open_link()
        self.visit_done.sudo()._satisfaction_apply_link(rating, "5", "很满意")
        self.assertEqual((rating.rating, rating.feedback, rating.consumed), (5.0, "很满意", True))
        self.assertEqual(self.visit_done.satisfaction_score, 5)
        self.assertEqual(self.visit_done.satisfaction_source, "link")
        with self.assertRaisesRegex(UserError, "already been answered"):
            self.visit_done.sudo()._satisfaction_apply_link(rating, 1, "改主意了")
        # Odoo's own /rate route goes through rating_apply: refused as well.
        with self.assertRaisesRegex(UserError, "already been answered"):
            self.visit_done.sudo().rating_apply(1, token=rating.access_token)
        self.assertEqual((rating.rating, rating.feedback), (5.0, "很满意"))

    def test_04_expired_link_refused(self):
        self.company.satisfaction_link_days = 7
        rating = self._open_link()
        self.assertIn((rating.satisfaction_expires_on - rating.create_date).days, (6, 7))
        rating.satisfaction_expires_on = "2020-01-01 00:00:00"
        with self.assertRaisesRegex(UserError, "expired"):
            self.visit_done.sudo()._satisfaction_apply_link(rating, 4)
        self.assertFalse(rating.consumed)
        self.assertEqual(self.visit_done.satisfaction_score, 0)

    def test_05_score_outside_range_through_the_link(self):
        rating = self._open_link()
        for score in ("0", "6", "3.5", "x"):
            with self.subTest(score=score), self.assertRaisesRegex(UserError, "1 to 5"):
                self.visit_done.sudo()._satisfaction_apply_link(rating, score)
        self.assertFalse(rating.consumed)
        # Odoo's stock scale 1/3/5 accepted 10 before: not on an archive's rating.
        with self.assertRaisesRegex(UserError, "1 to 5"):
            self.visit_done.sudo().rating_apply(0, rating=rating)

    def test_06_link_days_at_least_one(self):
        with self.assertRaises(ValidationError):
            self.company.satisfaction_link_days = 0
