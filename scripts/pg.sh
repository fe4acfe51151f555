#!/usr/bin/env bash
# Private PostgreSQL 15 cluster of the project: data var/pgdata, socket dir var/pgrun,
# port ${PGPORT:-54329}, TCP on 127.0.0.1 only. Role `odoo` (password odoo) for Odoo.
# Usage: scripts/pg.sh {start|stop|status|psql [psql args...]}   (psql connects as superuser)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${PGPORT:-54329}
VAR=$ROOT/var
DATA=$VAR/pgdata
SOCK=$VAR/pgrun
LOG=$DATA/server.log

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

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  psql) is_running || { echo "pg.sh: cluster not running (scripts/pg.sh start)" >&2; exit 1; }
        psql_super "$@" ;;
  *) echo "usage: $0 {start|stop|status|psql [args]}" >&2; exit 2 ;;
esac
