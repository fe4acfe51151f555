import json
import logging
import random
import threading
from datetime import datetime, time, timedelta
from time import sleep

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, create_index, float_round

from .customer_archive_tier_criterion import points_for

_logger = logging.getLogger(__name__)

# Criteria whose value is a number of days (shown without decimals).
DAY_CRITERIA = ("recency_days", "avg_payment_days")
PERCENT_CRITERIA = ("credit_note_ratio", "gross_margin")
MONEY_CRITERIA = ("revenue", "overdue_amount")
# Incremental runs look this far before the last run, for transactions still open then.
INCREMENTAL_MARGIN = timedelta(minutes=10)
# First key of the advisory lock that serialises tier recomputes per company.
TIER_LOCK_KEY = 7301
# A committed batch that meets a concurrent update (a user saving one of its archives) is
# computed again, at most this many times.
BATCH_TRIES = 5


class CustomerArchiveTierProfile(models.Model):
    """Scoring profile of a company: the criteria, their thresholds, the score bands and
    the tier engine that applies them to the company's archives."""

    _name = "customer.archive.tier.profile"
    _description = "Tier Scoring Profile"
    _order = "company_id, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    window_months = fields.Integer(
        string="Window (months)", default=12, required=True,
        help="Orders and invoices of this many past months count.",
    )
    revenue_source = fields.Selection(
        [("order", "Confirmed Sale Orders"), ("invoice", "Posted Invoices")],
        default="order",
        required=True,
        help="Revenue is the untaxed amount of confirmed sale orders, or of posted customer "
        "invoices less credit notes, in company currency.",
    )
    criterion_ids = fields.One2many(
        "customer.archive.tier.criterion", "profile_id", string="Criteria", copy=True
    )
    band_ids = fields.One2many(
        "customer.archive.tier.band", "profile_id", string="Score Bands", copy=True
    )
    max_score = fields.Integer(compute="_compute_max_score")
    alert_tier_ids = fields.Many2many(
        "customer.archive.tier",
        string="Alert on Downgrade From",
        help="A customer leaving one of these tiers for a lower one creates an activity for "
        "its salesperson and keeper (中高端客户预警).",
    )
    require_approval = fields.Boolean(
        string="Overrides Need Approval",
        help="A tier set by hand by someone who is not an archive manager takes effect only "
        "once an archive manager approves it.",
    )
    batch_size = fields.Integer(default=2000, required=True)
    last_run_at = fields.Datetime(string="Last Recompute", readonly=True, copy=False)
    last_run_count = fields.Integer(string="Customers Recomputed", readonly=True, copy=False)
    last_run_changes = fields.Integer(string="Tier Changes", readonly=True, copy=False)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A company has one scoring profile."),
    ]

    def init(self):
        # The incremental recompute looks for orders and invoices changed since its last run.
        create_index(self.env.cr, "customer_archive_sale_order_write_date_idx", "sale_order", ["write_date"])
        create_index(self.env.cr, "customer_archive_account_move_write_date_idx", "account_move", ["write_date"])

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    @api.depends("criterion_ids.threshold_ids.points")
    def _compute_max_score(self):
        for profile in self:
            profile.max_score = sum(profile.criterion_ids.mapped("max_points"))

    def _criterion_label(self, criterion):
        return dict(criterion._fields["criterion"]._description_selection(self.env))[
            criterion.criterion
        ]

    def _check_thresholds(self, criterion):
        label = self._criterion_label(criterion)
        thresholds = criterion.threshold_ids.sorted(lambda t: (t.value_from, t.id))
        if not thresholds:
            raise ValidationError(
                _("Criterion %(criterion)s of profile %(profile)s has no thresholds.",
                  criterion=label, profile=self.name)
            )
        previous = None
        for threshold in thresholds:
            if threshold.points < 0:
                raise ValidationError(
                    _("Criterion %(criterion)s: points cannot be negative (%(points)s).",
                      criterion=label, points=threshold.points)
                )
            if threshold.has_upper_bound and threshold.value_to <= threshold.value_from:
                raise ValidationError(
                    _("Criterion %(criterion)s: the threshold from %(start)s must end above its "
                      "start, not at %(end)s.",
                      criterion=label, start=threshold.value_from, end=threshold.value_to)
                )
            if previous is not None:
                if not previous.has_upper_bound or threshold.value_from < previous.value_to:
                    raise ValidationError(
                        _("Criterion %(criterion)s: the thresholds starting at %(first)s and "
                          "%(second)s overlap.",
                          criterion=label, first=previous.value_from, second=threshold.value_from)
                    )
            previous = threshold

    def _check_bands(self):
        bands = self.band_ids.sorted(lambda b: (b.score_from, b.id))
        if not bands:
            raise ValidationError(_("Profile %(profile)s has no score bands.", profile=self.name))
        expected = 0
        for band in bands:
            if band.score_to < band.score_from:
                raise ValidationError(
                    _("Score band %(tier)s: %(start)s to %(end)s is reversed.",
                      tier=band.tier_id.display_name, start=band.score_from, end=band.score_to)
                )
            if band.score_from < expected:
                raise ValidationError(
                    _("Score bands overlap at score %(score)s (%(tier)s).",
                      score=band.score_from, tier=band.tier_id.display_name)
                )
            if band.score_from > expected:
                raise ValidationError(
                    _("No tier covers the scores %(start)s to %(end)s.",
                      start=expected, end=band.score_from - 1)
                )
            expected = band.score_to + 1
        if expected <= self.max_score:
            raise ValidationError(
                _("No tier covers the scores %(start)s to %(end)s (the highest possible score).",
                  start=expected, end=self.max_score)
            )

    @api.constrains("window_months", "batch_size", "criterion_ids", "band_ids")
    def _check_profile(self):
        for profile in self:
            if profile.window_months <= 0:
                raise ValidationError(
                    _("The window of profile %(profile)s must be at least one month, not %(months)s.",
                      profile=profile.name, months=profile.window_months)
                )
            if profile.batch_size <= 0:
                raise ValidationError(_("The batch size must be greater than 0."))
            if not profile.criterion_ids:
                raise ValidationError(
                    _("Profile %(profile)s has no criteria: add at least one.", profile=profile.name)
                )
            for criterion in profile.criterion_ids:
                profile._check_thresholds(criterion)
            profile._check_bands()

    def _check_profile_lines(self):
        """Checks run when a threshold, criterion or band changes on its own. While a profile
        is being created its lines arrive one by one: the bands are checked once both bands
        and criteria exist (the profile's own constraint checks everything at the end)."""
        for profile in self:
            for criterion in profile.criterion_ids.filtered("threshold_ids"):
                profile._check_thresholds(criterion)
            if profile.band_ids and profile.criterion_ids:
                profile._check_bands()

    def write(self, vals):
        res = super().write(vals)
        # A changed profile invalidates every stored result: the next run is a full one.
        if set(vals) - {"last_run_at", "last_run_count", "last_run_changes", "active", "name"}:
            super().write({"last_run_at": False})
        return res

    # ------------------------------------------------------------------
    # Values from the ERP (one grouped query per source and batch)
    # ------------------------------------------------------------------
    def _get_window_start(self, today):
        return today - relativedelta(months=self.window_months)

    def _has_margin(self):
        return "margin" in self.env["sale.order"]._fields and self.env["sale.order"]._fields["margin"].store

    def _get_order_aggregates(self, partner_ids, start, now):
        """Per commercial partner: revenue, order count and margin in the window (company
        currency), and the date of the last confirmed order (any time up to now)."""
        rate = SQL("COALESCE(NULLIF(so.currency_rate, 0), 1)")
        margin = SQL("SUM(so.margin / %s) FILTER (WHERE so.date_order >= %s)", rate, start) \
            if self._has_margin() else SQL("NULL::numeric")
        query = SQL(
            """
            SELECT p.commercial_partner_id,
                   SUM(so.amount_untaxed / %(rate)s) FILTER (WHERE so.date_order >= %(start)s),
                   COUNT(*) FILTER (WHERE so.date_order >= %(start)s),
                   MAX(so.date_order),
                   %(margin)s
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order <= %(now)s
               AND p.commercial_partner_id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            rate=rate, start=start, margin=margin, company=self.company_id.id, now=now,
            ids=list(partner_ids),
        )
        self.env.cr.execute(query)
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _get_invoice_aggregates(self, partner_ids, start, today):
        """Per commercial partner: invoiced and refunded untaxed amounts in the window, the
        overdue residual today (company currency) and the number of posted documents."""
        query = SQL(
            """
            SELECT p.commercial_partner_id,
                   SUM(m.amount_untaxed_signed) FILTER (
                       WHERE m.move_type = 'out_invoice' AND m.invoice_date >= %(start)s),
                   -SUM(m.amount_untaxed_signed) FILTER (
                       WHERE m.move_type = 'out_refund' AND m.invoice_date >= %(start)s),
                   SUM(m.amount_residual_signed) FILTER (
                       WHERE m.move_type = 'out_invoice' AND m.invoice_date_due < %(today)s
                         AND m.payment_state NOT IN ('paid', 'in_payment', 'reversed')),
                   COUNT(*)
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.company_id = %(company)s
               AND p.commercial_partner_id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            start=start, today=today, company=self.company_id.id, ids=list(partner_ids),
        )
        self.env.cr.execute(query)
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _get_payment_days(self, partner_ids, start):
        """Per commercial partner: average days between invoice date and full payment of the
        paid invoices of the window."""
        query = SQL(
            """
            SELECT p.commercial_partner_id, AVG(paid.paid_date - m.invoice_date)
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id
              JOIN LATERAL (
                    SELECT MAX(apr.max_date) AS paid_date
                      FROM account_move_line l
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
                     WHERE l.move_id = m.id AND l.display_type = 'payment_term'
                   ) paid ON paid.paid_date IS NOT NULL
             WHERE m.state = 'posted'
               AND m.move_type = 'out_invoice'
               AND m.payment_state IN ('paid', 'in_payment')
               AND m.invoice_date >= %(start)s
               AND m.company_id = %(company)s
               AND p.commercial_partner_id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            start=start, company=self.company_id.id, ids=list(partner_ids),
        )
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())

    def _get_criterion_values(self, partner_ids, today, now):
        """{partner_id: {criterion: value or None}} for the batch; None means no data."""
        start = self._get_window_start(today)
        start_dt = datetime.combine(start, time.min)
        orders = self._get_order_aggregates(partner_ids, start_dt, now)
        invoices = self._get_invoice_aggregates(partner_ids, start, today)
        needs_payment_days = "avg_payment_days" in self.criterion_ids.mapped("criterion")
        payment_days = self._get_payment_days(partner_ids, start) if needs_payment_days else {}
        values = {}
        for partner_id in partner_ids:
            o_revenue, o_count, o_last, o_margin = orders.get(partner_id, (None, 0, None, None))
            i_invoiced, i_refunded, i_overdue, i_count = invoices.get(partner_id, (None, None, None, 0))
            invoiced = float(i_invoiced or 0.0)
            refunded = float(i_refunded or 0.0)
            if self.revenue_source == "order":
                revenue = float(o_revenue or 0.0)
            else:
                revenue = invoiced - refunded
            order_revenue = float(o_revenue or 0.0)
            values[partner_id] = {
                "revenue": float_round(revenue, 2),
                "order_count": o_count or 0,
                "recency_days": (today - o_last.date()).days if o_last else None,
                "avg_payment_days": float_round(float(payment_days[partner_id]), 1)
                if partner_id in payment_days else None,
                "overdue_amount": float_round(float(i_overdue or 0.0), 2) if i_count else None,
                "credit_note_ratio": float_round(100.0 * refunded / invoiced, 2) if invoiced else None,
                "gross_margin": float_round(100.0 * float(o_margin) / order_revenue, 2)
                if o_margin is not None and order_revenue else None,
                "_has_transactions": bool(o_count or (i_invoiced or i_refunded)),
            }
        return values

    # ------------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------------
    def _lowest_tier(self):
        return self.band_ids.tier_id.sorted(lambda t: (t.sequence, t.id))[-1:]

    def _get_scoring_table(self, today):
        """The criteria, thresholds and bands as plain Python values, read once per run."""
        start = self._get_window_start(today)
        return {
            "criteria": [
                (criterion.criterion, criterion._get_threshold_table()) for criterion in self.criterion_ids
            ],
            "bands": [(b.score_from, b.score_to, b.tier_id) for b in self.band_ids],
            "lowest": self._lowest_tier(),
            "window": [fields.Date.to_string(start), fields.Date.to_string(today)],
        }

    def _score(self, values, today, table=None):
        """(tier, score, breakdown) for one customer's criterion values."""
        table = table or self._get_scoring_table(today)
        lines = []
        total = 0
        for key, thresholds in table["criteria"]:
            value = values.get(key)
            points, band = points_for(thresholds, value)
            total += points
            lines.append({"criterion": key, "value": value, "points": points, "band": band})
        no_transactions = not values.get("_has_transactions")
        tier = table["lowest"]
        if not no_transactions:
            tier = next((t for low, high, t in table["bands"] if low <= total <= high), tier)
        breakdown = {
            "window": table["window"],
            "criteria": lines,
            "score": total,
            "tier": tier.code,
            "no_transactions": no_transactions,
            "profile": self.id,
        }
        return tier, total, breakdown

    # ------------------------------------------------------------------
    # Recompute
    # ------------------------------------------------------------------
    def _get_archive_domain(self):
        """Archives this profile scores (extension point)."""
        return [
            ("is_customer_archive", "=", True),
            ("archive_company_id", "=", self.company_id.id),
        ]

    def _get_incremental_partner_ids(self, since, today, now):
        """Archives whose result may have changed since ``since``: new or changed orders and
        invoices, orders and invoices that left the window, invoices that fell due, and last
        orders that crossed a recency threshold."""
        start_now = self._get_window_start(today)
        since_day = since.date()
        start_then = self._get_window_start(since_day)
        recency_bounds = sorted({
            int(bound)
            for threshold in self.criterion_ids.filtered(lambda c: c.criterion == "recency_days").threshold_ids
            for bound in (threshold.value_from, threshold.value_to if threshold.has_upper_bound else None)
            if bound is not None
        })
        # A customer crosses a recency threshold b when its LAST order is b days old today but
        # was not at the previous run: last order day in [since_day - b, today - b] (a day of
        # slack each side for time zones).
        def recency_ranges(column):
            return SQL(" OR ").join(
                SQL("(%s >= %s AND %s < %s)",
                    column, datetime.combine(since_day - relativedelta(days=b + 1), time.min),
                    column, datetime.combine(today - relativedelta(days=b - 1), time.min))
                for b in recency_bounds if b > 0
            ) if any(b > 0 for b in recency_bounds) else SQL("FALSE")
        recency_sql = SQL(
            """
            SELECT last.partner_id FROM (
                SELECT p.commercial_partner_id AS partner_id, MAX(so.date_order) AS last_order
                  FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND p.commercial_partner_id IN (
                        SELECT cp.commercial_partner_id FROM sale_order so2
                          JOIN res_partner cp ON cp.id = so2.partner_id
                         WHERE so2.company_id = %(company)s AND so2.state = 'sale' AND (%(candidates)s))
                 GROUP BY p.commercial_partner_id
            ) last WHERE %(crossed)s
            """,
            company=self.company_id.id,
            candidates=recency_ranges(SQL("so2.date_order")),
            crossed=recency_ranges(SQL("last.last_order")),
        )
        # One UNION branch per condition, each able to use an index.
        query = SQL(
            """
            SELECT so.partner_id FROM sale_order so
             WHERE so.company_id = %(company)s AND so.write_date >= %(since)s
            UNION
            SELECT so.partner_id FROM sale_order so
             WHERE so.company_id = %(company)s AND so.state = 'sale'
               AND so.date_order >= %(start_then)s AND so.date_order < %(start_now)s
            UNION
            %(recency)s
            UNION
            SELECT m.partner_id FROM account_move m
             WHERE m.company_id = %(company)s AND m.write_date >= %(since)s
               AND m.move_type IN ('out_invoice', 'out_refund')
            UNION
            SELECT m.partner_id FROM account_move m
             WHERE m.company_id = %(company)s AND m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.invoice_date >= %(start_then_d)s AND m.invoice_date < %(start_now_d)s
            UNION
            SELECT m.partner_id FROM account_move m
             WHERE m.company_id = %(company)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
               AND m.invoice_date_due >= %(since_d)s AND m.invoice_date_due <= %(today)s
            UNION
            SELECT p.id FROM res_partner p
             WHERE p.archive_company_id = %(company)s AND p.is_customer_archive
               AND (p.tier_computed_at IS NULL OR p.write_date >= %(since)s)
            """,
            company=self.company_id.id, since=since,
            start_then=datetime.combine(start_then, time.min),
            start_now=datetime.combine(start_now, time.min),
            recency=recency_sql,
            start_then_d=start_then, start_now_d=start_now, since_d=since_day, today=today,
        )
        self.env.flush_all()
        self.env.cr.execute(query)
        contacts = [row[0] for row in self.env.cr.fetchall() if row[0]]
        if not contacts:
            return []
        self.env.cr.execute(
            SQL("SELECT DISTINCT commercial_partner_id FROM res_partner WHERE id = ANY(%s)", contacts)
        )
        candidates = [row[0] for row in self.env.cr.fetchall() if row[0]]
        return self.env["res.partner"].search(
            self._get_archive_domain() + [("id", "in", candidates)], order="id"
        ).ids

    def _lock(self):
        """Only one recompute per company at a time (across workers)."""
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", (TIER_LOCK_KEY, self.company_id.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                _("The tiers of %(company)s are being recomputed already; try again in a moment.",
                  company=self.company_id.name)
            )

    def _recompute(self, partners=None, incremental=False, commit=False):
        """Recompute the tiers of this profile's archives: ``partners`` only, the archives
        changed since the last run (``incremental``), or all of them.

        With ``commit`` (scheduled action only), each batch is committed on its own: a batch
        is complete and idempotent, so a killed run leaves whole batches and the next run
        simply computes again. Returns the number of customers whose tier changed."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        now = fields.Datetime.now()
        # The transaction's clock stamps write_date on orders and invoices: the incremental
        # cursor uses it too.
        run_stamp = self.env.cr.now().replace(microsecond=0)
        today = fields.Date.context_today(self)
        if partners is not None:
            ids = partners.filtered_domain(self._get_archive_domain()).ids
        elif incremental and self.last_run_at:
            since = self.last_run_at - INCREMENTAL_MARGIN
            ids = self._get_incremental_partner_ids(since, today, now)
        else:
            ids = Partner.search(self._get_archive_domain(), order="id").ids
        changes = 0
        done = 0
        table = self._get_scoring_table(today)
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            for attempt in range(1, BATCH_TRIES + 1):
                try:
                    self._lock()
                    batch_changes = self._recompute_batch(batch, today, now, table)
                    if commit:
                        self.env["ir.cron"]._notify_progress(
                            done=done + len(batch), remaining=len(ids) - done - len(batch))
                        # Documented batch commit: the batch's results and history are complete.
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                    break
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    # Without commit the caller's transaction (request) is retried as a whole.
                    if not commit or attempt == BATCH_TRIES:
                        raise
                    # Only this batch is lost (the previous ones are committed): compute it again.
                    self.env.cr.rollback()
                    self.env.invalidate_all()
                    _logger.info("customer_archive tiers %s: concurrent update, batch computed again (%s/%s)",
                                 self.company_id.name, attempt, BATCH_TRIES)
                    sleep(random.uniform(0, attempt))
            changes += batch_changes
            done += len(batch)
            _logger.info("customer_archive tiers %s: %s/%s customers, %s changes",
                         self.company_id.name, done, len(ids), changes)
        if partners is None:
            self.sudo().write({"last_run_at": run_stamp, "last_run_count": len(ids), "last_run_changes": changes})
        return changes

    def _read_stored_results(self, partner_ids):
        """The stored tier state of a batch, read in one narrow query (an ORM read would
        load every stored column of res.partner)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT id, tier_id, tier_computed_id, tier_score, tier_breakdown,
                       tier_override_tier_id, tier_override_state, tier_override_expiry
                  FROM res_partner WHERE id = ANY(%s)
                """,
                list(partner_ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _recompute_batch(self, partner_ids, today, now, table=None):
        # The aggregates are read with SQL: pending ORM writes (orders, invoices) go first.
        self.env.flush_all()
        table = table or self._get_scoring_table(today)
        tiers = {tier.id: tier for tier in self.env["customer.archive.tier"].with_context(active_test=False).search([])}
        Tier = self.env["customer.archive.tier"]
        values = self._get_criterion_values(partner_ids, today, now)
        stored = self._read_stored_results(partner_ids)
        updates = []
        changed = []
        for partner_id in partner_ids:
            tier, score, breakdown = self._score(values[partner_id], today, table)
            (tier_id, computed_id, old_score, old_breakdown,
             override_id, override_state, override_expiry) = stored[partner_id]
            override = override_state == "approved" and override_id and (
                not override_expiry or override_expiry >= today)
            effective_id = override_id if override else tier.id
            old_breakdown = old_breakdown or {}
            same_result = (
                computed_id == tier.id
                and old_score == score
                and {k: v for k, v in old_breakdown.items() if k != "window"}
                == {k: v for k, v in breakdown.items() if k != "window"}
            )
            if not same_result or tier_id != effective_id:
                updates.append((partner_id, tier.id or None, score, json.dumps(breakdown), effective_id or None))
            if tier_id != effective_id:
                changed.append({
                    "partner": partner_id,
                    "old": tiers.get(tier_id, Tier),
                    "new": tiers.get(effective_id, Tier),
                    "score": score,
                    "breakdown": breakdown,
                    "source": "computed",
                    "company": self.company_id,
                })
        if updates:
            self._write_results(updates, now)
            self.env["res.partner"].invalidate_model(
                ["tier_computed_id", "tier_score", "tier_breakdown", "tier_id", "tier_computed_at"]
            )
        if changed:
            # One recordset, so that reading a partner (alerts) prefetches the whole batch.
            partners = self.env["res.partner"].sudo().browse([change["partner"] for change in changed])
            for change, partner in zip(changed, partners):
                change["partner"] = partner
            self.env["res.partner"]._record_tier_changes(changed, profile=self)
        return len(changed)

    def _write_results(self, updates, now):
        """One UPDATE for the whole batch (the ORM would issue one per distinct row)."""
        ids, tiers, scores, breakdowns, effective = zip(*updates)
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET tier_computed_id = v.tier, tier_score = v.score, tier_breakdown = v.breakdown::jsonb,
                       tier_id = v.effective, tier_computed_at = %(now)s
                  FROM (SELECT unnest(%(ids)s::int[]) AS id, unnest(%(tiers)s::int[]) AS tier,
                               unnest(%(scores)s::int[]) AS score, unnest(%(breakdowns)s::text[]) AS breakdown,
                               unnest(%(effective)s::int[]) AS effective) v
                 WHERE p.id = v.id
                """,
                now=now, ids=list(ids), tiers=list(tiers), scores=list(scores),
                breakdowns=list(breakdowns), effective=list(effective),
            ),
            # A concurrent update of an archive is expected (see _recompute): not logged here.
            log_exceptions=False,
        )

    # ------------------------------------------------------------------
    # Actions and scheduled action
    # ------------------------------------------------------------------
    def action_recompute_full(self):
        self.check_access("write")
        for profile in self:
            profile._recompute()
        return self._recompute_notification()

    def action_recompute_incremental(self):
        self.check_access("write")
        for profile in self:
            profile._recompute(incremental=True)
        return self._recompute_notification()

    def _recompute_notification(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s customers recomputed, %(changes)s tier changes.",
                             count=sum(self.mapped("last_run_count")),
                             changes=sum(self.mapped("last_run_changes"))),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_recompute_tiers(self):
        """Daily: expire manual overrides, then recompute every profile (incremental when a
        previous run exists), committing batch by batch."""
        self.env["res.partner"]._expire_tier_overrides()
        # Commit batch by batch, except under tests (Odoo's own crons do the same).
        commit = not getattr(threading.current_thread(), "testing", False)
        for profile in self.search([]):
            profile._recompute(incremental=bool(profile.last_run_at), commit=commit)

    @api.model
    def _get_profile(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)
