#!/usr/bin/env bash
# Benchmarks of customer_archive. Usage: bench/run.sh [NAME]   (make bench [NAME=list|tiers])
#   list:  bench/bench_list.py, the archive list against the stock Contacts list;
#   tiers: bench/bench_tiers.py, the tier engine (full and incremental recompute) against SQL.
#   seal:  bench/bench_seal.py, the annual seal job against SQL writing the same sealed cards.
#   churn: bench/bench_churn.py, the churn analysis (read_group as the manager) against SQL.
#   history: bench/bench_history.py, the archive form with the sales picture against without it.
#   form_history: bench/bench_form_history.py, the archive form with documents and history against without.
# Env: NAME (one benchmark, default all bench/bench_*.py), BENCH_SCALE=small|full (default full),
#   BENCH_DB (another bench database of that scale, e.g. a copy of bench_full: default bench_<scale>).
#   small: DB bench_small, 10,000 archives x 2 sale orders; full: DB bench_full, 100,000 x 10.
# The bench DB is copied from ca_base (or built like the run DB when ca_base is missing), gets
# customer_archive installed, then scale data from scripts/gen_scale.py; it is reused as long as
# it holds the scale data. Results: bench/results/<name>.json, one summary line per benchmark.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/lib.sh
PY=$ROOT/.venv/bin/python
SCALE=${BENCH_SCALE:-full}
NAME=${NAME:-${1:-}}
case "$SCALE" in
  small) ARCHIVES=10000; ORDERS=2 ;;
  full) ARCHIVES=100000; ORDERS=10 ;;
  *) echo "bench: BENCH_SCALE must be small or full, not '$SCALE'" >&2; exit 2 ;;
esac
DB=${BENCH_DB:-bench_$SCALE}
BASE=${BENCH_BASE_DB:-ca_base}
LOG=$ROOT/var/bench-$SCALE.log
MODULE=customer_archive
STAMP=$ROOT/var/bench-$SCALE.stamp   # hash of the addon sources the bench DB was updated with
[ "$DB" = "bench_$SCALE" ] || STAMP=$ROOT/var/bench-$DB.stamp


"$PG" start >/dev/null
mkdir -p var bench/results
[ -f var/odoo.conf ] || "$ODOO" --version >/dev/null   # odoo.sh writes var/odoo.conf

if [ "$(module_state "$DB" "$MODULE")" != installed ]; then
  db_exists "$DB" && { echo "bench: $DB exists without $MODULE installed: rebuilding it"; drop_db "$DB"; }
  failed() { trap - ERR INT TERM; echo "bench: building $DB failed (log $LOG)" >&2; drop_db "$DB"; exit 1; }
  trap failed ERR INT TERM
  t0=$SECONDS
  if db_exists "$BASE" && "$PG" psql -d postgres -c "CREATE DATABASE \"$DB\" TEMPLATE \"$BASE\" OWNER odoo" >>"$LOG" 2>&1; then
    echo "bench: $DB copied from $BASE"
  else
    echo "bench: building $DB: contacts,sale_management + zh_CN (log $LOG)"
    "$ODOO" -d "$DB" -i contacts,sale_management --load-language=zh_CN --stop-after-init --no-http >>"$LOG" 2>&1
  fi
  echo "bench: installing $MODULE in $DB"
  "$ODOO" -d "$DB" -i "$MODULE" --stop-after-init --no-http >>"$LOG" 2>&1
  [ "$(module_state "$DB" "$MODULE")" = installed ] || { echo "bench: $MODULE not installed" >&2; false; }
  trap - ERR INT TERM
  echo "bench: $DB ready in $((SECONDS - t0))s"
  addon_hash "$MODULE" >"$STAMP"
fi

# The addon changed since the bench DB was installed/updated: update it first.
if [ "$(cat "$STAMP" 2>/dev/null)" != "$(addon_hash "$MODULE")" ]; then
  echo "bench: $MODULE changed since $DB was built: updating it (log $LOG)"
  t0=$SECONDS
  "$ODOO" -d "$DB" -u "$MODULE" --stop-after-init --no-http >>"$LOG" 2>&1 \
    || { echo "bench: updating $MODULE in $DB failed (log $LOG)" >&2; exit 1; }
  addon_hash "$MODULE" >"$STAMP"
  echo "bench: $DB updated in $((SECONDS - t0))s"
fi

have=$(psql_val "$DB" "SELECT count(*) FROM res_partner WHERE archive_number ~ '^SC[0-9]+\$'")
if [ "${have:-0}" -lt "$ARCHIVES" ]; then
  missing=$((ARCHIVES - ${have:-0}))
  echo "bench: generating scale data in $DB: $missing archives x $ORDERS orders (log $LOG)"
  "$PY" scripts/gen_scale.py --db "$DB" --archives "$missing" --orders "$ORDERS" 2>&1 \
    | tee -a "$LOG" | grep '^gen_scale:' || { echo "bench: gen_scale failed (log $LOG)" >&2; exit 1; }
fi

# Visits (bench `visits`): VISITS per archive on average, written once.
VISITS=${BENCH_VISITS:-10}
if [ -z "$NAME" ] || [ "$NAME" = visits ]; then
  have_visits=$(psql_val "$DB" "SELECT count(*) FROM customer_archive_visit")
  if [ "${have_visits:-0}" -lt $((ARCHIVES * VISITS / 2)) ]; then
    echo "bench: generating visits in $DB: ~$VISITS per archive (log $LOG)"
    "$PY" scripts/gen_scale.py --db "$DB" --archives 0 --visits "$VISITS" 2>&1 \
      | tee -a "$LOG" | grep '^gen_scale:' || { echo "bench: gen_scale --visits failed (log $LOG)" >&2; exit 1; }
  fi
fi

if [ -n "$NAME" ]; then
  [ -f "bench/bench_$NAME.py" ] || { echo "bench: no benchmark bench/bench_$NAME.py" >&2; exit 2; }
  benches=("bench/bench_$NAME.py")
else
  benches=(bench/bench_*.py)
fi
rc=0
for bench in "${benches[@]}"; do
  BENCH_SCALE=$SCALE BENCH_DB=$DB "$PY" "$bench" 2> >(grep -v 'selection attribute will be ignored' >&2) || rc=1
done
exit $rc
