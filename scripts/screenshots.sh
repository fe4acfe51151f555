#!/usr/bin/env bash
# README screenshots (make screenshots): runs the browser test TestReadmeScreenshots, the tours of
# every role's day (TestRoleDayTours) with screenshots on
# (customer_archive/tests/test_readme_screenshots.py) on the run database `customer_archive`
# (built with demo data when missing, updated when the addon changed) and writes
# docs/screenshots/<screen>.<lang>.png. Env: CA_SCREENSHOTS_DB (another database with demo
# data), CA_SCREENSHOTS_PORT (HTTP port of the test server, default 8078). Phone screens are
# written as docs/screenshots/<screen>.<lang>.phone.png.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DB=${CA_SCREENSHOTS_DB:-customer_archive}
PORT=${CA_SCREENSHOTS_PORT:-8078}
OUT=$ROOT/docs/screenshots
LOG=$ROOT/var/screenshots.log
[ "$DB" = customer_archive ] && scripts/run.sh --db-only
mkdir -p "$OUT" var
CA_SCREENSHOTS_DIR=$OUT scripts/odoo.sh -d "$DB" --test-tags customer_archive_screenshots \
  --stop-after-init --http-port "$PORT" --log-level=test >"$LOG" 2>&1 || true
# The test's own outcome decides (a stray server error on a busy machine does not, if every
# screen was captured and checked).
if grep -qE ' (ERROR|FAIL): TestReadmeScreenshots' "$LOG" || ! grep -q 'README screenshots written' "$LOG"; then
  grep -E ' (ERROR|FAIL): ' -A30 "$LOG" | head -n 60 >&2 || true
  echo "screenshots: failed (log $LOG)" >&2
  exit 1
fi
ls -1 "$OUT"/*.png
