"""The tier engine: scores a profile's archives batch by batch and stores the results.

Batch control (full, incremental or given archives; one advisory lock per company; batches
committed one by one by the scheduled action, computed again on a concurrent update), the
scoring of the criterion values (customer_archive_tier_criteria.py) into points, score and tier,
and one UPDATE per batch for the results; the history, notes and alerts of the changes are the
partner's side (res_partner_tier.py).
"""

import json
import logging
import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from time import sleep

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, create_index

from .customer_archive_tier_criteria import TierBatch
from .customer_archive_tier_criterion import points_for

_logger = logging.getLogger(__name__)

# Incremental runs look this far before the last run, for transactions still open then.
INCREMENTAL_MARGIN = timedelta(minutes=10)
# First key of the advisory lock that serialises tier recomputes per company.
TIER_LOCK_KEY = 7301
# A committed batch that meets a concurrent update (a user saving one of its archives) is
# computed again, at most this many times.
BATCH_TRIES = 5


class CustomerArchiveTierProfile(models.Model):
    _inherit = "customer.archive.tier.profile"

    # The day (``today`` in the run's time zone) the last full or incremental run scored with:
    # the recency, overdue and window criteria move only when the day moves, so an incremental
    # run on the same day looks only at the data changed since (_get_incremental_partner_ids).
    last_run_date = fields.Date(string="Last Recompute Day", readonly=True, copy=False)

    def init(self):
        # Indexes on sale_order and account_move, tables of sale and account: the incremental
        # recompute (_get_incremental_partner_ids) looks for the orders and invoices of a company
        # changed since its last run, by write_date, which stock Odoo does not index. Created
        # here, where the query that needs them lives; dropped by the uninstall hook.
        create_index(
            self.env.cr, "customer_archive_sale_order_write_date_idx", "sale_order", ["write_date"]
        )
        create_index(
            self.env.cr,
            "customer_archive_account_move_write_date_idx",
            "account_move",
            ["write_date"],
        )

    # ------------------------------------------------------------------
    # Criterion values of a batch
    # ------------------------------------------------------------------
    def _get_criterion_values(self, partner_ids, today, now, table=None):
        """{partner_id: {criterion: value or None}} for the batch; None means no data. Each
        criterion of the scoring table is computed once, for the whole batch."""
        table = table or self._get_scoring_table(today)
        batch = TierBatch(
            self, partner_ids, today, now, criteria=[key for key, _t, _c in table["criteria"]]
        )
        columns = [(key, compute(batch)) for key, _thresholds, compute in table["criteria"]]
        active = self._get_transaction_partner_ids(batch)
        return {
            partner_id: {
                **{key: column.get(partner_id) for key, column in columns},
                "_has_transactions": partner_id in active,
            }
            for partner_id in batch.ids
        }

    # ------------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------------
    def _lowest_tier(self):
        return self.band_ids.tier_id.sorted(lambda t: (t.sequence, t.id))[-1:]

    def _get_scoring_table(self, today):
        """The profile as plain Python values, read once per run: its criteria as (key,
        thresholds, batch method ``_compute_criterion_<key>``), its score bands, the lowest tier
        and the window."""
        start = self._get_window_start(today)
        lowest = self._lowest_tier()
        return {
            "criteria": [
                (
                    criterion.criterion,
                    criterion._get_threshold_table(),
                    getattr(self, "_compute_criterion_%s" % criterion.criterion),
                )
                for criterion in self.criterion_ids
            ],
            "bands": [(b.score_from, b.score_to, b.tier_id) for b in self.band_ids],
            "lowest": lowest,
            "window": [fields.Date.to_string(start), fields.Date.to_string(today)],
            # read once, not once per customer
            "codes": {tier.id: tier.code for tier in self.band_ids.tier_id | lowest},
            "profile": self.id,
        }

    def _score(self, values, today, table=None):
        """(tier, score, breakdown) for one customer's criterion values."""
        table = table or self._get_scoring_table(today)
        lines = []
        total = 0
        for key, thresholds, _compute in table["criteria"]:
            value = values.get(key)
            points, band = points_for(thresholds, value)
            total += points
            lines.append({"criterion": key, "value": value, "points": points, "band": band})
        no_transactions = not values.get("_has_transactions")
        tier = table["lowest"]
        if not no_transactions:
            tier = next((t for low, high, t in table["bands"] if low <= total <= high), tier)
        codes = table.get("codes") or {}
        breakdown = {
            "window": table["window"],
            "criteria": lines,
            "score": total,
            "tier": codes[tier.id] if tier.id in codes else tier.code,
            "no_transactions": no_transactions,
            "profile": table.get("profile") or self.id,
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
        invoices, and, when the day moved since the last run (``last_run_date``), orders and
        invoices that left the window, invoices that fell due, and last orders that crossed a
        recency threshold (those depend on the day only: none of them on the same day)."""
        since_day = since.date()
        # The day the stored results were scored with; unknown (a run before this field): a day
        # before the UTC day of the run, no time zone being more than a day behind UTC.
        then_day = self.last_run_date or since_day - relativedelta(days=1)
        day_from, day_to = min(then_day, today), max(then_day, today)
        day_moved = day_from != day_to
        start_then = self._get_window_start(day_from)
        start_now = self._get_window_start(day_to)
        recency_bounds = sorted(
            {
                int(bound)
                for threshold in self.criterion_ids.filtered(
                    lambda c: c.criterion == "recency_days"
                ).threshold_ids
                for bound in (
                    threshold.value_from,
                    threshold.value_to if threshold.has_upper_bound else None,
                )
                if bound is not None
            }
        )

        # A customer crosses a recency threshold b when its LAST order is b days old today but
        # was not at the previous run: last order day in [day_from - b, day_to - b] (a day of
        # slack each side for time zones). The same day: no one's recency changed.
        def recency_ranges(column):
            return (
                SQL(" OR ").join(
                    SQL(
                        "(%s >= %s AND %s < %s)",
                        column,
                        datetime.combine(day_from - relativedelta(days=b + 1), time.min),
                        column,
                        datetime.combine(day_to - relativedelta(days=b - 1), time.min),
                    )
                    for b in recency_bounds
                    if b > 0
                )
                if day_moved and any(b > 0 for b in recency_bounds)
                else SQL("FALSE")
            )

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
               AND m.invoice_date_due >= %(day_from)s AND m.invoice_date_due < %(day_to)s
            UNION
            SELECT p.id FROM res_partner p
             WHERE p.archive_company_id = %(company)s AND p.is_customer_archive
               AND p.tier_computed_id IS NULL
            UNION
            SELECT p.id FROM res_partner p
             WHERE p.archive_company_id = %(company)s AND p.is_customer_archive
               AND p.write_date >= %(since)s
            """,
            company=self.company_id.id,
            since=since,
            start_then=datetime.combine(start_then, time.min),
            start_now=datetime.combine(start_now, time.min),
            recency=recency_sql,
            start_then_d=start_then,
            start_now_d=start_now,
            day_from=day_from,
            day_to=day_to,
        )
        self.env.flush_all()
        # Every branch has its index. Right after a full run the statistics still say that
        # every archive is unscored (autovacuum refreshes them a minute later): the planner
        # would read the whole partner table for the few archives really unscored.
        with self._planner_settings(enable_seqscan="off"):
            self.env.cr.execute(query)
            contacts = [row[0] for row in self.env.cr.fetchall() if row[0]]
        if not contacts:
            return []
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT commercial_partner_id FROM res_partner WHERE id = ANY(%s)",
                contacts,
            )
        )
        candidates = [row[0] for row in self.env.cr.fetchall() if row[0]]
        return (
            self.env["res.partner"]
            .search(self._get_archive_domain() + [("id", "in", candidates)], order="id")
            .ids
        )

    @contextmanager
    def _planner_settings(self, **settings):
        """PostgreSQL's JIT off, and ``settings`` ({name: value}), for the statements of the
        block, then as they were: the grouped plans over a batch's orders and invoices cost
        enough to be JIT-compiled (about a tenth of a second each time), more than running
        them. After an error they stay until the transaction ends (a failed transaction takes
        no more statements)."""
        cr = self.env.cr
        settings = {"jit": "off", **settings}
        previous = {}
        for name, value in settings.items():
            cr.execute(
                SQL("SELECT current_setting(%s), set_config(%s, %s, true)", name, name, value)
            )
            previous[name] = cr.fetchone()[0]
        yield
        for name, value in previous.items():
            cr.execute(SQL("SELECT set_config(%s, %s, true)", name, value))

    def _lock(self):
        """Only one recompute per company at a time (across workers)."""
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", (TIER_LOCK_KEY, self.company_id.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "The tiers of %(company)s are being recomputed already; try again in a moment.",
                    company=self.company_id.name,
                )
            )

    def _lock_batch_rows(self, batch):
        """Lock the batch's archives first thing in its transaction: a user saving one of
        them meanwhile waits for the batch to commit (a second or so) instead of making the
        whole batch fail at its final UPDATE and compute again (under a steady stream of
        edits, five times in a row: the load test with a replica showed it). Only the rows
        changed in the few milliseconds before the lock still make the batch compute again."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                list(batch),
            ),
            log_exceptions=False,  # a concurrent update is retried (see _recompute)
        )

    def _recompute(self, partners=None, incremental=False, commit=False):
        """Recompute the tiers of this profile's archives: ``partners`` only, the archives
        changed since the last run (``incremental``), or all of them.

        With ``commit`` (scheduled action only), each batch is committed on its own: a batch
        is complete and idempotent, so a killed run leaves whole batches and the next run
        simply computes again. Returns the number of customers whose tier changed."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()  # every archive of the company is scored
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
                    self._lock_batch_rows(batch)
                    batch_changes = self._recompute_batch(batch, today, now, table)
                    if commit:
                        self.env["ir.cron"]._notify_progress(
                            done=done + len(batch), remaining=len(ids) - done - len(batch)
                        )
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
                    _logger.info(
                        "customer_archive tiers %s: concurrent update, batch computed again (%s/%s)",
                        self.company_id.name,
                        attempt,
                        BATCH_TRIES,
                    )
                    sleep(random.uniform(0, attempt))
            changes += batch_changes
            done += len(batch)
            _logger.info(
                "customer_archive tiers %s: %s/%s customers, %s changes",
                self.company_id.name,
                done,
                len(ids),
                changes,
            )
        if partners is None:
            self.sudo().write(  # the run's figures, whoever started it
                {
                    "last_run_at": run_stamp,
                    "last_run_date": today,
                    "last_run_count": len(ids),
                    "last_run_changes": changes,
                }
            )
        return changes

    def _read_stored_results(self, partner_ids):
        """The stored tier state of a batch, read in one narrow query (an ORM read would
        load every stored column of res.partner). Not the breakdown: whether it changed is
        decided by the UPDATE of :meth:`_write_results` (decoding it here took longer than
        the whole comparison in the database)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT id, tier_id, tier_override_tier_id, tier_override_state,
                       tier_override_expiry
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
        tiers = {
            tier.id: tier
            for tier in self.env["customer.archive.tier"].with_context(active_test=False).search([])
        }
        Tier = self.env["customer.archive.tier"]
        with self._planner_settings():
            values = self._get_criterion_values(partner_ids, today, now, table)
        stored = self._read_stored_results(partner_ids)
        updates = []
        changed = []
        for partner_id in partner_ids:
            tier, score, breakdown = self._score(values[partner_id], today, table)
            tier_id, override_id, override_state, override_expiry = stored[partner_id]
            override = (
                override_state == "approved"
                and override_id
                and (not override_expiry or override_expiry >= today)
            )
            effective_id = override_id if override else tier.id
            # serialized once, for the results and the history row
            breakdown_json = json.dumps(breakdown)
            updates.append(
                (partner_id, tier.id or None, score, breakdown_json, effective_id or None)
            )
            if tier_id != effective_id:
                changed.append(
                    {
                        "partner": partner_id,
                        "old": tiers.get(tier_id, Tier),
                        "new": tiers.get(effective_id, Tier),
                        "score": score,
                        "breakdown": breakdown,
                        "breakdown_json": breakdown_json,
                        "source": "computed",
                        "company": self.company_id,
                    }
                )
        if updates:
            self._write_results(updates, now)
            self.env["res.partner"].invalidate_model(
                ["tier_computed_id", "tier_score", "tier_breakdown", "tier_id", "tier_computed_at"]
            )
        if changed:
            # One recordset, so that reading a partner (alerts) prefetches the whole batch.
            ids = [change["partner"] for change in changed]
            partners = self.env["res.partner"].sudo().browse(ids)  # the engine's own batch
            for change, partner in zip(changed, partners):
                change["partner"] = partner
            self.env["res.partner"]._record_tier_changes(changed, profile=self)
        return len(changed)

    def _write_results(self, updates, now):
        """One UPDATE for the whole batch (the ORM would issue one per distinct row), of the
        rows whose result differs from the stored one: computed tier, score, effective tier or
        breakdown (its ``window`` aside: the dates move every day without changing anything).
        Unchanged rows keep their ``tier_computed_at`` and are not rewritten."""
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
                   AND (p.tier_computed_id IS DISTINCT FROM v.tier
                        OR p.tier_score IS DISTINCT FROM v.score
                        OR p.tier_id IS DISTINCT FROM v.effective
                        OR COALESCE(p.tier_breakdown, '{}'::jsonb) - 'window'
                           IS DISTINCT FROM v.breakdown::jsonb - 'window')
                """,
                now=now,
                ids=list(ids),
                tiers=list(tiers),
                scores=list(scores),
                breakdowns=list(breakdowns),
                effective=list(effective),
            ),
            # A concurrent update of an archive is expected (see _recompute): not logged here.
            log_exceptions=False,
        )
