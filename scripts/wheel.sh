#!/usr/bin/env bash
# Build the addon's wheel (odoo_addon_customer_archive-<version>-py3-none-any.whl) into dist/
# with the whool backend installed in .venv by make setup: no build isolation, so nothing is
# downloaded. whool packs the files git tracks in customer_archive/ (commit new files first) and
# derives the version from the manifest (+ .N, N = commits since the version changed).
# Usage: scripts/wheel.sh [OUTDIR]   (default dist)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$(realpath -m "${1:-$ROOT/dist}")
mkdir -p "$OUT"
cd "$ROOT/customer_archive"
"$ROOT/.venv/bin/python" -m build --wheel --no-isolation --outdir "$OUT" . >"$OUT/build.log" 2>&1 \
  || { cat "$OUT/build.log" >&2; exit 1; }
rm -rf build    # whool's scratch folder
ls -1t "$OUT"/*.whl | head -n 1
