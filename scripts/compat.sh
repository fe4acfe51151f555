#!/usr/bin/env bash
# make compat: Odoo's own tests (scripts/compat_tests.txt) on a stock database and on the same
# database with customer_archive, with the full registry loaded (scripts/compat_run.py), both runs
# in parallel; fails on any test that fails only with the addon (minus scripts/compat_known.txt).
# Writes bench/results/compat.json and var/compat/diff.txt (the differences with tracebacks).
# Last line: "compat: N tests, F fail only with the addon"; exit status 1 when F > 0, 2 when the
# databases could not be built or a run ended without its results.
#
# Databases: compat_base (stock: contacts, sale_management, account, mail, base_import, with
# demo data, English only: a user language other than English changes the stock tests' expected
# texts) and compat_addon (a copy of it with customer_archive installed).
# Usage: scripts/compat.sh [--build-base]   (--build-base: only (re)build compat_base; test.sh
#        does it while it builds ca_test)
# Env: COMPAT_REUSE_BASE=1 (keep compat_base when it is installed), COMPAT_REUSE=1 (also keep
#      compat_addon when the addon is unchanged since it was built), COMPAT_TESTS (selector file,
#      default scripts/compat_tests.txt), COMPAT_PORT (HTTP port of the stock run, default 8076;
#      the addon run uses COMPAT_PORT+1), COMPAT_SERIAL=1 (one run after the other),
#      COMPAT_RESULT (default bench/results/compat.json), COMPAT_TIMEOUT (seconds per run,
#      default 3600), CA_MODULE (default customer_archive).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/lib.sh
PY=$ROOT/.venv/bin/python
MODULE=${CA_MODULE:-customer_archive}
# Stock Odoo with the same apps as the addon brings (its manifest's depends, e.g. stock and
# sale_loyalty, which auto-install sale_stock, stock_account...): the two databases differ by the
# addon alone.
STOCK=$("$PY" -c "import ast, sys; print(','.join(ast.literal_eval(open(sys.argv[1]).read())['depends']))" \
  "$ROOT/$MODULE/__manifest__.py")
BDB=compat_base
ADB=compat_addon
P1=${COMPAT_PORT:-8076}
P2=$((P1 + 1))
OUT=$ROOT/var/compat
STAMP=$OUT/addon.stamp
TESTS=${COMPAT_TESTS:-scripts/compat_tests.txt}
RESULT=${COMPAT_RESULT:-bench/results/compat.json}
T0=$SECONDS
step() { echo "compat: [$((SECONDS - T0))s] $*"; }

mkdir -p "$OUT" "$(dirname "$RESULT")"
"$PG" start >/dev/null
ODOO_CONF_ONLY=1 "$ODOO"

if [ "${COMPAT_REUSE_BASE:-}" = 1 ] && [ "$(module_state "$BDB" sale_management)" = installed ]; then
  step "reusing $BDB"
else
  step "building $BDB: $STOCK (log var/compat/build-base.log)"
  rm -f "$STAMP"
  drop_db "$BDB"
  "$ODOO" -d "$BDB" -i "$STOCK" --stop-after-init --no-http >"$OUT/build-base.log" 2>&1 \
    || { echo "compat: building $BDB failed (var/compat/build-base.log)" >&2; drop_db "$BDB"; exit 2; }
fi
[ "${1:-}" = --build-base ] && exit 0

if [ "${COMPAT_REUSE:-}" = 1 ] && [ "$(module_state "$ADB" "$MODULE")" = installed ] \
  && [ "$(cat "$STAMP" 2>/dev/null)" = "$(addon_hash "$MODULE")" ]; then
  step "reusing $ADB ($MODULE unchanged)"
else
  step "building $ADB: $BDB + $MODULE (log var/compat/build-addon.log)"
  rm -f "$STAMP"
  drop_db "$ADB"
  "$PG" psql -d postgres -c "CREATE DATABASE \"$ADB\" TEMPLATE \"$BDB\" OWNER odoo" >/dev/null
  if [ -d "var/data/filestore/$BDB" ]; then cp -a "var/data/filestore/$BDB" "var/data/filestore/$ADB"; fi
  "$ODOO" -d "$ADB" -i "$MODULE" --stop-after-init --no-http >"$OUT/build-addon.log" 2>&1 \
    || { echo "compat: installing $MODULE in $ADB failed (var/compat/build-addon.log)" >&2; exit 2; }
  [ "$(module_state "$ADB" "$MODULE")" = installed ] || { echo "compat: $MODULE not installed in $ADB" >&2; exit 2; }
  addon_hash "$MODULE" >"$STAMP"
fi

for p in "$P1" "$P2"; do
  if port_busy "$p"; then echo "compat: port $p is already in use (set COMPAT_PORT)" >&2; exit 2; fi
done

run() {  # run DB PORT NAME
  timeout --kill-after=30 "${COMPAT_TIMEOUT:-3600}" \
    "$PY" scripts/compat_run.py run --db "$1" --port "$2" --selectors "$TESTS" \
    --out "$OUT/$3.json" --log "$OUT/$3.log"
}
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -f "$OUT"/{base,addon}.{json,log} "$OUT/diff.txt"
t_run=$SECONDS
set +e
if [ "${COMPAT_SERIAL:-}" = 1 ]; then
  step "running the tests on $BDB, then on $ADB (logs var/compat/base.log, addon.log)"
  run "$BDB" "$P1" base; rb=$?
  run "$ADB" "$P2" addon; ra=$?
else
  step "running the tests on $BDB and $ADB in parallel (logs var/compat/base.log, addon.log)"
  run "$BDB" "$P1" base & pids+=($!)
  run "$ADB" "$P2" addon & pids+=($!)
  wait "${pids[0]}"; rb=$?
  wait "${pids[1]}"; ra=$?
  pids=()
fi
set -e
wall=$((SECONDS - t_run))
if [ ! -s "$OUT/base.json" ] || [ ! -s "$OUT/addon.json" ]; then
  echo "compat: a test run ended without its results (exit $rb / $ra; var/compat/base.log, addon.log)" >&2
  exit 2
fi
step "tests ran in ${wall}s; comparing"
"$PY" scripts/compat_run.py compare --base "$OUT/base.json" --addon "$OUT/addon.json" \
  --result "$RESULT" --report "$OUT/diff.txt" --wall-s "$wall"
