"""Uninstalling customer_archive leaves every partner, sale order and invoice intact.

scripts/test.sh copies the freshly tested database to CA_UNINSTALL_DB before the server
starts; this test uninstalls the addon there with a real Odoo process (odoo-bin shell).
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNINSTALL_DB = os.environ.get("CA_UNINSTALL_DB")

SCRIPT = r"""
import json
def counts():
    env.cr.execute("SELECT count(*), md5(string_agg(id || ':' || coalesce(name, ''), ',' ORDER BY id)) FROM res_partner")
    partners, digest = env.cr.fetchone()
    env.cr.execute("SELECT count(*), coalesce(sum(amount_total), 0) FROM sale_order WHERE state = 'sale'")
    orders, order_total = env.cr.fetchone()
    env.cr.execute("SELECT count(*), coalesce(sum(amount_total), 0) FROM account_move WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')")
    invoices, invoice_total = env.cr.fetchone()
    return {"partners": partners, "digest": digest, "orders": orders, "order_total": float(order_total),
            "invoices": invoices, "invoice_total": float(invoice_total)}
env.cr.execute("SELECT count(*) FROM res_partner WHERE is_customer_archive")
archives = env.cr.fetchone()[0]
before = counts()
env["ir.module.module"].search([("name", "=", "customer_archive")]).button_immediate_uninstall()
env.cr.commit()
env.cr.execute("SELECT state FROM ir_module_module WHERE name = 'customer_archive'")
state = env.cr.fetchone()[0]
env.cr.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'res_partner' AND column_name = 'archive_number'")
column_left = env.cr.fetchone()[0]
env.cr.execute("SELECT array_agg(table_name::text ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'customer\\_archive\\_%'")
tables_left = env.cr.fetchone()[0] or []
env.cr.execute("SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public' AND (indexname LIKE 'customer\\_archive\\_%' OR indexname LIKE 'res\\_partner\\_customer\\_archive\\_%')")
indexes_left = env.cr.fetchone()[0] or []
print("RESULT " + json.dumps({"archives": archives, "before": before, "after": counts(), "state": state, "column_left": column_left, "tables_left": tables_left, "indexes_left": indexes_left}))
"""


@pytest.mark.skipif(not UNINSTALL_DB, reason="CA_UNINSTALL_DB is set by scripts/test.sh")
def test_uninstall_keeps_partners_orders_and_invoices():
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "odoo.sh"), "shell", "-d", UNINSTALL_DB, "--no-http",
         "--log-level=warn"],
        input=SCRIPT, capture_output=True, text=True, timeout=900, check=False,
    )
    lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    assert lines, f"no result from odoo shell (rc {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["archives"] >= 30, "the demo archives should be there before uninstalling"
    assert result["before"]["orders"] > 0 and result["before"]["invoices"] > 0
    assert result["state"] == "uninstalled"
    assert result["column_left"] == 0, "the archive columns are dropped"
    assert result["tables_left"] == [], "the module's tables, views and many2many tables are dropped"
    # the indexes it added to stock tables (sale_order, account_move, res_partner) too
    assert result["indexes_left"] == [], result["indexes_left"]
    assert result["after"] == result["before"]
