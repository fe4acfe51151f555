#!/usr/bin/env python3
"""Run a selection of Odoo's own tests on an existing database with the FULL registry loaded,
and compare two such runs (scripts/compat.sh, `make compat`).

    compat_run.py run --db DB --port PORT [--selectors scripts/compat_tests.txt] --out DB.json
    compat_run.py compare --base B.json --addon A.json [--known scripts/compat_known.txt]
        [--result bench/results/compat.json] [--report var/compat/diff.txt]

Why not `odoo-bin --test-enable`: without -i/-u, Odoo runs each module's at_install tests while
the registry is still being loaded module by module (odoo/modules/loading.py), i.e. before the
modules that depend on it (customer_archive among them) are loaded: base's tests would never meet
the addon's code. `run` loads the whole registry first (tests disabled), then builds the
at_install and the post_install suites of the selected modules with odoo.tests.loader.make_suite
and runs them with an HTTP server listening (HttpCase, tours), as odoo/service/server.py does for
post_install tests. Every test gets one outcome: pass, fail, error, skip, or error_log (it passed
but logged an ERROR record, which Odoo's CI counts as a failure). A setUpClass error is the
outcome of every test of that class (none of them could start).
"""

import argparse
import json
import logging
import os
import re
import resource
import sys
import threading
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
BAD = ("fail", "error", "error_log")
TB_KEEP = 6000  # characters of traceback kept per test
# The line naming the exception: "AssertionError: ...", "odoo.exceptions.AccessError: ...".
EXC_LINE = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*[a-z]\w*(?::|$)")
CLASS_ERROR = re.compile(r"^(setUpClass|tearDownClass) \((.*)\)$")


def read_selectors(path):
    """Odoo --test-tags selectors, one per line; '#' starts a comment."""
    selectors = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            spec = line.split("#", 1)[0].strip()
            if spec:
                selectors.append(spec)
    return selectors


def selector_modules(selectors):
    """The modules named by the include selectors, in file order."""
    modules = []
    for spec in selectors:
        m = re.match(r"^\w*/(\w+)", spec)
        if not spec.startswith("-") and m and m.group(1) not in modules:
            modules.append(m.group(1))
    return modules


def read_known(path):
    """Known differences: 'test id  # reason', one per line."""
    known = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                test_id, _, reason = line.partition("#")
                if test_id.strip():
                    known[test_id.strip()] = reason.strip()
    return known


def short_id(test_id):
    return test_id.removeprefix("odoo.addons.")


def first_error_line(tb_text):
    """The line naming the exception of a traceback (the last one), else its last line."""
    lines = [line for line in tb_text.strip().splitlines() if line.strip()]
    found = [line for line in lines if EXC_LINE.match(line) and not line.startswith("Traceback")]
    tour = re.search(r"startTour\('([^']+)'", found[-1]) if found else None
    if tour:  # HttpCase.start_tour: the failed step follows the test code
        step = [line for line in lines if line.startswith(("FAILED:", "Failed to find"))]
        return f"tour {tour.group(1)} failed: {(step or [''])[0]}"[:300]
    if found:
        return found[-1][:300]
    return lines[-1][:300] if lines else ""


# ---------------------------------------------------------------------------------------- run
class Outcomes:
    """Outcome of every planned test, filled by the result object and the log handler."""

    def __init__(self, suites):
        self.tests = {}  # id -> {status, message, traceback, time}
        self.planned = {}  # class path -> [test ids]
        self.class_errors = {}  # class path -> (phase, message, traceback)
        self.current = None
        self.t0 = 0.0
        for suite in suites:
            for test in suite:
                tid = short_id(test.id())
                self.tests[tid] = {"status": "not_run", "message": "", "time": 0.0}
                cls = short_id(f"{type(test).__module__}.{type(test).__qualname__}")
                self.planned.setdefault(cls, []).append(tid)

    def set_bad(self, tid, status, tb):
        cur = self.tests.setdefault(tid, {"status": "pass", "message": "", "time": 0.0})
        if cur["status"] not in ("fail", "error"):
            cur.update(status=status, message=first_error_line(tb), traceback=tb[-TB_KEEP:])

    def apply_class_errors(self):
        """A failed setUpClass is the outcome of each test of the class; a failed
        tearDownClass that of each test of the class that had passed."""
        for cls, (phase, message, tb) in self.class_errors.items():
            for tid in self.planned.get(cls, []):
                cur = self.tests[tid]
                if (phase, cur["status"]) in (("setUpClass", "not_run"), ("tearDownClass", "pass")):
                    cur.update(
                        status="error", message=f"{phase}: {message}", traceback=tb[-TB_KEEP:]
                    )

    def counts(self):
        counts = {}
        for o in self.tests.values():
            counts[o["status"]] = counts.get(o["status"], 0) + 1
        return counts


def result_class(base, outcomes):
    """An OdooTestResult subclass that records each test's outcome in `outcomes`."""

    class Result(base):
        def startTest(self, test):
            super().startTest(test)
            outcomes.current = short_id(test.id())
            outcomes.t0 = time.time()
            cur = outcomes.tests.setdefault(outcomes.current, {"status": "not_run", "message": ""})
            if cur["status"] != "not_run":  # second attempt (retry after a failure)
                cur["retried"] = True
            cur["status"] = "pass"

        def wasSuccessful(self):
            """Always true: outcomes are kept per test. BaseCase.run asks this after each test
            and turns the retries off for the rest of a run after its first failure; here every
            test keeps its retry."""
            return True

        def stopTest(self, test):
            super().stopTest(test)
            cur = outcomes.tests.get(short_id(test.id()))
            if cur is not None:
                cur["time"] = round(time.time() - outcomes.t0, 3)
            outcomes.current = None

        def _record(self, test, err, status):
            if self._soft_fail:  # an attempt that will be retried (ODOO_TEST_FAILURE_RETRIES)
                return
            tb = self._exc_info_to_string(err, test)
            m = CLASS_ERROR.match(test.id())
            if m:  # _ErrorHolder of OdooSuite
                outcomes.class_errors[short_id(m.group(2))] = (m.group(1), first_error_line(tb), tb)
            else:  # a test or one of its subTests
                outcomes.set_bad(short_id(getattr(test, "test_case", test).id()), status, tb)

        def addError(self, test, err):
            super().addError(test, err)
            self._record(test, err, "error")

        def addFailure(self, test, err):
            super().addFailure(test, err)
            self._record(test, err, "fail")

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            tid = short_id(test.id())
            if tid in outcomes.tests:
                outcomes.tests[tid].update(status="skip", message=str(reason)[:300])

    return Result


class ErrorLogHandler(logging.Handler):
    """ERROR records logged while a test runs (Odoo's CI fails on them), minus the result's own."""

    def __init__(self, outcomes):
        super().__init__(logging.ERROR)
        self.outcomes = outcomes

    def emit(self, record):
        cur = self.outcomes.tests.get(self.outcomes.current or "")
        msg = record.getMessage()
        if not cur or cur["status"] != "pass" or msg.startswith(("FAIL: ", "ERROR: ", "=" * 20)):
            return
        text = msg
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        cur.update(
            status="error_log",
            message=f"{record.name}: {msg.splitlines()[0][:250]}",
            traceback=text[-TB_KEEP:],
        )


def cpu_seconds():
    """CPU time of this process and of its finished children (Chrome of the tours)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def start_odoo(db, port, logfile):
    """Configure Odoo, start its HTTP server (for HttpCase) and load the whole registry."""
    sys.path.insert(0, ODOO_SRC)
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import server  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    opts = ["-c", os.path.join(ROOT, "var", "odoo.conf"), "-d", db, "--db-filter", f"^{db}$"]
    opts += ["--http-port", str(port), "--max-cron-threads", "0", "--workers", "0"]
    if logfile:
        opts += ["--logfile", logfile]
    config.parse_config(opts)
    server.load_server_wide_modules()
    # The HTTP server HttpCase talks to (ThreadedServer.start does this in test mode).
    server.server = server.ThreadedServer(odoo.http.root)
    server.server.http_spawn()
    threading.current_thread().dbname = db
    # test_enable is still off: loading.py would otherwise run each module's at_install tests as
    # soon as that module is loaded, before the modules that come after it.
    return Registry.new(db, update_module=False)


def cmd_run(args):
    # Odoo's own retry (BaseCase.run): a failed test runs once more and fails only if it fails
    # again, so that a timing-dependent tour does not count as a difference.
    os.environ["ODOO_TEST_FAILURE_RETRIES"] = str(args.retries)
    t_start = time.time()
    registry = start_odoo(args.db, args.port, args.log)
    t_loaded = time.time()
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    selectors = read_selectors(args.selectors)
    config["test_enable"] = True
    config["test_tags"] = ",".join(selectors)
    from odoo.modules import module as odoo_module  # noqa: PLC0415
    from odoo.tests import loader  # noqa: PLC0415
    from odoo.tests.result import OdooTestResult  # noqa: PLC0415

    wanted = selector_modules(selectors)
    modules = [m for m in wanted if m in registry._init_modules]
    suites = [loader.make_suite(modules, "at_install"), loader.make_suite(modules, "post_install")]
    outcomes = Outcomes(suites)
    if any(s.has_http_case() for s in suites):
        with registry.cursor() as cr:
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.qweb"]._pregenerate_assets_bundles()

    handler = ErrorLogHandler(outcomes)
    logging.getLogger().addHandler(handler)
    t_tests = time.time()
    result = result_class(OdooTestResult, outcomes)()
    odoo_module.current_test = True  # as odoo.tests.loader.run_suite
    threading.current_thread().testing = True
    try:
        for suite in suites:  # at_install first, then post_install, as Odoo orders them
            suite(result)
    finally:
        threading.current_thread().testing = False
        odoo_module.current_test = False
        logging.getLogger().removeHandler(handler)
    t_end = time.time()
    outcomes.apply_class_errors()

    out = {
        "db": args.db,
        "modules": modules,
        "missing_modules": [m for m in wanted if m not in modules],
        "load_s": round(t_loaded - t_start, 1),
        "tests_s": round(t_end - t_tests, 1),
        "wall_s": round(t_end - t_start, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cpu_s": round(cpu_seconds(), 1),
        "tests": outcomes.tests,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
    print(
        f"compat_run: {args.db}: {len(outcomes.tests)} tests in {out['tests_s']}s "
        f"(registry {out['load_s']}s): {json.dumps(outcomes.counts(), sort_keys=True)}",
        flush=True,
    )
    from odoo.service import server  # noqa: PLC0415

    server.server.httpd.shutdown()
    odoo.sql_db.close_all()
    return 0


# ------------------------------------------------------------------------------------ compare
def classify(base, addon, known):
    """Split the test ids into: only with the addon, known differences, on both, only base."""
    bt, at = base["tests"], addon["tests"]
    groups = {"only_addon": [], "known": [], "both": [], "only_base": []}
    for tid in sorted(set(bt) | set(at)):
        b = bt.get(tid, {"status": "missing"})
        a = at.get(tid, {"status": "missing"})
        a_bad = a["status"] in BAD or (
            a["status"] in ("missing", "not_run") and b["status"] == "pass"
        )
        b_bad = b["status"] in BAD
        if a_bad and not b_bad:
            groups["known" if tid in known else "only_addon"].append((tid, a))
        elif a_bad:
            groups["both"].append((tid, a))
        elif b_bad:
            groups["only_base"].append((tid, b))
    return groups, len(set(bt) | set(at))


def report_lines(base, addon, groups, known, compared):
    lines = [
        f"compat: baseline {base['db']} vs addon {addon['db']}: {compared} tests; "
        f"{base['tests_s']}s without, {addon['tests_s']}s with the addon"
    ]
    sections = [
        ("both", "fail on both databases (not counted)", None),
        ("only_base", "fail only without the addon (not counted)", None),
        ("known", "known difference(s) (scripts/compat_known.txt)", known),
        ("only_addon", "FAIL ONLY WITH THE ADDON", None),
    ]
    for key, title, reasons in sections:
        items = groups[key]
        if items:
            lines.append(f"--- {len(items)} test(s): {title}")
            for tid, o in items:
                detail = reasons[tid] if reasons else f"{o['status']}: {o.get('message', '')[:200]}"
                lines.append(f"  {tid}: {detail}")
    for run, name in ((base, "without"), (addon, "with")):
        flaky = [t for t, o in run["tests"].items() if o.get("retried") and o["status"] not in BAD]
        if flaky:
            lines.append(f"--- {len(flaky)} test(s) passed on their retry {name} the addon:")
            lines += [f"  {tid}" for tid in sorted(flaky)]
    unused = sorted(set(known) - {tid for tid, _o in groups["known"]})
    if unused:
        lines.append(f"--- {len(unused)} known difference(s) no longer differ (remove them):")
        lines += [f"  {tid}" for tid in unused]
    return lines


def retried(run):
    return sum(1 for o in run["tests"].values() if o.get("retried") and o["status"] not in BAD)


def summary_by_class(items):
    """One line per class and error for the console (a setUpClass error fails a whole class)."""
    per = {}
    for tid, o in items:
        cls, _, method = tid.rpartition(".")
        per.setdefault((cls, o.get("message", "")[:160]), []).append(method)
    return [
        f"  {cls}.{methods[0] if len(methods) == 1 else f'* ({len(methods)} tests)'}: {msg}"
        for (cls, msg), methods in per.items()
    ]


def cmd_compare(args):
    with open(args.base, encoding="utf-8") as fh:
        base = json.load(fh)
    with open(args.addon, encoding="utf-8") as fh:
        addon = json.load(fh)
    known = read_known(args.known)
    groups, compared = classify(base, addon, known)
    failed = len(groups["only_addon"])
    lines = report_lines(base, addon, groups, known, compared)
    res = {
        "name": "compat",
        "rows": compared,
        "passed": compared - failed - len(groups["both"]) - len(groups["known"]),
        "measured_s": addon["tests_s"],
        "baseline_s": base["tests_s"],
        "ratio": round(addon["tests_s"] / base["tests_s"], 3) if base["tests_s"] else None,
        "goal": 1.10,
        "peak_rss_mb": max(addon.get("peak_rss_mb", 0), base.get("peak_rss_mb", 0)),
        "failed_only_with_addon": failed,
        "known_differences": len(groups["known"]),
        "failed_on_both": len(groups["both"]),
        "wall_s": args.wall_s,
        "cpu_s": {"with": addon.get("cpu_s"), "without": base.get("cpu_s")},
        "passed_on_retry": {"with": retried(addon), "without": retried(base)},
    }
    if args.result:
        os.makedirs(os.path.dirname(os.path.abspath(args.result)), exist_ok=True)
        with open(args.result, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=2)
            fh.write("\n")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
            for tid, a in groups["only_addon"]:
                fh.write(f"\n===== {tid} ({a['status']})\n{a.get('traceback', '')}\n")
    print("\n".join(line for line in lines if not line.startswith("  ")))
    print("\n".join(summary_by_class(groups["only_addon"])[:40]))
    print(f"compat: {compared} tests, {failed} fail only with the addon")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("--db", required=True)
    run.add_argument("--port", type=int, required=True)
    run.add_argument("--selectors", default=os.path.join(ROOT, "scripts", "compat_tests.txt"))
    run.add_argument("--out", required=True)
    run.add_argument("--log")
    run.add_argument("--retries", type=int, default=1, help="retries of a failed test (default 1)")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("--base", required=True)
    cmp_.add_argument("--addon", required=True)
    cmp_.add_argument("--known", default=os.path.join(ROOT, "scripts", "compat_known.txt"))
    cmp_.add_argument("--result")
    cmp_.add_argument("--report")
    cmp_.add_argument("--wall-s", type=float)
    args = parser.parse_args()
    return cmd_run(args) if args.cmd == "run" else cmd_compare(args)


if __name__ == "__main__":
    sys.exit(main())
