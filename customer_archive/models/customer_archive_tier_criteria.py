"""The tier criteria: what each one measures for a whole batch of archives, and how it reads.

One registry, :meth:`~CustomerArchiveTierProfile._get_tier_criteria` (criterion -> unit), and one
method per criterion, ``_compute_criterion_<key>(batch)``, returning ``{partner_id: value}`` for
the archives of the batch (a missing id or None: no data, no points). The engine
(customer_archive_tier_engine.py) calls the methods of a profile's criteria once per batch; the
aggregates several criteria share (confirmed orders, posted invoices) are read by one grouped
query per batch, the first time a criterion asks for them (:class:`TierBatch`).

Adding a criterion to this addon: one line in ``CRITERIA`` (key, label, unit:
customer_archive_tier_criterion.py, the selection of the criterion field) and one
``_compute_criterion_<key>`` method here. Another addon adds the key with ``selection_add``, its
unit by extending ``_get_tier_criteria()``, and the method (README, "Extending the addon").
"""

from datetime import datetime, time
from functools import cached_property

from odoo import api, models
from odoo.tools import SQL, float_round, format_amount

from .customer_archive_tier_criterion import CRITERIA

# A commercial partner without confirmed orders / posted invoices, as the aggregates read it.
NO_ORDERS = (None, 0, None, None)
NO_INVOICES = (None, None, None, 0)


class TierBatch:
    """The archives of one batch and the dates of the run, with the ERP aggregates their
    criteria share, each read by one grouped query the first time a criterion asks for it."""

    def __init__(self, profile, partner_ids, today, now, criteria=None):
        self.profile = profile
        self.ids = list(partner_ids)
        self.today = today
        self.now = now
        self.window_start = profile._get_window_start(today)
        # The criteria keys of the run (None: unknown). With the average days to pay among them,
        # the posted invoices and their payments are read by one query (one pass over the
        # batch's invoices instead of two).
        self.criteria = set(criteria or ())

    @cached_property
    def orders(self):
        """{commercial partner id: (revenue, order count, last order, margin)}."""
        start = datetime.combine(self.window_start, time.min)
        return self.profile._get_order_aggregates(self.ids, start, self.now)

    @cached_property
    def invoices(self):
        """{commercial partner id: (invoiced, refunded, overdue, posted documents)}."""
        if "avg_payment_days" in self.criteria:
            invoices, payment_days = self.profile._get_invoice_aggregates_and_payment_days(
                self.ids, self.window_start, self.today
            )
            self.__dict__["payment_days"] = payment_days  # the cached value of payment_days
            return invoices
        return self.profile._get_invoice_aggregates(self.ids, self.window_start, self.today)

    @cached_property
    def payment_days(self):
        """{commercial partner id: average days to pay}."""
        if "avg_payment_days" in self.criteria:
            invoices = self.invoices  # reads both: payment_days is cached with them
            return self.__dict__["payment_days"] if invoices is not None else {}
        return self.profile._get_payment_days(self.ids, self.window_start)


class CustomerArchiveTierProfile(models.Model):
    _inherit = "customer.archive.tier.profile"

    # ------------------------------------------------------------------
    # Registry
    # ------------------------------------------------------------------
    @api.model
    def _get_tier_criteria(self):
        """The criteria the engine computes, ``{key: unit}``; each key has its method
        ``_compute_criterion_<key>(batch)``. Units: ``money``, ``percent``, ``days``, ``number``
        (:meth:`_format_criterion_value`). Extend to add a criterion."""
        return {key: unit for key, _label, unit in CRITERIA}

    @api.model
    def _format_criterion_value(self, criterion, value, currency):
        """A value of ``criterion`` as "Why this tier" shows it, by the criterion's unit."""
        if value is None:
            return self.env._("no data")
        unit = self._get_tier_criteria().get(criterion)
        if unit == "money":
            return format_amount(self.env, value, currency)
        if unit == "percent":
            return "%s %%" % value
        if unit == "days":
            return self.env._("%(days)s days", days=value)
        return str(value)

    # ------------------------------------------------------------------
    # Criteria, each for a whole batch
    # ------------------------------------------------------------------
    def _compute_criterion_revenue(self, batch):
        """Untaxed revenue of the window in company currency: confirmed orders, or posted
        invoices less credit notes (the profile's revenue source)."""
        if self.revenue_source == "order":
            orders = batch.orders
            return {
                pid: float_round(float(orders.get(pid, NO_ORDERS)[0] or 0.0), 2)
                for pid in batch.ids
            }
        invoices = batch.invoices
        revenue = {}
        for pid in batch.ids:
            invoiced, refunded, _overdue, _count = invoices.get(pid, NO_INVOICES)
            revenue[pid] = float_round(float(invoiced or 0.0) - float(refunded or 0.0), 2)
        return revenue

    def _compute_criterion_order_count(self, batch):
        """Confirmed orders in the window."""
        orders = batch.orders
        return {pid: orders.get(pid, NO_ORDERS)[1] or 0 for pid in batch.ids}

    def _compute_criterion_recency_days(self, batch):
        """Days since the last confirmed order (any time up to now)."""
        orders = batch.orders
        values = {}
        for pid in batch.ids:
            last = orders.get(pid, NO_ORDERS)[2]
            values[pid] = (batch.today - last.date()).days if last else None
        return values

    def _compute_criterion_avg_payment_days(self, batch):
        """Average days from invoice date to full payment of the paid invoices of the window."""
        days = batch.payment_days
        return {pid: float_round(float(days[pid]), 1) for pid in batch.ids if pid in days}

    def _compute_criterion_overdue_amount(self, batch):
        """Residual of the invoices due before today (company currency); no data for a customer
        that never had a posted invoice."""
        invoices = batch.invoices
        values = {}
        for pid in batch.ids:
            _invoiced, _refunded, overdue, count = invoices.get(pid, NO_INVOICES)
            values[pid] = float_round(float(overdue or 0.0), 2) if count else None
        return values

    def _compute_criterion_credit_note_ratio(self, batch):
        """Credit notes as a share of the invoices of the window, in %."""
        invoices = batch.invoices
        values = {}
        for pid in batch.ids:
            invoiced, refunded, _overdue, _count = invoices.get(pid, NO_INVOICES)
            invoiced, refunded = float(invoiced or 0.0), float(refunded or 0.0)
            values[pid] = float_round(100.0 * refunded / invoiced, 2) if invoiced else None
        return values

    def _compute_criterion_gross_margin(self, batch):
        """Margin of the window's confirmed orders as a share of their revenue, in % (no data
        unless ``sale_margin`` is installed)."""
        orders = batch.orders
        values = {}
        for pid in batch.ids:
            revenue, _count, _last, margin = orders.get(pid, NO_ORDERS)
            revenue = float(revenue or 0.0)
            values[pid] = (
                float_round(100.0 * float(margin) / revenue, 2)
                if margin is not None and revenue
                else None
            )
        return values

    def _get_transaction_partner_ids(self, batch):
        """The archives of the batch with a confirmed order or a posted invoice or credit note
        in the window (the others get the lowest tier)."""
        with_orders = {pid for pid, row in batch.orders.items() if row[1]}
        with_invoices = {pid for pid, row in batch.invoices.items() if row[0] or row[1]}
        return with_orders | with_invoices

    # ------------------------------------------------------------------
    # Aggregates from the ERP (one grouped query each per batch)
    # ------------------------------------------------------------------
    def _has_margin(self):
        return (
            "margin" in self.env["sale.order"]._fields
            and self.env["sale.order"]._fields["margin"].store
        )

    def _get_order_aggregates(self, partner_ids, start, now):
        """Per commercial partner: revenue, order count and margin in the window (company
        currency), and the date of the last confirmed order (any time up to now)."""
        rate = SQL("COALESCE(NULLIF(so.currency_rate, 0), 1)")
        margin = (
            SQL("SUM(so.margin / %s) FILTER (WHERE so.date_order >= %s)", rate, start)
            if self._has_margin()
            else SQL("NULL::numeric")
        )
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
            rate=rate,
            start=start,
            margin=margin,
            company=self.company_id.id,
            now=now,
            ids=list(partner_ids),
        )
        self.env.cr.execute(query)
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _get_paid_invoice_condition(self, start):
        """The condition on the invoice ``m`` of the days to pay: a customer invoice of the
        window (dated from ``start``), paid."""
        return SQL(
            "m.move_type = 'out_invoice' AND m.payment_state IN ('paid', 'in_payment')"
            " AND m.invoice_date >= %s",
            start,
        )

    def _get_paid_date_join(self, start):
        """The lateral join ``paid`` giving each invoice ``m`` its ``paid_date``: the date of
        the last reconciliation of its payment-term lines (the day it was fully paid), for the
        invoices of :meth:`_get_paid_invoice_condition` only (NULL for the others). The one
        place the payment date is looked up: both :meth:`_get_payment_days` and
        :meth:`_get_invoice_aggregates_query` join it."""
        return SQL(
            """
              LEFT JOIN LATERAL (
                    SELECT MAX(apr.max_date) AS paid_date
                      FROM account_move_line l
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
                     WHERE l.move_id = m.id AND l.display_type = 'payment_term'
                       AND %s
                   ) paid ON true""",
            self._get_paid_invoice_condition(start),
        )

    def _get_invoice_aggregates_query(self, partner_ids, start, today, payment_days=False):
        """The grouped query over the batch's posted invoices and refunds: per commercial
        partner, invoiced and refunded untaxed amounts in the window, the overdue residual
        today (company currency), the number of posted documents and, with ``payment_days``,
        the average days to pay of the window's paid invoices (their payment date looked up
        for those only: one pass over the invoices for both)."""
        paid_column, paid_join = SQL(), SQL()
        if payment_days:
            paid_column = SQL(", AVG(paid.paid_date - m.invoice_date)")
            paid_join = self._get_paid_date_join(start)
        return SQL(
            """
            SELECT p.commercial_partner_id,
                   SUM(m.amount_untaxed_signed) FILTER (
                       WHERE m.move_type = 'out_invoice' AND m.invoice_date >= %(start)s),
                   -SUM(m.amount_untaxed_signed) FILTER (
                       WHERE m.move_type = 'out_refund' AND m.invoice_date >= %(start)s),
                   SUM(m.amount_residual_signed) FILTER (
                       WHERE m.move_type = 'out_invoice' AND m.invoice_date_due < %(today)s
                         AND m.payment_state NOT IN ('paid', 'in_payment', 'reversed')),
                   COUNT(*)%(paid_column)s
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id%(paid_join)s
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.company_id = %(company)s
               AND p.commercial_partner_id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            start=start,
            today=today,
            paid_column=paid_column,
            paid_join=paid_join,
            company=self.company_id.id,
            ids=list(partner_ids),
        )

    def _get_invoice_aggregates(self, partner_ids, start, today):
        """Per commercial partner: invoiced and refunded untaxed amounts in the window, the
        overdue residual today (company currency) and the number of posted documents."""
        self.env.cr.execute(self._get_invoice_aggregates_query(partner_ids, start, today))
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _get_invoice_aggregates_and_payment_days(self, partner_ids, start, today):
        """(:meth:`_get_invoice_aggregates`, :meth:`_get_payment_days`) read by one query (see
        :meth:`_get_invoice_aggregates_query`). Override it with either of them."""
        self.env.cr.execute(
            self._get_invoice_aggregates_query(partner_ids, start, today, payment_days=True)
        )
        invoices = {}
        payment_days = {}
        for partner_id, invoiced, refunded, overdue, count, days in self.env.cr.fetchall():
            invoices[partner_id] = (invoiced, refunded, overdue, count)
            if days is not None:
                payment_days[partner_id] = days
        return invoices, payment_days

    def _get_payment_days(self, partner_ids, start):
        """Per commercial partner: average days between invoice date and full payment of the
        paid invoices of the window."""
        query = SQL(
            """
            SELECT p.commercial_partner_id, AVG(paid.paid_date - m.invoice_date)
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id%(paid_join)s
             WHERE m.state = 'posted'
               AND %(paid_invoice)s
               AND paid.paid_date IS NOT NULL
               AND m.company_id = %(company)s
               AND p.commercial_partner_id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            paid_join=self._get_paid_date_join(start),
            paid_invoice=self._get_paid_invoice_condition(start),
            company=self.company_id.id,
            ids=list(partner_ids),
        )
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())
