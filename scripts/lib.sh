# Helpers sourced by run.sh, stop.sh and test.sh (not executable on its own).
# Expects ROOT (repo root) to be set by the caller.

PG="$ROOT/scripts/pg.sh"
ODOO="$ROOT/scripts/odoo.sh"

# psql_val DB SQL: one unaligned value (empty when the database is missing).
psql_val() {
  "$PG" psql -d "$1" -tA -c "$2" 2>/dev/null || true
}

db_exists() {
  [ "$(psql_val postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# module_state DB MODULE: installed / uninstalled / ... or empty.
module_state() {
  db_exists "$1" && psql_val "$1" "SELECT state FROM ir_module_module WHERE name = '$2'"
  return 0
}

# drop_db DB: drop the database (kicking its sessions) and its filestore.
drop_db() {
  "$PG" psql -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
  rm -rf "$ROOT/var/data/filestore/$1"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# odoo_pid PIDFILE: the pid when it is a live odoo-bin process, else nothing.
odoo_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE 'odoo-bin|odoo\.sh' || return 1
  echo "$pid"
}

# stop_odoo PIDFILE NAME: SIGTERM (graceful), SIGKILL after 30 s.
stop_odoo() {
  local pid i
  if pid=$(odoo_pid "$1"); then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; fi
    echo "$2: stopped (pid $pid)"
  fi
  rm -f "$1"
}

# wait_health PORT PIDFILE LOG [TIMEOUT]: until /web/health answers; fails if Odoo died.
wait_health() {
  local port=$1 pidfile=$2 log=$3 timeout=${4:-180} i
  for ((i = 0; i < timeout * 2; i++)); do
    if curl -fsS -m 2 "http://127.0.0.1:$port/web/health" >/dev/null 2>&1; then return 0; fi
    if [ "$i" -gt 4 ] && ! odoo_pid "$pidfile" >/dev/null; then
      echo "Odoo died while starting; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "Odoo did not answer /web/health on port $port within ${timeout}s (log $log)" >&2
  return 1
}

# addon_hash MODULE: a hash of the addon's sources (tests and caches left out); a database
# stamped with another hash must be updated (-u) before Odoo serves it.
addon_hash() {
  (cd "$ROOT" && find "$1" -type f ! -path '*/__pycache__/*' ! -path '*/tests/*' ! -name '*.pyc' \
     -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
}
