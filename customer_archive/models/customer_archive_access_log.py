import logging

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL

from .customer_archive_access_log_chain import chain_pending
from .customer_archive_replica import on_replica, primary_env, written_on_primary

_logger = logging.getLogger(__name__)

ACCESS_EVENTS = [
    ("open", "Opened"),
    ("reveal", "Revealed a Field"),
    ("export", "Exported"),
    ("import", "Imported"),
    ("change", "Changed"),
    ("delete", "Deleted"),
    ("setting", "Setting Changed"),
    ("print_request", "Print Requested"),
    ("print_approve", "Print Approved"),
    ("print_reject", "Print Rejected"),
    ("print", "Printed"),
    ("print_return", "Printed Copy Returned"),
    ("print_destroy", "Printed Copy Destroyed"),
    ("share", "Shared"),
    ("unshare", "Share Revoked"),
    ("offboard", "Reassigned (Offboarding)"),
    ("anonymise", "Anonymised"),
    ("subject_export", "Personal Data Exported"),
    ("subject_request", "Data Subject Request"),
    ("consent", "Consent Recorded"),
    ("merge", "Merged"),
    ("duplicate_check", "Duplicate Check"),
    ("contact_use", "Contacted (Call, SMS, E-mail)"),
]

# Set by the hash chain only (SQL, see customer_archive_access_log_chain).
CHAIN_FIELDS = ("chain_seq", "prev_hash", "hash")
PENDING_KEY = "customer_archive.access_log_chain"
# Entries a read-only run of the current HTTP request wrote on the primary (see _create_entries).
WRITTEN_KEY = "customer.archive.access.log"


def _entry_signature(vals, partner_ids):
    return repr((sorted(vals.items()), list(partner_ids)))


class CustomerArchiveAccessLog(models.Model):
    """Access log (访问日志) of the customer archives: who opened, revealed, exported, printed,
    changed or shared which archives, when and from where. One entry per event, with the archives
    concerned (``partner_ids``; ``partner_id`` too when there is exactly one) and the number of
    records. Append-only: entries are written by the addon through :meth:`_log` only; nobody,
    managers included, can create, change or delete them through the UI or RPC. Each entry is
    a link of its company's hash chain (customer_archive_access_log_chain.py). The retention
    cron purges the oldest entries of a chain and keeps the hash of the last one purged."""

    _name = "customer.archive.access.log"
    _description = "Customer Archive Access Log"
    _order = "id desc"
    _rec_name = "event"

    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(
        "res.partner",
        string="Archive",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The archive of the entry when it concerns exactly one (see Archives otherwise).",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_archive_access_log_partner_rel",
        "log_id",
        "partner_id",
        string="Archives",
        readonly=True,
        help="Every archive the event concerns (an export or a print of several archives is "
        "one entry).",
    )
    partner_name = fields.Char(string="Archive Name", readonly=True)
    archive_id_list = fields.Text(
        string="Archive IDs",
        readonly=True,
        help="Ids of the archives as logged, covered by the hash: kept when an archive is "
        "deleted or merged.",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    event = fields.Selection(ACCESS_EVENTS, required=True, readonly=True, index=True)
    field_name = fields.Char(
        string="Fields", readonly=True, help="Technical names of the fields concerned."
    )
    reason = fields.Text(readonly=True)
    detail = fields.Text(readonly=True)
    record_count = fields.Integer(string="Records", readonly=True, default=1)
    ip_address = fields.Char(string="IP Address", readonly=True)
    create_date = fields.Datetime(string="Date", readonly=True, index=True)
    chain_seq = fields.Integer(
        string="Chain Position", readonly=True, copy=False, help="Position in the company's hash chain."
    )
    prev_hash = fields.Char(string="Previous Hash", readonly=True, copy=False)
    hash = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        (
            "chain_seq_uniq",
            "unique(company_id, chain_seq)",
            "Two access log entries cannot hold the same position in a chain.",
        ),
    ]

    def init(self):
        # The entries waiting to be chained (a handful at any time): found without a scan.
        tools.create_index(
            self.env.cr,
            "customer_archive_access_log_pending_idx",
            self._table,
            ["company_id"],
            where="chain_seq IS NULL",
        )

    # ------------------------------------------------------------------ writing
    @api.model
    def _get_request_ip(self):
        """The client IP of the current HTTP request, if any (cron and shell have none)."""
        try:
            return request.httprequest.remote_addr if request else False
        except RuntimeError:  # outside a request context
            return False

    @api.model
    def _prepare_log_vals(self, event, partners, company, **extra):
        """Values of one log entry for ``partners`` (the archives, any number) of ``company``;
        override to record more (e.g. a department)."""
        single = partners if len(partners) == 1 else partners.browse()
        return {
            "user_id": self.env.uid,
            "partner_id": single.id,
            # the stored full name (display_name would be computed again, in the hot path)
            "partner_name": (single.complete_name or single.name) if single else False,
            "archive_id_list": ",".join(str(pid) for pid in sorted(partners.ids)),
            "company_id": company.id,
            "event": event,
            "field_name": extra.get("field_name") or False,
            "reason": extra.get("reason") or False,
            "detail": extra.get("detail") or False,
            "record_count": extra.get("record_count") or len(partners) or 1,
            "ip_address": self._get_request_ip(),
        }

    @api.model
    def _group_by_log_company(self, partners, company=None):
        """``{company: partners}``: each company's chain gets its own entry."""
        if company:
            return {company: partners}
        if len(partners) <= 1:
            return {partners.company_id or self.env.company: partners}
        # One grouped query for the companies of the archives: iterating would load them into
        # the cache (an export of 100,000 archives: a gigabyte, then seconds per 100,000).
        ids_by_company = {}
        for company, ids in partners.with_context(active_test=False)._read_group(
            [("id", "in", partners.ids)], ["company_id"], ["id:array_agg"]
        ):
            ids_by_company.setdefault(company or self.env.company, []).extend(ids)
        if not ids_by_company:
            return {self.env.company: partners}
        return {company: partners.browse(ids) for company, ids in ids_by_company.items()}

    @api.model
    def _log(
        self,
        event,
        partners=None,
        field_name=None,
        reason=None,
        detail=None,
        record_count=None,
        company=None,
    ):
        """Append one entry for ``event`` on ``partners`` (the archives concerned, any number):
        one row with the list of archives and the number of records (``record_count``,
        default the number of archives). Archives of several companies give one entry per
        company (each company has its own chain); ``company`` forces it (settings). The only
        way entries are written."""
        # sudo: names and companies of the archives the user just acted on, for the entry.
        partners = (partners if partners is not None else self.env["res.partner"]).sudo()
        groups = self._group_by_log_company(partners, company)
        extra = {"field_name": field_name, "reason": reason, "detail": detail}
        vals_list = [
            self._prepare_log_vals(
                event,
                group,
                group_company,
                record_count=record_count if len(groups) == 1 else None,
                **extra,
            )
            for group_company, group in groups.items()
        ]
        return self._create_entries(vals_list, [group.ids for group in groups.values()])

    @api.model
    def _create_entries(self, vals_list, partner_ids_list):
        """Insert entries (``vals_list``, from :meth:`_prepare_log_vals`) and their archives
        (``partner_ids_list``, one list of ids per entry), then have them chained after the
        commit. One SQL statement for both tables: opening a form writes its entry on every
        call, and the ORM's create costs more than the rest of the log (benchmark ``audit``).
        Only the addon's own code calls this; ``create`` stays closed to clients."""
        if not vals_list:
            # sudo: empty, in the environment of the entries written below
            return self.sudo().browse()
        written = written_on_primary(WRITTEN_KEY)
        if on_replica(self.env):
            # A read-only request on the replica (reports, exports): the entries go to the
            # primary at once, through a cursor of their own, and the request keeps reading
            # from the replica. Remembered, in case the request is run again on the primary.
            with primary_env(self.env) as env:
                ids = self.with_env(env)._insert_entries(vals_list, partner_ids_list).ids
            for vals, partner_ids, entry_id in zip(vals_list, partner_ids_list, ids, strict=True):
                written.setdefault(_entry_signature(vals, partner_ids), []).append(entry_id)
            return self.sudo().browse(ids)  # sudo: no read right on the log
        # Odoo runs this request again on the primary after its read-only run wrote something
        # else: the entries that run wrote on the primary are not written twice.
        done_ids, todo = [], []
        for vals, partner_ids in zip(vals_list, partner_ids_list, strict=True):
            queue = written.get(_entry_signature(vals, partner_ids))
            if queue:
                done_ids.append(queue.pop(0))
            else:
                todo.append((vals, partner_ids))
        if not done_ids:
            return self._insert_entries(vals_list, partner_ids_list)
        entries = self.sudo().browse(done_ids)  # sudo: no read right on the log
        if todo:
            entries |= self._insert_entries([t[0] for t in todo], [t[1] for t in todo])
        return entries

    @api.model
    def _insert_entries(self, vals_list, partner_ids_list):
        """The INSERT of :meth:`_create_entries`, on the current cursor."""
        cr = self.env.cr
        now = cr.now()
        uid = self.env.uid
        # The entry's columns, converted as the ORM does (False -> NULL, ...).
        columns = sorted({fname for vals in vals_list for fname in vals})
        unknown = (set(columns) - set(self._fields)) | (set(columns) & set(CHAIN_FIELDS))
        if unknown:  # a programming error, not a user's: the chain fields are the chain's
            raise ValueError(f"customer.archive.access.log: cannot write {sorted(unknown)}")
        fields_ = [self._fields[fname] for fname in columns]
        rows = [
            SQL(
                "(%s)",
                SQL(", ").join(
                    [field.convert_to_column(vals.get(field.name), self) for field in fields_]
                    + [uid, now, uid, now]
                ),
            )
            for vals in vals_list
        ]
        # In index order: each archive's link checks its foreign key (a lock on the archive's
        # row), and an export links every archive of a list, 100,000 of them at full scale:
        # sorted, they touch each page of the partner table and of the indexes once (-20 %).
        # Sorted here, the ORDER BY below (which guarantees it) finds its input in order:
        # without this sort the export measured 0.2 to 0.5 s slower.
        numbers, partner_ids = [], []
        for number, ids in enumerate(partner_ids_list, start=1):
            numbers.extend([number] * len(ids))
            partner_ids.extend(sorted(ids))
        cr.execute(
            SQL(
                """WITH entries AS (
                       INSERT INTO %(log)s (%(columns)s, create_uid, create_date, write_uid, write_date)
                       VALUES %(rows)s RETURNING id
                   ), numbered AS (
                       SELECT id, row_number() OVER (ORDER BY id) AS n FROM entries
                   ), archives AS (
                       INSERT INTO customer_archive_access_log_partner_rel (log_id, partner_id)
                       SELECT numbered.id, a.partner_id
                         FROM unnest(%(numbers)s::int[], %(partners)s::int[]) AS a(n, partner_id)
                         JOIN numbered ON numbered.n = a.n
                        ORDER BY numbered.id, a.partner_id
                   )
                   SELECT id FROM entries ORDER BY id""",
                log=SQL.identifier(self._table),
                columns=SQL(", ").join(SQL.identifier(fname) for fname in columns),
                rows=SQL(", ").join(rows),
                numbers=numbers,
                partners=partner_ids,
            )
        )
        # Ids are drawn in the order of the VALUES: the n-th entry has the n-th id.
        entries = self.sudo().browse([row[0] for row in cr.fetchall()])  # sudo: no read right on the log

        self._schedule_chaining({vals["company_id"] for vals in vals_list if vals.get("company_id")})
        return entries

    @api.model
    def _schedule_chaining(self, company_ids=None):
        """Chain the entries of ``company_ids`` (default: of every company) right after this
        transaction commits (see the chain module)."""
        cr = self.env.cr
        pending = cr.postcommit.data.get(PENDING_KEY)
        if pending is None:
            pending = cr.postcommit.data[PENDING_KEY] = {"companies": set(), "all": False}
            registry = self.env.registry

            @cr.postcommit.add
            def chain_after_commit():
                companies = None if pending["all"] else sorted(pending["companies"])
                try:
                    with registry.cursor() as chain_cr:
                        # Before any query: the head locked below is read as last committed.
                        chain_cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
                        chain_pending(chain_cr, companies)
                except Exception:
                    _logger.exception(
                        "customer_archive: chaining the access log failed; the next entry or "
                        "the daily check chains the entries left"
                    )

        if company_ids is None:
            pending["all"] = True
        else:
            pending["companies"].update(company_ids)

    # Written by _create_entries only: closed to every client, the superuser included.
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        raise UserError(self.env._("The access log is written by the system only."))

    # Append-only: never calls super().
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The access log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The access log cannot be deleted; old entries are purged by the retention schedule."))

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(self.env._("The access log cannot be copied."))

    # ------------------------------------------------------------------ verification
    def action_verify_log(self):
        """*Verify Log* on the log list: the chains of the user's current companies."""
        return self.env["customer.archive.access.log.chain"].action_verify_log()

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_purge_access_log(self):
        """Delete the entries older than each company's retention period (0 = keep forever).

        A chain is purged from its start only: the entries up to the last one of the unbroken
        run of old entries (an entry chained late waits one more day). The company's chain keeps
        the position and hash of the last entry purged (its *anchor*), from which the remaining
        chain still verifies. One DELETE per company; the ORM's unlink is closed to everybody.
        """
        companies = self.env["res.company"].sudo().search([("archive_log_retention_days", ">", 0)])  # sudo: the schedule purges every company
        total = 0
        for company in companies:
            total += self._purge_company_chain(company)
        self.invalidate_model()
        self.env["customer.archive.access.log.chain"].invalidate_model()
        _logger.info("customer_archive: purged %d access log entries", total)
        return total

    @api.model
    def _purge_company_chain(self, company):
        """Purge the oldest entries of ``company``'s chain; return how many. The chain record
        (not the head that every new entry updates) keeps the anchor."""
        chain = self.env["customer.archive.access.log.chain"]._get_chains(company)
        if not chain:
            return 0  # nothing chained yet
        cr = self.env.cr
        self.flush_model()
        anchor_seq = chain.anchor_seq or 0
        cutoff = SQL(
            "(now() at time zone 'UTC') - make_interval(days => %s)",
            company.archive_log_retention_days,
        )
        cr.execute(
            SQL(
                """SELECT min(chain_seq) FROM customer_archive_access_log
                    WHERE company_id = %s AND chain_seq > %s AND create_date >= %s""",
                company.id,
                anchor_seq,
                cutoff,
            )
        )
        first_kept = cr.fetchone()[0]
        if first_kept is None:
            cr.execute(
                SQL(
                    "SELECT max(chain_seq) FROM customer_archive_access_log WHERE company_id = %s",
                    company.id,
                )
            )
            last_purged = cr.fetchone()[0] or 0
        else:
            last_purged = first_kept - 1
        if last_purged <= anchor_seq:
            return 0
        cr.execute(
            SQL(
                """SELECT hash, create_date FROM customer_archive_access_log
                    WHERE company_id = %s AND chain_seq = %s""",
                company.id,
                last_purged,
            )
        )
        row = cr.fetchone()
        if not row or not row[0]:
            _logger.warning(
                "customer_archive: access log of company %s has no entry at position %s: not "
                "purged (the daily verification reports it)",
                company.id,
                last_purged,
            )
            return 0
        cr.execute(
            SQL(
                """DELETE FROM customer_archive_access_log
                    WHERE company_id = %s AND chain_seq IS NOT NULL AND chain_seq <= %s""",
                company.id,
                last_purged,
            )
        )
        purged = cr.rowcount
        chain.write({"anchor_seq": last_purged, "anchor_hash": row[0], "anchor_date": row[1]})
        return purged
