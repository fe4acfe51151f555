"""The addon as a pip-installable wheel, named and built like OCA's (whool backend).

Builds the wheel with scripts/wheel.sh (no network: whool is in .venv), installs it with pip
into a throw-away target directory, then starts Odoo on the test database with an addons path
that does NOT contain this repository: the addon must come from the installed wheel.
"""

import email
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
DB = os.environ.get("CA_DB", "customer_archive")
WORK = ROOT / "var" / "wheel"

SHELL = """
import json
import odoo
from odoo.modules.module import get_module_path, get_manifest
Module = env["ir.module.module"]
Module.update_list()
mod = Module.search([("name", "=", "customer_archive")])
result = {
    "path": get_module_path("customer_archive"),
    "file": odoo.addons.customer_archive.__file__,
    "version": get_manifest("customer_archive")["version"],
    "installable": get_manifest("customer_archive")["installable"],
    "state": mod.state,
    "models": "customer.archive.tier.profile" in env and "customer.archive.visit" in env,
    "archives": env["res.partner"].search_count([("is_customer_archive", "=", True)]),
}
env.cr.rollback()
print("RESULT " + json.dumps(result))
"""


@pytest.fixture(scope="module")
def wheel():
    shutil.rmtree(WORK, ignore_errors=True)
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "wheel.sh"), str(WORK / "dist")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return Path(proc.stdout.strip().splitlines()[-1])


def test_wheel_is_named_and_declares_its_dependencies(wheel):
    manifest = (ROOT / "customer_archive" / "__manifest__.py").read_text(encoding="utf-8")
    version = re.search(r'"version": "([^"]+)"', manifest).group(1)
    assert re.fullmatch(
        rf"odoo_addon_customer_archive-{re.escape(version)}(\.\d+)?-py3-none-any\.whl",
        wheel.name,
    ), wheel.name
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(zf.read(meta_name))
    assert meta["Name"] == "odoo-addon-customer_archive"
    requires = meta.get_all("Requires-Dist")
    assert "odoo==18.0.*" in requires
    assert {"python-stdnum", "xlsxwriter"} <= {re.split(r"[<>=;\s]", r)[0] for r in requires}
    # The addon's files under odoo/addons/, the packaging file left out, the tests inside.
    assert "odoo/addons/customer_archive/__manifest__.py" in names
    assert "odoo/addons/customer_archive/i18n/zh_CN.po" in names
    assert "odoo/addons/customer_archive/pyproject.toml" not in names
    # Every Python dependency but Odoo itself is installed here, as pip would resolve it.
    for requirement in requires:
        name = re.split(r"[<>=;\s]", requirement)[0]
        if name != "odoo":
            assert importlib.metadata.version(name)


def test_odoo_loads_the_addon_from_the_installed_wheel(wheel):
    target = WORK / "site"
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
    subprocess.run([*pip, "--target", str(target), str(wheel)], check=True, timeout=300)
    installed = target / "odoo" / "addons" / "customer_archive" / "__manifest__.py"
    assert installed.is_file()
    # Odoo's own addons only: the repository is not on the addons path.
    addons = f"{ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons"
    env = dict(os.environ, PYTHONPATH=str(target))
    proc = subprocess.run(
        [
            "bash",
            str(ROOT / "scripts" / "odoo.sh"),
            "shell",
            "-d",
            DB,
            "--no-http",
            "--log-level=warn",
            f"--addons-path={addons}",
        ],
        input=SHELL,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"rc {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result["path"] == str(target / "odoo" / "addons" / "customer_archive")
    assert result["file"].startswith(str(target))
    assert result["installable"] and result["state"] == "installed"
    assert result["models"] and result["archives"] > 0
