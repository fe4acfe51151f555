#!/usr/bin/env bash
# Private PostgreSQL 15 cluster of the project: data var/pgdata, socket dir var/pgrun,
# port ${PGPORT:-54329}, TCP on 127.0.0.1 only. Role `odoo` (password odoo) for Odoo.
# Usage: scripts/pg.sh {start|stop|status|psql [psql args...]|replica|replica-stop|replica-psql [args...]}
#        (psql connects as superuser; stop stops the replicas in var/ too)
# replica: a streaming hot standby of this cluster (pg_basebackup -R) in ${REPLICA_DATA:-var/replica},
# on 127.0.0.1 port ${REPLICA_PORT:-PGPORT + 10}; prints `replica: running on 127.0.0.1 port N`.
# REPLICA_PG_OPTS: more postgres options of the replica (e.g. "-c log_statement=all").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${PGPORT:-54329}
VAR=$ROOT/var
DATA=$VAR/pgdata
SOCK=$VAR/pgrun
LOG=$DATA/server.log
REPLICA_PORT=${REPLICA_PORT:-$((PORT + 10))}
REPLICA_DATA=${REPLICA_DATA:-$VAR/replica}
REPLICA_ROLE=ca_replicator   # replication only (no database access), loopback only

# initdb/pg_ctl refuse to run as root: use the postgres system user then.
if [ "$(id -u)" -eq 0 ]; then
  PGUSER_OS=postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  PGUSER_OS=$(id -un)
  as_pg() { "$@"; }
fi

# Make var/ (and its ancestors) traversable by the cluster's OS user.
prepare_dirs() {
  mkdir -p "$VAR"
  if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$VAR"
    mkdir -p "$DATA" "$SOCK"
    chown postgres: "$DATA" "$SOCK"
    local d=$VAR
    while ! runuser -u postgres -- test -x "$VAR"; do
      [ "$d" = / ] && { echo "pg.sh: postgres cannot reach $VAR" >&2; exit 1; }
      d=$(dirname "$d")
      runuser -u postgres -- test -x "$d" || { echo "pg.sh: chmod o+x $d (postgres must traverse it)"; chmod o+x "$d"; }
    done
  else
    mkdir -p "$DATA" "$SOCK"
  fi
  chmod 700 "$DATA"
}

is_running() { as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

psql_super() {
  as_pg env PGDATABASE="${PGDATABASE:-postgres}" \
    "$PGBIN/psql" -X -q -h "$SOCK" -p "$PORT" -U "$PGUSER_OS" -v ON_ERROR_STOP=1 "$@"
}

init_cluster() {
  echo "pg.sh: initdb $DATA"
  as_pg "$PGBIN/initdb" -D "$DATA" -U "$PGUSER_OS" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  cat >>"$DATA/postgresql.conf" <<EOF

# --- customer_archive private cluster ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
EOF
  # Only loopback TCP (password) and the local socket (peer) are accepted.
  cat >"$DATA/pg_hba.conf" <<EOF
local   all   all                  peer
host    all   all   127.0.0.1/32   scram-sha-256
EOF
}

start() {
  prepare_dirs
  if is_running; then echo "pg.sh: running (port $PORT)"; return 0; fi
  [ -f "$DATA/PG_VERSION" ] || init_cluster
  # Port/socket given on the command line too, so PGPORT and a moved checkout still work.
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -n 20 "$LOG" >&2; exit 1; }
  psql_super -d postgres <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'odoo') THEN
    CREATE ROLE odoo LOGIN CREATEDB PASSWORD 'odoo';
  END IF;
END $$;
SQL
  echo "pg.sh: started (port $PORT, socket $SOCK)"
}

stop() {
  local d
  for d in "$VAR"/replica*; do   # the standbys first (they would retry the primary)
    [ -f "$d/PG_VERSION" ] && REPLICA_DATA=$d replica_stop
  done
  if [ -f "$DATA/PG_VERSION" ] && is_running; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "pg.sh: stopped"
  else
    echo "pg.sh: not running"
  fi
}

status() {
  if [ -f "$DATA/PG_VERSION" ] && is_running; then
    echo "pg.sh: running (port $PORT, data $DATA)"
  else
    echo "pg.sh: not running"; return 3
  fi
}

# ------------------------------------------------------------------ streaming replica
replica_running() { as_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" status >/dev/null 2>&1; }

psql_replica() {
  as_pg env PGDATABASE=postgres \
    "$PGBIN/psql" -X -q -h "$SOCK" -p "$REPLICA_PORT" -U "$PGUSER_OS" -v ON_ERROR_STOP=1 "$@"
}

# The primary serves replication to $REPLICA_ROLE over 127.0.0.1 (role, pg_hba line, reload).
replica_configure_primary() {
  local wal senders
  wal=$(psql_super -tA -c "SHOW wal_level")
  senders=$(psql_super -tA -c "SHOW max_wal_senders")
  if [ "$wal" = minimal ] || [ "$senders" -lt 1 ]; then
    echo "pg.sh: wal_level=$wal, max_wal_senders=$senders: set wal_level=replica and" \
      "max_wal_senders>0 in $DATA/postgresql.conf, then restart (scripts/pg.sh stop/start)" >&2
    exit 1
  fi
  psql_super <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$REPLICA_ROLE') THEN
    CREATE ROLE $REPLICA_ROLE LOGIN REPLICATION PASSWORD '$REPLICA_ROLE';
  END IF;
END \$\$;
SQL
  if ! grep -qE "^host[[:space:]]+replication[[:space:]]+$REPLICA_ROLE[[:space:]]" "$DATA/pg_hba.conf"; then
    echo "host    replication   $REPLICA_ROLE   127.0.0.1/32   scram-sha-256" >>"$DATA/pg_hba.conf"
    psql_super -tA -c "SELECT pg_reload_conf()" >/dev/null
  fi
}

replica_base_backup() {
  echo "pg.sh: pg_basebackup into $REPLICA_DATA"
  rm -rf "$REPLICA_DATA"
  mkdir -p "$REPLICA_DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$REPLICA_DATA"
  chmod 700 "$REPLICA_DATA"
  # -R: standby.signal + primary_conninfo; -X stream: the WAL of the copy comes with it.
  as_pg "$PGBIN/pg_basebackup" -D "$REPLICA_DATA" -R -X stream -c fast --no-sync \
    -d "host=127.0.0.1 port=$PORT user=$REPLICA_ROLE password=$REPLICA_ROLE application_name=$(basename "$REPLICA_DATA")"
  rm -f "$REPLICA_DATA/server.log"   # the primary's log, copied along
}

replica_start_server() {
  as_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -l "$REPLICA_DATA/server.log" -w -t 60 \
    -o "-p $REPLICA_PORT -k $SOCK -c listen_addresses=127.0.0.1 -c hot_standby=on -c hot_standby_feedback=on ${REPLICA_PG_OPTS:-}" \
    start >/dev/null
}

# replica_streaming TIMEOUT: until the replica is in recovery and the primary streams to it.
replica_streaming() {
  local i name
  name=$(basename "$REPLICA_DATA")
  for ((i = 0; i < $1 * 2; i++)); do
    if [ "$(psql_replica -tA -c "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ] &&
       [ "$(psql_super -tA -c "SELECT count(*) FROM pg_stat_replication WHERE application_name = '$name' AND state = 'streaming'" 2>/dev/null)" -ge 1 ]; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

replica_start() {
  start >/dev/null
  if replica_running; then
    # the port it was started with (postmaster.pid, 4th line), whatever REPLICA_PORT says now
    REPLICA_PORT=$(sed -n 4p "$REPLICA_DATA/postmaster.pid" 2>/dev/null || echo "$REPLICA_PORT")
    replica_streaming 30 || { echo "pg.sh: replica $REPLICA_DATA runs but does not stream (log $REPLICA_DATA/server.log)" >&2; exit 1; }
    echo "replica: running on 127.0.0.1 port $REPLICA_PORT"
    return 0
  fi
  if port_busy_pg "$REPLICA_PORT"; then
    echo "pg.sh: port $REPLICA_PORT is in use (set REPLICA_PORT)" >&2; exit 1
  fi
  replica_configure_primary
  # A standby left stopped restarts from where it was, unless the primary's WAL moved on.
  if [ -f "$REPLICA_DATA/PG_VERSION" ] && [ -f "$REPLICA_DATA/standby.signal" ]; then
    if replica_start_server && replica_streaming 30; then
      echo "replica: running on 127.0.0.1 port $REPLICA_PORT"
      return 0
    fi
    echo "pg.sh: the replica in $REPLICA_DATA cannot catch up: copying the primary again"
    replica_stop >/dev/null
  fi
  replica_base_backup
  replica_start_server || { tail -n 20 "$REPLICA_DATA/server.log" >&2; exit 1; }
  replica_streaming 60 || { echo "pg.sh: the replica does not stream (log $REPLICA_DATA/server.log)" >&2; exit 1; }
  echo "replica: running on 127.0.0.1 port $REPLICA_PORT"
}

replica_stop() {
  if [ -f "$REPLICA_DATA/PG_VERSION" ] && replica_running; then
    as_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null
    echo "pg.sh: replica stopped ($REPLICA_DATA)"
  fi
}

port_busy_pg() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  psql) is_running || { echo "pg.sh: cluster not running (scripts/pg.sh start)" >&2; exit 1; }
        psql_super "$@" ;;
  replica) replica_start ;;
  replica-stop) replica_stop ;;
  replica-psql) replica_running || { echo "pg.sh: replica not running (scripts/pg.sh replica)" >&2; exit 1; }
        psql_replica "$@" ;;
  *) echo "usage: $0 {start|stop|status|psql [args]|replica|replica-stop|replica-psql [args]}" >&2; exit 2 ;;
esac
