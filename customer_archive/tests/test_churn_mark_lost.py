from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .churn_common import ChurnCase


@tagged("post_install", "-at_install")
class TestChurnMarkLost(ChurnCase):
    """Marking an archive lost needs a reason: the wizard, the form and RPC writes, per role."""

    def test_01_seeded_reasons_read_in_chinese(self):
        """The six reasons are there, in natural Chinese for a Chinese user."""
        self.env["res.lang"]._activate_lang("zh_CN")
        names = (
            self.env["customer.archive.lost.reason"]
            .with_context(lang="zh_CN")
            .search([])
            .mapped("name")
        )
        for name in ("价格", "服务", "竞争对手", "经营停止", "联系人离职", "其他"):
            self.assertIn(name, names)

    def test_02_wizard_as_salesperson(self):
        """The salesperson marks their own archive lost through the wizard: status, reason,
        date and tier are recorded, the note is on the chatter."""
        mine = self.mine.with_user(self.user_salesperson)
        action = mine.action_open_mark_lost()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.user_salesperson)
            .with_context(**action["context"])
        )
        wizard_form.reason_id = self.reason_competitor
        wizard_form.note = "客户转向了竞争对手的低价方案"
        wizard_form.save().action_confirm()
        self.assertEqual(self.mine.archive_stage, "lost")
        self.assertEqual(self.mine.lost_reason_id, self.reason_competitor)
        self.assertEqual(self.mine.lost_date, self.today)
        self.assertEqual(self.mine.lost_tier_id, self.mine.tier_id)
        self.assertIn("客户转向了竞争对手的低价方案", self.mine.message_ids[0].body)

    def test_03_write_without_reason_fails_and_changes_nothing(self):
        """Over RPC (a write as the user), setting a lost status without a reason is refused,
        in the user's language, and nothing changes."""
        self.env["res.lang"]._activate_lang("zh_CN")
        for user in (self.user_salesperson, self.user_manager):
            with self.subTest(user=user.login):
                mine = self.mine.with_user(user)
                with self.assertRaises(UserError) as error, self.cr.savepoint():
                    mine.write({"archive_status_id": self.status_lost.id})
                self.assertIn(self.mine.display_name, str(error.exception))
                self.assertEqual(self.mine.archive_stage, "active")
                self.assertFalse(self.mine.lost_date)
        with self.assertRaises(UserError) as error, self.cr.savepoint():
            self.mine.with_user(self.user_salesperson).with_context(lang="zh_CN").write(
                {"archive_status_id": self.status_lost.id}
            )
        self.assertIn("流失原因", str(error.exception))
        # With the reason, the same write passes.
        self.mine.with_user(self.user_salesperson).write(
            {"archive_status_id": self.status_lost.id, "lost_reason_id": self.reason_price.id}
        )
        self.assertEqual(self.mine.archive_stage, "lost")
        self.assertEqual(self.mine.lost_reason_id, self.reason_price)

    def test_04_form_statusbar_needs_the_reason(self):
        """In the form, the reason appears and is required once the status is lost."""
        form = Form(self.mine.with_user(self.user_salesperson))
        form.archive_status_id = self.status_lost
        with self.assertRaises(AssertionError):
            form.save()  # required field lost_reason_id not set
        form.lost_reason_id = self.reason_price
        form.save()
        self.assertEqual(self.mine.lost_reason_id, self.reason_price)

    def test_05_other_salesperson_cannot_mark_lost(self):
        """A salesperson cannot mark another salesperson's archive lost."""
        wizard = (
            self.env["customer.archive.mark.lost"]
            .with_user(self.user_salesperson)
            .create({"partner_ids": [(6, 0, self.mine.ids)], "reason_id": self.reason_price.id})
        )
        wizard.partner_ids = self.theirs  # as if the client sent another archive's id
        with self.assertRaises(UserError), self.cr.savepoint():
            wizard.action_confirm()  # the archive the user may not read is not in the wizard
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.theirs.with_user(self.user_salesperson).write(
                {"archive_status_id": self.status_lost.id, "lost_reason_id": self.reason_price.id}
            )
        self.assertEqual(self.theirs.archive_stage, "active")
        self.assertFalse(self.theirs.lost_reason_id)

    def test_06_snapshot_not_writable(self):
        """The date, tier and revenue of a loss are recorded, never written by a client."""
        for vals in ({"lost_revenue": 1000.0}, {"lost_date": self.today}):
            with self.assertRaises(AccessError), self.cr.savepoint():
                self.mine.with_user(self.user_manager).write(vals)
        self.assertFalse(self.mine.lost_date)
        self.assertFalse(self.mine.lost_revenue)

    def test_07_created_lost_records_the_snapshot(self):
        """An archive imported as lost records the date of its loss; its reason may follow."""
        partner = self._create_archive("直接流失的客户", archive_status_id=self.status_lost.id)
        self.assertEqual(partner.lost_date, self.today)
        self.assertFalse(partner.lost_reason_id)
        partner.lost_reason_id = self.reason_price
        self.assertEqual(partner.lost_reason_id, self.reason_price)

    def test_08_revenue_of_the_last_window(self):
        """Revenue lost: the confirmed orders of the tier window ending on the last
        transaction (company currency); an older order does not count."""
        order_recent = self._confirmed_order(self.mine, self.product, 30)
        order_in_window = self._confirmed_order(self.mine, self.product, 200)
        self._confirmed_order(self.mine, self.product, 30 + 400)  # before the window
        self.mine.with_user(self.user_salesperson).write(
            {"archive_status_id": self.status_lost.id, "lost_reason_id": self.reason_price.id}
        )
        self.assertAlmostEqual(
            self.mine.lost_revenue, order_recent.amount_untaxed + order_in_window.amount_untaxed
        )

    def test_09_won_back_then_lost_again_needs_a_new_reason(self):
        """Back to active, the old reason is cleared: marking it lost again asks for one."""
        mine = self.mine.with_user(self.user_salesperson)
        mine.write(
            {"archive_status_id": self.status_lost.id, "lost_reason_id": self.reason_price.id}
        )
        mine.archive_status_id = self.status_active
        self.assertFalse(self.mine.lost_reason_id)
        with self.assertRaises(UserError), self.cr.savepoint():
            mine.archive_status_id = self.status_lost
        self.assertEqual(self.mine.archive_stage, "active")
