"""Hash chain of the access log (访问日志防篡改链): one chain per company.

Each entry of ``customer.archive.access.log`` carries ``chain_seq`` (its position in its company's
chain, from 1), ``prev_hash`` (the hash of the entry before it) and ``hash``:

    hash = sha256(canonical JSON of the entry's logged fields and prev_hash), hex

The canonical serialisation (version 1), fixed and documented so that anyone can recompute it:
a JSON object with exactly the keys below, keys sorted, separators ``,`` and ``:``, no whitespace,
non-ASCII characters as is (``ensure_ascii=False``), encoded in UTF-8; SQL NULL is ``null``::

    v            1
    id           the entry's database id (integer)
    company_id   integer
    seq          chain_seq (integer)
    date         create_date in UTC, "YYYY-MM-DD HH:MM:SS.ffffff"
    user_id      integer or null
    event        the event key, e.g. "export"
    archives     archive_id_list: the ids of the archives of the event, ascending, joined by ","
    record_count integer
    field_name   text or null
    reason       text or null
    detail       text or null
    ip_address   text or null
    prev         prev_hash (64 hex digits; the first entry of a chain uses 64 zeros)

Not covered: ``partner_name`` (a copy of the name for display, rewritten by the PIPL
anonymisation) and the links ``partner_id`` / ``partner_ids`` (navigation: a deleted archive
empties them, Odoo's merge re-points them); ``archives`` is the evidence of which archives.

Appending: ``_log`` inserts entries without a position; right after the transaction commits, a
post-commit hook chains them in a short transaction of its own, in READ COMMITTED isolation, that
first locks the company's chain head row (``SELECT ... FOR UPDATE`` on
``customer_archive_access_log_head``). Two transactions appending at once therefore queue on
that row: the second reads the head the first one wrote, never the same head, so the chain
cannot fork (``UNIQUE(company_id, chain_seq)`` would refuse a fork anyway). The lock is held for
the few milliseconds of the chaining, not for the user's transaction, and Odoo's own
REPEATABLE READ transactions never update the head (which would make concurrent form openings
fail with serialisation errors and be retried). Entries left unchained by a crash are chained by
the next append or the daily check.

Checking: :meth:`CustomerArchiveAccessLogChain._verify_chains` walks each chain from its anchor
(the hash of the last entry purged by the retention schedule) and reports the first broken link:
a missing position (a deleted entry), a ``prev_hash`` that is not the hash before it, a content
that does not give its hash (a changed entry), a head that is not the last entry (entries deleted
at the end), and every anchor written outside the database (a line ``<date> <database uuid>
<company id> <seq> <hash>`` in ``<data_dir>/customer_archive_anchor/<db>.log``, also posted to the
archive managers) whose entry has another hash (a chain rewritten and recomputed).
"""

import hashlib
import json
import logging
import os

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, config

from .res_users_archive_role import GROUP_MANAGER

_logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
CHAIN_VERSION = 1
LOG_TABLE = "customer_archive_access_log"
CHAIN_TABLE = "customer_archive_access_log_chain"
HEAD_TABLE = "customer_archive_access_log_head"
# The columns of an entry the hash covers (read with SQL, in this order).
HASHED_COLUMNS = (
    "id",
    "company_id",
    "chain_seq",
    "create_date",
    "user_id",
    "event",
    "archive_id_list",
    "record_count",
    "field_name",
    "reason",
    "detail",
    "ip_address",
)
VERIFY_BATCH = 5000
ANCHOR_DIRECTORY = "customer_archive_anchor"


# ----------------------------------------------------------------------------------------------
# Hashing (pure functions on rows read with SQL)
# ----------------------------------------------------------------------------------------------
def canonical_payload(row, prev_hash):
    """The bytes hashed for one entry (see the module docstring)."""
    date = row["create_date"]
    payload = {
        "v": CHAIN_VERSION,
        "id": row["id"],
        "company_id": row["company_id"],
        "seq": row["chain_seq"],
        "date": date.strftime("%Y-%m-%d %H:%M:%S.%f") if date else None,
        "user_id": row["user_id"],
        "event": row["event"],
        "archives": row["archive_id_list"],
        "record_count": row["record_count"],
        "field_name": row["field_name"],
        "reason": row["reason"],
        "detail": row["detail"],
        "ip_address": row["ip_address"],
        "prev": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(row, prev_hash):
    return hashlib.sha256(canonical_payload(row, prev_hash)).hexdigest()


HASHED_SELECT = SQL(", ").join(SQL.identifier(column) for column in HASHED_COLUMNS)


def _hashed_select():
    return HASHED_SELECT


def lock_head(cr, company_id):
    """Lock the company's chain head row (created when missing); return (head_seq, head_hash)."""
    query = SQL(
        "SELECT seq, hash FROM %s WHERE company_id = %s FOR UPDATE",
        SQL.identifier(HEAD_TABLE),
        company_id,
    )
    cr.execute(query)
    row = cr.fetchone()
    if row is None:
        # The company's first entry: its head, and its chain record (listed under Access Log
        # Integrity from now on).
        cr.execute(
            SQL(
                """INSERT INTO %s (company_id, seq, hash) VALUES (%s, 0, %s)
                   ON CONFLICT (company_id) DO NOTHING;
                   INSERT INTO %s (company_id, anchor_seq, anchor_hash, anchor_count,
                                   create_uid, write_uid, create_date, write_date)
                   VALUES (%s, 0, %s, 0, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC')
                   ON CONFLICT (company_id) DO NOTHING""",
                SQL.identifier(HEAD_TABLE),
                company_id,
                GENESIS_HASH,
                SQL.identifier(CHAIN_TABLE),
                company_id,
                GENESIS_HASH,
            )
        )
        cr.execute(query)
        row = cr.fetchone()
    return row[0] or 0, row[1] or GENESIS_HASH


def read_purge_anchor(cr, company_id):
    """(position, hash) of the last entry purged by the retention schedule, or (0, genesis)."""
    cr.execute(
        SQL(
            "SELECT anchor_seq, anchor_hash FROM %s WHERE company_id = %s",
            SQL.identifier(CHAIN_TABLE),
            company_id,
        )
    )
    row = cr.fetchone()
    return (row[0] or 0, row[1] or GENESIS_HASH) if row else (0, GENESIS_HASH)


def _append(cr, company_id, rows, head_seq, head_hash):
    """Give ``rows`` (dicts of HASHED_COLUMNS, in chain order) the next positions after the
    head; write them and the new head. Return the new (head_seq, head_hash)."""
    ids, seqs, prevs, hashes = [], [], [], []
    for row in rows:
        head_seq += 1
        row["chain_seq"] = head_seq
        digest = entry_hash(row, head_hash)
        ids.append(row["id"])
        seqs.append(head_seq)
        prevs.append(head_hash)
        hashes.append(digest)
        head_hash = digest
    # One statement: the entries (a data-modifying CTE) and the head.
    cr.execute(
        SQL(
            """WITH entries AS (
                   UPDATE %s log SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
                     FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[])
                          AS v(id, seq, prev, hash)
                    WHERE log.id = v.id
               )
               UPDATE %s SET seq = %s, hash = %s, date = now() at time zone 'UTC'
                WHERE company_id = %s""",
            SQL.identifier(LOG_TABLE),
            ids,
            seqs,
            prevs,
            hashes,
            SQL.identifier(HEAD_TABLE),
            head_seq,
            head_hash,
            company_id,
        )
    )
    return head_seq, head_hash


def chain_pending(cr, company_ids=None):
    """Chain the entries not chained yet (``chain_seq IS NULL``) of ``company_ids`` (default:
    every company with such entries), per company in id order, under the lock of each
    company's head row (companies locked in ascending order: two chainers never wait on each
    other crosswise). Return the number of entries chained."""
    if company_ids is None:
        cr.execute(
            SQL(
                """SELECT DISTINCT company_id FROM %s
                    WHERE chain_seq IS NULL AND company_id IS NOT NULL ORDER BY 1""",
                SQL.identifier(LOG_TABLE),
            )
        )
        company_ids = [row[0] for row in cr.fetchall()]
    total = 0
    for company_id in sorted(set(company_ids)):
        # One round trip: lock the head, then read the pending entries (an entry another
        # chainer chained while this one waited is re-checked by FOR UPDATE and left out).
        query = SQL(
            """SELECT head.seq AS head_seq, head.hash AS head_hash, entry.*
                 FROM (SELECT seq, hash FROM %(head)s WHERE company_id = %(company)s
                        FOR UPDATE) head
                 LEFT JOIN LATERAL (
                       SELECT %(columns)s FROM %(log)s
                        WHERE company_id = %(company)s AND chain_seq IS NULL
                        ORDER BY id FOR UPDATE) entry ON TRUE
                ORDER BY entry.id""",
            head=SQL.identifier(HEAD_TABLE),
            log=SQL.identifier(LOG_TABLE),
            columns=_hashed_select(),
            company=company_id,
        )
        cr.execute(query)
        rows = cr.dictfetchall()
        if not rows:  # no head yet: create it, then lock it
            lock_head(cr, company_id)
            cr.execute(query)
            rows = cr.dictfetchall()
        head_seq, head_hash = rows[0]["head_seq"] or 0, rows[0]["head_hash"] or GENESIS_HASH
        entries = [row for row in rows if row["id"] is not None]
        if entries:
            _append(cr, company_id, entries, head_seq, head_hash)
            total += len(entries)
    return total


def rebuild_chain(cr, company_ids=None):
    """Recompute positions and hashes of every entry after each company's anchor, in their
    current order (chained entries by position, then the others by id). For the migration of
    entries written before the chain existed; it also is exactly what a rewrite of the log
    needs, which is why the anchors outside the database exist. Return the entries chained."""
    where = SQL("company_id IS NOT NULL")
    if company_ids:
        where = SQL("%s AND company_id = ANY(%s)", where, list(company_ids))
    cr.execute(
        SQL(
            "SELECT DISTINCT company_id FROM %s WHERE %s ORDER BY 1",
            SQL.identifier(LOG_TABLE),
            where,
        )
    )
    total = 0
    for (company_id,) in cr.fetchall():
        lock_head(cr, company_id)
        anchor_seq, anchor_hash = read_purge_anchor(cr, company_id)
        cr.execute(
            SQL(
                """SELECT %s FROM %s
                    WHERE company_id = %s AND (chain_seq IS NULL OR chain_seq > %s)
                    ORDER BY chain_seq NULLS LAST, id""",
                _hashed_select(),
                SQL.identifier(LOG_TABLE),
                company_id,
                anchor_seq,
            )
        )
        rows = cr.dictfetchall()
        # Positions are unique per company: clear them before giving them again.
        cr.execute(
            SQL(
                "UPDATE %s SET chain_seq = NULL, prev_hash = NULL, hash = NULL WHERE id = ANY(%s)",
                SQL.identifier(LOG_TABLE),
                [row["id"] for row in rows],
            )
        )
        _append(cr, company_id, rows, anchor_seq, anchor_hash)
        total += len(rows)
    return total


# ----------------------------------------------------------------------------------------------
# Anchors outside the database
# ----------------------------------------------------------------------------------------------
def anchor_file_path(dbname, directory=None):
    directory = directory or os.path.join(config["data_dir"], ANCHOR_DIRECTORY)
    return os.path.join(directory, f"{dbname}.log")


def read_anchors(path, db_uuid):
    """Anchors of this database in the file: ``{company_id: [(date, seq, hash), ...]}`` and the
    numbers of the lines that cannot be read."""
    anchors, damaged = {}, []
    if not os.path.exists(path):
        return anchors, damaged
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").split("\t")
            if not line.strip():
                continue
            if (
                len(parts) != 5
                or len(parts[4]) != 64
                or not parts[2].isdigit()
                or not parts[3].isdigit()
            ):
                damaged.append(number)
                continue
            date, uuid, company_id, seq, digest = parts
            if uuid != db_uuid:
                continue  # a former database of the same name
            anchors.setdefault(int(company_id), []).append((date, int(seq), digest))
    return anchors, damaged


def append_anchors(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())


class CustomerArchiveAccessLogChain(models.Model):
    """One row per company: the anchor left by the retention purge, the anchors written outside
    the database and the result of the last verification, with the head of the chain (kept on
    ``customer.archive.access.log.head``) shown. Written by the system only."""

    _name = "customer.archive.access.log.chain"
    _inherit = ["mail.thread"]
    _description = "Customer Archive Access Log Chain"
    _order = "company_id"
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    head_seq = fields.Integer(string="Entries Chained", compute="_compute_head")
    head_hash = fields.Char(compute="_compute_head")
    head_date = fields.Datetime(string="Last Chained", compute="_compute_head")
    anchor_seq = fields.Integer(
        string="Purged up to Entry",
        readonly=True,
        help="The retention schedule purged the entries up to this position; the chain goes on "
        "from the hash of that entry.",
    )
    anchor_hash = fields.Char(string="Hash of the Last Purged Entry", readonly=True)
    anchor_date = fields.Datetime(string="Last Purged Entry Date", readonly=True)
    anchor_count = fields.Integer(
        string="Anchors Written",
        readonly=True,
        help="Number of daily anchors written to the anchor file outside the database.",
    )
    last_anchor_date = fields.Datetime(string="Last Anchored", readonly=True)
    last_check_date = fields.Datetime(string="Last Verified", readonly=True)
    last_check_state = fields.Selection(
        [("ok", "Intact"), ("broken", "Broken")], string="Verification", readonly=True
    )
    last_check_message = fields.Text(string="Verification Result", readonly=True)
    broken_log_id = fields.Integer(string="First Broken Entry", readonly=True)
    broken_date = fields.Datetime(string="Date of the First Broken Entry", readonly=True)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A company has one access log chain."),
    ]

    def _compute_head(self):
        Head = self.env["customer.archive.access.log.head"].sudo()  # sudo: shown with the chain
        heads = Head.search([("company_id", "in", self.company_id.ids)])
        by_company = {head.company_id.id: head for head in heads}
        for chain in self:
            head = by_company.get(chain.company_id.id)
            chain.head_seq = head.seq if head else 0
            chain.head_hash = head.hash if head else GENESIS_HASH
            chain.head_date = head.date if head else False

    @api.model
    def _get_chains(self, companies=None):
        """The chain records (sudo) of ``companies`` (default: every company), created for the
        companies that have chained entries or a head but no chain record yet (a head or a
        record deleted in SQL does not take a company out of the verification)."""
        Chain = self.sudo()  # sudo: system records; callers check the rights
        Head = self.env["customer.archive.access.log.head"].sudo()  # sudo: system records
        domain = [("company_id", "in", companies.ids)] if companies is not None else []
        chains = Chain.search(domain)
        self.env["customer.archive.access.log"].flush_model(["company_id", "chain_seq"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT company_id FROM %s
                    WHERE chain_seq IS NOT NULL AND company_id IS NOT NULL""",
                SQL.identifier(LOG_TABLE),
            )
        )
        company_ids = {row[0] for row in self.env.cr.fetchall()}
        company_ids.update(Head.search(domain).company_id.ids)
        if companies is not None:
            company_ids &= set(companies.ids)
        missing = company_ids - set(chains.company_id.ids)
        if missing:
            chains |= Chain.create([{"company_id": company_id} for company_id in sorted(missing)])
        return chains

    def _read_head(self):
        """(position, hash) of the head as this transaction sees it (SQL, no cache)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT seq, hash FROM %s WHERE company_id = %s",
                SQL.identifier(HEAD_TABLE),
                self.company_id.id,
            )
        )
        row = self.env.cr.fetchone()
        return (row[0] or 0, row[1] or GENESIS_HASH) if row else (0, GENESIS_HASH)

    # ------------------------------------------------------------------ chaining
    @api.model
    def _chain_pending(self, company_ids=None):
        """Chain the pending entries in the current transaction (tests, the daily check, the
        Verify button; requests chain theirs after commit, see the module docstring)."""
        self.env["customer.archive.access.log"].flush_model()
        count = chain_pending(self.env.cr, company_ids)
        if count:
            self.env["customer.archive.access.log"].invalidate_model(
                ["chain_seq", "prev_hash", "hash"]
            )
        self.invalidate_model()
        return count

    @api.model
    def _chain_pending_safely(self):
        """As :meth:`_chain_pending`, but a concurrent chaining (serialisation failure or lock
        in this REPEATABLE READ transaction) leaves the entries for the next one."""
        try:
            with self.env.cr.savepoint():
                return self._chain_pending()
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
            _logger.info("customer_archive: access log chained concurrently, skipped here")
            return 0

    # ------------------------------------------------------------------ verification
    @api.model
    def _get_database_uuid(self):
        Params = self.env["ir.config_parameter"].sudo()  # sudo: a system parameter, read only
        return Params.get_param("database.uuid") or ""

    @api.model
    def _get_anchor_path(self, directory=None):
        return anchor_file_path(self.env.cr.dbname, directory)

    def _verify_one(self, anchors, damaged_lines, path):
        """Walk this company's chain; return the result dict (see :meth:`_verify_chains`)."""
        self.ensure_one()
        cr = self.env.cr
        company_id = self.company_id.id
        prev = self.anchor_hash or GENESIS_HASH
        expected = (self.anchor_seq or 0) + 1
        by_seq = {}
        for date, seq, digest in anchors:
            by_seq.setdefault(seq, []).append((date, digest))
        result = {
            "company_id": company_id,
            "ok": True,
            "checked": 0,
            "log_id": False,
            "date": False,
        }

        def broken(row, reason):
            result.update(
                ok=False,
                log_id=row["id"] if row else False,
                reason=reason,
                date=row["create_date"] if row else False,
                seq=row["chain_seq"] if row else expected,
            )
            return result

        if damaged_lines:
            broken(
                None,
                self.env._(
                    "the anchor file has lines that cannot be read (lines %(lines)s)",
                    lines=", ".join(map(str, damaged_lines[:10])),
                ),
            )
            return result
        if (self.anchor_count or 0) > len(anchors):
            broken(
                None,
                self.env._(
                    "%(written)s anchors were written outside the database, %(found)s are left in "
                    "the anchor file %(path)s",
                    written=self.anchor_count,
                    found=len(anchors),
                    path=path,
                ),
            )
            return result
        if self.anchor_seq and self.anchor_seq in by_seq:
            for date, digest in by_seq[self.anchor_seq]:
                if digest != self.anchor_hash:
                    broken(
                        None,
                        self.env._(
                            "the last purged entry (position %(seq)s) differs from the anchor of %(date)s",
                            seq=self.anchor_seq,
                            date=date,
                        ),
                    )
                    return result
        last = None
        after = (self.anchor_seq or 0, 0)
        while True:
            cr.execute(
                SQL(
                    """SELECT %s, prev_hash, hash FROM %s
                    WHERE company_id = %s AND chain_seq IS NOT NULL AND (chain_seq, id) > (%s, %s)
                    ORDER BY chain_seq, id LIMIT %s""",
                    _hashed_select(),
                    SQL.identifier(LOG_TABLE),
                    company_id,
                    after[0],
                    after[1],
                    VERIFY_BATCH,
                )
            )
            rows = cr.dictfetchall()
            if not rows:
                break
            for row in rows:
                if row["chain_seq"] != expected:
                    return broken(
                        row,
                        self.env._(
                            "the entry at position %(seq)s is missing (deleted) before this entry",
                            seq=expected,
                        )
                        if row["chain_seq"] > expected
                        else self.env._(
                            "position %(seq)s appears twice (an entry was added)",
                            seq=row["chain_seq"],
                        ),
                    )
                if row["prev_hash"] != prev:
                    return broken(
                        row,
                        self.env._(
                            "its link to the previous entry does not match (an entry before it was "
                            "replaced or removed)"
                        ),
                    )
                if entry_hash(row, prev) != row["hash"]:
                    return broken(row, self.env._("its content was changed after it was logged"))
                for date, digest in by_seq.get(expected, ()):
                    if digest != row["hash"]:
                        return broken(
                            row,
                            self.env._(
                                "it differs from the anchor of %(date)s kept outside the database "
                                "(the log was rewritten up to here)",
                                date=date,
                            ),
                        )
                prev = row["hash"]
                expected += 1
                last = row
                result["checked"] += 1
            after = (rows[-1]["chain_seq"], rows[-1]["id"])
        head_seq, head_hash = self._read_head()
        if head_seq != expected - 1 or head_hash != prev:
            return broken(
                last,
                self.env._(
                    "the chain ends at position %(end)s but its head says %(head)s: entries after "
                    "this one were deleted",
                    end=expected - 1,
                    head=head_seq,
                ),
            )
        beyond = sorted(seq for seq in by_seq if seq > expected - 1)
        if beyond:
            date, _digest = by_seq[beyond[0]][0]
            return broken(
                last,
                self.env._(
                    "the anchor of %(date)s names position %(seq)s, the log ends at %(end)s: "
                    "entries after this one were deleted",
                    date=date,
                    seq=beyond[0],
                    end=expected - 1,
                ),
            )
        return result

    @api.model
    def _verify_chains(self, companies=None, directory=None):
        """Verify the chains of ``companies`` (default: all); return one result per company:
        ``{"company_id", "ok", "checked", "log_id", "date", "seq", "reason"}`` where
        ``log_id``/``date`` name the first broken link (False when the file is at fault)."""
        self.env["customer.archive.access.log"].flush_model()
        chains = self._get_chains(companies)
        path = self._get_anchor_path(directory)
        anchors, damaged = read_anchors(path, self._get_database_uuid())
        results = [
            chain._verify_one(anchors.get(chain.company_id.id, []), damaged, path)
            for chain in chains
        ]
        now = fields.Datetime.now()
        for chain, result in zip(chains, results, strict=True):
            chain.write(
                {
                    "last_check_date": now,
                    "last_check_state": "ok" if result["ok"] else "broken",
                    "last_check_message": self._describe_result(chain.company_id, result),
                    "broken_log_id": result["log_id"] or 0,
                    "broken_date": result["date"] or False,
                }
            )
        return results

    @api.model
    def _describe_result(self, company, result):
        if result["ok"]:
            return self.env._(
                "The access log of %(company)s is intact: %(count)s entries checked.",
                company=company.display_name,
                count=result["checked"],
            )
        if result["log_id"]:
            return self.env._(
                "The access log of %(company)s is broken at entry %(id)s of %(date)s "
                "(position %(seq)s): %(reason)s.",
                company=company.display_name,
                id=result["log_id"],
                date=fields.Datetime.to_string(result["date"]),
                seq=result["seq"],
                reason=result["reason"],
            )
        return self.env._(
            "The access log of %(company)s cannot be verified: %(reason)s.",
            company=company.display_name,
            reason=result["reason"],
        )

    # ------------------------------------------------------------------ managers
    @api.model
    def _get_archive_managers(self, company):
        """Archive managers of ``company`` (IT administrators are managers)."""
        group = self.env.ref(GROUP_MANAGER)
        return group.sudo().users.filtered(  # sudo: group members, to notify them
            lambda user: company in user.company_ids and not user.share
        )

    def _notify_managers(self, body):
        self.ensure_one()
        managers = self._get_archive_managers(self.company_id)
        self.sudo().message_post(  # sudo: the system posts on the chain, managers only read it
            body=body,
            partner_ids=managers.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _check_manager(self):
        if not self.env.su and not self.env.user._is_archive_manager():
            raise AccessError(self.env._("Only archive managers can verify the access log."))

    # ------------------------------------------------------------------ button
    def action_verify_log(self):
        """*Verify Log*: verify the chains of these companies (or of the user's companies)."""
        self._check_manager()
        companies = self.company_id or self.env.companies
        self._chain_pending_safely()
        results = self._verify_chains(companies)
        return self._verification_notification(results)

    @api.model
    def _verification_notification(self, results):
        broken = [r for r in results if not r["ok"]]
        companies = self.env["res.company"].browse([r["company_id"] for r in results])
        if broken:
            first = broken[0]
            message = self._describe_result(
                self.env["res.company"].browse(first["company_id"]), first
            )
            kind, sticky = "danger", True
        elif results:
            message = self.env._(
                "The access log is intact: %(count)s entries of %(companies)s checked, no broken link.",
                count=sum(r["checked"] for r in results),
                companies=", ".join(companies.mapped("display_name")),
            )
            kind, sticky = "success", False
        else:
            message = self.env._("The access log has no entries to verify yet.")
            kind, sticky = "info", False
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Verify Log"),
                "message": message,
                "type": kind,
                "sticky": sticky,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------ daily check and anchor
    @api.model
    def _anchor_heads(self, directory=None):
        """Append each company's chain head to the anchor file and post it to the managers.
        Returns the lines written."""
        chains = self._get_chains()
        if not chains:
            return []
        db_uuid = self._get_database_uuid()
        now = fields.Datetime.now()
        stamp = fields.Datetime.to_string(now)
        heads = {chain: chain._read_head() for chain in chains}
        lines = [
            f"{stamp}\t{db_uuid}\t{chain.company_id.id}\t{seq}\t{digest}\n"
            for chain, (seq, digest) in heads.items()
        ]
        path = self._get_anchor_path(directory)
        try:
            append_anchors(path, lines)
        except OSError as error:
            _logger.error(
                "customer_archive: cannot write the access log anchor %s: %s", path, error
            )
            for chain in chains:
                chain._notify_managers(
                    self.env._(
                        "The daily anchor of the access log could not be written to %(path)s: %(error)s.",
                        path=path,
                        error=error,
                    )
                )
            return []
        for chain in chains:
            chain.write({"anchor_count": (chain.anchor_count or 0) + 1, "last_anchor_date": now})
            chain._notify_managers(
                self.env._(
                    "Access log of %(company)s anchored on %(date)s (UTC): entry %(seq)s, hash "
                    "%(hash)s. This message and the anchor file %(path)s let anyone check later "
                    "that the log up to this entry was not rewritten.",
                    company=chain.company_id.display_name,
                    date=stamp,
                    seq=heads[chain][0],
                    hash=heads[chain][1],
                    path=path,
                )
            )
        _logger.info(
            "customer_archive: anchored the access log of %d companies in %s", len(chains), path
        )
        return lines

    @api.model
    def _cron_check_access_log_chain(self, directory=None):
        """Daily: verify every chain (a broken one is posted to its managers), anchor every head
        outside the database (as committed when the check started), and have what a crash left
        unchained chained after the commit."""
        results = self._verify_chains(directory=directory)
        chains = self._get_chains()
        by_company = {chain.company_id.id: chain for chain in chains}
        for result in results:
            if not result["ok"]:
                chain = by_company[result["company_id"]]
                chain._notify_managers(chain.last_check_message)
                _logger.warning("customer_archive: %s", chain.last_check_message)
        self._anchor_heads(directory)
        self.env["customer.archive.access.log"]._schedule_chaining()
        _logger.info(
            "customer_archive: access log verified, %d chain(s), %d broken",
            len(results),
            len([r for r in results if not r["ok"]]),
        )
        return results
