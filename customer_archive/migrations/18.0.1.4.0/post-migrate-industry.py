"""Upgrade to 18.0.1.4.0: the completeness rate of company archives counts Odoo's industry
(``industry_id``, models/res_partner_industry.py); the stored rates and bands are recomputed."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:  # fresh install: nothing to migrate
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = env["res.partner"]._recompute_archive_completeness()
    _logger.info("customer_archive %s -> 18.0.1.4.0: completeness of %s archives", version, count)
