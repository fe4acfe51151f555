#!/usr/bin/env bash
# Stop the Odoo started by run.sh (and a leftover test server), then the cluster.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib.sh"
stop_odoo "$ROOT/var/odoo.pid" odoo
stop_odoo "$ROOT/var/test-server.pid" "test server"
"$PG" stop
