#!/usr/bin/env bash
# Writes var/odoo.conf (see SPEC) and runs odoo-bin with it; arguments pass through.
# A sub-command (shell, db, ...) given first stays first: scripts/odoo.sh shell -d customer_archive
# Env: ODOO_SRC (default /opt/odoo/18.0), ODOO_EXTRA_ADDONS (extra addons dirs, comma-separated),
#      PGPORT (default 54329), ODOO_CONF_ONLY=1 (only write var/odoo.conf).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
CONF=$ROOT/var/odoo.conf

addons="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT"
[ -n "${ODOO_EXTRA_ADDONS:-}" ] && addons="$addons,$ODOO_EXTRA_ADDONS"

mkdir -p "$ROOT/var/data"
# Write atomically: several scripts may start Odoo at the same time.
tmp=$(mktemp "$CONF.XXXXXX")
cat >"$tmp" <<EOF
[options]
db_host = 127.0.0.1
db_port = ${PGPORT:-54329}
db_user = odoo
db_password = odoo
addons_path = $addons
data_dir = $ROOT/var/data
admin_passwd = admin
http_interface = 127.0.0.1
http_port = 8069
EOF
chmod 600 "$tmp"
mv -f "$tmp" "$CONF"
[ "${ODOO_CONF_ONLY:-}" = 1 ] && exit 0

if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  cmd=$1; shift
  exec "$ROOT/.venv/bin/python" "$ODOO_SRC/odoo-bin" "$cmd" -c "$CONF" "$@"
fi
exec "$ROOT/.venv/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" "$@"
