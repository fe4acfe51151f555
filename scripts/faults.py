#!/usr/bin/env python3
"""Fault scenarios of customer_archive (``make faults``): prints PASS/FAIL per scenario and
``N passed, N failed`` last; exit status 1 when one failed.

The scenarios run against their own database ``ca_faults`` (rebuilt every time: a copy of
FAULTS_TEMPLATE, default ``ca_test`` when it has customer_archive installed, else ``ca_base`` +
customer_archive with demo data) with FAULTS_ARCHIVES (default 3,000) generated archives
(scripts/gen_scale.py), and a server of their own on 127.0.0.1:FAULTS_PORT (default 8077).

1. tier_kill: the full tier recompute runs in the server's cron thread (batches of 200); the
   server is killed (SIGKILL) once some batches are committed. Then: every archive either has
   its new tier and exactly one history row, or neither (whole batches only); after a restart
   the scheduled action runs again by itself (its trigger was never consumed) and completes:
   every archive has its tier and exactly one history row, no activity twice.
2. visit_kill: the visit scheduled action (overdue flags, due-visit activities) is killed
   while it runs; nothing of it is left; after a restart it runs again and creates each
   due-visit activity once (one reminder row per activity); a further run creates none.
3. pg_restart: 6 web clients write (edit their own archives, log visits) against a 2-worker
   server; PostgreSQL is restarted (scripts/pg.sh stop / start) in the middle. The server is
   not restarted: it must answer again within 30 s, and every write acknowledged to a client
   (before, during or after the outage) must be in the database afterwards.
4. disk_full: the server is restarted with a 1 MB file size limit (RLIMIT_FSIZE: every file
   write past 1 MB fails, as on a full disk; no tmpfs can be mounted on the build machines) while
   a manager exports archives (the export dialog's XLSX route, and ``export_data``) and a
   salesperson uploads a 4 MB file to a visit and saves an archive. The export is served
   complete, the upload is refused with a clear error, the database still takes writes, and no
   attachment row and no partial file is left behind. (``ALTER DATABASE ... SET
   default_transaction_read_only`` cannot simulate a read-only database: Odoo 18 opens its
   transactions READ WRITE explicitly.)

Env: PGPORT, FAULTS_PORT, FAULTS_ARCHIVES, FAULTS_TEMPLATE, FAULTS_KEEP=1 (keep the database).
"""

import base64
import io
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import threading
import time
import zipfile

import psycopg2
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = os.path.join(ROOT, ".venv", "bin", "python")
ODOO = os.path.join(ROOT, "scripts", "odoo.sh")
PG = os.path.join(ROOT, "scripts", "pg.sh")
DB = "ca_faults"
PORT = int(os.environ.get("FAULTS_PORT") or 8077)
URL = f"http://127.0.0.1:{PORT}"
ARCHIVES = int(os.environ.get("FAULTS_ARCHIVES") or 3000)
BATCH = 200
LOG = os.path.join(ROOT, "var", "faults-server.log")
PGPORT = int(os.environ.get("PGPORT") or 54329)
RESULTS = []


def say(message):
    print(f"faults: {message}", flush=True)


def connect(db=DB):
    conn = psycopg2.connect(host="127.0.0.1", port=PGPORT, user="odoo", password="odoo", dbname=db)
    conn.autocommit = True
    return conn


def sql(query, params=None, db=DB):
    """Run one statement in its own connection; rows for a SELECT."""
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else cur.rowcount
    finally:
        conn.close()


def val(query, params=None, db=DB):
    return sql(query, params, db)[0][0]


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, **kwargs)


# ----------------------------------------------------------------------------------------
# database and server
# ----------------------------------------------------------------------------------------
def module_installed(db):
    try:
        return (
            val("SELECT state FROM ir_module_module WHERE name = 'customer_archive'", db=db)
            == "installed"
        )
    except psycopg2.Error:
        return False


def build_db():
    log = open(os.path.join(ROOT, "var", "faults-build.log"), "w", encoding="utf-8")  # noqa: SIM115
    sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)', db="postgres")
    filestore = os.path.join(ROOT, "var", "data", "filestore")
    subprocess.run(["rm", "-rf", os.path.join(filestore, DB)], check=True)
    template = os.environ.get("FAULTS_TEMPLATE") or "ca_test"
    if not module_installed(template):
        template = None
        if not val("SELECT count(*) FROM pg_database WHERE datname = 'ca_base'", db="postgres"):
            say("building ca_base (contacts, sale_management, zh_CN)")
            run(
                [
                    ODOO,
                    "-d",
                    "ca_base",
                    "-i",
                    "contacts,sale_management",
                    "--load-language=zh_CN",
                    "--stop-after-init",
                    "--no-http",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    source = template or "ca_base"
    sql(f'CREATE DATABASE "{DB}" TEMPLATE "{source}"', db="postgres")
    if os.path.isdir(os.path.join(filestore, source)):
        run(["cp", "-a", os.path.join(filestore, source), os.path.join(filestore, DB)])
    if not template:
        say("installing customer_archive (with demo data)")
        run(
            [ODOO, "-d", DB, "-i", "customer_archive", "--stop-after-init", "--no-http"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    say(f"{DB} copied from {source}; generating {ARCHIVES} archives")
    run(
        [
            PY,
            os.path.join(ROOT, "scripts", "gen_scale.py"),
            "--db",
            DB,
            "--archives",
            str(ARCHIVES),
            "--orders",
            "2",
            "--visits",
            "2",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # Nothing runs on its own: each scenario triggers the scheduled action it needs.
    sql("UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 day'")
    sql("DELETE FROM ir_cron_trigger")
    # the manager exports (Odoo requires the export right, not given by the archive roles)
    sql(
        "INSERT INTO res_groups_users_rel (gid, uid) SELECT d.res_id, u.id FROM ir_model_data d, res_users u "
        "WHERE d.module = 'base' AND d.name = 'group_allow_export' AND u.login = 'ca_manager' ON CONFLICT DO NOTHING"
    )


class Server:
    def __init__(self, workers=0, fsize=None, log=LOG):
        self.workers = workers
        self.fsize = fsize  # RLIMIT_FSIZE of the server (bytes): writes past it fail (EFBIG)
        self.log = log
        self.proc = None

    def _limit(self):
        if self.fsize:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.fsize, self.fsize))

    def start(self):
        cmd = [
            ODOO,
            "-d",
            DB,
            "--db-filter",
            f"^{DB}$",
            "--workers",
            str(self.workers),
            "--max-cron-threads",
            "1",
            "--http-port",
            str(PORT),
            "--gevent-port",
            str(PORT + 1),
            "--limit-time-real",
            "600",
            "--limit-time-cpu",
            "600",
        ]
        log = open(self.log, "a", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=self._limit,
        )
        if not wait_health(self.proc, 180):
            raise RuntimeError(f"the server did not start (log {self.log})")
        return self

    def kill(self):
        """SIGKILL to the server and all its processes (workers, cron)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def wait_health(proc, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            if requests.get(URL + "/web/health", timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.3)
    return False


def trigger(xmlid):
    cron_id = val(
        "SELECT res_id FROM ir_model_data WHERE module = 'customer_archive' AND name = %s", (xmlid,)
    )
    sql(
        "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() AT TIME ZONE 'UTC')",
        (cron_id,),
    )
    sql("SELECT pg_notify('cron_trigger', %s)", (DB,))
    return cron_id


def wait_for(predicate, timeout, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    return None


class Client:
    def __init__(self, login):
        self.http = requests.Session()
        self.login = login
        info = self.post("/web/session/authenticate", {"db": DB, "login": login, "password": login})
        self.uid = info["uid"]
        self.context = info["user_context"]

    def post(self, path, params, timeout=60):
        resp = self.http.post(
            URL + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=timeout
        )
        resp.raise_for_status()
        body = resp.json()
        if body.get("error"):
            data = body["error"].get("data") or {}
            raise RuntimeError(f"{data.get('name')}: {data.get('message')}")
        return body["result"]

    def call(self, model, method, args=(), **kwargs):
        kwargs.setdefault("context", self.context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def check(name, conditions):
    """Record a scenario: ``conditions`` is a list of (description, ok)."""
    failed = [desc for desc, ok in conditions if not ok]
    RESULTS.append((name, not failed))
    say(f"{'PASS' if not failed else 'FAIL'} {name}")
    for desc, ok in conditions:
        print(f"    [{'ok' if ok else 'FAILED'}] {desc}", flush=True)


# ----------------------------------------------------------------------------------------
# 1. the tier recompute is killed
# ----------------------------------------------------------------------------------------
def company_archives():
    return (
        "SELECT p.id FROM res_partner p WHERE p.is_customer_archive AND p.active "
        "AND p.archive_company_id = %(company)s"
    )


def scenario_tier_kill():
    company, profile = sql(
        "SELECT company_id, id FROM customer_archive_tier_profile ORDER BY company_id LIMIT 1"
    )[0]
    archives = company_archives()
    p = {"company": company}
    sql(f"DELETE FROM customer_archive_tier_history WHERE partner_id IN ({archives})", p)
    sql(
        "DELETE FROM mail_activity WHERE activity_type_id IN (SELECT res_id FROM ir_model_data "
        "WHERE module = 'customer_archive' AND name = 'mail_activity_type_tier_downgrade')"
    )
    sql(
        f"UPDATE res_partner SET tier_id = NULL, tier_computed_id = NULL, tier_score = NULL, "
        f"tier_breakdown = NULL, tier_computed_at = NULL WHERE id IN ({archives})",
        p,
    )
    sql(
        "UPDATE customer_archive_tier_profile SET last_run_at = NULL, batch_size = %s WHERE id = %s",
        (BATCH, profile),
    )
    total = val(f"SELECT count(*) FROM ({archives}) a", p)

    def computed():
        return val(
            f"SELECT count(*) FROM res_partner WHERE id IN ({archives}) AND tier_computed_at IS NOT NULL",
            p,
        )

    server = Server(workers=0).start()
    trigger("ir_cron_tier_recompute")
    killed_at = wait_for(lambda: (lambda n: n if 2 * BATCH <= n else None)(computed()), 300, 0.05)
    server.kill()
    after_kill = computed()
    in_middle = bool(killed_at) and after_kill < total

    def consistency():
        with_tier = val(
            f"SELECT count(*) FROM res_partner WHERE id IN ({archives}) AND tier_id IS NOT NULL", p
        )
        history = val(
            f"SELECT count(*) FROM customer_archive_tier_history WHERE partner_id IN ({archives})",
            p,
        )
        twice = val(
            f"SELECT count(*) FROM (SELECT partner_id FROM customer_archive_tier_history "
            f"WHERE partner_id IN ({archives}) GROUP BY partner_id HAVING count(*) > 1) d",
            p,
        )
        orphans = val(
            f"SELECT count(*) FROM res_partner p WHERE p.id IN ({archives}) AND "
            f"(p.tier_id IS NULL) <> NOT EXISTS (SELECT 1 FROM customer_archive_tier_history h "
            f"WHERE h.partner_id = p.id)",
            p,
        )
        return with_tier, history, twice, orphans

    k_tier, k_hist, k_twice, k_orphans = consistency()
    server = Server(workers=0).start()
    done = wait_for(
        lambda: val(
            "SELECT last_run_at IS NOT NULL FROM customer_archive_tier_profile WHERE id = %s",
            (profile,),
        ),
        300,
        0.5,
    )
    server.stop()
    f_tier, f_hist, f_twice, f_orphans = consistency()
    activities_twice = val(
        "SELECT count(*) FROM (SELECT res_id FROM mail_activity WHERE res_model = 'res.partner' "
        "GROUP BY res_id, activity_type_id, date_deadline HAVING count(*) > 1) d"
    )
    check(
        "tier_kill: SIGKILL during the full tier recompute, then restart",
        [
            (f"killed in the middle: {after_kill} of {total} archives computed", in_middle),
            (
                f"after the kill whole batches only: {after_kill} computed = a multiple of {BATCH}",
                after_kill % BATCH == 0,
            ),
            (
                f"after the kill tier history rows = tier changes: {k_hist} rows, {k_tier} archives with a tier, "
                f"{k_twice} archives twice, {k_orphans} without their row",
                k_hist == k_tier and not k_twice and not k_orphans,
            ),
            (
                "after the restart the scheduled action ran again by itself and completed",
                bool(done),
            ),
            (f"every archive has its tier: {f_tier} of {total}", f_tier == total),
            (
                f"one history row per archive: {f_hist} rows, {f_twice} archives twice, {f_orphans} inconsistent",
                f_hist == total and not f_twice and not f_orphans,
            ),
            (f"no activity twice on an archive ({activities_twice})", activities_twice == 0),
        ],
    )


# ----------------------------------------------------------------------------------------
# 2. the visit scheduled action is killed
# ----------------------------------------------------------------------------------------
def scenario_visit_kill():
    # A tenth of the archives due (their salesperson gets a due-visit activity), the others not.
    sql(
        "UPDATE res_partner SET next_visit_due = CASE WHEN id % 10 = 0 THEN CURRENT_DATE - 3 "
        "ELSE CURRENT_DATE + 60 END, visit_overdue = FALSE WHERE is_customer_archive AND user_id IS NOT NULL"
    )
    sql("DELETE FROM customer_archive_reminder WHERE kind = 'visit_due'")
    due_type = val(
        "SELECT res_id FROM ir_model_data WHERE module = 'customer_archive' "
        "AND name = 'mail_activity_type_visit_due'"
    )
    sql("DELETE FROM mail_activity WHERE activity_type_id = %s", (due_type,))

    def counts():
        return (
            val("SELECT count(*) FROM mail_activity WHERE activity_type_id = %s", (due_type,)),
            val("SELECT count(*) FROM customer_archive_reminder WHERE kind = 'visit_due'"),
            val("SELECT count(*) FROM res_partner WHERE visit_overdue"),
        )

    def running():
        return val(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
            "AND backend_xid IS NOT NULL AND query NOT ILIKE '%%pg_stat_activity%%'",
            (DB,),
        )

    server = Server(workers=0).start()
    cron_id = trigger("ir_cron_visit_policy")
    # the job is running once it has written something in its (uncommitted) transaction
    started = wait_for(running, 120, 0.02)
    time.sleep(0.3)
    still_running = val("SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s", (cron_id,)) > 0
    server.kill()
    k_acts, k_rows, k_overdue = counts()
    server = Server(workers=0).start()
    finished = wait_for(
        lambda: val("SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s", (cron_id,)) == 0,
        300,
        0.5,
    )
    f_acts, f_rows, f_overdue = counts()
    due = val(
        "SELECT count(*) FROM res_partner WHERE is_customer_archive AND user_id IS NOT NULL "
        "AND next_visit_due <= CURRENT_DATE"
    )
    twice = val(
        "SELECT count(*) FROM (SELECT res_id, date_deadline FROM mail_activity WHERE activity_type_id = %s "
        "GROUP BY res_id, date_deadline HAVING count(*) > 1) d",
        (due_type,),
    )
    trigger("ir_cron_visit_policy")
    wait_for(
        lambda: val("SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s", (cron_id,)) == 0,
        300,
        0.5,
    )
    server.stop()
    a_acts, a_rows, _overdue = counts()
    check(
        "visit_kill: SIGKILL during the visit scheduled action, then restart",
        [
            (
                f"killed while the job ran (a transaction was open: {bool(started)}, trigger pending: {still_running})",
                bool(started) and still_running,
            ),
            (
                f"nothing half-applied after the kill: {k_acts} activities, {k_rows} reminder rows, "
                f"{k_overdue} overdue flags",
                k_acts == 0 and k_rows == 0 and k_overdue == 0,
            ),
            ("after the restart the job ran again by itself", bool(finished)),
            (
                f"one activity per due customer: {f_acts} activities, {f_rows} reminder rows, {twice} twice "
                f"({due} customers due, some have a planned visit)",
                f_acts == f_rows and 0 < f_acts <= due and not twice,
            ),
            (f"overdue flags set: {f_overdue}", f_overdue > 0),
            (
                f"a further run creates nothing: {a_acts} activities, {a_rows} rows",
                (a_acts, a_rows) == (f_acts, f_rows),
            ),
        ],
    )


# ----------------------------------------------------------------------------------------
# 3. PostgreSQL restarted under load
# ----------------------------------------------------------------------------------------
def scenario_pg_restart():
    server = Server(workers=2).start()
    users = ["ca_user", "ca_officer"] * 3
    own = {}
    for login in set(users):
        own[login] = [
            r[0]
            for r in sql(
                "SELECT p.id FROM res_partner p JOIN res_users u ON u.id = p.user_id WHERE u.login = %s "
                "AND p.is_customer_archive ORDER BY p.id LIMIT 60",
                (login,),
            )
        ]
    stop = threading.Event()
    acked_edits = {}  # partner id -> last acknowledged value
    attempts = {}  # partner id -> every value sent, in order (a write may commit unanswered)
    acked_visits = []  # (visit id, summary token)
    failures = []
    lock = threading.Lock()

    def worker(index, login):
        rnd = random.Random(index)
        partners = own[login][
            index // 2 * 20 : (index // 2 + 1) * 20
        ]  # each client its own archives
        client = None
        n = 0
        while not stop.is_set():
            n += 1
            token = f"faults-{index}-{n}"
            try:
                if client is None:
                    client = Client(login)
                if n % 3:
                    partner = rnd.choice(partners)
                    with lock:
                        attempts.setdefault(partner, []).append(token)
                    client.call(
                        "res.partner",
                        "web_save",
                        [[partner], {"main_products": token}],
                        specification={"main_products": {}},
                    )
                    with lock:
                        acked_edits[partner] = token
                else:
                    [visit] = client.call(
                        "customer.archive.visit",
                        "web_save",
                        [
                            [],
                            {
                                "partner_id": rnd.choice(partners),
                                "user_id": client.uid,
                                "summary": f"<p>{token}</p>",
                            },
                        ],
                        specification={},
                    )
                    with lock:
                        acked_visits.append((visit["id"], token))
            except Exception as exc:  # noqa: BLE001 (expected while the database is down)
                with lock:
                    failures.append((time.time(), f"{type(exc).__name__}: {str(exc)[:120]}"))
                time.sleep(0.2)
            time.sleep(rnd.uniform(0, 0.2))

    threads = [
        threading.Thread(target=worker, args=(i, login), daemon=True)
        for i, login in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    # the clients log in (a login hashes the password), then write: restart once 10 writes are in
    wait_for(lambda: len(acked_edits) + len(acked_visits) >= 10, 120, 0.5)
    before = len(acked_edits) + len(acked_visits)
    down_at = time.time()
    run([PG, "stop"], stdout=subprocess.DEVNULL)
    time.sleep(3)
    run([PG, "start"], stdout=subprocess.DEVNULL)
    up_at = time.time()

    # the same server must answer (a read as a salesperson) within 30 s
    def answers():
        try:
            return bool(
                Client("ca_user").call(
                    "res.partner", "search_count", [[("is_customer_archive", "=", True)]]
                )
            )
        except Exception:  # noqa: BLE001
            return False

    recovered = wait_for(answers, 30, 0.5)
    recovered_in = round(time.time() - up_at, 1)
    n_acked_at_recovery = len(acked_visits)
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join(90)
    alive = server.proc.poll() is None
    server.stop()
    after_recovery = len(acked_visits) > n_acked_at_recovery
    stored = dict(
        sql("SELECT id, main_products FROM res_partner WHERE id = ANY(%s)", (list(acked_edits),))
    )
    # stored: the last acknowledged value, or one sent after it whose answer was lost
    lost_edits = [
        pid
        for pid, token in acked_edits.items()
        if stored.get(pid) not in attempts[pid][attempts[pid].index(token) :]
    ]
    visit_rows = dict(
        sql(
            "SELECT id, summary FROM customer_archive_visit WHERE id = ANY(%s)",
            ([v for v, _t in acked_visits],),
        )
    )
    lost_visits = [vid for vid, token in acked_visits if token not in (visit_rows.get(vid) or "")]
    late_failures = [f for f in failures if f[0] > up_at + recovered_in + 2]
    check(
        "pg_restart: PostgreSQL restarted under load, the server is not",
        [
            (
                f"{before} writes acknowledged before the restart; the server process stayed up ({alive})",
                before > 0 and alive,
            ),
            (
                f"the server answered again {recovered_in} s after PostgreSQL was back "
                f"(down {round(up_at - down_at, 1)} s)",
                bool(recovered),
            ),
            (
                f"clients kept writing after the recovery ({len(acked_visits) - n_acked_at_recovery} visits), "
                f"{len(late_failures)} failures 2 s after it",
                after_recovery and not late_failures,
            ),
            (
                f"every acknowledged write is stored: {len(acked_edits)} archive edits ({len(lost_edits)} lost), "
                f"{len(acked_visits)} visits ({len(lost_visits)} lost)",
                not lost_edits and not lost_visits,
            ),
            (
                f"{len(failures)} requests failed while the database was down (expected, reported to the client)",
                True,
            ),
        ],
    )


# ----------------------------------------------------------------------------------------
# 4. read-only database during an export
# ----------------------------------------------------------------------------------------
def filestore_files(filestore):
    """Relative paths of the files of the filestore, the GC checklist apart, and the checklist."""
    files, checklist = set(), set()
    for dirpath, _dirs, names in os.walk(filestore):
        rel = os.path.relpath(dirpath, filestore)
        for name in names:
            path = os.path.normpath(os.path.join(rel, name))
            if path.startswith("checklist" + os.sep):
                checklist.add(path[len("checklist" + os.sep) :])
            else:
                files.add(path)
    return files, checklist


def scenario_disk_full():
    server = Server(workers=0).start()
    manager, user = Client("ca_manager"), Client("ca_user")
    token = csrf_token(manager)  # the session's token (the export dialog posts it)
    ids = manager.call("res.partner", "search", [[("is_customer_archive", "=", True)]], order="id")
    partner = user.call(
        "res.partner",
        "search",
        [[("is_customer_archive", "=", True), ("user_id", "=", user.uid)]],
        limit=1,
    )[0]
    visit_id = user.call(
        "customer.archive.visit",
        "web_save",
        [[], {"partner_id": partner, "user_id": user.uid}],
        specification={},
    )[0]["id"]
    server.stop()
    attachments_before = val("SELECT count(*) FROM ir_attachment")
    filestore = os.path.join(ROOT, "var", "data", "filestore", DB)
    files_before, _checklist = filestore_files(filestore)
    # The same server restarted with a 1 MB file size limit: every file write past 1 MB fails
    # (EFBIG), as it would on a full disk (ENOSPC) — Odoo handles both the same way.
    limited_log = os.path.join(ROOT, "var", "faults-server-diskfull.log")
    open(limited_log, "w").close()
    server = Server(workers=0, fsize=1024 * 1024, log=limited_log).start()
    errors = {}
    try:
        fields = [
            {"name": "archive_number", "label": "Archive Number"},
            {"name": "name", "label": "Name"},
            {"name": "credit_code", "label": "Credit Code"},
        ]
        data = json.dumps(
            {
                "model": "res.partner",
                "fields": fields,
                "ids": ids,
                "domain": [],
                "import_compat": False,
                "context": manager.context,
            }
        )
        resp = manager.http.post(
            URL + "/web/export/xlsx", data={"data": data, "csrf_token": token}, timeout=300
        )
        rows = xlsx_rows(resp.content) if resp.ok else -1
        exported = manager.call("res.partner", "export_data", [ids, ["archive_number", "name"]])
        content = ("拜访纪要：客户要求下月报价。%s\n" % time.time()).encode() * 100000  # ~4 MB
        for label, fn in (
            (
                "upload a 4 MB file to a visit",
                lambda: user.call(
                    "ir.attachment",
                    "create",
                    [
                        {
                            "name": "拜访纪要.txt",
                            "res_model": "customer.archive.visit",
                            "res_id": visit_id,
                            "datas": base64.b64encode(content).decode(),
                        }
                    ],
                ),
            ),
            (
                "save an archive",
                lambda: user.call(
                    "res.partner",
                    "web_save",
                    [[partner], {"main_products": "磁盘满"}],
                    specification={},
                ),
            ),
        ):
            try:
                fn()
                errors[label] = None
            except RuntimeError as exc:
                errors[label] = str(exc)
    finally:
        server.stop()
    attachments_after = val("SELECT count(*) FROM ir_attachment")
    files_after, checklist = filestore_files(filestore)
    stray = (files_after - files_before) - checklist
    export_ok = rows == len(ids) + 1 and len(exported["datas"]) == len(ids)
    upload = errors.get("upload a 4 MB file to a visit")
    check(
        "disk_full: the disk refuses writes during an export and an upload",
        [
            (
                f"the XLSX export is served complete ({rows - 1} of {len(ids)} archives) and export_data too",
                export_ok,
            ),
            (
                f"the upload is refused with a clear error ({(upload or 'accepted')[:160]})",
                bool(upload) and ("disk is full" in upload or "磁盘已满" in upload),
            ),
            (
                f"the database still takes writes (saving an archive: {errors.get('save an archive') or 'saved'})",
                errors.get("save an archive") is None,
            ),
            (
                f"no attachment row left: {attachments_before} before, {attachments_after} after",
                attachments_after == attachments_before,
            ),
            (
                f"no partial file left: {len(files_after - files_before)} new files, {len(stray)} not on the "
                f"garbage collector's list",
                not stray,
            ),
        ],
    )


def csrf_token(client):
    """The CSRF token of the session (a page of the web client carries it)."""
    html = client.http.get(URL + "/odoo", timeout=60).text
    match = re.search(r'csrf_token["\']?\s*:\s*"([^"]+)"', html)
    return match.group(1) if match else ""


def xlsx_rows(content):
    """Number of rows of the first sheet of an XLSX file (-1 when it is not one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        return sheet.count("<row ")
    except (zipfile.BadZipFile, KeyError):
        return -1


SCENARIOS = {
    "tier_kill": scenario_tier_kill,
    "visit_kill": scenario_visit_kill,
    "pg_restart": scenario_pg_restart,
    "disk_full": scenario_disk_full,
}


def main():
    names = sys.argv[1:] or list(SCENARIOS)
    t0 = time.time()
    open(LOG, "w").close()
    build_db()
    say(f"database ready in {time.time() - t0:.0f} s (server log {os.path.relpath(LOG, ROOT)})")
    for name in names:
        t1 = time.time()
        try:
            SCENARIOS[name]()
        except Exception as exc:  # noqa: BLE001 (a scenario that crashes fails; the others still run)
            RESULTS.append((name, False))
            say(f"FAIL {name}: {type(exc).__name__}: {exc}")
        say(f"{name} took {time.time() - t1:.0f} s")
    if not os.environ.get("FAULTS_KEEP"):
        sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)', db="postgres")
        subprocess.run(
            ["rm", "-rf", os.path.join(ROOT, "var", "data", "filestore", DB)], check=False
        )
    passed = sum(1 for _n, ok in RESULTS if ok)
    say(f"done in {time.time() - t0:.0f} s")
    print(f"{passed} passed, {len(RESULTS) - passed} failed")
    return 0 if passed == len(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
