"""Shared helpers of the benchmarks (bench/bench_<name>.py, run by bench/run.sh).

Each benchmark runs in-process with the Odoo registry of the bench database, measures what it
compares side by side (interleaved repetitions, median), writes bench/results/<name>.json and
prints one summary line.
"""

import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
CONFIG = os.path.join(ROOT, "var", "odoo.conf")


def bench_scale():
    """``small`` (10,000 archives) or ``full`` (100,000 archives), from BENCH_SCALE."""
    scale = os.environ.get("BENCH_SCALE") or "full"
    if scale not in ("small", "full"):
        sys.exit(f"BENCH_SCALE must be small or full, not {scale!r}")
    return scale


def bench_db():
    return os.environ.get("BENCH_DB") or f"bench_{bench_scale()}"


@contextlib.contextmanager
def odoo_env(db, login=None):
    """An environment on ``db`` (as ``login``, or the superuser) whose transaction is rolled
    back at the end. The context is the one the web client sends for that user."""
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", CONFIG, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if login:
            user = env["res.users"].search([("login", "=", login)])
            if not user:
                sys.exit(f"bench: no user {login!r} in {db}")
            context = dict(user.with_user(user).context_get(), allowed_company_ids=user.company_id.ids,
                           bin_size=True)
            env = api.Environment(cr, user.id, context)
        try:
            yield env
        finally:
            cr.rollback()


def timed(env, fn):
    """Run ``fn()`` with an empty record cache (as in a new request); return (seconds, result)."""
    env.invalidate_all()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def query_count(env, fn):
    """Number of SQL queries ``fn()`` runs, record cache emptied first."""
    env.invalidate_all()
    before = env.cr.sql_log_count
    fn()
    return env.cr.sql_log_count - before


def interleaved(env, cases, repetitions=20, warmup=3):
    """Time the callables of ``cases`` (name -> fn) alternately: ``warmup`` untimed rounds, then
    ``repetitions`` rounds, the order of the cases reversed every other round. Returns
    {name: median seconds} and {name: [all timings]}."""
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            timed(env, cases[name])
    samples = {name: [] for name in names}
    for rep in range(repetitions):
        for name in names if rep % 2 == 0 else reversed(names):
            seconds, _result = timed(env, cases[name])
            samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}, samples


def peak_rss_mb():
    """Peak resident memory of this process, in MB (ru_maxrss is in KB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def start_server(name, db, port, args, log, timeout=180):
    """An Odoo server of a benchmark on ``db`` (127.0.0.1:``port``, longpolling ``port`` + 1,
    ``args`` added), in its own process group, its output in ``log``; returned once
    /web/health answers. Exits with a message when the port is taken or the server does not
    come up (``name``: the benchmark's, in the messages)."""
    import requests

    url = f"http://127.0.0.1:{port}"
    try:
        requests.get(url + "/web/health", timeout=2)
        sys.exit(f"bench {name}: port {port} is in use")
    except requests.RequestException:
        pass
    cmd = [os.path.join(ROOT, "scripts", "odoo.sh"), "-d", db, "--db-filter", f"^{db}$"]
    cmd += ["--http-port", str(port), "--gevent-port", str(port + 1), *args]
    with open(log, "w", encoding="utf-8") as logfile:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            cmd,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"bench {name}: the server died while starting (log {log})")
        try:
            if requests.get(url + "/web/health", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    proc.kill()
    sys.exit(f"bench {name}: the server did not answer on {url} (log {log})")


def stop_server(proc):
    """Stop a server of :func:`start_server` (SIGTERM, then SIGKILL after a minute)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_result(name, payload):
    """Write bench/results/<name>.json (atomically) and return its path."""
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"{name}.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    os.replace(tmp, path)
    return path


def list_view_specification(env, model, view_id):
    """The fields specification the web client sends for the list view ``view_id`` of
    ``model`` (as seen by the current user: fields of groups they lack are removed), and the
    view's ``default_order`` (None: the model's _order)."""
    from lxml import etree

    views = env[model].get_views([(view_id, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    fields = views["models"][model]["fields"]
    spec = {}
    for node in arch.iterchildren("field"):
        fname = node.get("name")
        field = fields.get(fname)
        if not field:
            continue
        if field["type"] in ("many2one", "many2many", "one2many"):
            related = {"display_name": {}}
            options = node.get("options") or ""
            if "color_field" in options:
                from odoo.tools.safe_eval import safe_eval

                color = safe_eval(options).get("color_field")
                if color:
                    related[color] = {}
            spec[fname] = {"fields": related}
        else:
            spec[fname] = {}
    return spec, arch.get("default_order")
