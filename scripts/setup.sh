#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine (root or sudo).
# Installs the Debian packages, the Odoo 18.0 source (when missing), a Python
# virtual environment with Odoo's requirements and the addon's dependencies.
# Idempotent: a second run only checks and finishes in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
VENV=${VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

DEB_PACKAGES=(
  postgresql-15 postgresql-client-15
  wkhtmltopdf fonts-wqy-zenhei
  chromium poppler-utils
  libldap2-dev libsasl2-dev libpq-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev
  build-essential python3-venv python3-dev git
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$ODOO_SRC/odoo-bin" ]; then
  echo "setup: $ODOO_SRC has no Odoo source; cloning the official 18.0 branch (github.com/odoo/odoo) there"
  $SUDO mkdir -p "$(dirname "$ODOO_SRC")"
  $SUDO git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_SRC"
fi

# prettier for pre-commit's manual prettier hook (package.json): optional, never fatal.
if command -v npm >/dev/null 2>&1 && [ ! -x node_modules/.bin/prettier ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
    || echo "setup: npm ci failed; prettier (manual pre-commit hook) is not installed"
fi

stamp="$VENV/.customer_archive_setup"
want="$(cat "$ODOO_SRC/requirements.txt" requirements.txt scripts/constraints.txt | sha1sum | cut -c1-12) $ODOO_SRC"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup: up to date (venv $VENV, Odoo $ODOO_SRC)"
  exit 0
fi

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
# cbor2 and other sdists of Odoo's pinned requirements need setuptools<80 to build.
export PIP_CONSTRAINT="$ROOT/scripts/constraints.txt"
"$VENV/bin/pip" install -q --upgrade "pip<25" wheel "setuptools<80"
"$VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt"
"$VENV/bin/pip" install -q -r requirements.txt
# Make `import odoo` work from the venv without copying or modifying the source tree.
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO_SRC" > "$site/odoo-src.pth"
echo "$want" > "$stamp"
echo "setup: done (venv $VENV, Odoo $ODOO_SRC)"
