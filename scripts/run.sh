#!/usr/bin/env bash
# Start the cluster, build the run database `customer_archive` when missing (a Chinese company
# in CNY with l10n_cn, scripts/createdb.sh; demo data + zh_CN, see SPEC) and start Odoo in the
# background on http://127.0.0.1:8069.
# Usage: scripts/run.sh [--db-only]   (--db-only: only make sure the database is built)
# Env: CA_MODULE (module to install, default customer_archive), ODOO_EXTRA_ADDONS,
#      REPLICA=1 (start the streaming replica too, scripts/pg.sh replica, and have Odoo send its
#      read-only requests to it: db_replica_host/db_replica_port), REPLICA_PORT.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/lib.sh
MODULE=${CA_MODULE:-customer_archive}
DB=customer_archive
HTTP_PORT=8069
PIDFILE=$ROOT/var/odoo.pid
LOG=$ROOT/var/odoo.log
STAMP=$ROOT/var/run-$DB.stamp   # hash of the addon sources the run DB was built/updated with
db_only=0
[ "${1:-}" = --db-only ] && db_only=1

"$PG" start
mkdir -p var

if [ $db_only = 0 ] && pid=$(odoo_pid "$PIDFILE"); then
  echo "run.sh: Odoo already running (pid $pid)"
else
  state=$(module_state "$DB" "$MODULE")
  if [ "$state" != installed ] && [ "$state" != "to upgrade" ]; then
    if db_exists "$DB"; then
      odoo_pid "$PIDFILE" >/dev/null && { echo "run.sh: stop Odoo first (scripts/stop.sh)" >&2; exit 1; }
      echo "run.sh: database $DB exists but $MODULE is not installed (state '${state}'): rebuilding it"
      drop_db "$DB"
    fi
    # A failed or interrupted build must not leave a half-built database behind.
    build_failed() {
      trap - ERR INT TERM
      echo "run.sh: build failed, dropping $DB (see $LOG)" >&2
      drop_db "$DB"
      exit 1
    }
    trap build_failed ERR INT TERM
    t0=$SECONDS
    echo "run.sh: building $DB, step 1/2: a Chinese company (CNY, l10n_cn), contacts,sale_management + zh_CN (log $LOG)"
    echo "=== run.sh: build $DB step 1 $(date -Is)" >>"$LOG"
    scripts/createdb.sh "$DB" --http-port "$HTTP_PORT" >>"$LOG" 2>&1
    echo "run.sh: building $DB, step 2/2: $MODULE"
    echo "=== run.sh: build $DB step 2 $(date -Is)" >>"$LOG"
    "$ODOO" -d "$DB" -i "$MODULE" --stop-after-init --http-port "$HTTP_PORT" >>"$LOG" 2>&1
    state=$(module_state "$DB" "$MODULE")
    [ "$state" = installed ] || { echo "run.sh: $MODULE not installed (state '$state')" >&2; false; }
    trap - ERR INT TERM
    echo "run.sh: database $DB built in $((SECONDS - t0))s"
    addon_hash "$MODULE" >"$STAMP"
  fi
  # The addon changed since the database was built or last updated: update it first.
  if [ "$(cat "$STAMP" 2>/dev/null)" != "$(addon_hash "$MODULE")" ]; then
    echo "run.sh: $MODULE changed since $DB was last updated: updating it (log $LOG)"
    echo "=== run.sh: update $DB $(date -Is)" >>"$LOG"
    "$ODOO" -d "$DB" -u "$MODULE" --stop-after-init --http-port "$HTTP_PORT" >>"$LOG" 2>&1 \
      || { echo "run.sh: updating $MODULE failed, see $LOG" >&2; exit 1; }
    addon_hash "$MODULE" >"$STAMP"
  fi
  [ $db_only = 1 ] && exit 0

  if port_busy "$HTTP_PORT"; then
    echo "run.sh: port $HTTP_PORT is already in use by another process" >&2
    exit 1
  fi
  replica_args=()
  if [ "${REPLICA:-}" = 1 ]; then
    line=$("$PG" replica | tail -n 1)
    echo "run.sh: $line"
    rport=${line##* }
    [[ $rport =~ ^[0-9]+$ ]] || { echo "run.sh: the replica did not start" >&2; exit 1; }
    replica_args=(--db_replica_host 127.0.0.1 --db_replica_port "$rport")
  fi
  echo "=== run.sh: server start $(date -Is)" >>"$LOG"
  # Detached from this terminal; Odoo rewrites the pidfile with its own pid.
  nohup setsid "$ODOO" -d "$DB" --db-filter "^$DB\$" --http-port "$HTTP_PORT" \
    --pidfile "$PIDFILE" "${replica_args[@]}" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_health "$HTTP_PORT" "$PIDFILE" "$LOG" || { stop_odoo "$PIDFILE" odoo; exit 1; }
fi

[ $db_only = 1 ] && exit 0
cat <<EOF

Odoo is up: http://127.0.0.1:$HTTP_PORT/web   (database $DB, log var/odoo.log)
Demo logins (password = login), 中文 and English:
  archive user (salesperson)  ca_user      ca_user_en
  archive officer             ca_officer   ca_officer_en
  archive manager             ca_manager   ca_manager_en
  archive administrator       ca_admin     ca_admin_en
  Odoo administrator          admin
Stop with: scripts/stop.sh (make stop)
EOF
