"""The JSON-RPC client of the system tests (tests/), the fault tests (tests/test_faults.py) and
the load benchmark (bench/bench_load.py): one module, so that all of them talk to Odoo the same
way. Plain ``requests``, no Odoo import: it runs outside the server.

- ``JsonRpc``: the external API (``/jsonrpc``, services ``common.login`` / ``object.execute_kw``);
- ``WebSession``: what the web client does (``/web/session/authenticate`` then
  ``/web/dataset/call_kw``), with the user's session context (language, ...).

Both log in as a real user with login + password; an error answered by Odoo raises ``RpcError``.
"""

import itertools

import requests

TIMEOUT = 60
_ids = itertools.count(1)


class RpcError(Exception):
    """An error answered by Odoo; ``name`` is the exception class, e.g.
    odoo.exceptions.ValidationError, ``message`` the message shown to the user."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        self.error = error
        super().__init__(f"{self.name}: {self.message}")


def post_json(http, url, params, timeout=TIMEOUT):
    """POST one JSON-RPC call to ``url`` with the ``requests`` session ``http``; its result."""
    payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(_ids)}
    resp = http.post(url, json=payload, timeout=timeout)
    resp.raise_for_status()
    body = resp.json()
    if body.get("error"):
        raise RpcError(body["error"])
    return body["result"]


class JsonRpc:
    """External JSON-RPC API of the server at ``url`` as ``login``."""

    def __init__(self, url, db, login, password=None, timeout=TIMEOUT):
        self.url, self.db, self.login = url.rstrip("/"), db, login
        self.password = password or login
        self.timeout = timeout
        self.http = requests.Session()
        self.uid = self.call("common", "login", db, login, self.password)
        if not self.uid:
            raise AssertionError(f"login refused for {login!r} on {db!r}")

    def call(self, service, method, *args):
        params = {"service": service, "method": method, "args": list(args)}
        return post_json(self.http, self.url + "/jsonrpc", params, self.timeout)

    def execute_kw(self, model, method, args=(), kwargs=None):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs or {},
        )


class WebSession:
    """A web-client-like session of the server at ``url`` as ``login`` (password = login unless
    given). ``user_context`` is the session context answered at login (the user's preferences),
    ``context`` the one ``call()`` sends by default: ``user_context`` updated with ``context``
    given here (the load benchmark adds ``bin_size``, as the web client does)."""

    def __init__(self, url, db, login, password=None, context=None, timeout=TIMEOUT):
        self.url, self.db, self.login = url.rstrip("/"), db, login
        self.timeout = timeout
        self.http = requests.Session()
        info = self.post(
            "/web/session/authenticate", {"db": db, "login": login, "password": password or login}
        )
        self.uid = info.get("uid")
        if not self.uid:
            raise AssertionError(f"web login refused for {login!r} on {db!r}")
        self.user_context = info.get("user_context", {})
        self.context = dict(self.user_context, **(context or {}))

    def post(self, path, params, timeout=None):
        """One JSON-RPC call to the route ``path`` of the server (e.g. ``/web/action/load``)."""
        return post_json(self.http, self.url + path, params, timeout or self.timeout)

    def call_kw(self, model, method, args=(), kwargs=None):
        """``model.method(*args, **kwargs)`` as the web client sends it; no context added."""
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs or {}}
        return self.post(f"/web/dataset/call_kw/{model}/{method}", params)

    def call(self, model, method, args=(), **kwargs):
        """``call_kw`` with keyword arguments, the session's ``context`` unless one is given."""
        kwargs.setdefault("context", self.context)
        return self.call_kw(model, method, args, kwargs)
