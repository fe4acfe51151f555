from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.customer_archive.models.customer_archive_tier_criteria import TierBatch

from .common import CustomerArchiveCase


class TierCase(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls.env.ref("customer_archive.tier_profile_main")
        cls.tiers = {code: cls.env.ref("customer_archive.tier_%s" % code.lower()) for code in "ABCD"}
        cls.product = cls.env["product.product"].create(
            {"name": "工业传感器", "type": "service", "list_price": 100.0, "taxes_id": [Command.clear()],
             "invoice_policy": "order"}
        )
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1
        )

    @classmethod
    def _order(cls, partner, amount, days_ago, company=None, pricelist=None):
        vals = {
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount,
                                           "tax_id": [Command.clear()]})],
        }
        if company:
            vals["company_id"] = company.id
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].with_company(company or cls.company).create(vals)
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    @classmethod
    def _invoice(cls, partner, amount, days_ago, due_days_ago=None, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": cls._days_ago(days_ago),
            "invoice_date_due": cls._days_ago(due_days_ago if due_days_ago is not None else days_ago - 30),
            "invoice_line_ids": [Command.create({"product_id": cls.product.id, "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [Command.clear()]})],
        })
        move.action_post()
        return move

    def _line(self, partner, criterion):
        return next(line for line in partner.tier_breakdown["criteria"] if line["criterion"] == criterion)

    def _history(self, partner):
        return self.env["customer.archive.tier.history"].search([("partner_id", "=", partner.id)], order="id desc")

    def _recompute(self, partners):
        return self.profile._recompute(partners=partners)


@tagged("post_install", "-at_install")
class TestTierScoring(TierCase):
    def test_01_no_orders_gives_lowest_tier_with_explanation(self):
        partner = self._create_archive("无交易客户")
        self._recompute(partner)
        self.assertEqual(partner.tier_id, self.tiers["D"])
        self.assertTrue(partner.tier_breakdown["no_transactions"])
        self.assertIn("No confirmed order", partner.tier_explanation)
        self.assertIsNone(self._line(partner, "recency_days")["value"])

    def test_02_revenue_thresholds(self):
        below = self._create_archive("差一分客户")
        at = self._create_archive("刚好一万客户")
        self._order(below, 9999.99, 5)
        self._order(at, 10000.0, 5)
        self._recompute(below | at)
        self.assertEqual(self._line(below, "revenue")["value"], 9999.99)
        self.assertEqual(self._line(below, "revenue")["points"], 0)
        self.assertEqual(self._line(at, "revenue")["value"], 10000.0)
        self.assertEqual(self._line(at, "revenue")["points"], 10)

    def test_03_order_count_and_recency_thresholds(self):
        one = self._create_archive("一单客户")
        two = self._create_archive("两单客户")
        self._order(one, 100, 30)
        self._order(two, 100, 31)
        self._order(two, 100, 200)
        self._order(two, 100, 400)  # outside the 12-month window
        self._recompute(one | two)
        self.assertEqual(self._line(one, "order_count")["value"], 1)
        self.assertEqual(self._line(one, "order_count")["points"], 0)
        self.assertEqual(self._line(two, "order_count")["value"], 2)
        self.assertEqual(self._line(two, "order_count")["points"], 5)
        self.assertEqual(self._line(one, "recency_days")["value"], 30)
        self.assertEqual(self._line(one, "recency_days")["points"], 15)
        self.assertEqual(self._line(two, "recency_days")["value"], 31)
        self.assertEqual(self._line(two, "recency_days")["points"], 10)

    def test_04_overdue_and_credit_notes(self):
        if not self.journal:
            self.skipTest("no chart of accounts")
        partner = self._create_archive("逾期客户")
        self._invoice(partner, 20000, 60, due_days_ago=30)
        self._invoice(partner, 1000, 10, due_days_ago=-20)  # not due yet
        self._invoice(partner, 1050, 5, move_type="out_refund")
        clean = self._create_archive("按时客户")
        self._invoice(clean, 500, 10, due_days_ago=-20)
        self._recompute(partner | clean)
        self.assertEqual(self._line(partner, "overdue_amount")["value"], 20000.0)
        self.assertEqual(self._line(partner, "overdue_amount")["points"], 0)
        self.assertEqual(self._line(clean, "overdue_amount")["value"], 0.0)
        self.assertEqual(self._line(clean, "overdue_amount")["points"], 10)
        # 1,050 refunded of 21,000 invoiced: 5 %.
        self.assertEqual(self._line(partner, "credit_note_ratio")["value"], 5.0)
        self.assertEqual(self._line(partner, "credit_note_ratio")["points"], 5)
        self.assertEqual(self._line(clean, "credit_note_ratio")["points"], 10)

    def test_05_days_to_pay(self):
        if not self.journal:
            self.skipTest("no chart of accounts")
        partner = self._create_archive("付款客户")
        invoice = self._invoice(partner, 800, 40)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": self._days_ago(5)})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self._recompute(partner)
        self.assertEqual(self._line(partner, "avg_payment_days")["value"], 35.0)
        self.assertEqual(self._line(partner, "avg_payment_days")["points"], 5)

    def test_06_revenue_in_company_currency(self):
        company_currency = self.company.currency_id
        foreign = self.env.ref("base.EUR") if company_currency != self.env.ref("base.EUR") else self.env.ref("base.USD")
        foreign.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "rate": 2.0, "name": self._days_ago(10), "company_id": self.company.id}
        )
        pricelist = self.env["product.pricelist"].create({"name": "外币价目表", "currency_id": foreign.id})
        partner = self._create_archive("外币客户")
        order = self._order(partner, 30000, 5, pricelist=pricelist)
        self.assertEqual(order.currency_id, foreign)
        self._recompute(partner)
        # At the rate of the order date (rate 2.0 from ten days ago).
        expected = round(foreign._convert(30000, company_currency, self.company, order.date_order.date()), 2)
        self.assertNotEqual(expected, 30000)
        self.assertAlmostEqual(self._line(partner, "revenue")["value"], expected, places=1)

    def test_07_revenue_from_invoices(self):
        if not self.journal:
            self.skipTest("no chart of accounts")
        self.profile.revenue_source = "invoice"
        partner = self._create_archive("开票客户")
        self._order(partner, 999999, 5)  # ignored with invoice revenue
        self._invoice(partner, 120000, 20)
        self._invoice(partner, 20000, 10, move_type="out_refund")
        self._recompute(partner)
        self.assertEqual(self._line(partner, "revenue")["value"], 100000.0)
        self.assertEqual(self._line(partner, "revenue")["points"], 25)

    def test_08_total_maps_to_tier(self):
        partner = self._create_archive("综合客户")
        for days in (3, 20, 40, 60, 80):
            self._order(partner, 30000, days)
        self._recompute(partner)
        # revenue 150,000: 25; 5 orders: 10; last order 3 days ago: 15 → 50 → B.
        self.assertEqual(partner.tier_score, 50)
        self.assertEqual(partner.tier_id, self.tiers["B"])
        self.assertIn("B - Important", partner.tier_explanation)
        self.assertIn("150,000.00", partner.tier_explanation)


    def test_09_every_threshold_boundary(self):
        """At each threshold start a value earns that threshold's points; just below, the
        previous threshold's."""
        for criterion in self.profile.criterion_ids:
            thresholds = criterion.threshold_ids.sorted("value_from")
            for previous, threshold in zip(thresholds, thresholds[1:]):
                self.assertEqual(criterion._points_for(threshold.value_from)[0], threshold.points,
                                 (criterion.criterion, threshold.value_from))
                self.assertEqual(criterion._points_for(threshold.value_from - 0.001)[0], previous.points,
                                 (criterion.criterion, threshold.value_from))
            self.assertEqual(criterion._points_for(None), (0, None))
            self.assertEqual(criterion._points_for(10**9)[0], thresholds[-1].points)

    def test_10_gross_margin_criterion(self):
        self.profile.write({
            "criterion_ids": [Command.create({"criterion": "gross_margin", "threshold_ids": [
                Command.create({"value_from": 0, "value_to": 20, "points": 0}),
                Command.create({"value_from": 20, "has_upper_bound": False, "points": 0}),
            ]})],
        })
        values = {"revenue": 0.0, "order_count": 1, "gross_margin": 25.0, "_has_transactions": True}
        tier, score, breakdown = self.profile._score(values, self.today)
        line = next(l for l in breakdown["criteria"] if l["criterion"] == "gross_margin")
        self.assertEqual((line["value"], line["points"]), (25.0, 0))
        partner = self._create_archive("毛利客户")
        order = self._order(partner, 1000, 3)
        self._recompute(partner)
        if self.profile._has_margin():  # sale_margin installed: margin / untaxed revenue
            expected = round(100 * order.margin / order.amount_untaxed, 2)
            self.assertAlmostEqual(self._line(partner, "gross_margin")["value"], expected, places=2)
        else:  # no margin data in the ERP: no points, said so
            self.assertIsNone(self._line(partner, "gross_margin")["value"])
            self.assertIn("no data", partner.tier_explanation)

    def _pay(self, invoice, days_ago, amount=None):
        vals = {"payment_date": self._days_ago(days_ago)}
        if amount is not None:
            vals["amount"] = amount
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(vals)._create_payments()

    def test_11_days_to_pay_counts_to_the_last_payment(self):
        """An invoice paid in two instalments is paid on the day of the second one; a partly
        paid invoice is not paid yet. The days to pay shown in "Why this tier" are the same
        whether the batch reads them with the invoice aggregates or on their own."""
        partner = self._create_archive("分期付款客户")
        in_two = self._invoice(partner, 800, 50)
        self._pay(in_two, 30, amount=300)
        self._pay(in_two, 8)  # the rest: paid 42 days after the invoice date
        at_once = self._invoice(partner, 400, 20)
        self._pay(at_once, 6)  # paid 14 days after the invoice date
        partly = self._invoice(partner, 1000, 10)
        self._pay(partly, 2, amount=100)
        self.assertIn(in_two.payment_state, ("paid", "in_payment"))
        self.assertIn(at_once.payment_state, ("paid", "in_payment"))
        self.assertEqual(partly.payment_state, "partial")
        self._recompute(partner)
        self.assertEqual(self._line(partner, "avg_payment_days")["value"], 28.0)  # (42 + 14) / 2
        self.assertEqual(self._line(partner, "avg_payment_days")["points"], 10)
        self.assertIn("28.0 days", partner.tier_explanation)
        # a batch that does not score the days to pay with the invoices reads them alone
        batch = TierBatch(self.profile, partner.ids, self.today, fields.Datetime.now())
        self.assertEqual(self.profile._compute_criterion_avg_payment_days(batch), {partner.id: 28.0})


@tagged("post_install", "-at_install")
class TestTierRecompute(TierCase):
    def test_01_history_and_idempotence(self):
        partner = self._create_archive("历史客户")
        self._order(partner, 30000, 3)
        self._recompute(partner)
        history = partner.tier_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual((history.source, history.direction, history.new_tier_id), ("computed", "new", partner.tier_id))
        self.assertEqual(history.score, partner.tier_score)
        self.assertEqual(history.breakdown["score"], partner.tier_score)
        # Running again changes nothing and records nothing.
        self.assertEqual(self._recompute(partner), 0)
        self.assertEqual(len(self._history(partner)), 1)
        # New business moves it up: one more row, an upgrade.
        for days in (5, 10, 15, 20):
            self._order(partner, 150000, days)
        self._recompute(partner)
        self.assertEqual(len(self._history(partner)), 2)
        self.assertEqual(self._history(partner)[0].direction, "up")

    def test_08_results_rewritten_only_when_they_change(self):
        """Run again on the same business, an archive keeps its results and when they were
        computed; business that moves neither its score nor its tier still updates the
        explanation ("Why this tier"), with no history row."""
        partner = self._create_archive("说明客户")
        order = self._order(partner, 30000, 3)
        self._recompute(partner)
        score, tier = partner.tier_score, partner.tier_id
        earlier = fields.Datetime.now().replace(microsecond=0) - timedelta(days=3)
        self.env.cr.execute(
            "UPDATE res_partner SET tier_computed_at = %s WHERE id = %s", (earlier, partner.id)
        )
        partner.invalidate_recordset(["tier_computed_at"])
        self.assertEqual(self._recompute(partner), 0)
        self.assertEqual(partner.tier_computed_at, earlier)
        self.assertEqual(self._line(partner, "revenue")["value"], 30000.0)

        order.order_line.price_unit = 30001
        self.assertEqual(self._recompute(partner), 0)
        self.assertEqual((partner.tier_score, partner.tier_id), (score, tier))
        self.assertEqual(self._line(partner, "revenue")["value"], 30001.0)
        self.assertGreater(partner.tier_computed_at, earlier)
        self.assertEqual(len(self._history(partner)), 1)

    def test_02_downgrade_alert_once(self):
        self.profile.alert_tier_ids = self.tiers["A"] | self.tiers["B"]
        partner = self._create_archive("重点客户", user_id=self.user_salesperson.id, keeper_id=self.user_officer.id)
        orders = self.env["sale.order"]
        for days in (2, 10, 20, 30, 40):
            orders |= self._order(partner, 40000, days)
        self._recompute(partner)
        self.assertEqual(partner.tier_id, self.tiers["B"])
        activity_type = self.env.ref("customer_archive.mail_activity_type_tier_downgrade")
        orders.write({"date_order": fields.Datetime.now() - timedelta(days=500)})
        self._recompute(partner)
        self.assertEqual(partner.tier_id, self.tiers["D"])
        alerts = partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(alerts.user_id, self.user_salesperson | self.user_officer)
        self.assertIn("Tier alert", partner.message_ids[0].body)
        self._recompute(partner)
        self.profile._recompute()
        self.assertEqual(len(partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)), 2)
        self.assertEqual(self._history(partner)[0].direction, "down")

    def test_03_incremental_equals_full(self):
        partners = [self._create_archive("增量客户%s" % i) for i in range(6)]
        orders = [self._order(p, 20000 * (i + 1), 10 + i) for i, p in enumerate(partners)]
        self.profile._recompute()
        self.assertTrue(self.profile.last_run_at)
        # Changes after the run: a new order, an order moved out of the window, a cancel.
        self._order(partners[0], 300000, 1)
        orders[1].date_order = fields.Datetime.now() - timedelta(days=500)
        orders[2]._action_cancel()
        self.profile._recompute(incremental=True)
        Partner = self.env["res.partner"]

        def snapshot():
            Partner.invalidate_model()
            archives = Partner.search(
                [("is_customer_archive", "=", True), *Partner._get_archive_active_domain()]
            )
            return {p.id: (p.tier_id.id, p.tier_score,
                           [(l["criterion"], l["value"], l["points"]) for l in p.tier_breakdown["criteria"]])
                    for p in archives}

        after_incremental = snapshot()
        self.assertEqual(self.profile._recompute(), 0, "a full run after the incremental one changes no tier")
        self.assertEqual(snapshot(), after_incremental)
        self.assertEqual(after_incremental[partners[1].id][1], self.env["res.partner"].browse(partners[1].id).tier_score)
        self.assertEqual(self._line(partners[2], "order_count")["value"], 0)

    def test_06_incremental_finds_recency_crossings_only(self):
        """A day later, a customer whose LAST order turns 31 days old crosses the 31-day
        threshold and is recomputed; one whose older order turns 31 days old is not."""
        crossing = self._create_archive("跨阈值客户")
        crossing_order = self._order(crossing, 50000, 30)
        steady = self._create_archive("未跨阈值客户")
        self._order(steady, 50000, 30)  # an older order crossing 31 days, not the last one
        self._order(steady, 50000, 5)
        self.profile._recompute()
        self.assertEqual(self._line(crossing, "recency_days")["points"], 15)
        # One day passes: move the run, the orders and the archives one day into the past.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = date_order - interval '1 day', "
            "write_date = write_date - interval '2 days' WHERE partner_id IN %s",
            [(crossing.id, steady.id)],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date - interval '2 days' WHERE id IN %s",
            [(crossing.id, steady.id)],
        )
        self.env.invalidate_all()
        since = self.profile.last_run_at - timedelta(days=1)
        # the last run scored with yesterday's date
        self.profile.sudo().write({"last_run_date": self.today - timedelta(days=1)})
        ids = self.profile._get_incremental_partner_ids(since, self.today, fields.Datetime.now())
        self.assertIn(crossing.id, ids)
        self.assertNotIn(steady.id, ids)
        self.profile.sudo().write({"last_run_at": since})
        self.profile._recompute(incremental=True)
        self.assertEqual(self._line(crossing, "recency_days")["value"], 31)
        self.assertEqual(self._line(crossing, "recency_days")["points"], 10)
        self.assertEqual(crossing_order.partner_id, crossing)

    def test_07_incremental_same_day_looks_at_changes_only(self):
        """On the day of the last run no recency, due date or window has moved: an incremental
        run recomputes the customer with a new order, not the one whose last order sits on the
        31-day recency threshold; the next day it looks at that one too."""
        on_threshold = self._create_archive("阈值当日客户")
        self._order(on_threshold, 50000, 31)
        ordering = self._create_archive("当日下单客户")
        self._order(ordering, 50000, 10)
        self.profile._recompute()
        self.assertEqual(self.profile.last_run_date, self.today)
        # the data of the run is older than the run
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = write_date - interval '2 days' WHERE partner_id IN %s",
            [(on_threshold.id, ordering.id)],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date - interval '2 days' WHERE id IN %s",
            [(on_threshold.id, ordering.id)],
        )
        self.env.invalidate_all()
        self._order(ordering, 80000, 0)
        since = self.profile.last_run_at - timedelta(minutes=10)
        ids = self.profile._get_incremental_partner_ids(since, self.today, fields.Datetime.now())
        self.assertIn(ordering.id, ids)
        self.assertNotIn(on_threshold.id, ids)
        self.profile._recompute(incremental=True)
        self.assertEqual(self._line(ordering, "order_count")["value"], 2)
        # a day later the recency of every customer moved: the one on the threshold is looked at
        self.profile.sudo().write({"last_run_date": self.today - timedelta(days=1)})
        ids = self.profile._get_incremental_partner_ids(since, self.today, fields.Datetime.now())
        self.assertIn(on_threshold.id, ids)

    def test_09_incremental_finds_archives_never_scored(self):
        """An archive no run has scored yet (its tier results empty, nothing changed since)
        is recomputed by the next incremental run; once scored, it is not looked at again."""
        never = self._create_archive("未评级客户")
        scored = self._create_archive("已评级客户")
        self.profile._recompute()
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE res_partner SET tier_computed_id = NULL, tier_id = NULL, tier_score = NULL,
                      tier_breakdown = NULL, tier_computed_at = NULL WHERE id = %s""",
            [never.id],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date - interval '2 days' WHERE id IN %s",
            [(never.id, scored.id)],
        )
        self.env.invalidate_all()
        since = self.profile.last_run_at - timedelta(minutes=10)
        ids = self.profile._get_incremental_partner_ids(since, self.today, fields.Datetime.now())
        self.assertIn(never.id, ids)
        self.assertNotIn(scored.id, ids)
        self.profile._recompute(incremental=True)
        self.assertEqual(never.tier_id, self.tiers["D"])
        ids = self.profile._get_incremental_partner_ids(since, self.today, fields.Datetime.now())
        self.assertNotIn(never.id, ids)

    def test_04_scheduled_action(self):
        partner = self._create_archive("计划任务客户")
        self._order(partner, 50000, 3)
        self.env["customer.archive.tier.profile"]._cron_recompute_tiers()
        self.assertTrue(partner.tier_id)
        self.assertTrue(self.profile.last_run_at)
        self.assertGreaterEqual(self.profile.last_run_count, 1)

    def test_05_multi_company_isolation(self):
        profile_2 = self.profile.copy({"company_id": self.company_2.id, "name": "分公司评分"})
        self.env.user.company_ids |= self.company_2
        local = self._create_archive("总公司客户")
        remote = self._create_archive("分公司客户", archive_company_id=self.company_2.id)
        # The head office customer buys from the branch: not counted for the head office.
        self._order(local, 200000, 3, company=self.company_2)
        self._order(remote, 200000, 3, company=self.company_2)
        self.profile._recompute()
        profile_2._recompute()
        self.assertTrue(local.tier_breakdown["no_transactions"])
        self.assertEqual(local.tier_breakdown["profile"], self.profile.id)
        self.assertEqual(self._line(remote, "revenue")["value"], 200000.0)
        self.assertEqual(remote.tier_breakdown["profile"], profile_2.id)
        self.assertEqual(remote.tier_history_ids.company_id, self.company_2)


@tagged("post_install", "-at_install")
class TestTierCriterionHook(TierCase):
    """A criterion is a key with its unit in the registry and one method computing its values
    for a whole batch: the engine takes any such criterion the same way."""

    def test_01_every_criterion_registered_with_unit_and_batch_method(self):
        Profile = self.env["customer.archive.tier.profile"]
        registry = Profile._get_tier_criteria()
        selection = self.env["customer.archive.tier.criterion"]._fields["criterion"].selection
        self.assertEqual(set(registry), {key for key, _label in selection})
        for key, unit in registry.items():
            self.assertIn(unit, ("money", "percent", "days", "number"), key)
            self.assertTrue(callable(getattr(Profile, "_compute_criterion_%s" % key, None)), key)

    def test_02_criterion_added_through_the_hook(self):
        """An extra criterion (contacts per customer) given to the engine with its thresholds
        and its batch method is computed once for the batch, scored, stored and explained."""
        with_contacts = self._create_archive("多联系人客户")
        alone = self._create_archive("单一联系人客户")
        for name in ("王经理", "李会计"):
            self.env["res.partner"].create({"name": name, "parent_id": with_contacts.id})
        for partner in (with_contacts, alone):
            for days in (3, 20, 40, 60, 80):
                self._order(partner, 30000, days)  # 50 points: tier B (test_08)
        calls = []

        def compute_criterion_contact_count(batch):
            calls.append(sorted(batch.ids))
            groups = self.env["res.partner"]._read_group(
                [("parent_id", "in", batch.ids)], ["parent_id"], ["__count"])
            counts = {parent.id: count for parent, count in groups}
            return {pid: counts.get(pid, 0) for pid in batch.ids}

        table = self.profile._get_scoring_table(self.today)
        table["criteria"].append(
            ("contact_count", [(0, 2, 0), (2, None, 25)], compute_criterion_contact_count))
        batch = (with_contacts | alone).ids
        self.profile._recompute_batch(batch, self.today, fields.Datetime.now(), table)
        self.assertEqual(calls, [sorted(batch)], "one call for the whole batch")
        self.assertEqual(self._line(with_contacts, "contact_count"), {
            "criterion": "contact_count", "value": 2, "points": 25, "band": [2, None]})
        self.assertEqual(self._line(alone, "contact_count")["points"], 0)
        self.assertEqual((with_contacts.tier_score, with_contacts.tier_id), (75, self.tiers["A"]))
        self.assertEqual((alone.tier_score, alone.tier_id), (50, self.tiers["B"]))
        self.assertEqual(with_contacts.tier_history_ids.new_tier_id, self.tiers["A"])
        self.assertIn("<td>contact_count</td><td class='text-end'>2</td>", with_contacts.tier_explanation)
