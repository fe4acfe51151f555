"""Upgrade to 18.0.1.2.0: the access log becomes one entry per event, in a hash chain.

Before this version an export, import or print of several archives wrote one row per archive.
After the new columns are created:

1. rows of one event are merged into one entry: the rows with the same company, user, event,
   time (one transaction), fields, reason, detail and address — for every event except ``open``
   and ``reveal``, which concern one archive each — become the entry of the lowest id, with the
   list of their archives and their number of records; the other rows are deleted;
2. every entry gets its list of archive ids (``archive_id_list``, covered by the hash) and its
   links in ``partner_ids``;
3. each company's chain is computed over its entries in id order (entries written during this
   upgrade included), from the start: no anchor exists before this version.

And the unified social credit code became the tax ID (``credit_code`` is now related to ``vat``,
one identifier in one field): each credit code goes into its partner's empty tax ID (and into its
contacts', who share it); where both were filled and differ, the tax ID is kept and the credit code
is written in the archive's chatter. The old ``credit_code`` column stays as it was.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.customer_archive.models.customer_archive_access_log_chain import rebuild_chain

_logger = logging.getLogger(__name__)

PER_ARCHIVE_EVENTS = ("open", "reveal")


def merge_event_rows(cr):
    """Step 1; return the number of rows merged away."""
    cr.execute(
        SQL(
            """CREATE TEMP TABLE customer_archive_log_events ON COMMIT DROP AS
               SELECT min(id) AS keep_id, array_agg(id) AS ids,
                      array_agg(DISTINCT partner_id) FILTER (WHERE partner_id IS NOT NULL) AS partners,
                      sum(COALESCE(record_count, 1)) AS records
                 FROM customer_archive_access_log
                WHERE hash IS NULL AND archive_id_list IS NULL AND event NOT IN %s
                GROUP BY company_id, user_id, event, create_date, field_name, reason, detail, ip_address
               HAVING count(*) > 1""",
            PER_ARCHIVE_EVENTS,
        )
    )
    cr.execute(
        SQL(
            """UPDATE customer_archive_access_log log
                  SET record_count = e.records,
                      partner_id = CASE WHEN cardinality(e.partners) = 1 THEN e.partners[1] END,
                      partner_name = CASE WHEN cardinality(e.partners) = 1 THEN log.partner_name END,
                      archive_id_list = COALESCE(array_to_string(
                          ARRAY(SELECT unnest(e.partners) ORDER BY 1), ','), '')
                 FROM customer_archive_log_events e
                WHERE log.id = e.keep_id"""
        )
    )
    cr.execute(
        SQL(
            """DELETE FROM customer_archive_access_log
                WHERE id IN (SELECT unnest(ids) FROM customer_archive_log_events)
                  AND id NOT IN (SELECT keep_id FROM customer_archive_log_events)"""
        )
    )
    merged = cr.rowcount
    cr.execute(SQL("DROP TABLE customer_archive_log_events"))
    return merged


def fill_archive_lists(cr):
    """Step 2."""
    cr.execute(
        SQL(
            """UPDATE customer_archive_access_log
                  SET archive_id_list = COALESCE(partner_id::text, '')
                WHERE archive_id_list IS NULL"""
        )
    )
    cr.execute(
        SQL(
            """INSERT INTO customer_archive_access_log_partner_rel (log_id, partner_id)
               SELECT log.id, partner.id
                 FROM customer_archive_access_log log
                CROSS JOIN LATERAL unnest(string_to_array(NULLIF(log.archive_id_list, ''), ',')::int[]) AS a(pid)
                 JOIN res_partner partner ON partner.id = a.pid
                WHERE log.hash IS NULL
               ON CONFLICT DO NOTHING"""
        )
    )


def _move_credit_code_to_vat(env):
    cr = env.cr
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name = 'credit_code'"
        )
    )
    if not cr.fetchone():
        return 0, 0
    cr.execute(
        SQL(
            """
            UPDATE res_partner SET vat = credit_code
             WHERE COALESCE(credit_code, '') != '' AND COALESCE(vat, '') = ''
         RETURNING id
            """
        )
    )
    moved = [row[0] for row in cr.fetchall()]
    if moved:
        # The contacts of a company share its tax ID (a commercial field).
        cr.execute(
            SQL(
                """
                UPDATE res_partner contact SET vat = company.vat
                  FROM res_partner company
                 WHERE contact.commercial_partner_id = company.id AND contact.id != company.id
                   AND company.id IN %s AND COALESCE(contact.vat, '') = ''
                """,
                tuple(moved),
            )
        )
    cr.execute(
        SQL(
            """
            SELECT id, credit_code FROM res_partner
             WHERE COALESCE(credit_code, '') != '' AND vat != credit_code
            """
        )
    )
    clashes = dict(cr.fetchall())
    env["res.partner"].invalidate_model(["vat"])
    if clashes:
        lang_env = env["res.users"]._get_lang_env(env)
        env["res.partner"].with_context(active_test=False).browse(list(clashes))._message_log_batch(
            bodies={
                partner_id: lang_env._(
                    "The unified social credit code %(code)s was not copied into the tax ID, "
                    "which holds another value: check which one is right.",
                    code=code,
                )
                for partner_id, code in clashes.items()
            }
        )
        _logger.warning(
            "customer_archive: %s partners have a credit code different from their tax ID, "
            "the tax ID was kept (ids %s)",
            len(clashes),
            sorted(clashes)[:50],
        )
    return len(moved), len(clashes)


def migrate(cr, version):
    if not version:  # fresh install: nothing to migrate
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    moved, clashes = _move_credit_code_to_vat(env)
    # the credit code (counted by the rate) now reads the tax ID
    env["res.partner"]._recompute_archive_completeness()
    _logger.info(
        "customer_archive %s -> 18.0.1.2.0: %s credit codes copied into the tax ID, %s kept apart",
        version,
        moved,
        clashes,
    )
    merged = merge_event_rows(cr)
    fill_archive_lists(cr)
    chained = rebuild_chain(cr)
    _logger.info(
        "customer_archive %s -> 18.0.1.2.0: %s access log rows merged into their events, "
        "%s entries chained",
        version,
        merged,
        chained,
    )
