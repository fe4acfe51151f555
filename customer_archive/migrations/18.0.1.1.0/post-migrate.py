"""Upgrade to 18.0.1.1.0, after the new models, fields and data are loaded.

Odoo recomputes a stored computed field on ``-u`` only when its column is new, so the values
derived by rules in the code keep what the previous version computed. This release may derive
them differently (new archive fields counted by the completeness rate, tier engine changes), so:

- the completeness rate and band of every archive are recomputed, batch by batch;
- every scoring profile forgets its last run, so the next tier recompute (the daily scheduled
  action or *Recompute Changes*) is a full one instead of looking only at changed orders.

Stored data entered by people is not touched. A field renamed or retyped in a later version needs
its own ``pre-migrate.py`` in that version's folder (rename the column before Odoo loads the
models, or Odoo creates an empty one and drops nothing: the old column stays unused).
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

BATCH = 5000


def migrate(cr, version):
    if not version:  # fresh install: nothing to migrate
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = env["res.partner"]._recompute_archive_completeness(BATCH)
    cr.execute("UPDATE customer_archive_tier_profile SET last_run_at = NULL")
    _logger.info(
        "customer_archive %s -> 18.0.1.1.0: completeness recomputed for %s archives, "
        "%s scoring profile(s) set to a full recompute",
        version,
        count,
        cr.rowcount,
    )
