"""System tests against a live Odoo server (scripts/test.sh starts one on 127.0.0.1:8079).

Env: CA_URL (default http://127.0.0.1:8069), CA_DB (default customer_archive).
Two clients, both logging in as a real user with login + password:
- ``JsonRpc``: the external API (``/jsonrpc``, services ``common.login`` / ``object.execute_kw``);
- ``WebSession``: what the web client does (``/web/session/authenticate`` then
  ``/web/dataset/call_kw``), with the user's session context (language, ...).
"""
import itertools
import os

import pytest
import requests

URL = os.environ.get('CA_URL', 'http://127.0.0.1:8069').rstrip('/')
DB = os.environ.get('CA_DB', 'customer_archive')
TIMEOUT = 60
_ids = itertools.count(1)


class RpcError(Exception):
    """An error answered by Odoo; ``name`` is the exception class, e.g. odoo.exceptions.ValidationError."""

    def __init__(self, error):
        data = error.get('data') or {}
        self.name = data.get('name', '')
        self.message = data.get('message') or error.get('message', '')
        self.error = error
        super().__init__(f'{self.name}: {self.message}')


def _post_json(session, path, params):
    payload = {'jsonrpc': '2.0', 'method': 'call', 'params': params, 'id': next(_ids)}
    resp = session.post(URL + path, json=payload, timeout=TIMEOUT)
    resp.raise_for_status()
    body = resp.json()
    if body.get('error'):
        raise RpcError(body['error'])
    return body['result']


class JsonRpc:
    """External JSON-RPC API as ``login``."""

    def __init__(self, login, password, db=DB):
        self.db, self.login, self.password = db, login, password
        self.http = requests.Session()
        self.uid = self.call('common', 'login', db, login, password)
        if not self.uid:
            raise AssertionError(f'login refused for {login!r} on {db!r}')

    def call(self, service, method, *args):
        return _post_json(self.http, '/jsonrpc', {'service': service, 'method': method, 'args': list(args)})

    def execute_kw(self, model, method, args=(), kwargs=None):
        return self.call('object', 'execute_kw', self.db, self.uid, self.password,
                         model, method, list(args), kwargs or {})


class WebSession:
    """Web-client-like session as ``login`` (session context = the user's preferences)."""

    def __init__(self, login, password, db=DB):
        self.http = requests.Session()
        info = _post_json(self.http, '/web/session/authenticate',
                          {'db': db, 'login': login, 'password': password})
        self.uid = info.get('uid')
        if not self.uid:
            raise AssertionError(f'web login refused for {login!r} on {db!r}')
        self.user_context = info.get('user_context', {})

    def call_kw(self, model, method, args=(), kwargs=None):
        return _post_json(self.http, f'/web/dataset/call_kw/{model}/{method}',
                          {'model': model, 'method': method, 'args': list(args), 'kwargs': kwargs or {}})


@pytest.fixture(scope='session')
def server_url():
    return URL


@pytest.fixture(scope='session')
def rpc():
    """Factory: rpc(login, password=login) -> logged-in JsonRpc client."""
    return lambda login, password=None: JsonRpc(login, password or login)


@pytest.fixture(scope='session')
def web_session():
    """Factory: web_session(login, password=login) -> authenticated WebSession."""
    return lambda login, password=None: WebSession(login, password or login)


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
