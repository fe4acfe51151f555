#!/usr/bin/env bash
# Create database DB for a Chinese company and install the standard modules the addon needs:
#   1. scripts/createdb.py: Odoo's database manager call (language 简体中文, country China):
#      company in CNY, Chinese name, address and phone (杭州西湖办公用品有限公司);
#   2. contacts,sale_management + zh_CN: `account` comes with sale and, the company being in
#      China, auto-installs l10n_cn and loads the Chinese chart of accounts (template `cn`).
# Install customer_archive afterwards (scripts/odoo.sh -d DB -i customer_archive ...).
# Usage: scripts/createdb.sh DB [odoo-bin options for step 2, e.g. --http-port 8141 | --no-http]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: scripts/createdb.sh DB [odoo-bin options]" >&2; exit 2; }
DB=$1
shift
ODOO_CONF_ONLY=1 "$ROOT/scripts/odoo.sh"
"$ROOT/.venv/bin/python" "$ROOT/scripts/createdb.py" -c "$ROOT/var/odoo.conf" "$DB"
exec "$ROOT/scripts/odoo.sh" -d "$DB" -i contacts,sale_management --load-language=zh_CN \
  --stop-after-init "$@"
