"""Churn (客户流失): the lost reason of an archive, the snapshot taken when it is lost (date, tier,
revenue of its last tier window) that the churn analysis groups, and the activities of the
lifecycle: a lost-reason request when the scheduled action marks an archive lost, a win-back
activity when an archive becomes dormant.

A user marks an archive lost with a reason (the "Mark Lost" wizard, or the status and the reason
together in the form or over RPC); a write that makes an archive lost without one is refused. An
archive created lost (imported) may come without its reason.
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from .customer_archive_markers import MERGE_IN_PROGRESS

# Context values only server code can set (objects: JSON-RPC cannot carry them).
# The daily lifecycle action is moving archives (no reason to give: an activity asks for one).
LIFECYCLE_RUN = object()
# The churn snapshot being written by this file.
CHURN_SNAPSHOT = object()

LOST_REASON_ACTIVITY = "customer_archive.mail_activity_type_lost_reason"
WIN_BACK_ACTIVITY = "customer_archive.mail_activity_type_win_back"

# Written when an archive is lost, by this file only.
CHURN_SNAPSHOT_FIELDS = {"lost_date", "lost_tier_id", "lost_revenue"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    lost_reason_id = fields.Many2one(
        "customer.archive.lost.reason",
        index=True,
        copy=False,
        tracking=True,
        ondelete="restrict",
        help="Why the customer was lost: required when the archive is marked lost.",
    )
    lost_date = fields.Date(string="Lost On", readonly=True, copy=False, index=True)
    lost_tier_id = fields.Many2one(
        "customer.archive.tier", string="Tier When Lost", readonly=True, copy=False
    )
    lost_revenue = fields.Monetary(
        string="Revenue Lost",
        currency_field="archive_currency_id",
        readonly=True,
        copy=False,
        help="Untaxed revenue (company currency) of the tier window that ended with the "
        "archive's last transaction before it was lost.",
    )

    # ------------------------------------------------------------------
    # CRUD: the reason is required, the snapshot is this file's
    # ------------------------------------------------------------------
    def _check_churn_fields_writable(self, vals):
        """The churn snapshot is taken when an archive is lost; a client may not write it."""
        if (
            self.env.su
            or self.env.context.get("customer_archive_churn") is CHURN_SNAPSHOT
            or self.env.context.get("customer_archive_merge") is MERGE_IN_PROGRESS
        ):
            return
        if any(vals[fname] for fname in CHURN_SNAPSHOT_FIELDS & set(vals)):
            raise AccessError(
                self.env._(
                    "The date, tier and revenue of a lost customer are recorded when the "
                    "archive is marked lost; they cannot be written directly."
                )
            )

    def _is_lifecycle_run(self):
        return self.env.context.get("customer_archive_lifecycle") is LIFECYCLE_RUN

    def _check_lost_reason(self, partners, vals):
        """Archives marked lost by a user need a reason, given with the status or already on
        the archive (a reason is cleared when an archive leaves the lost stage); the scheduled
        action asks for one instead."""
        if vals.get("lost_reason_id") or self._is_lifecycle_run():
            return
        missing = partners.filtered(lambda p: not p.lost_reason_id)
        if missing:
            raise UserError(
                self.env._(
                    "Give the reason why %(partner)s was lost: use Mark Lost, or choose a Lost "
                    "Reason together with the status.",
                    partner=missing[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """An archive created lost (an import of an older archive) records its snapshot; its
        reason may follow (the analysis shows it under no reason until then)."""
        for vals in vals_list:
            self._check_churn_fields_writable(vals)
        partners = super().create(vals_list)
        lost = partners.filtered(lambda p: p.is_customer_archive and p.archive_stage == "lost")
        if lost:
            lost._record_churn()
        return partners

    def write(self, vals):
        self._check_churn_fields_writable(vals)
        going_lost = going_dormant = leaving_lost = self.browse()
        if vals.get("archive_status_id"):
            stage = self.env["customer.archive.status"].browse(vals["archive_status_id"]).stage
            moving = self.filtered(
                lambda p: (
                    (p.is_customer_archive or vals.get("is_customer_archive"))
                    and p.archive_stage != stage
                )
            )
            if stage == "lost":
                going_lost = moving
                self._check_lost_reason(going_lost, vals)
            else:
                leaving_lost = moving.filtered(lambda p: p.archive_stage == "lost")
                if stage == "dormant":
                    going_dormant = moving
        res = super().write(vals)
        # Only the archives whose status did change (a change request may hold it back).
        going_lost = going_lost.filtered(lambda p: p.archive_stage == "lost")
        if going_lost:
            going_lost._record_churn()
        leaving_lost = leaving_lost.filtered(
            lambda p: p.archive_stage != "lost" and p.lost_reason_id
        )
        if leaving_lost:
            # Won back: the next loss needs its own reason.
            leaving_lost.write({"lost_reason_id": False})
        going_dormant = going_dormant.filtered(lambda p: p.archive_stage == "dormant")
        if going_dormant:
            going_dormant._schedule_win_back_activities()
        if vals.get("lost_reason_id"):
            # The reason asked for by the lifecycle's activity is given: the activity is done.
            self.filtered(lambda p: p.archive_stage == "lost").activity_feedback(
                [LOST_REASON_ACTIVITY]
            )
        return res

    @api.model
    def _cron_update_archive_lifecycle(self, batch_size=2000):
        return super(
            ResPartner, self.with_context(customer_archive_lifecycle=LIFECYCLE_RUN)
        )._cron_update_archive_lifecycle(batch_size=batch_size)

    # ------------------------------------------------------------------
    # The churn snapshot
    # ------------------------------------------------------------------
    def _record_churn(self):
        """Archives that just became lost: record the date, their tier and the revenue of their
        last tier window (one UPDATE for the batch); a reason given by the lifecycle's earlier
        loss is cleared when the scheduled action marks them lost again, and their salesperson
        is asked for one."""
        today = fields.Date.context_today(self)
        revenue = self._get_churn_revenue()
        self.flush_recordset(["tier_id", "lost_reason_id"])
        lifecycle = self._is_lifecycle_run()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET lost_date = %(today)s,
                       lost_tier_id = p.tier_id,
                       lost_revenue = v.revenue,
                       lost_reason_id = CASE WHEN %(clear)s THEN NULL ELSE p.lost_reason_id END
                  FROM unnest(%(ids)s::int[], %(revenues)s::numeric[]) AS v(id, revenue)
                 WHERE p.id = v.id
                """,
                today=today,
                clear=lifecycle,
                ids=self.ids,
                revenues=[revenue.get(pid, 0.0) for pid in self.ids],
            )
        )
        self.invalidate_recordset([*CHURN_SNAPSHOT_FIELDS, "lost_reason_id"])
        if lifecycle:
            self._schedule_lost_reason_activities()

    def _get_churn_revenue(self):
        """{archive id: untaxed revenue in company currency} over the tier window of the
        archive's company profile that ended with its last transaction (orders or invoices,
        the profile's revenue source); archives without a transaction have none. One grouped
        query per company."""
        last_dates = self._get_last_transaction_dates()
        Profile = self.env["customer.archive.tier.profile"].sudo()  # the profile is settings
        revenue = {}
        for company, partners in self.grouped(
            lambda p: p.archive_company_id or self.env.company
        ).items():
            profile = Profile._get_profile(company)
            months = profile.window_months or 12
            rows = [
                (pid, last_dates[pid] - relativedelta(months=months), last_dates[pid])
                for pid in partners.ids
                if last_dates.get(pid)
            ]
            if not rows:
                continue
            ids, starts, stops = zip(*rows, strict=True)
            if profile.revenue_source == "invoice":
                self.env["account.move"].flush_model(
                    [
                        "amount_untaxed_signed",
                        "commercial_partner_id",
                        "company_id",
                        "state",
                        "move_type",
                        "invoice_date",
                    ]
                )
                query = self._get_churn_invoice_revenue_query(company, ids, starts, stops)
            else:
                self.env["sale.order"].flush_model(
                    [
                        "amount_untaxed",
                        "currency_rate",
                        "partner_id",
                        "company_id",
                        "state",
                        "date_order",
                    ]
                )
                query = self._get_churn_order_revenue_query(company, ids, starts, stops)
            self.env.cr.execute(query)
            revenue.update((pid, float(amount or 0.0)) for pid, amount in self.env.cr.fetchall())
        return revenue

    @api.model
    def _get_churn_order_revenue_query(self, company, ids, starts, stops):
        """Confirmed orders of each window, untaxed, in company currency (extension point)."""
        return SQL(
            """
            SELECT w.id, SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
              FROM unnest(%(ids)s::int[], %(starts)s::timestamp[], %(stops)s::timestamp[])
                   AS w(id, start, stop)
              JOIN res_partner p ON p.commercial_partner_id = w.id
              JOIN sale_order so ON so.partner_id = p.id
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order >= w.start
               AND so.date_order < w.stop
             GROUP BY w.id
            """,
            ids=list(ids),
            starts=[datetime.combine(day, time.min) for day in starts],
            stops=[datetime.combine(day + timedelta(days=1), time.min) for day in stops],
            company=company.id,
        )

    @api.model
    def _get_churn_invoice_revenue_query(self, company, ids, starts, stops):
        """Posted invoices less credit notes of each window, untaxed, in company currency
        (extension point)."""
        return SQL(
            """
            SELECT w.id, SUM(m.amount_untaxed_signed)
              FROM unnest(%(ids)s::int[], %(starts)s::date[], %(stops)s::date[])
                   AS w(id, start, stop)
              JOIN account_move m ON m.commercial_partner_id = w.id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.company_id = %(company)s
               AND m.invoice_date >= w.start
               AND m.invoice_date <= w.stop
             GROUP BY w.id
            """,
            ids=list(ids),
            starts=list(starts),
            stops=list(stops),
            company=company.id,
        )

    # ------------------------------------------------------------------
    # Activities of the lifecycle
    # ------------------------------------------------------------------
    def _get_churn_activity_user(self):
        """Who is asked about a lost or dormant archive: its salesperson, else its keeper."""
        self.ensure_one()
        return (self.user_id or self.keeper_id).filtered("active")

    def _schedule_churn_activities(self, xmlid, prepare):
        """One activity of type ``xmlid`` per archive that has none open, for its salesperson,
        written in their language by ``prepare(partner, user_env)`` -> (summary, note)."""
        activity_type = self.env.ref(xmlid, raise_if_not_found=False)
        if not activity_type:
            return self.env["mail.activity"]
        Activity = self.env["mail.activity"].sudo()  # recipients other than the current user
        open_ids = set(
            Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        vals_list = []
        for partner in self:
            user = partner._get_churn_activity_user()
            if partner.id in open_ids or not user:
                continue
            user_env = user._get_lang_env(self.env)
            summary, note = prepare(partner.with_env(user_env), user_env)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": escape(note),
                    "user_id": user.id,
                    "automated": True,
                    "date_deadline": today + timedelta(days=activity_type.delay_count or 0),
                }
            )
        return Activity.with_context(mail_activity_quick_update=True).create(vals_list)

    def _schedule_lost_reason_activities(self):
        """The scheduled action marked these archives lost: ask their salesperson why."""

        def prepare(partner, env):
            return (
                env._("Why was this customer lost?"),
                env._(
                    "%(partner)s has been marked lost by the lifecycle rule on %(date)s. Record "
                    "the Lost Reason on the archive: the churn analysis counts it.",
                    partner=partner.display_name,
                    date=format_date(env, partner.lost_date),
                ),
            )

        return self._schedule_churn_activities(LOST_REASON_ACTIVITY, prepare)

    def _schedule_win_back_activities(self):
        """These archives just became dormant: ask their salesperson to win them back (once:
        not while a win-back activity is open)."""

        def prepare(partner, env):
            return (
                env._("Win back this customer"),
                env._(
                    "%(partner)s has become dormant: no confirmed order or posted invoice for "
                    "%(days)s days. Contact the customer before the archive is lost.",
                    partner=partner.display_name,
                    days=(partner.archive_company_id or self.env.company).archive_dormant_days,
                ),
            )

        return self._schedule_churn_activities(WIN_BACK_ACTIVITY, prepare)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_mark_lost(self):
        """The "Mark Lost" wizard for these archives."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark Lost"),
            "res_model": "customer.archive.mark.lost",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }
