"""Upgrade to 18.0.1.3.0, before the models load: ``archive_root_id`` of a database whose
version had no archive visibility yet (before 18.0.1.1.0).

Every archive and every contact of an archive is protected by its archive (the field is stored,
computed, and the record rules test it). On an existing database Odoo would create the column
and compute it partner by partner through the ORM (minutes for 100,000 partners); one UPDATE
fills it instead, and Odoo then finds the column in place. Databases that have the column
(18.0.1.1.0 and later) are left as they are; a fresh install has no archive to fill.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def fill_archive_root(cr):
    """Add and fill ``res_partner.archive_root_id`` when it is missing; return the number of
    partners filled, or None when the column was there."""
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'"
            " AND column_name IN ('archive_root_id', 'is_customer_archive')"
        )
    )
    columns = {row[0] for row in cr.fetchall()}
    if "is_customer_archive" not in columns or "archive_root_id" in columns:
        return None
    cr.execute(SQL("ALTER TABLE res_partner ADD COLUMN archive_root_id integer"))
    cr.execute(
        SQL(
            """UPDATE res_partner p
                  SET archive_root_id = CASE WHEN p.is_customer_archive THEN p.id ELSE c.id END
                 FROM res_partner c
                WHERE c.id = COALESCE(p.commercial_partner_id, p.id)
                  AND (p.is_customer_archive OR c.is_customer_archive)"""
        )
    )
    return cr.rowcount


def migrate(cr, version):
    if not version:  # fresh install: nothing to migrate
        return
    filled = fill_archive_root(cr)
    _logger.info(
        "customer_archive %s -> 18.0.1.3.0: %s",
        version,
        "archive_root_id already there"
        if filled is None
        else "archive_root_id filled for %s archives and contacts" % filled,
    )
