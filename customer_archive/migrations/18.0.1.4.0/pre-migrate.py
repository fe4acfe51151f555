"""Upgrade to 18.0.1.4.0, before the models load: one name for the decision of every request.

The requests decided by another person (print, reveal, change, loan, disclosure, destruction)
keep who decided in ``approver_id`` and when in ``decided_on``, both declared once on
``customer.archive.approval.mixin``. Print requests and disclosures called the date
``approved_on``, destruction requests ``approved_date``: their columns (and the fields' rows, so
that nothing referring to them is deleted with the old name) are renamed, and the dates kept.
Loans had no date yet (Odoo adds the empty column).
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

RENAMED = [
    ("customer.archive.print.request", "approved_on"),
    ("customer.archive.disclosure", "approved_on"),
    ("customer.archive.destruction", "approved_date"),
]


def rename_decision_dates(cr):
    """Rename the old date columns to ``decided_on``; return the models renamed."""
    renamed = []
    for model, old in RENAMED:
        table = model.replace(".", "_")
        cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = %s AND column_name IN (%s, 'decided_on')",
                table,
                old,
            )
        )
        columns = {row[0] for row in cr.fetchall()}
        if old not in columns or "decided_on" in columns:
            continue
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME COLUMN %s TO decided_on",
                SQL.identifier(table),
                SQL.identifier(old),
            )
        )
        cr.execute(
            SQL(
                "UPDATE ir_model_fields SET name = 'decided_on' WHERE model = %s AND name = %s",
                model,
                old,
            )
        )
        cr.execute(
            SQL(
                "UPDATE ir_model_data SET name = %s WHERE module = 'customer_archive'"
                " AND model = 'ir.model.fields' AND name = %s",
                f"field_{table}__decided_on",
                f"field_{table}__{old}",
            )
        )
        renamed.append(model)
    return renamed


def migrate(cr, version):
    if not version:  # fresh install: nothing to migrate
        return
    renamed = rename_decision_dates(cr)
    _logger.info(
        "customer_archive %s -> 18.0.1.4.0: decision date renamed to decided_on on %s",
        version,
        ", ".join(renamed) or "nothing (already done)",
    )
