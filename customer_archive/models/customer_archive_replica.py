"""Writes of read-only requests (Odoo 18 with ``db_replica_host``).

Odoo serves the routes marked ``readonly`` (and the ``@api.readonly`` methods of
``/web/dataset/call_kw``) on a cursor of the read-only replica; a write there raises
``ReadOnlySqlTransaction`` and Odoo runs the whole request again on the primary. The addon's
reports read a lot and write a little (the access log entry, the printed copy of the register):
those few writes go to the primary through a cursor of their own, committed at once, while the
report reads from the replica.

If the request is run again on the primary all the same (something else in it wrote), the
second run must not write the entries a second time: what was written on the primary is
remembered on the HTTP request (its WSGI environ, which both runs share) and the second run
takes it from there (:func:`written_on_primary`).
"""

import contextlib

from odoo.http import request
from odoo.tools import config


def replica_configured():
    """Whether Odoo sends read-only requests to a replica (``db_replica_host`` set): only
    then are the addon's report routes read-only (without a replica they gain nothing and
    would only risk a second run)."""
    return config["db_replica_host"] is not False


def on_replica(env):
    """Whether ``env`` runs on a read-only cursor that cannot write (a replica's). Test
    cursors simulate read-only transactions inside the test's own transaction: no second
    cursor can write beside them, so they keep Odoo's ro->rw retry."""
    return env.cr.readonly and env.registry.test_cr is None


@contextlib.contextmanager
def primary_env(env):
    """``env`` on a new read/write cursor of the primary, committed when the block ends
    (its post-commit hooks run then), rolled back on an error."""
    with env.registry.cursor(readonly=False) as cr:
        yield env(cr=cr)


def written_on_primary(key):
    """The dict of the current HTTP request where writes done on the primary by a read-only
    run are remembered under ``key`` (a new dict outside a request: nothing is run twice)."""
    try:
        environ = request.httprequest.environ if request else None
    except RuntimeError:  # outside a request context
        environ = None
    if environ is None:
        return {}
    return environ.setdefault("customer_archive.written_on_primary", {}).setdefault(key, {})
