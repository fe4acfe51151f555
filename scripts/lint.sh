#!/usr/bin/env bash
# Static checks (make lint): every hook of .pre-commit-config.yaml on every tracked file —
# ruff, ruff-format, pylint-odoo (OCA mandatory checks), oca-checks-odoo-module / oca-checks-po
# (XML, CSV, .po), check-xml, the addon README, whitespace. Offline: the tools are in .venv.
# Prints one "lint: <hook> passed|failed" line per hook, then "N passed, N failed".
# Exit status non-zero when a hook fails. Env: LINT_HOOKS="ruff pylint-odoo" runs only those.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PRE_COMMIT=$ROOT/.venv/bin/pre-commit
[ -x "$PRE_COMMIT" ] || { echo "lint: $PRE_COMMIT missing: run make setup" >&2; exit 2; }
# pre-commit keeps its cache in the project (no home directory needed, nothing downloaded).
export PRE_COMMIT_HOME=$ROOT/var/pre-commit
hooks=${LINT_HOOKS:-$(sed -n 's/^ *- id: //p' .pre-commit-config.yaml | grep -vx prettier)}
passed=0 failed=0
for hook in $hooks; do
  out=$("$PRE_COMMIT" run "$hook" --all-files --color never 2>&1)
  if [ $? -eq 0 ]; then
    passed=$((passed + 1)); echo "lint: $hook passed"
  else
    failed=$((failed + 1)); echo "lint: $hook failed"
    echo "$out" | sed 's/^/    /' | head -n 60
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
