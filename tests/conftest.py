"""System tests against a live Odoo server (scripts/test.sh starts one on 127.0.0.1:8079).

Env: CA_URL (default http://127.0.0.1:8069), CA_DB (default customer_archive).
The clients (tests/odoo_rpc.py, shared with the fault tests and bench/bench_load.py) log in as a
real user with login + password:
- ``JsonRpc``: the external API (``/jsonrpc``, services ``common.login`` / ``object.execute_kw``);
- ``WebSession``: what the web client does (``/web/session/authenticate`` then
  ``/web/dataset/call_kw``), with the user's session context (language, ...).
Tests marked ``slow`` (pytest.ini) are left out of ``make test``; ``make faults`` runs them.
"""
import os

import pytest

import odoo_rpc
from odoo_rpc import RpcError  # noqa: F401 (imported from here by the tests)

URL = os.environ.get('CA_URL', 'http://127.0.0.1:8069').rstrip('/')
DB = os.environ.get('CA_DB', 'customer_archive')


@pytest.fixture(scope='session')
def server_url():
    return URL


@pytest.fixture(scope='session')
def rpc():
    """Factory: rpc(login, password=login) -> logged-in JsonRpc client."""
    return lambda login, password=None: odoo_rpc.JsonRpc(URL, DB, login, password)


@pytest.fixture(scope='session')
def web_session():
    """Factory: web_session(login, password=login) -> authenticated WebSession."""
    return lambda login, password=None: odoo_rpc.WebSession(URL, DB, login, password)


# The demo users of the four archive roles (password = login).
ROLES = ['ca_user', 'ca_officer', 'ca_manager', 'ca_admin']


@pytest.fixture(scope='session')
def admin(rpc):
    return rpc('admin', 'admin')


@pytest.fixture(scope='session')
def admin_rpc(admin):
    """The Odoo administrator (`admin`), who sets up and cleans up the tests' records."""
    return admin


@pytest.fixture(scope='session')
def clients(rpc):
    """{login: logged-in client} of every role in ROLES."""
    return {login: rpc(login) for login in ROLES}


@pytest.fixture(scope='session')
def ca_user(rpc):
    return rpc('ca_user')
