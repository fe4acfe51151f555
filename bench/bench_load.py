"""Benchmark `load`: 20 web clients on the customer archives, then on stock Contacts of the same
partners, against one multi-worker server while the full tier recompute runs (``make load``;
``make bench NAME=load``).

1. prepare (in this process, Odoo registry of the bench database): the tier results of the main
   company are cleared like ``bench_tiers`` does (so the recompute writes every archive and logs
   its first tier change), the scheduled action *recompute customer tiers* is postponed by a day
   and every other scheduled action too (on a bench database they are all due: they would run
   first, and change the data under the clients); the specifications the web client sends are
   built as a salesperson: archive list view and form (base.view_partner_form with the addon's
   fields), stock Contacts list (base.view_partner_tree) and form (the same form, only the
   fields stock modules define).
2. a server is started on 127.0.0.1:LOAD_PORT: ``--workers LOAD_WORKERS`` (default 2),
   ``--max-cron-threads 1`` (one cron worker), the database of the bench.
3. idle: one client runs every operation LOAD_IDLE_REPEAT times (default 10), alone on the
   server, on archives and on stock: the idle latencies.
4. load: the tier scheduled action is triggered (``ir_cron_trigger`` + NOTIFY, as
   ``ir.cron._trigger()`` does): the cron worker runs the full recompute, committing batch by
   batch; the clients (logged in beforehand: a login hashes the password) start once its first
   batch is committed; each time a run ends the next full run is triggered. LOAD_CLIENTS
   (default 20) clients, each with its own web session (``/web/session/authenticate`` then
   ``/web/dataset/call_kw``, JSON-RPC as the web client), run the mix in four segments of
   LOAD_SECONDS / 2 (default 60: 30 s each): archives, stock, stock, archives (each side meets
   the first run, which writes every archive, and the later ones), at most LOAD_MAX_REQUESTS
   operations per client and segment, a think time of 0 to LOAD_THINK_S seconds (default 1)
   between two operations. The mix, archives / stock Contacts:
   - salespeople (LOAD_CLIENTS - 2 clients, ``ca_user`` / ``ca_officer``): search (the archive
     list / the Contacts list, a name filter, 80 rows), open (``web_read`` of the archive form /
     the stock form, same partners), save a visit (create a visit 1 hour ago and mark it done /
     log a note in the contact's chatter), edit (``web_save`` of the main products / of the
     reference);
   - a manager (2 clients, ``ca_manager``): search, open, and export (``export_data`` of 2,000
     archives / companies, 8 columns, as the export dialog does).
5. the clients stop; the server is stopped when the tier run in progress has committed.

An error is any JSON-RPC error or HTTP failure answered to a client (Odoo retries
serialization failures itself, up to 5 times: those retries are counted from the server log,
``serialization_retries``, and are not errors). ERROR records in the server log are reported
too (``server_errors``).

Result: per side (``archives``, ``stock``) and operation the count, errors, p50/p95/max under
load, p50/p95 idle, requests per second. ``ratio`` = p95 of every operation on archives / on
stock (goal <= 1.5), ``throughput_ratio`` = operations answered per second on archives / on
stock (goal >= 0.8), ``errors`` (goal 0), at least one full recompute completed;
``measured_s`` / ``baseline_s`` = the two p95; ``peak_rss_mb`` = the highest total resident
memory of the server processes (sampled every 0.5 s). Writes bench/results/load.json.
Env: BENCH_SCALE, BENCH_DB, LOAD_PORT (default 8076; the longpolling port is LOAD_PORT + 1),
LOAD_CLIENTS, LOAD_SECONDS, LOAD_WORKERS, LOAD_THINK_S, LOAD_IDLE_REPEAT, LOAD_MAX_REQUESTS,
LOAD_REPLICA_PORT (the server reads from the streaming replica on this port of 127.0.0.1, e.g.
``make replica``'s: db_replica_host/db_replica_port).
"""

import os
import random
import re
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

import psutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_tiers  # noqa: E402

import common  # noqa: E402

sys.path.insert(0, os.path.join(common.ROOT, "tests"))
import odoo_rpc  # noqa: E402 (the JSON-RPC client shared with the system tests)

PORT = int(os.environ.get("LOAD_PORT") or 8076)
CLIENTS = int(os.environ.get("LOAD_CLIENTS") or 20)
SECONDS = float(os.environ.get("LOAD_SECONDS") or 60)
WORKERS = int(os.environ.get("LOAD_WORKERS") or 2)
THINK_S = float(os.environ.get("LOAD_THINK_S") or 1.0)
IDLE_REPEAT = int(os.environ.get("LOAD_IDLE_REPEAT") or 10)
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS") or 5000)
MANAGERS = 2
GOAL_RATIO = 1.5
GOAL_THROUGHPUT = 0.8
URL = f"http://127.0.0.1:{PORT}"
LOG = os.path.join(common.ROOT, "var", "load-server.log")
PIDFILE = os.path.join(common.ROOT, "var", "load-server.pid")
TIMEOUT = 300
SEED = 7
SALES_MIX = {"search": 35, "open": 35, "visit": 10, "edit": 20}
MANAGER_MIX = {"search": 35, "open": 35, "export": 30}
EXPORT_FIELDS = [
    "archive_number",
    "name",
    "credit_code",
    "tier_id/name",
    "user_id/name",
    "archive_status_id/name",
    "registered_capital",
    "city",
]
# the stock export: the same number of columns, stock fields
STOCK_EXPORT_FIELDS = [
    "ref",
    "name",
    "vat",
    "category_id/name",
    "user_id/name",
    "country_id/name",
    "phone",
    "city",
]
SEARCH_TERMS = ["有限", "公司", "科技", "贸易", "SC0000", "上海", "A", "1"]


def log(message):
    print(f"load: {message}", file=sys.stderr, flush=True)


def percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


# ----------------------------------------------------------------------------------------
# preparation (in-process)
# ----------------------------------------------------------------------------------------
def form_view_specification(env, model, view_id):
    """The fields the web client reads when it opens ``view_id``: every field of the form that
    is not inside another field's sub-view (relational ones with their display name)."""
    from lxml import etree

    views = env[model].get_views([(view_id, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    fields = views["models"][model]["fields"]
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        fname = node.get("name")
        field = fields.get(fname)
        if not field:
            continue
        if field["type"] in ("many2one", "many2many", "one2many"):
            spec[fname] = {"fields": {"display_name": {}}}
        else:
            spec[fname] = {}
    return spec


def stock_only(env, spec):
    """``spec`` without the fields only customer_archive defines (the stock view's fields)."""
    fields = env["res.partner"]._fields
    return {
        name: value
        for name, value in spec.items()
        if any(module != "customer_archive" for module in (fields[name]._modules or ()))
        or not fields[name]._modules
    }


def prepare(db):
    """Reset the tier results, postpone the scheduled actions; return what the clients need."""
    with common.odoo_env(db) as env:
        profile = env["customer.archive.tier.profile"]._get_profile(env.company)
        stats = bench_tiers.reset(env, profile)
        log(f"tier results cleared: {stats}")
        tier_cron = env.ref("customer_archive.ir_cron_tier_recompute")
        tomorrow = datetime.now() + timedelta(days=1)
        # every other scheduled action waits (they would run first, all due on a bench database)
        env["ir.cron"].search([]).write({"nextcall": tomorrow})
        tier_cron.active = True
        env["ir.cron.trigger"].search([]).unlink()
        # the manager exports (Odoo requires the export right, not given by the archive roles)
        env["res.users"].search([("login", "=", "ca_manager")]).groups_id |= env.ref(
            "base.group_allow_export"
        )
        env.cr.commit()
        archives = env["res.partner"].search_count([("is_customer_archive", "=", True)])
        method = env["customer.archive.visit.method"].search([], limit=1)
        purpose = env["customer.archive.visit.purpose"].search([], limit=1)
        outcome = env["customer.archive.visit.outcome"].search([], limit=1)
        info = {
            "profile_id": profile.id,
            "cron_id": tier_cron.id,
            "archives": archives,
            "method_id": method.id,
            "purpose_id": purpose.id,
            "outcome_id": outcome.id,
        }
        # what the web client of a salesperson sends (fields of groups they lack left out)
        salesperson = env["res.users"].search([("login", "=", "ca_user")])
        user_env = env(user=salesperson, context=dict(salesperson.context_get(), bin_size=True))
        list_view = env.ref("customer_archive.res_partner_view_list").id
        form_view = env.ref("base.view_partner_form").id
        info["list_spec"], _order = common.list_view_specification(
            user_env, "res.partner", list_view
        )
        info["form_spec"] = form_view_specification(user_env, "res.partner", form_view)
        # stock Contacts: the lists and form of the contacts action, the fields stock modules
        # define (those customer_archive adds to the same views left out)
        info["stock_list_spec"] = stock_only(
            env,
            common.list_view_specification(
                user_env, "res.partner", env.ref("base.view_partner_tree").id
            )[0],
        )
        info["stock_form_spec"] = stock_only(env, info["form_spec"])
        # the archives each user works on (theirs), the same for every run
        Partner = env["res.partner"]
        info["own"] = {}
        for user in env["res.users"].search(
            [("login", "in", ["ca_user", "ca_officer", "ca_manager"])]
        ):
            ids = Partner.search(
                [("is_customer_archive", "=", True), ("user_id", "=", user.id)],
                limit=500,
                order="id",
            ).ids
            info["own"][user.login] = (
                ids
                or Partner.search([("is_customer_archive", "=", True)], limit=500, order="id").ids
            )
        info["all_ids"] = Partner.search(
            [("is_customer_archive", "=", True)], limit=5000, order="id desc"
        ).ids
        # the archives each user may open (the visibility rules: a salesperson sees their own)
        info["visible"] = {
            user.login: Partner.with_user(user)
            .search([("is_customer_archive", "=", True)], limit=5000, order="id desc")
            .ids
            for user in env["res.users"].search(
                [("login", "in", ["ca_user", "ca_officer", "ca_manager"])]
            )
        }
    return info


# ----------------------------------------------------------------------------------------
# server
# ----------------------------------------------------------------------------------------
def start_server(db):
    if os.path.exists(PIDFILE):
        os.remove(PIDFILE)
    args = ["--workers", str(WORKERS), "--max-cron-threads", "1"]
    args += ["--limit-time-real", "900", "--limit-time-cpu", "900", "--pidfile", PIDFILE]
    if os.environ.get("LOAD_REPLICA_PORT"):
        args += ["--db_replica_host", "127.0.0.1"]
        args += ["--db_replica_port", os.environ["LOAD_REPLICA_PORT"]]
    return common.start_server("load", db, PORT, args, LOG)


def server_rss_mb(proc):
    try:
        root = psutil.Process(proc.pid)
        procs = [root] + root.children(recursive=True)
        return sum(p.memory_info().rss for p in procs if p.is_running()) / 1024 / 1024
    except psutil.Error:
        return 0.0


# ----------------------------------------------------------------------------------------
# clients
# ----------------------------------------------------------------------------------------
def web_client(db, login):
    """One web session (login + password), as the web client talks to Odoo (tests/odoo_rpc.py)."""
    return odoo_rpc.WebSession(URL, db, login, context={"bin_size": True}, timeout=TIMEOUT)


class Operations:
    """The operations of the mix; each is what the web client sends for one user action, on
    the customer archives (``mode`` "archives") or on stock Contacts of the same partners
    ("stock": the contacts action's list and form, a note logged in the chatter for the visit,
    a stock field saved for the edit, stock columns for the export)."""

    def __init__(self, info, rnd, mode="archives"):
        self.info = info
        self.rnd = rnd
        self.mode = mode

    def search(self, client):
        term = self.rnd.choice(SEARCH_TERMS)
        if self.mode == "stock":
            client.call(
                "res.partner",
                "web_search_read",
                domain=[("name", "ilike", term)],
                specification=self.info["stock_list_spec"],
                offset=0,
                limit=80,
                order="",
                count_limit=10001,
                context={"default_is_company": True},
            )
            return
        client.call(
            "res.partner",
            "web_search_read",
            domain=[("is_customer_archive", "=", True), ("name", "ilike", term)],
            specification=self.info["list_spec"],
            offset=0,
            limit=80,
            order="",
            count_limit=10001,
        )

    def open(self, client):
        partner_id = self.rnd.choice(self.info["visible"][client.login] or self.info["all_ids"])
        spec = self.info["stock_form_spec" if self.mode == "stock" else "form_spec"]
        client.call("res.partner", "web_read", [[partner_id]], specification=spec)

    def visit(self, client):
        partner_id = self.rnd.choice(self.info["own"][client.login])
        if self.mode == "stock":
            # stock: the salesperson logs a note on the contact (chatter "Log note")
            client.call(
                "res.partner",
                "message_post",
                [[partner_id]],
                body="负载测试拜访",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            return
        planned = (datetime.now(timezone.utc) - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
        [visit] = client.call(
            "customer.archive.visit",
            "web_save",
            [
                [],
                {
                    "partner_id": partner_id,
                    "user_id": client.uid,
                    "planned_date": planned,
                    "method_id": self.info["method_id"] or False,
                    "purpose_id": self.info["purpose_id"] or False,
                    # a done visit needs an outcome and a summary
                    "outcome_id": self.info["outcome_id"] or False,
                    "summary": "<p>负载测试拜访</p>",
                },
            ],
            specification={"state": {}},
        )
        client.call("customer.archive.visit", "action_done", [[visit["id"]]])

    def edit(self, client):
        partner_id = self.rnd.choice(self.info["own"][client.login])
        field = "ref" if self.mode == "stock" else "main_products"
        value = f"办公家具 {self.rnd.randint(1, 10**6)}"
        client.call(
            "res.partner",
            "web_save",
            [[partner_id], {field: value}],
            specification={field: {}, "write_date": {}},
        )

    def export(self, client):
        if self.mode == "stock":
            ids = client.call(
                "res.partner", "search", [[("is_company", "=", True)]], limit=2000, order="id"
            )
            client.call("res.partner", "export_data", [ids, STOCK_EXPORT_FIELDS])
            return
        ids = client.call(
            "res.partner", "search", [[("is_customer_archive", "=", True)]], limit=2000, order="id"
        )
        client.call("res.partner", "export_data", [ids, EXPORT_FIELDS])


def run_client(client, mix, deadline, seed, samples, stop, mode):
    rnd = random.Random(seed)
    ops = Operations(INFO, rnd, mode)
    names, weights = zip(*mix.items())
    for _count in range(MAX_REQUESTS):
        if time.time() >= deadline or stop.is_set():
            break
        name = rnd.choices(names, weights)[0]
        start = time.perf_counter()
        error = None
        try:
            getattr(ops, name)(client)
        except Exception as exc:  # noqa: BLE001 (every failure is counted, then reported)
            error = f"{type(exc).__name__}: {str(exc)[:300]}"
        samples.append((name, time.perf_counter() - start, error, mode))
        time.sleep(rnd.uniform(0, THINK_S))


def idle_phase(db, mode):
    """Every operation IDLE_REPEAT times by one client alone: the baseline latencies."""
    rnd = random.Random(SEED)
    ops = Operations(INFO, rnd, mode)
    sales, manager = web_client(db, "ca_user"), web_client(db, "ca_manager")
    timings = {}
    for name in ("search", "open", "visit", "edit", "export"):
        client = manager if name == "export" else sales
        getattr(ops, name)(client)  # warm-up
        values = []
        for _i in range(IDLE_REPEAT):
            start = time.perf_counter()
            getattr(ops, name)(client)
            values.append(time.perf_counter() - start)
        timings[name] = values
    return timings


def load_segment(clients, mode, seconds, seed, samples, stop):
    """LOAD_CLIENTS clients run the mix on ``mode`` for ``seconds``; returns the elapsed time."""
    start = time.time()
    deadline = start + seconds
    threads = []
    for i, client in enumerate(clients):
        thread = threading.Thread(
            target=run_client,
            args=(
                client,
                MANAGER_MIX if i < MANAGERS else SALES_MIX,
                deadline,
                seed + i,
                samples,
                stop,
                mode,
            ),
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(seconds + TIMEOUT)
    return time.time() - start


# ----------------------------------------------------------------------------------------
# the tier recompute (cron worker)
# ----------------------------------------------------------------------------------------
def db_connect(db):
    import psycopg2

    return psycopg2.connect(
        host="127.0.0.1",
        port=int(os.environ.get("PGPORT") or 54329),
        user="odoo",
        password="odoo",
        dbname=db,
    )


def trigger_recompute(conn, db, profile_id, cron_id):
    """A full run (no previous run) of the tier scheduled action, now."""
    with conn.cursor() as cur:
        cur.execute(
            "UPDATE customer_archive_tier_profile SET last_run_at = NULL WHERE id = %s",
            (profile_id,),
        )
        cur.execute(
            "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() AT TIME ZONE 'UTC')",
            (cron_id,),
        )
        cur.execute("SELECT pg_notify('cron_trigger', %s)", (db,))
    conn.commit()


def recompute_started(db, profile_id):
    """True once the running recompute has committed its first batch."""
    conn = db_connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM res_partner WHERE tier_computed_at IS NOT NULL")
            return cur.fetchone()[0] > 0
    finally:
        conn.close()


def watch_recompute(db, info, stop, runs):
    """Trigger the tier scheduled action, and again each time a run ends, until ``stop``."""
    conn = db_connect(db)
    conn.autocommit = False
    try:
        trigger_recompute(conn, db, info["profile_id"], info["cron_id"])
        started = time.time()
        while True:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT last_run_at, last_run_count, last_run_changes "
                    "FROM customer_archive_tier_profile WHERE id = %s",
                    (info["profile_id"],),
                )
                last_run_at, count, changes = cur.fetchone()
            conn.commit()
            if last_run_at:
                runs.append(
                    {
                        "seconds": round(time.time() - started, 1),
                        "customers": count,
                        "changes": changes,
                    }
                )
                log(
                    f"tier recompute run {len(runs)}: {count} customers, {changes} changes in "
                    f"{runs[-1]['seconds']} s"
                )
                if stop.is_set():
                    return
                trigger_recompute(conn, db, info["profile_id"], info["cron_id"])
                started = time.time()
            elif stop.is_set() and time.time() > stop.deadline:
                return
            time.sleep(0.5)
    finally:
        conn.close()


# ----------------------------------------------------------------------------------------
def summarize(samples, idle):
    ops = {}
    for name in sorted({s[0] for s in samples} | set(idle)):
        times = [s[1] for s in samples if s[0] == name and not s[2]]
        errors = [s[2] for s in samples if s[0] == name and s[2]]
        ops[name] = {
            "count": len(times) + len(errors),
            "errors": len(errors),
            "p50_ms": round(1000 * statistics.median(times), 1) if times else None,
            "p95_ms": round(1000 * percentile(times, 95), 1) if times else None,
            "max_ms": round(1000 * max(times), 1) if times else None,
            "idle_p50_ms": round(1000 * statistics.median(idle[name]), 1)
            if idle.get(name)
            else None,
            "idle_p95_ms": round(1000 * percentile(idle[name], 95), 1) if idle.get(name) else None,
        }
    return ops


def cursor_modes():
    """With a replica, Odoo ends each request's log line with its cursor mode: ``ro`` (served
    by the replica), ``rw`` (the primary), ``ro->rw`` (run again on the primary after a write)."""
    modes = {}
    line_end = re.compile(r'" \d+ - \d+ [\d.]+ [\d.]+ (ro->rw|ro|rw)$')
    with open(LOG, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = line_end.search(line.rstrip())
            if m:
                modes[m.group(1)] = modes.get(m.group(1), 0) + 1
    return modes


def server_log_stats():
    retries = errors = 0
    examples = []
    record = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")
    with open(LOG, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if "tries left, try again" in line:
                retries += 1
            m = record.match(line)
            if (m and m.group(1) in ("ERROR", "CRITICAL")) or line.startswith("Traceback"):
                errors += 1
                if len(examples) < 5:
                    examples.append(line.strip()[:300])
    return retries, errors, examples


def mode_figures(samples, elapsed, idle):
    """Requests, errors, latencies and throughput of one mode."""
    ok_times = [s[1] for s in samples if not s[2]]
    errors = [s for s in samples if s[2]]
    return {
        "requests": len(samples),
        "errors": len(errors),
        "error_examples": sorted({e[2] for e in errors})[:5],
        "p50_ms": round(1000 * statistics.median(ok_times), 1) if ok_times else None,
        "p95_ms": round(1000 * percentile(ok_times, 95), 1) if ok_times else None,
        "rps": round(len(samples) / elapsed, 2) if elapsed else None,
        "seconds": round(elapsed, 1),
        "operations": summarize(samples, idle),
    }


INFO = {}
MODES = ("archives", "stock")
# archives, stock, stock, archives: each mode meets the first (full) tier run and the later ones
SEGMENTS = ("archives", "stock", "stock", "archives")


def main():
    db = common.bench_db()
    scale = common.bench_scale()
    log(f"preparing {db}")
    INFO.update(prepare(db))
    log(
        f"{INFO['archives']} archives; starting the server on {URL} ({WORKERS} workers, 1 cron worker)"
    )
    proc = start_server(db)
    rss = [server_rss_mb(proc)]
    sampling = threading.Event()

    def sample_rss():
        while not sampling.is_set():
            rss.append(server_rss_mb(proc))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    elapsed = dict.fromkeys(MODES, 0.0)
    samples = []
    runs = []
    try:
        idle = {}
        for mode in MODES:
            log(f"idle ({mode}): every operation {IDLE_REPEAT} times, one client")
            idle[mode] = idle_phase(db, mode)
        log(
            f"load: {CLIENTS} clients, {SECONDS:.0f} s on archives and {SECONDS:.0f} s on stock "
            f"Contacts (segments {', '.join(SEGMENTS)}), while the tier recompute runs"
        )
        stop = threading.Event()
        stop.deadline = time.time() + 1e9
        # the users are logged in before (a login hashes the password: not part of the mix)
        clients = []
        for i in range(CLIENTS):
            login = "ca_manager" if i < MANAGERS else ("ca_user", "ca_officer")[i % 2]
            clients.append(web_client(db, login))
        watcher = threading.Thread(target=watch_recompute, args=(db, INFO, stop, runs), daemon=True)
        watcher.start()
        # the cron worker starts the recompute within a second or two
        wait_until = time.time() + 30
        while time.time() < wait_until and not recompute_started(db, INFO["profile_id"]):
            time.sleep(0.2)
        segment_s = SECONDS * len(MODES) / len(SEGMENTS)
        for number, mode in enumerate(SEGMENTS):
            log(f"  segment {number + 1}/{len(SEGMENTS)}: {mode} for {segment_s:.0f} s")
            elapsed[mode] += load_segment(
                clients, mode, segment_s, SEED + 100 * number, samples, stop
            )
        # wait for the tier run in progress (at most 10 minutes) before stopping the server
        stop.deadline = time.time() + 600
        stop.set()
        watcher.join(610)
    finally:
        sampling.set()
        common.stop_server(proc)
    retries, server_errors, error_examples = server_log_stats()
    figures = {
        mode: mode_figures([s for s in samples if s[3] == mode], elapsed[mode], idle[mode])
        for mode in MODES
    }
    arch, stock = figures["archives"], figures["stock"]
    errors = arch["errors"] + stock["errors"]
    ratio = (
        round(arch["p95_ms"] / stock["p95_ms"], 3) if arch["p95_ms"] and stock["p95_ms"] else None
    )
    throughput_ratio = (
        round(arch["rps"] / stock["rps"], 3) if arch["rps"] and stock["rps"] else None
    )
    goal_met = (
        errors == 0
        and bool(runs)
        and ratio is not None
        and ratio <= GOAL_RATIO
        and throughput_ratio is not None
        and throughput_ratio >= GOAL_THROUGHPUT
    )
    result = {
        "name": "load",
        "rows": INFO["archives"],
        "measured_s": round(arch["p95_ms"] / 1000, 3) if arch["p95_ms"] else None,
        "baseline_s": round(stock["p95_ms"] / 1000, 3) if stock["p95_ms"] else None,
        "ratio": ratio,
        "throughput_ratio": throughput_ratio,
        "errors": errors,
        "goal": f"ratio = p95 on archives / p95 on stock Contacts <= {GOAL_RATIO}; "
        f"throughput_ratio = requests/s on archives / on stock >= {GOAL_THROUGHPUT}; 0 errors "
        "reaching clients; at least one full tier recompute completed during the load",
        "goal_met": goal_met,
        "peak_rss_mb": round(max(rss), 1),
        "archives": arch,
        "stock": stock,
        "clients": CLIENTS,
        "seconds_per_mode": SECONDS,
        "segments": list(SEGMENTS),
        "workers": WORKERS,
        "think_s": THINK_S,
        "tier_runs": runs,
        "serialization_retries": retries,
        "server_errors": server_errors,
        "server_error_examples": error_examples,
        "db": db,
        "scale": scale,
    }
    if os.environ.get("LOAD_REPLICA_PORT"):
        result["replica_port"] = int(os.environ["LOAD_REPLICA_PORT"])
        result["cursor_modes"] = cursor_modes()
    path = common.write_result("load", result)
    for mode in MODES:
        for name, op in figures[mode]["operations"].items():
            log(
                f"  {mode:8s} {name:7s} n={op['count']:5d} errors={op['errors']} "
                f"p50={op['p50_ms']} ms p95={op['p95_ms']} ms "
                f"(idle p50={op['idle_p50_ms']} p95={op['idle_p95_ms']})"
            )
    print(
        f"load [{scale}]: archives {arch['requests']} ops = {arch['rps']} /s, p95 {arch['p95_ms']} ms; "
        f"stock Contacts {stock['requests']} ops = {stock['rps']} /s, p95 {stock['p95_ms']} ms; "
        f"ratio {ratio} (goal <= {GOAL_RATIO}), throughput_ratio {throughput_ratio} "
        f"(goal >= {GOAL_THROUGHPUT}); {errors} errors; {len(runs)} tier runs; {retries} "
        f"serialization retries; server RSS {result['peak_rss_mb']} MB "
        f"-> {os.path.relpath(path, common.ROOT)}" + ("" if goal_met else "  [goal missed]")
    )
    return 0 if goal_met else 1


if __name__ == "__main__":
    sys.exit(main())
