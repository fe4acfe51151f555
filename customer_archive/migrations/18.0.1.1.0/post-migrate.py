"""Upgrade to 18.0.1.1.0, after the new models, fields and data are loaded.

Odoo recomputes a stored computed field on ``-u`` only when its column is new, so the values
derived by rules in the code keep what the previous version computed. This release may derive
them differently (new archive fields counted by the completeness rate, tier engine changes), so:

- the completeness rate and band of every archive are recomputed, batch by batch;
- every scoring profile forgets its last run, so the next tier recompute (the daily scheduled
  action or *Recompute Changes*) is a full one instead of looking only at changed orders;
- the unified social credit code became the tax ID (``credit_code`` is now related to ``vat``, one
  identifier in one field): each credit code goes into its partner's empty tax ID (and into its
  contacts', who share it); where both were filled and differ, the tax ID is kept and the credit
  code is written in the archive's chatter. The old ``credit_code`` column stays as it was.

Stored data entered by people is not touched. A field renamed or retyped in a later version needs
its own ``pre-migrate.py`` in that version's folder (rename the column before Odoo loads the
models, or Odoo creates an empty one and drops nothing: the old column stays unused).
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

BATCH = 5000


def _recompute_completeness(env):
    Partner = env["res.partner"].with_context(active_test=False)
    ids = Partner.search([("is_customer_archive", "=", True)], order="id").ids
    fields_to_compute = [Partner._fields["completeness"], Partner._fields["completeness_band"]]
    for start in range(0, len(ids), BATCH):
        batch = Partner.browse(ids[start : start + BATCH])
        for field in fields_to_compute:
            env.add_to_compute(field, batch)
        env.flush_all()  # recomputes what add_to_compute marked, then writes it
        env.invalidate_all()
    return len(ids)


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
    moved, clashes = _move_credit_code_to_vat(env)  # before completeness: it counts the code
    _logger.info(
        "customer_archive %s -> 18.0.1.1.0: %s credit codes copied into the tax ID, %s kept apart",
        version,
        moved,
        clashes,
    )
    count = _recompute_completeness(env)
    cr.execute("UPDATE customer_archive_tier_profile SET last_run_at = NULL")
    _logger.info(
        "customer_archive %s -> 18.0.1.1.0: completeness recomputed for %s archives, "
        "%s scoring profile(s) set to a full recompute",
        version,
        count,
        cr.rowcount,
    )
