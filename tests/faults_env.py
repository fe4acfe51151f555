"""What the fault tests (tests/test_faults.py) need around a database: SQL straight to
PostgreSQL (the scenarios look at the data while the server is dead), an Odoo server of their
own that they start, kill and restart, scheduled actions triggered as ``ir.cron._trigger()``
does, and the ``ca_faults`` database with generated archives.

Env: PGPORT (default 54329), FAULTS_PORT (the fault server's HTTP port; default CA_URL's port
+ 2, else 8077; the longpolling port is the next one), FAULTS_ARCHIVES (default 3,000),
FAULTS_TEMPLATE (default ``ca_test``), FAULTS_KEEP=1 (keep ``ca_faults`` at the end).
"""

import contextlib
import io
import os
import re
import resource
import signal
import subprocess
import time
import zipfile
from urllib.parse import urlsplit

import psycopg2
import psycopg2.errors
import requests

import odoo_rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = os.path.join(ROOT, ".venv", "bin", "python")
ODOO = os.path.join(ROOT, "scripts", "odoo.sh")
PG = os.path.join(ROOT, "scripts", "pg.sh")
FILESTORE = os.path.join(ROOT, "var", "data", "filestore")
FAULTS_DB = "ca_faults"
BATCH = 200  # the tier profile's batch size in tier_kill
ARCHIVES = int(os.environ.get("FAULTS_ARCHIVES") or 3000)
PGPORT = int(os.environ.get("PGPORT") or 54329)


def _port():
    if os.environ.get("FAULTS_PORT"):
        return int(os.environ["FAULTS_PORT"])
    ca_url = os.environ.get("CA_URL")
    # next to the system tests' server (its port + 1 is free too: no longpolling in threaded mode)
    return (urlsplit(ca_url).port or 8069) + 2 if ca_url else 8077


PORT = _port()
URL = f"http://127.0.0.1:{PORT}"


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, **kwargs)


def wait_for(predicate, timeout, step=0.1):
    """The first true result of ``predicate()`` within ``timeout`` seconds, else None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    return None


class Database:
    """One database of the project's PostgreSQL cluster, reached directly (not through Odoo)."""

    def __init__(self, name):
        self.name = name

    def connect(self, dbname=None):
        conn = psycopg2.connect(
            host="127.0.0.1", port=PGPORT, user="odoo", password="odoo", dbname=dbname or self.name
        )
        conn.autocommit = True
        return conn

    def sql(self, query, params=None, dbname=None):
        """Run one statement in its own connection; rows for a SELECT, else the row count."""
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cur:
                cur.execute(query, params)
                return cur.fetchall() if cur.description else cur.rowcount
        finally:
            conn.close()

    def val(self, query, params=None, dbname=None):
        return self.sql(query, params, dbname)[0][0]

    @property
    def filestore(self):
        return os.path.join(FILESTORE, self.name)

    def exists(self):
        return bool(
            self.val(
                "SELECT count(*) FROM pg_database WHERE datname = %s", (self.name,), "postgres"
            )
        )

    def module_installed(self):
        try:
            state = self.val("SELECT state FROM ir_module_module WHERE name = 'customer_archive'")
        except psycopg2.Error:
            return False
        return state == "installed"

    def drop(self):
        for attempt in range(10):
            try:
                self.sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', dbname="postgres")
                break
            except psycopg2.errors.InsufficientPrivilege:
                # a backend of another role (an autovacuum worker) on the database: FORCE may
                # not end it, a moment later it is gone
                if attempt == 9:
                    raise
                time.sleep(1)
        subprocess.run(["rm", "-rf", self.filestore], check=True)

    @contextlib.contextmanager
    def kill_at_lock(self, server, lock_sql, params=None, waiter="true"):
        """Stop a job of ``server`` at a known point of its transaction, whatever the machine's
        speed, and kill the server (SIGKILL) there.

        A transaction of a connection of its own runs ``lock_sql`` (a real PostgreSQL lock:
        ``SELECT ... FOR UPDATE``, ``LOCK TABLE``) and holds it while the body starts the job;
        the body calls the yielded ``wait_blocked(timeout)``: the pid of the database's backend
        waiting on that lock (and matching the ``waiter`` condition on its pg_stat_activity
        row), or None after ``timeout`` s. When the body ends the server is killed, the lock
        released (the killed job's backend gets it, finds no client and rolls back), and the
        exit waits (60 s at most) until that backend has gone."""
        conn = self.connect()
        conn.autocommit = False
        holder = conn.info.backend_pid
        blocked = []

        def waiting():
            rows = self.sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s "
                f"AND %s = ANY(pg_blocking_pids(pid)) AND ({waiter})",
                (self.name, holder),
            )
            return rows[0][0] if rows else None

        def wait_blocked(timeout):
            pid = wait_for(waiting, timeout, 0.05)
            if pid:
                blocked.append(pid)
            return pid

        try:
            with conn.cursor() as cur:
                cur.execute(lock_sql, params)
            yield wait_blocked
            server.kill()
        finally:
            conn.rollback()
            conn.close()
        if blocked:
            wait_for(
                lambda: (
                    not self.val(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (blocked[-1],)
                    )
                ),
                60,
            )

    def trigger(self, xmlid):
        """Run the scheduled action ``customer_archive.<xmlid>`` now (as ``ir.cron._trigger()``)."""
        cron_id = self.val(
            "SELECT res_id FROM ir_model_data WHERE module = 'customer_archive' AND name = %s",
            (xmlid,),
        )
        self.sql(
            "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() AT TIME ZONE 'UTC')",
            (cron_id,),
        )
        self.sql("SELECT pg_notify('cron_trigger', %s)", (self.name,))
        return cron_id

    def grant_export(self, login):
        """Give ``login`` Odoo's export right (the archive manager role implies it: this
        only matters on an older database); True when it was added."""
        return bool(
            self.sql(
                "INSERT INTO res_groups_users_rel (gid, uid) SELECT d.res_id, u.id "
                "FROM ir_model_data d, res_users u WHERE d.module = 'base' "
                "AND d.name = 'group_allow_export' AND u.login = %s ON CONFLICT DO NOTHING",
                (login,),
            )
        )

    def revoke_export(self, login):
        self.sql(
            "DELETE FROM res_groups_users_rel r USING ir_model_data d, res_users u "
            "WHERE r.gid = d.res_id AND r.uid = u.id AND d.module = 'base' "
            "AND d.name = 'group_allow_export' AND u.login = %s",
            (login,),
        )

    def client(self, login):
        """A web session of the fault server as ``login`` (password = login)."""
        return odoo_rpc.WebSession(URL, self.name, login)


def build_faults_db(log_path):
    """(Re)build ``ca_faults``: a copy of FAULTS_TEMPLATE (default ``ca_test``) when it has
    customer_archive installed, else ``ca_base`` + customer_archive with demo data; then
    FAULTS_ARCHIVES generated archives (scripts/gen_scale.py). Scheduled actions postponed."""
    db = Database(FAULTS_DB)
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    try:
        db.drop()
        template = Database(os.environ.get("FAULTS_TEMPLATE") or "ca_test")
        if not template.module_installed():
            template = None
            if not Database("ca_base").exists():
                run(
                    [os.path.join(ROOT, "scripts", "createdb.sh"), "ca_base", "--no-http"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        source = template.name if template else "ca_base"
        db.sql(f'CREATE DATABASE "{db.name}" TEMPLATE "{source}"', dbname="postgres")
        if os.path.isdir(os.path.join(FILESTORE, source)):
            run(["cp", "-a", os.path.join(FILESTORE, source), db.filestore])
        if not template:
            run(
                [ODOO, "-d", db.name, "-i", "customer_archive", "--stop-after-init", "--no-http"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        run(
            [PY, os.path.join(ROOT, "scripts", "gen_scale.py"), "--db", db.name]
            + ["--archives", str(ARCHIVES), "--orders", "2", "--visits", "2"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    finally:
        log.close()
    # Nothing runs on its own: each scenario triggers the scheduled action it needs.
    db.sql("UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 day'")
    db.sql("DELETE FROM ir_cron_trigger")
    db.grant_export("ca_manager")
    return db


class Server:
    """An Odoo server of the fault tests on ``db`` (127.0.0.1:PORT), in its own process group."""

    def __init__(self, db, workers=0, fsize=None, log=None, cron_threads=1):
        self.db = db
        self.workers = workers
        self.fsize = fsize  # RLIMIT_FSIZE of the server (bytes): writes past it fail (EFBIG)
        self.log = log or os.path.join(ROOT, "var", "faults-server.log")
        self.cron_threads = cron_threads
        self.proc = None

    def _limit(self):
        if self.fsize:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.fsize, self.fsize))

    def start(self):
        cmd = [ODOO, "-d", self.db.name, "--db-filter", f"^{self.db.name}$"]
        cmd += ["--workers", str(self.workers), "--max-cron-threads", str(self.cron_threads)]
        cmd += ["--http-port", str(PORT), "--gevent-port", str(PORT + 1)]
        cmd += ["--limit-time-real", "600", "--limit-time-cpu", "600"]
        log = open(self.log, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the server)
        self.proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=self._limit,
        )
        log.close()
        if not self._wait_health(180):
            self.stop()
            raise RuntimeError(f"the fault server did not start on {URL} (log {self.log})")
        return self

    def _wait_health(self, timeout):
        def healthy():
            if self.proc.poll() is not None:
                return "dead"
            try:
                return requests.get(URL + "/web/health", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        return wait_for(healthy, timeout, 0.3) is True

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL to the server and all its processes (workers, cron)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def check(conditions):
    """Assert every (description, ok) of ``conditions``; the message lists them all."""
    lines = [f"[{'ok' if ok else 'FAILED'}] {desc}" for desc, ok in conditions]
    assert all(ok for _desc, ok in conditions), "\n".join(lines)


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


def csrf_token(client):
    """The CSRF token of the session (a page of the web client carries it)."""
    html = client.http.get(client.url + "/odoo", timeout=60).text
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
