"""Upgrade from the first released version (git tag 18.0.1.0.0) to the working tree.

scripts/test.sh copies the database after its first step (the Chinese company in CNY on
l10n_cn of scripts/createdb.sh, contacts, sale_management, zh_CN, demo data; no customer_archive
yet) to CA_UPGRADE_DB. This test extracts the addon as it was
released (`git archive`), installs it there, creates data in every model of that version
(tests/upgrade/populate.py), takes a snapshot, upgrades with the working tree (`-u`) and checks
that every row and every value is still there, that the 18.0.1.1.0 migration ran, that the
access log's hash chain (18.0.1.2.0) verifies and that every archive and its contacts are
protected by their archive (archive_root_id, 18.0.1.3.0) and that the completeness rates count
the industry (18.0.1.4.0, which also renames the decision dates).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
UPGRADE_DB = os.environ.get("CA_UPGRADE_DB")
WORK = ROOT / "var" / "upgrade"
# The first release: the tag, or its commit when the clone has no tags.
FIRST_RELEASE = ("18.0.1.0.0", "edee60f6d53747ad93a1efbb7f0d59840834c1ff")
CURRENT_VERSION = "18.0.1.4.0"
BAD_LOG = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) |^Traceback", re.MULTILINE)

SHELL = """
import sys
sys.path.insert(0, {path!r})
import populate, snapshot
mode = {mode!r}
if mode == "before":
    counts = populate.main(env)
    env.cr.commit()
    spec, rows = snapshot.snapshot(env)
    result = {{"counts": counts, "spec": spec, "rows": rows}}
else:
    import json
    spec = json.load(open({spec_file!r}))["spec"]
    spec, rows = snapshot.snapshot(env, spec)
    result = {{"rows": rows, "checks": snapshot.after_checks(env)}}
open({out!r}, "w").write(snapshot.dump(result))
print("SNAPSHOT WRITTEN")
"""


def _ref():
    for ref in FIRST_RELEASE:
        probe = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", f"{ref}^{{commit}}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0:
            return ref
    pytest.fail(f"neither the tag {FIRST_RELEASE[0]} nor its commit is in this clone")


def _odoo(args, log, stdin=None, timeout=900):
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "odoo.sh"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = proc.stdout + proc.stderr
    log.write_text(output, encoding="utf-8")
    bad = [m.start() for m in BAD_LOG.finditer(output)]
    excerpt = output[bad[0] : bad[0] + 3000] if bad else output[-3000:]
    assert proc.returncode == 0 and not bad, f"odoo {' '.join(args[:4])} (log {log}):\n{excerpt}"
    return output


def _shell(db, addons, mode, out, spec_file=""):
    script = SHELL.format(
        path=str(ROOT / "tests" / "upgrade"), mode=mode, out=str(out), spec_file=str(spec_file)
    )
    args = ["shell", "-d", db, "--no-http", "--log-level=warn"]
    if addons:
        args.append(f"--addons-path={addons}")
    output = _odoo(args, WORK / f"shell-{mode}.log", stdin=script)
    assert "SNAPSHOT WRITTEN" in output, output[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def _differences(before, after):
    problems = []
    for table, data in before["rows"].items():
        now = after["rows"].get(table)
        if "params" in data:
            # system parameters: as for the rows of the tables, every one there before keeps its
            # value (a later version may add its own, e.g. customer_archive.change_fields_initialised)
            after_params = (now or {}).get("params", {})
            changed = sorted(k for k in data["params"] if after_params.get(k) != data["params"][k])
            if changed:
                problems.append(f"{table}: {changed} lost or changed")
            continue
        if "rows" not in data:
            if now != data:
                problems.append(f"{table}: changed")
            continue
        lost = sorted(set(data["rows"]) - set(now["rows"]))
        if lost:
            problems.append(f"{table}: rows {lost[:10]} lost")
        if now["missing_columns"]:
            problems.append(f"{table}: columns {now['missing_columns']} dropped")
        changed = [
            i for i in data["rows"] if i in now["rows"] and now["rows"][i] != data["rows"][i]
        ]
        if changed:
            problems.append(f"{table}: values of rows {sorted(changed)[:10]} changed")
    return problems


@pytest.mark.skipif(not UPGRADE_DB, reason="CA_UPGRADE_DB is set by scripts/test.sh")
def test_upgrade_from_first_release_keeps_every_record():
    ref = _ref()
    shutil.rmtree(WORK, ignore_errors=True)
    old = WORK / "first-release"
    old.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "customer_archive"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    manifest = (old / "customer_archive" / "__manifest__.py").read_text(encoding="utf-8")
    assert '"version": "18.0.1.0.0"' in manifest

    old_addons = f"{ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons,{old}"
    install = ["-d", UPGRADE_DB, "-i", "customer_archive", "--stop-after-init", "--no-http"]
    _odoo([*install, f"--addons-path={old_addons}"], WORK / "install-first-release.log")
    before = _shell(UPGRADE_DB, old_addons, "before", WORK / "before.json")
    empty = sorted(model for model, count in before["counts"].items() if not count)
    assert not empty, f"models of {ref} without data, the upgrade would not be tested: {empty}"

    # The release of the working tree, with its migrations (default addons path: the repo).
    upgrade = ["-d", UPGRADE_DB, "-u", "customer_archive", "--stop-after-init", "--no-http"]
    log = _odoo(upgrade, WORK / "upgrade.log")
    assert f"customer_archive 18.0.1.0.0 -> {CURRENT_VERSION}" in log, "post-migrate did not run"

    # Same columns as before (snapshot.MIGRATED left out: after_checks() reads them).
    (WORK / "spec.json").write_text(json.dumps({"spec": before["spec"]}), encoding="utf-8")
    after = _shell(UPGRADE_DB, None, "after", WORK / "after.json", WORK / "spec.json")
    checks = after["checks"]
    assert checks["version"] == CURRENT_VERSION
    assert checks["completeness_stale"] == [], "completeness not recomputed by the migration"
    assert checks["profiles"] >= 1 and checks["profiles_with_last_run"] == 0
    assert checks["credit_codes"] >= 1 and checks["credit_codes_not_in_vat"] == 0, (
        "credit codes not copied into the tax ID by the migration"
    )
    assert checks["log_chains"], "no access log chain after the upgrade"
    assert checks["archive_root_protected"] >= 1 and checks["archive_root_wrong"] == [], (
        "archive_root_id not filled by the 18.0.1.3.0 migration"
    )
    assert all(r["ok"] for r in checks["log_chains"]), checks["log_chains"]
    problems = _differences(before, after)
    assert not problems, "\n".join(problems)
