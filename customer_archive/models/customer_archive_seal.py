import hashlib
import json
import logging
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Advisory lock namespace of the sealing job (one run per seal at a time, across workers).
SEAL_LOCK_KEY = 0x5EA1
SEAL_STATES = [
    ("draft", "Draft"),
    ("scheduled", "Scheduled"),
    ("running", "Sealing"),
    ("done", "Sealed"),
]
# Fields of a draft seal its manager may still change (nothing once it is scheduled).
DRAFT_FIELDS = {"year", "date", "company_id", "batch_size", "pdf_sample_size", "note"}


def canonical_json(payload):
    """The canonical serialisation that is hashed: keys sorted, no whitespace, UTF-8 text.
    PostgreSQL's jsonb reorders keys; re-serialising the stored data gives the same bytes."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def seal_line_hash(year, archive_id, archive_number, data):
    """sha256 of one sealed card: the year, the archive (id and number) and its data."""
    payload = {"year": year, "archive_id": archive_id, "number": archive_number, "data": data}
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def seal_root_hash(line_hashes):
    """sha256 over the line hashes in archive order: a line added or removed is detected."""
    digest = hashlib.sha256()
    for line_hash in line_hashes:
        digest.update(line_hash.encode())
    return digest.hexdigest()


class CustomerArchiveSeal(models.Model):
    """A yearly seal (年度封存): a read-only snapshot of every archive card of a company.

    A manager creates the seal (year, date: default 31 December) and starts it; the scheduled
    action seals the archives in batches (``batch_size``), each batch committed on its own, so
    a killed run resumes where it stopped. Once started, nobody changes or deletes the seal or
    its lines through the ORM (RPC and screens included, administrators too): the sealing job
    writes them with SQL only. *Verify* recomputes every hash."""

    _name = "customer.archive.seal"
    _description = "Customer Archive: Annual Seal"
    _order = "year desc, id desc"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    date = fields.Date(
        string="Seal Date",
        required=True,
        default=lambda self: date(fields.Date.context_today(self).year, 12, 31),
        help="The archives are sealed as they are on this day (the job runs from then on).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(SEAL_STATES, default="draft", required=True, readonly=True)
    batch_size = fields.Integer(default=1000, required=True)
    pdf_sample_size = fields.Integer(
        string="PDF Cards",
        default=10,
        help="Number of archives (the first ones by archive id) whose sealed card is also kept "
        "as a PDF attachment.",
    )
    note = fields.Text()
    archive_total = fields.Integer(string="Archives to Seal", readonly=True)
    archive_count = fields.Integer(string="Archives Sealed", readonly=True)
    pdf_count = fields.Integer(string="PDF Cards Kept", readonly=True)
    sealed_by_id = fields.Many2one("res.users", readonly=True)
    started_at = fields.Datetime(readonly=True)
    sealed_at = fields.Datetime(readonly=True)
    root_hash = fields.Char(
        readonly=True, help="sha256 over the hashes of every sealed card, in archive order."
    )
    line_ids = fields.One2many("customer.archive.seal.line", "seal_id", string="Sealed Cards")

    _sql_constraints = [
        ("batch_size_positive", "CHECK(batch_size > 0)", "The batch size must be positive."),
        (
            "pdf_sample_positive",
            "CHECK(pdf_sample_size >= 0)",
            "The PDF sample cannot be negative.",
        ),
    ]

    @api.depends("year", "company_id")
    def _compute_name(self):
        for seal in self:
            seal.name = self.env._(
                "Seal %(year)s · %(company)s",
                year=seal.year,
                company=seal.company_id.name or "",
            )

    # ------------------------------------------------------------------
    # Immutability
    # ------------------------------------------------------------------
    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(
            "customer_archive.group_archive_manager"
        ):
            raise AccessError(self.env._("Only archive managers can seal and verify archives."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        for vals in vals_list:
            vals.update(state="draft")
        return super().create(vals_list)

    def write(self, vals):
        started = self.filtered(lambda s: s.state != "draft")
        if started or set(vals) - DRAFT_FIELDS:
            raise UserError(
                self.env._(
                    "The seal %(seal)s cannot be changed: a started seal is a sealed record, and "
                    "only the year, date, company, batch size, PDF sample and note of a draft seal "
                    "can be edited.",
                    seal=", ".join((started or self).mapped("display_name")),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        started = self.filtered(lambda s: s.state != "draft")
        if started:
            raise UserError(
                self.env._(
                    "The seal %(seal)s cannot be deleted: a started seal is kept for good.",
                    seal=", ".join(started.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Starting
    # ------------------------------------------------------------------
    def action_seal(self):
        """*Seal*: the job seals the archives from the seal date on (now when it is past)."""
        self._check_manager()
        today = fields.Date.context_today(self)
        for seal in self:
            if seal.state != "draft":
                raise UserError(
                    self.env._("The seal %(seal)s is started already.", seal=seal.display_name)
                )
            clash = self.search_count(
                [
                    ("company_id", "=", seal.company_id.id),
                    ("year", "=", seal.year),
                    ("state", "!=", "draft"),
                    ("id", "!=", seal.id),
                ]
            )
            if clash:
                raise UserError(
                    self.env._(
                        "The archives of %(company)s are sealed for %(year)s already.",
                        company=seal.company_id.name,
                        year=seal.year,
                    )
                )
            state = "running" if seal.date <= today else "scheduled"
            seal._sql_update(
                state=state,
                sealed_by_id=self.env.uid,
                archive_total=self._archive_count_for(seal.company_id),
            )
        self.env.ref("customer_archive.ir_cron_archive_seal")._trigger()
        return True

    @api.model
    def _archive_count_for(self, company):
        return (
            self.env["res.partner"]
            .sudo()  # every archive of the company is sealed, whoever starts the seal
            .with_context(active_test=False)
            .search_count(self._get_seal_archive_domain(company))
        )

    def _sql_update(self, **values):
        """The sealing process's own writes on a started seal (the ORM refuses them)."""
        self.ensure_one()
        assignments = SQL(", ").join(
            SQL("%s = %s", SQL.identifier(name), value) for name, value in values.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE customer_archive_seal SET %s, write_uid = %s, write_date = now() at time zone 'UTC' "
                "WHERE id = %s",
                assignments,
                self.env.uid,
                self.id,
            )
        )
        self.invalidate_recordset(list(values) + ["write_uid", "write_date"])

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------
    @api.model
    def _get_seal_archive_domain(self, company):
        """The archives a seal of ``company`` covers (archived ones too, with active_test off)."""
        return [("is_customer_archive", "=", True), ("archive_company_id", "=", company.id)]

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------
    @api.model
    def _cron_seal_archives(self, commit=True):
        """Scheduled action: run the started seals whose date has come."""
        today = fields.Date.context_today(self)
        seals = self.sudo().search(  # the job runs every manager's seal
            [("state", "in", ("scheduled", "running")), ("date", "<=", today)], order="id"
        )
        for seal in seals:
            seal._run_seal(commit=commit)
        return len(seals)

    def _lock(self):
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", SEAL_LOCK_KEY, self.id))
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "The seal %(seal)s is being written already; try again in a moment.",
                    seal=self.display_name,
                )
            )

    def _last_sealed_archive_id(self):
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(MAX(archive_ref), 0) FROM customer_archive_seal_line WHERE seal_id = %s",
                self.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def _run_seal(self, commit=False, max_batches=None):
        """Seal the next batches of archives (all that remain, or ``max_batches``), resuming
        after the last archive sealed. With ``commit`` (scheduled action only), each batch is
        committed on its own. Returns the number of archives sealed by this call."""
        self.ensure_one()
        if self.state not in ("scheduled", "running"):
            return 0
        seal = self.sudo()  # the job writes the lines (managers may only read them)
        Partner = (
            self.env["res.partner"]
            .sudo()  # every archive of the company, read in clear: the seal is the record
            .with_context(active_test=False, lang=seal.sealed_by_id.lang or self.env.lang)
        )
        if seal.state == "scheduled":
            seal._sql_update(state="running", started_at=fields.Datetime.now())
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        domain = self._get_seal_archive_domain(seal.company_id)
        sealed = 0
        batches = 0
        while max_batches is None or batches < max_batches:
            seal._lock()
            last_id = seal._last_sealed_archive_id()
            partners = Partner.search(
                domain + [("id", ">", last_id)], order="id", limit=seal.batch_size
            )
            if not partners:
                seal._finish()
                if commit:
                    # Documented batch commit: the seal's closing figures and root hash.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                break
            count = seal.with_context(lang=Partner.env.lang)._seal_batch(partners)
            sealed += count
            batches += 1
            if commit:
                self.env["ir.cron"]._notify_progress(
                    done=seal.archive_count,
                    remaining=max(seal.archive_total - seal.archive_count, 0),
                )
                # Documented batch commit: a batch's lines and counters are complete and the next
                # run resumes after its last archive (lines are unique per seal and archive).
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # Constant memory: nothing of this batch stays in the record cache.
            self.env.invalidate_all()
            _logger.info(
                "customer_archive seal %s: %s/%s archives sealed",
                seal.display_name,
                seal.archive_count,
                seal.archive_total,
            )
        return sealed

    def _seal_batch(self, partners):
        """Seal one batch: the card data of each archive, its hash, one SQL insert; the PDF
        card of the archives in the sample. Returns the number of lines written."""
        Line = self.env["customer.archive.seal.line"]
        cards = Line._prepare_seal_cards(partners, self.company_id)
        rows = []
        for partner_id, number, name, data in cards:
            rows.append(
                (
                    partner_id,
                    number,
                    name,
                    canonical_json(data),
                    seal_line_hash(self.year, partner_id, number, data),
                )
            )
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_archive_seal_line
                       (seal_id, year, company_id, archive_id, archive_ref, archive_number,
                        archive_name, data, hash, create_uid, create_date, write_uid, write_date)
                SELECT %(seal)s, %(year)s, %(company)s, v.archive, v.archive, v.number, v.name, v.data::jsonb, v.hash,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(archives)s::int[], %(numbers)s::varchar[], %(names)s::varchar[],
                              %(datas)s::text[], %(hashes)s::varchar[])
                       AS v(archive, number, name, data, hash)
                RETURNING id
                """,
                seal=self.id,
                year=self.year,
                company=self.company_id.id,
                uid=self.env.uid,
                now=now,
                archives=[r[0] for r in rows],
                numbers=[r[1] for r in rows],
                names=[r[2] for r in rows],
                datas=[r[3] for r in rows],
                hashes=[r[4] for r in rows],
            )
        )
        line_ids = [row[0] for row in self.env.cr.fetchall()]
        pdfs = 0
        missing = self.pdf_sample_size - self.pdf_count
        if missing > 0:
            pdfs = Line.browse(line_ids[:missing])._attach_sealed_pdf()
        self._sql_update(
            archive_count=self.archive_count + len(rows), pdf_count=self.pdf_count + pdfs
        )
        return len(rows)

    def _finish(self):
        self._sql_update(
            state="done",
            sealed_at=fields.Datetime.now(),
            root_hash=self._compute_root_hash(),
            archive_count=self.env["customer.archive.seal.line"].search_count(
                [("seal_id", "=", self.id)]
            ),
        )
        _logger.info(
            "customer_archive seal %s: sealed, %s archives", self.display_name, self.archive_count
        )

    def _compute_root_hash(self):
        self.env.cr.execute(
            SQL(
                "SELECT hash FROM customer_archive_seal_line WHERE seal_id = %s ORDER BY archive_ref",
                self.id,
            )
        )
        return seal_root_hash(row[0] for row in self.env.cr.fetchall())

    # ------------------------------------------------------------------
    # Verify
    # ------------------------------------------------------------------
    def _verify(self, batch_size=5000):
        """Recompute every hash of this seal. Returns {"checked", "lines": tampered line ids,
        "pdfs": line ids whose PDF changed, "root_ok"}."""
        self.ensure_one()
        cr = self.env.cr
        tampered, pdfs, hashes = [], [], []
        checked = 0
        last_id = 0
        while True:
            cr.execute(
                SQL(
                    """
                    SELECT l.id, l.archive_ref, l.archive_number, l.data, l.hash, l.pdf_hash,
                           l.pdf_attachment_id
                      FROM customer_archive_seal_line l
                     WHERE l.seal_id = %s AND l.archive_ref > %s
                     ORDER BY l.archive_ref LIMIT %s
                    """,
                    self.id,
                    last_id,
                    batch_size,
                )
            )
            rows = cr.fetchall()
            if not rows:
                break
            for line_id, archive_id, number, data, stored, pdf_hash, attachment_id in rows:
                checked += 1
                hashes.append(stored)
                if seal_line_hash(self.year, archive_id, number, data) != stored:
                    tampered.append(line_id)
                if attachment_id or pdf_hash:
                    # sudo: the PDF of a sealed card, read to compare its hash
                    attachment = self.env["ir.attachment"].sudo().browse(attachment_id).exists()
                    raw = attachment.raw if attachment else b""
                    if hashlib.sha256(raw or b"").hexdigest() != pdf_hash:
                        pdfs.append(line_id)
            last_id = rows[-1][1]
        root_ok = self.state != "done" or seal_root_hash(hashes) == self.root_hash
        return {"checked": checked, "lines": tampered, "pdfs": pdfs, "root_ok": root_ok}

    def action_verify(self):
        """*Verify*: recompute the hashes and report any difference."""
        self._check_manager()
        self.ensure_one()
        result = self._verify()
        Line = self.env["customer.archive.seal.line"]
        if result["lines"] or result["pdfs"] or not result["root_ok"]:
            bad = Line.browse(result["lines"] + result["pdfs"])
            message = self.env._(
                "The seal %(seal)s was altered: %(lines)s sealed card(s) and %(pdfs)s PDF card(s) "
                "differ from their hash%(root)s. Archives: %(archives)s.",
                seal=self.display_name,
                lines=len(result["lines"]),
                pdfs=len(result["pdfs"]),
                root=""
                if result["root_ok"]
                else self.env._("; the list of sealed cards itself was changed"),
                archives=", ".join(bad[:20].mapped("archive_number")) or "-",
            )
            kind, sticky = "danger", True
        else:
            message = self.env._(
                "The seal %(seal)s is intact: %(count)s sealed cards checked, every hash matches.",
                seal=self.display_name,
                count=result["checked"],
            )
            kind, sticky = "success", False
        _logger.info("customer_archive seal %s verified: %s", self.display_name, message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Verify Seal"),
                "message": message,
                "type": kind,
                "sticky": sticky,
            },
        }

    def action_open_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sealed Cards"),
            "res_model": "customer.archive.seal.line",
            "view_mode": "list,form",
            "domain": [("seal_id", "=", self.id)],
        }
