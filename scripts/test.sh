#!/usr/bin/env bash
# Full test run: rebuild DB ca_test (a Chinese company in CNY, scripts/createdb.sh, then the
# addon installed in a second Odoo run that runs the module's Odoo tests),
# then start a server on 127.0.0.1:8079 against it and run the system tests (pytest tests/, the
# ones marked slow apart), then the fault scenarios (the slow ones but the full disk, which runs
# with the system tests; `make faults` runs them all on demand).
# Last line printed: "N passed, N failed". Exit status non-zero on any failed/errored test,
# any ERROR/CRITICAL log record or Traceback in the Odoo logs, or when no test ran at all.
# Then `make compat` (scripts/compat.sh): Odoo's own test suites with and without the addon (its
# stock database is built while ca_test is); its compared tests count in the summary.
# Env: CA_MODULE (default customer_archive), ODOO_EXTRA_ADDONS, CA_TEST_PORT (default 8079),
#      COMPAT_PORT (default 8076, and +1), CA_COMPAT=0 (leave make compat out, for a quick run),
#      CA_FAULTS=0 (leave the fault scenarios out; their server uses CA_TEST_PORT + 2).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/lib.sh
MODULE=${CA_MODULE:-customer_archive}
DB=ca_test
PORT=${CA_TEST_PORT:-8079}
PY=$ROOT/.venv/bin/python
LOG=$ROOT/var/test-odoo.log          # both Odoo runs that build ca_test (+ Odoo tests)
SLOG=$ROOT/var/test-server.log       # the server the system tests talk to
SPID=$ROOT/var/test-server.pid
JUNIT=$ROOT/var/test-pytest.xml
FJUNIT=$ROOT/var/test-faults.xml     # the fault scenarios run by make test (tests/test_faults.py)
SUMMARY=$ROOT/var/test-summary.txt
LINTLOG=$ROOT/var/test-lint.log      # make lint (pre-commit hooks), counted in the summary
COMPATLOG=$ROOT/var/test-compat.log  # make compat (stock Odoo suites with/without the addon)
COMPATJSON=$ROOT/var/compat/compat.json
CPID=                                # make compat's stock database, built in the background
T0=$SECONDS

step() { echo "test.sh: [$((SECONDS - T0))s] $*"; }
# Show the first line of WARNING/ERROR/CRITICAL records while Odoo runs.
live() { grep --line-buffered -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) |^Traceback' | cut -c1-300 || true; }

cleanup() {
  stop_odoo "$SPID" "test server" >/dev/null
  if [ -n "$CPID" ]; then kill -TERM -- "-$CPID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$PG" start >/dev/null
mkdir -p var
stop_odoo "$SPID" "test server"       # leftover from an interrupted run
drop_db "$DB"
rm -f "$LOG" "$SLOG" "$JUNIT" "$FJUNIT" "$SUMMARY" "$LINTLOG" "$COMPATLOG" "$COMPATJSON"

step "lint: every pre-commit hook (log var/test-lint.log)"
scripts/lint.sh >"$LINTLOG" 2>&1 || true
grep -E '^lint: .* failed$' "$LINTLOG" || true

if [ "${CA_COMPAT:-1}" != 0 ]; then
  step "building make compat's stock database in the background (log var/test-compat.log)"
  # Its own process group (setsid), so that an interrupted run stops the Odoo it started too.
  setsid scripts/compat.sh --build-base >"$COMPATLOG" 2>&1 </dev/null &
  CPID=$!
fi
step "building $DB, step 1/2: a Chinese company (CNY, l10n_cn), contacts,sale_management + zh_CN (log var/test-odoo.log)"
set +e
scripts/createdb.sh "$DB" --http-port "$PORT" 2>&1 | tee -a "$LOG" | live
rc1=${PIPESTATUS[0]}
rc2=skipped
UPDB=${DB}_upgrade
drop_db "$UPDB"
if [ "$rc1" = 0 ]; then
  # A copy before the addon is installed, for the upgrade test (tests/test_upgrade.py).
  "$PG" psql -d postgres -c "CREATE DATABASE \"$UPDB\" TEMPLATE \"$DB\"" >/dev/null
  [ -d "var/data/filestore/$DB" ] && cp -a "var/data/filestore/$DB" "var/data/filestore/$UPDB"
  step "step 2/2: install $MODULE and run its Odoo tests (--test-tags /$MODULE)"
  # --test-enable starts the HTTP server (HttpCase, tours): it must not clash with run.sh's 8069.
  "$ODOO" -d "$DB" -i "$MODULE" --test-enable --test-tags "/$MODULE" --stop-after-init \
    --log-level=test --http-port "$PORT" 2>&1 | tee -a "$LOG" | live
  rc2=${PIPESTATUS[0]}
fi
set -e
state=$(module_state "$DB" "$MODULE")

pytest_rc=skipped
UDB=${DB}_uninstall
drop_db "$UDB"
if [ "$state" = installed ]; then
  # A copy of the tested database for the uninstall test (tests/test_uninstall.py).
  "$PG" psql -d postgres -c "CREATE DATABASE \"$UDB\" TEMPLATE \"$DB\"" >/dev/null
  [ -d "var/data/filestore/$DB" ] && cp -a "var/data/filestore/$DB" "var/data/filestore/$UDB"
  step "starting test server on 127.0.0.1:$PORT (log var/test-server.log)"
  if port_busy "$PORT"; then echo "test.sh: port $PORT is already in use" >&2; exit 1; fi
  "$ODOO" -d "$DB" --db-filter "^$DB\$" --http-port "$PORT" --max-cron-threads 0 \
    --pidfile "$SPID" >"$SLOG" 2>&1 </dev/null &
  echo $! >"$SPID"
  if wait_health "$PORT" "$SPID" "$SLOG"; then
    step "system tests: pytest tests/ (CA_URL=http://127.0.0.1:$PORT CA_DB=$DB)"
    set +e
    CA_URL=http://127.0.0.1:$PORT CA_DB=$DB CA_UNINSTALL_DB=$UDB CA_UPGRADE_DB=$UPDB "$PY" -m pytest tests/ -q --tb=short -m "not slow" --junitxml="$JUNIT"
    pytest_rc=$?
    set -e
  else
    pytest_rc=server-down
  fi
  stop_odoo "$SPID" "test server" >/dev/null
else
  step "$MODULE is not installed in $DB (state '${state}'): system tests skipped"
fi

compat_rc=skipped
if [ "${CA_COMPAT:-1}" = 0 ]; then
  step "make compat left out (CA_COMPAT=0)"
else
  step "make compat: Odoo's own suites with and without $MODULE (log var/test-compat.log)"
  set +e
  wait "$CPID"
  CPID=
  COMPAT_REUSE_BASE=1 COMPAT_RESULT=$COMPATJSON CA_MODULE=$MODULE scripts/compat.sh 2>&1 \
    | tee -a "$COMPATLOG" | grep --line-buffered -E '^compat: '
  compat_rc=${PIPESTATUS[0]}
  set -e
fi

# Fault scenarios, the fast subset of `make faults` (tests/test_faults.py, marked slow): the
# server killed during the tier recompute and during the visit scheduled action, PostgreSQL
# restarted under load. Last, on their own database (a copy of $DB with FAULTS_ARCHIVES generated
# archives): the PostgreSQL restart must not hit make compat. CA_FAULTS=0 leaves them out.
faults_rc=skipped
if [ "${CA_FAULTS:-1}" = 0 ]; then
  step "fault scenarios left out (CA_FAULTS=0)"
elif [ "$state" = installed ]; then
  step "fault scenarios: tier_kill, visit_kill, pg_restart (log var/faults-server.log)"
  set +e
  CA_DB=ca_faults FAULTS_TEMPLATE=$DB FAULTS_PORT=$((PORT + 2)) "$PY" -m pytest tests/test_faults.py -q \
    --tb=short -m slow -k "tier_kill or visit_kill or pg_restart" --junitxml="$FJUNIT"
  faults_rc=$?
  set -e
fi

# ---- summary: parse the Odoo logs, the pytest junit reports and make compat's result ----
set +e
"$PY" - "$LOG" "$SLOG" "$JUNIT" "$rc1" "$rc2" "$pytest_rc" "$MODULE" "$state" "$LINTLOG" \
  "$compat_rc" "$COMPATJSON" "$FJUNIT" "$faults_rc" <<'PY' | tee "$SUMMARY"
import json, os, re, sys
import xml.etree.ElementTree as ET

(log, slog, junit, rc1, rc2, pytest_rc, module, state, lintlog, compat_rc, compat_json,
 fjunit, faults_rc) = sys.argv[1:]
# Odoo record: "2025-01-01 12:00:00,123 4242 LEVEL dbname logger.name: message"
REC = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) (\S+) ([\w.]+): (.*)$')
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database '([^']*)'")
# Records that report test outcomes (already counted through the tests/failures numbers).
REPORT = [
    (re.compile(r'^odoo\.addons\.'), re.compile(r'^(FAIL|ERROR): ')),   # OdooTestResult.logError
    (re.compile(r'^odoo\.addons\.[\w.]+\.tests\.[\w.]+\.browser$'), re.compile('')),  # HttpCase browser/tour
    (re.compile(r'^odoo\.modules\.loading$'), re.compile(r'^Module \S+: \d+ failures, \d+ errors of \d+ tests')),
    (re.compile(r'^odoo\.modules\.loading$'), re.compile(r'^At least one test failed when loading the modules')),
    (re.compile(r'^odoo\.tests\.result$'), re.compile(r'when loading database|^Test suite halted')),
]

def records(path):
    """Yield (level, logger, lines) per log record; stray lines (stderr) join the previous one."""
    cur = None
    if not os.path.exists(path):
        return
    with open(path, encoding='utf-8', errors='replace') as fh:
        for line in fh:
            line = line.rstrip('\n')
            m = REC.match(line)
            if m:
                if cur:
                    yield cur
                cur = (m.group(1), m.group(3), [line])
            elif cur:
                cur[2].append(line)
            else:
                cur = ('RAW', '', [line])
    if cur:
        yield cur

def scan(path):
    bad, warnings, result, skipped = [], [], None, 0
    for level, logger, lines in records(path):
        msg = REC.match(lines[0]).group(4) if REC.match(lines[0]) else lines[0]
        m = RESULT.search(lines[0])
        if m and logger == 'odoo.tests.result':
            result = tuple(int(x) for x in m.groups()[:3])
        if logger.startswith('odoo.addons.') and msg.startswith('skipped '):
            skipped += 1
        is_bad = level in ('ERROR', 'CRITICAL') or any('Traceback (most recent call last)' in l for l in lines)
        if level == 'WARNING' and not is_bad:
            warnings.append(lines[0])
        if is_bad:
            report = any(lg.search(logger) and ms.search(msg) for lg, ms in REPORT)
            bad.append((report, lines))
    return bad, warnings, result, skipped

out = []
def p(s=''):
    out.append(s)

failed = passed = 0
ran = 0
extra = []        # failures not represented by a test count

# 1. Odoo tests (build log of ca_test)
bad, warns, result, skipped = scan(log)
if result:
    f, e, n = result
    ran += n
    failed += f + e
    passed += max(0, n - f - e - skipped)
    odoo_line = f'Odoo tests: {n} run, {f} failed, {e} error(s), {skipped} skipped'
else:
    odoo_line = 'Odoo tests: no result line ("... when loading database") found'
    if rc2 != 'skipped':
        extra.append('Odoo test run ended without its result line')
if rc1 != '0':
    extra.append(f'Odoo build step 1 exited with {rc1}')
if rc2 not in ('0', 'skipped') and not (result and result[0] + result[1]):
    extra.append(f'Odoo test run (step 2) exited with {rc2}')
if state != 'installed':
    extra.append(f'{module} not installed in ca_test (state {state!r})')

# 2. system tests and fault scenarios (pytest junit reports)
def junit_counts(path):
    n = f = e = s = 0
    if os.path.exists(path):
        root = ET.parse(path).getroot()
        for suite in ([root] if root.tag == 'testsuite' else root.iter('testsuite')):
            n += int(suite.get('tests', 0)); f += int(suite.get('failures', 0))
            e += int(suite.get('errors', 0)); s += int(suite.get('skipped', 0))
    return n, f, e, s

def pytest_line(label, path, rc):
    global ran, failed, passed
    n, f, e, s = junit_counts(path)
    ran += n - s
    failed += f + e
    passed += max(0, n - f - e - s)
    if rc not in ('0', '1', '5') and not f + e:
        extra.append(f'pytest ({label}) exited with {rc}')
    return f'{label}: {n} run, {f} failed, {e} error(s), {s} skipped (pytest exit {rc})'

py_line = 'System tests: not run'
if pytest_rc not in ('skipped', 'server-down'):
    py_line = pytest_line('System tests', junit, pytest_rc)
elif pytest_rc == 'server-down':
    extra.append('test server did not start')
faults_line = 'Fault scenarios: not run'
if faults_rc != 'skipped':
    faults_line = pytest_line('Fault scenarios', fjunit, faults_rc)

# 3. lint: one test per pre-commit hook (scripts/lint.sh prints "lint: <hook> passed|failed")
lint_line = 'Lint: not run'
if os.path.exists(lintlog):
    with open(lintlog, encoding='utf-8', errors='replace') as fh:
        hooks = re.findall(r'^lint: (\S+) (passed|failed)$', fh.read(), re.MULTILINE)
    lint_failed = [h for h, outcome in hooks if outcome == 'failed']
    ran += len(hooks)
    passed += len(hooks) - len(lint_failed)
    failed += len(lint_failed)
    lint_line = f'Lint: {len(hooks)} hooks, {len(lint_failed)} failed' + (
        f' ({", ".join(lint_failed)}: see var/test-lint.log)' if lint_failed else '')
    if not hooks:
        extra.append('lint printed no hook result (var/test-lint.log)')

# 4. make compat: each compared stock test passes unless it fails only with the addon
compat_line = 'Compat: not run'
if compat_rc != 'skipped':
    if os.path.exists(compat_json):
        with open(compat_json, encoding='utf-8') as fh:
            c = json.load(fh)
        f = c['failed_only_with_addon']
        ran += c['passed'] + f
        passed += c['passed']
        failed += f
        compat_line = (f"Compat: {c['rows']} stock tests, {f} fail only with the addon, "
                       f"{c['failed_on_both']} fail on both, {c['known_differences']} known differences; "
                       f"{c['measured_s']}s with / {c['baseline_s']}s without (var/compat/diff.txt)")
    else:
        extra.append(f'make compat ended without its result (exit {compat_rc}, var/test-compat.log)')

# 5. ERROR/CRITICAL/Traceback records of both logs
sbad, swarns, _, _ = scan(slog)
unattributed = 0
for name, items in (('var/test-odoo.log', bad), ('var/test-server.log', sbad)):
    for report, lines in items:
        if not report:
            unattributed += 1
    if items:
        p(f'--- {len(items)} ERROR/CRITICAL/Traceback record(s) in {name}:')
        for report, lines in items:
            shown = lines if len(lines) <= 25 else lines[:5] + ['    ...'] + lines[-19:]
            for l in shown:
                p('  ' + l[:400])
failed += unattributed + len(extra)

allwarns = [('var/test-odoo.log', w) for w in warns] + [('var/test-server.log', w) for w in swarns]
if allwarns:
    p(f'--- {len(allwarns)} WARNING record(s) (not failures), first 15:')
    for name, w in allwarns[:15]:
        p(f'  {name}: {w[:300]}')
p('=' * 70)
p(odoo_line)
p(py_line)
p(faults_line)
p(lint_line)
p(compat_line)
if unattributed:
    p(f'Log records counted as failures: {unattributed}')
for x in extra:
    p(f'Problem counted as failure: {x}')
if ran == 0:
    p('No test ran at all: this is a failure')
p(f'{passed} passed, {failed} failed')
print('\n'.join(out))
sys.exit(1 if failed or ran == 0 else 0)
PY
rc=${PIPESTATUS[0]}
exit "$rc"
