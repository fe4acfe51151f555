"""Scale-out on a real streaming replica (issue 17): the test makes its own replica of the
cluster the system tests run on (``scripts/pg.sh replica``, pg_basebackup, its own port on
127.0.0.1, every statement logged) and starts a second Odoo server on CA_DB with
``db_replica_host``/``db_replica_port``. As the demo users it downloads the statistics workbook,
an archive list export and a PDF archive card and runs a read_group of the archive analysis
view; then it checks:

- on the replica: its ``pg_stat_activity`` holds this server's connections (application name
  ``odoo-<pid>``) and its statement log holds the request's queries (a marker of the request
  found in them where the request carries one); Odoo logged each request as served read-only
  (``ro``), never run again on the primary (``ro->rw``);
- on the primary: the access log entries (export, print) and the printed copy of the register
  were written there, once each.

Env: PGPORT (the cluster, default 54329), REPLICA_TEST_PORT / REPLICA_TEST_HTTP_PORT (default:
free ports). The replica (var/replica-pytest) and the server are stopped and removed at the end.
"""

import io
import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from urllib.parse import quote

import psycopg2
import pytest
import requests
from openpyxl import load_workbook

import odoo_rpc
from conftest import DB

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG = os.path.join(ROOT, "scripts", "pg.sh")
ODOO = os.path.join(ROOT, "scripts", "odoo.sh")
REPLICA_DATA = os.path.join(ROOT, "var", "replica-pytest")
SERVER_LOG = os.path.join(ROOT, "var", "replica-server.log")
PGPORT = int(os.environ.get("PGPORT") or 54329)
CARD = "customer_archive.report_archive_card"
TIMEOUT = 180  # seconds: the replica, the server, each download


def _free_port(pair=False):
    """A free TCP port on 127.0.0.1 (and the next one free too when ``pair``)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if not pair or port >= 65535:
            return port
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port on 127.0.0.1")


def _sql(port, query, params=None, dbname=DB):
    conn = psycopg2.connect(
        host="127.0.0.1", port=port, user="odoo", password="odoo", dbname=dbname, connect_timeout=10
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()
    finally:
        conn.close()


class Replica:
    def __init__(self):
        self.port = int(os.environ.get("REPLICA_TEST_PORT") or _free_port())
        self.env = dict(
            os.environ,
            PGPORT=str(PGPORT),
            REPLICA_DATA=REPLICA_DATA,
            REPLICA_PORT=str(self.port),
            # every statement of the replica in its log, with the client's application name
            REPLICA_PG_OPTS="-c log_statement=all -c log_line_prefix='%m [%p] %a %d '",
        )
        self.log = os.path.join(REPLICA_DATA, "server.log")

    def start(self):
        self.stop()  # a replica left by an interrupted run: made again
        out = subprocess.run(
            [PG, "replica"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert (
            out.stdout.strip().splitlines()[-1] == f"replica: running on 127.0.0.1 port {self.port}"
        )
        return self

    def stop(self):
        subprocess.run(
            [PG, "replica-stop"],
            env=self.env,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(REPLICA_DATA, ignore_errors=True)

    def log_size(self):
        return os.path.getsize(self.log)

    def statements_since(self, offset, app_name):
        """The statements of ``app_name`` on CA_DB the replica logged after byte ``offset``."""
        with open(self.log, encoding="utf-8", errors="replace") as fh:
            fh.seek(offset)
            text = fh.read()
        prefix = re.compile(r"^\S+ \S+ \S+ \[\d+\] (\S*) (\S*) LOG:  statement: ", re.MULTILINE)
        found, matches = [], list(prefix.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            if match.group(1) == app_name and match.group(2) == DB:
                found.append(text[match.end() : end])
        return found


class Server:
    """An Odoo server on CA_DB reading from the replica (threaded, no cron)."""

    def __init__(self, replica):
        self.port = int(os.environ.get("REPLICA_TEST_HTTP_PORT") or _free_port(pair=True))
        self.url = f"http://127.0.0.1:{self.port}"
        self.replica = replica
        self.proc = None

    def start(self):
        cmd = [ODOO, "-d", DB, "--db-filter", f"^{DB}$", "--max-cron-threads", "0"]
        cmd += ["--http-port", str(self.port), "--gevent-port", str(self.port + 1)]
        cmd += ["--db_replica_host", "127.0.0.1", "--db_replica_port", str(self.replica.port)]
        with open(SERVER_LOG, "w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env=dict(os.environ, PGPORT=str(PGPORT)),
            )
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            assert self.proc.poll() is None, f"the replica's Odoo server died (log {SERVER_LOG})"
            try:
                if requests.get(self.url + "/web/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"the replica's Odoo server did not start (log {SERVER_LOG})")

    @property
    def app_name(self):
        """The application name of the server's connections (Odoo: ``odoo-<pid>``)."""
        return f"odoo-{self.proc.pid}"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_text(self):
        with open(SERVER_LOG, encoding="utf-8", errors="replace") as fh:
            return fh.read()

    def request_modes(self, path):
        """Cursor modes (ro, rw, ro->rw) Odoo logged for the requests of ``path``."""
        pattern = re.compile(r'"(?:GET|POST) ' + re.escape(path) + r'[^"]*" \d+ .* (ro->rw|ro|rw)$')
        return [m.group(1) for m in map(pattern.search, self.log_text().splitlines()) if m]


@pytest.fixture(scope="module")
def replica():
    rep = Replica()
    try:
        yield rep.start()
    finally:
        rep.stop()


@pytest.fixture(scope="module")
def server(replica):
    srv = Server(replica)
    try:
        yield srv.start()
    finally:
        srv.stop()


def _session(server, login):
    return odoo_rpc.WebSession(server.url, DB, login)


def _primary(query, params=None):
    return _sql(PGPORT, query, params)


def _log_entries(login, event):
    return _primary(
        "SELECT l.id FROM customer_archive_access_log l JOIN res_users u ON u.id = l.user_id "
        "WHERE u.login = %s AND l.event = %s ORDER BY l.id",
        (login, event),
    )


def _read_on_replica(server, replica, offset, marker=None):
    """The server's statements on the replica since ``offset`` (the log is written
    asynchronously: waited for a few seconds), those with ``marker`` when given."""
    deadline = time.time() + 10
    while True:
        statements = replica.statements_since(offset, server.app_name)
        if marker:
            statements = [s for s in statements if marker in s]
        if statements or time.time() > deadline:
            return statements
        time.sleep(0.2)


def _csrf_token(session, url):
    """The CSRF token the web client page carries (odoo.csrf_token)."""
    return re.search(
        r'csrf_token: "([^"]+)"', session.http.get(url + "/odoo", timeout=TIMEOUT).text
    )[1]


def _web_client_url(action):
    """The report URL the web client builds from a report action with data (getReportUrl)."""

    def encode(value):
        return quote(json.dumps(value, separators=(",", ":"), ensure_ascii=False), safe="!~*'()")

    options, context = encode(action["data"]), encode(action.get("context") or {})
    return f"/report/pdf/{action['report_name']}?options={options}&context={context}"


def _action_url(session, xmlid, context):
    action = session.post("/web/action/load", {"action_id": xmlid})
    result = session.post("/web/action/run", {"action_id": action["id"], "context": context})
    return result["url"]


def test_replica_streams_and_serves_the_server(replica, server):
    """The replica is a hot standby streaming from the primary, and the Odoo server holds
    connections to it (its pg_stat_activity) once it served a read-only request."""
    assert _sql(replica.port, "SELECT pg_is_in_recovery()") == [(True,)]
    # pg_stat_replication shows the state to superusers only: asked through pg.sh psql
    streaming = subprocess.run(
        [PG, "psql", "-tA", "-c", "SELECT application_name, state FROM pg_stat_replication"],
        env=replica.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert f"{os.path.basename(REPLICA_DATA)}|streaming" in streaming
    manager = _session(server, "ca_manager")
    manager.call(
        "res.partner",
        "search_read",
        [[["is_customer_archive", "=", True]]],
        fields=["name"],
        limit=5,
    )
    [(count,)] = _sql(
        replica.port,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
        (DB, server.app_name),
    )
    assert count >= 1


def test_archive_list_export_reads_replica_logs_primary(replica, server):
    manager = _session(server, "ca_manager")
    marker = f"replica-probe-{uuid.uuid4().hex[:12]}"
    domain = [["is_customer_archive", "=", True], ["name", "not ilike", marker]]
    expected = manager.call_kw("res.partner", "search_count", [domain])
    assert expected
    before = len(_log_entries("ca_manager", "export"))
    offset = replica.log_size()
    resp = manager.http.get(
        server.url + "/customer_archive/xlsx/archive_list_xlsx",
        params={"data": json.dumps({"domain": domain})},
        timeout=TIMEOUT,
    )
    assert resp.status_code == 200, resp.text[:500]
    rows = list(
        load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert len(rows) == expected
    # read on the replica: the export's search (with the marker) ran there
    assert _read_on_replica(server, replica, offset, marker)
    assert server.request_modes("/customer_archive/xlsx/archive_list_xlsx")[-1] == "ro"
    # written on the primary, once
    assert len(_log_entries("ca_manager", "export")) == before + 1


def test_statistics_workbook_reads_replica(replica, server):
    manager = _session(server, "ca_manager")
    url = _action_url(
        manager, "customer_archive.customer_archive_statistics_xlsx_action", manager.user_context
    )
    path = url.split("?")[0]
    offset = replica.log_size()
    resp = manager.http.get(server.url + url, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text[:500]
    assert len(load_workbook(io.BytesIO(resp.content)).sheetnames) == 6
    statements = _read_on_replica(server, replica, offset, "res_partner")
    assert statements, "the workbook's archive queries ran on the replica"
    assert server.request_modes(path)[-1] == "ro"


def test_analysis_read_group_reads_replica(replica, server):
    manager = _session(server, "ca_manager")
    marker = f"replica-probe-{uuid.uuid4().hex[:12]}"
    offset = replica.log_size()
    groups = manager.call(
        "res.partner",
        "web_read_group",
        [[["is_customer_archive", "=", True], ["name", "not ilike", marker]]],
        fields=["__count"],
        groupby=["tier_id"],
    )
    assert (
        sum(g["tier_id_count"] if "tier_id_count" in g else g["__count"] for g in groups["groups"])
        > 0
    )
    assert _read_on_replica(server, replica, offset, marker)
    assert server.request_modes("/web/dataset/call_kw/res.partner/web_read_group")[-1] == "ro"


def test_pdf_card_reads_replica_registers_on_primary(replica, server):
    officer = _session(server, "ca_officer")
    [archive_id] = officer.call_kw(
        "res.partner",
        "search",
        [[("is_customer_archive", "=", True), ("is_company", "=", True)]],
        {"limit": 1},
    )
    officer, request_id = _approved_request(server, replica, archive_id, "pytest: replica")
    prints_before = len(_log_entries("ca_officer", "print"))
    offset = replica.log_size()
    path = f"/report/pdf/{CARD}/{archive_id}"
    resp = officer.http.get(server.url + path, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text[:500]
    assert resp.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=resp.content,
        check=True,
        capture_output=True,
    ).stdout.decode()
    # the card's data was read on the replica
    assert _read_on_replica(server, replica, offset, "customer_archive_visit")
    assert server.request_modes(path)[-1] == "ro"
    # the copy and its print entry were written on the primary, once; its serial is printed
    copies = _primary(
        "SELECT name FROM customer_archive_print_copy WHERE request_id = %s", (request_id,)
    )
    assert len(copies) == 1
    assert copies[0][0] in " ".join(text.split())
    assert len(_log_entries("ca_officer", "print")) == prints_before + 1
    assert _primary(
        "SELECT state FROM customer_archive_print_request WHERE id = %s", (request_id,)
    ) == [("done",)]


def test_chunked_pdf_cards_read_replica_register_once_on_primary(replica, server):
    """A batch of cards larger than the chunk size (set to 2 for the test through the system
    parameter) is rendered in chunks from the replica: one copy registered on the primary for
    the whole batch, one print entry, every card in the order asked for, served read-only."""
    officer = _session(server, "ca_officer")
    archive_ids = officer.call_kw(
        "res.partner",
        "search",
        [[("is_customer_archive", "=", True), ("is_company", "=", True)]],
        {"limit": 5, "offset": 2, "order": "id desc"},
    )
    assert len(archive_ids) == 5
    numbers = [
        r["archive_number"]
        for r in officer.call_kw("res.partner", "read", [archive_ids, ["archive_number"]])
    ]
    assert all(numbers)
    officer, request_id = _approved_request(server, replica, archive_ids, "pytest: replica chunks")
    admin = _session(server, "admin")
    admin.call_kw("ir.config_parameter", "set_param", ["customer_archive.card_chunk_size", "2"])
    # Debian's wkhtmltopdf (unpatched Qt) warns once per run: the runs of this print
    runs_before = server.log_text().count("wkhtmltopdf: ")
    try:
        prints_before = len(_log_entries("ca_officer", "print"))
        offset = replica.log_size()
        path = f"/report/pdf/{CARD}/{','.join(map(str, archive_ids))}"
        resp = officer.http.get(server.url + path, timeout=TIMEOUT)
    finally:
        admin.call_kw(
            "ir.config_parameter", "set_param", ["customer_archive.card_chunk_size", False]
        )
    assert resp.status_code == 200, resp.text[:500]
    assert resp.content.startswith(b"%PDF")
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=resp.content,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split()
    )
    assert server.log_text().count("wkhtmltopdf: ") - runs_before == 3, "3 chunks: 2 + 2 + 1 cards"
    assert _read_on_replica(server, replica, offset, "customer_archive_visit")
    assert server.request_modes(path)[-1] == "ro"
    copies = _primary(
        "SELECT c.name, count(r.partner_id) FROM customer_archive_print_copy c "
        "JOIN customer_archive_print_copy_partner_rel r ON r.copy_id = c.id "
        "WHERE c.request_id = %s GROUP BY c.name",
        (request_id,),
    )
    assert len(copies) == 1 and copies[0][1] == 5, copies
    assert copies[0][0] in text, "the copy's serial is printed"
    # pages numbered across the chunks: one total, every page from 1 to it
    numbering = [(int(a), int(b)) for a, b in re.findall(r"\b(\d+) / (\d+)\b", text)]
    totals = {total for _page, total in numbering}
    assert len(totals) == 1, numbering
    assert sorted(p for p, _t in numbering) == list(range(1, max(totals) + 1)), numbering
    assert max(totals) >= 5
    positions = [text.find(number) for number in numbers]
    assert -1 not in positions and positions == sorted(positions), (numbers, positions)
    assert len(_log_entries("ca_officer", "print")) == prints_before + 1


def _approved_request(server, replica, archive_id, purpose):
    """A print request of ca_officer for ``archive_id`` (an id or a list of ids; 1 copy),
    approved by ca_manager, once the approval reached the replica (asynchronous streaming:
    milliseconds)."""
    officer, manager = _session(server, "ca_officer"), _session(server, "ca_manager")
    archive_ids = archive_id if isinstance(archive_id, list) else [archive_id]
    request_id = officer.call_kw(
        "customer.archive.print.request",
        "create",
        [{"partner_ids": [(6, 0, archive_ids)], "purpose": purpose, "copies": 1}],
    )
    officer.call_kw("customer.archive.print.request", "action_submit", [[request_id]])
    manager.call_kw("customer.archive.print.request", "action_approve", [[request_id]])
    deadline = time.time() + 30
    while _sql(
        replica.port,
        "SELECT state FROM customer_archive_print_request WHERE id = %s",
        (request_id,),
    ) != [("approved",)]:
        assert time.time() < deadline, "the approval did not reach the replica"
        time.sleep(0.2)
    return officer, request_id


def test_print_button_download_reads_replica(replica, server):
    """The request's Print button as the web client does it (/report/download, read/write in
    stock Odoo): the card reads from the replica, the copy is registered on the primary."""
    officer = _session(server, "ca_officer")
    [archive_id] = officer.call_kw(
        "res.partner",
        "search",
        [[("is_customer_archive", "=", True), ("is_company", "=", True)]],
        {"limit": 1, "offset": 1},
    )
    officer, request_id = _approved_request(server, replica, archive_id, "pytest: replica button")
    action = officer.post(
        "/web/dataset/call_button",
        {
            "model": "customer.archive.print.request",
            "method": "action_print",
            "args": [[request_id]],
            "kwargs": {"context": officer.user_context},
        },
    )
    offset = replica.log_size()
    resp = officer.http.post(
        server.url + "/report/download",
        data={
            "data": json.dumps([_web_client_url(action), action["report_type"]]),
            "context": json.dumps({**officer.user_context, **(action.get("context") or {})}),
            "token": "dummy-because-api-expects-one",
            "csrf_token": _csrf_token(officer, server.url),
        },
        timeout=TIMEOUT,
    )
    assert resp.content.startswith(b"%PDF"), resp.text[:300]
    assert _read_on_replica(server, replica, offset, "customer_archive_visit")
    assert server.request_modes("/report/download")[-1] == "ro"
    copies = _primary(
        "SELECT count(*) FROM customer_archive_print_copy WHERE request_id = %s", (request_id,)
    )
    assert copies == [(1,)]


def test_no_request_ran_again_on_the_primary(server):
    """No request of this module's downloads wrote on the replica (Odoo would have run it
    again on the primary, ``ro->rw``, after a warning)."""
    log = server.log_text()
    assert "retrying with a read/write cursor" not in log
    assert "Failed to open a readonly cursor" not in log
