"""Oversized JSON-RPC requests against the live server: each is served or refused, and the
server's resident memory stays bounded (measured on the server process of scripts/test.sh,
var/test-server.pid; without it the memory checks are skipped)."""
import os

import psutil
import pytest
import requests

from conftest import URL, RpcError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIDFILE = os.path.join(ROOT, 'var', 'test-server.pid')
MAX_GROWTH_MB = 300   # growth of the server's RSS allowed for one oversized request


def server_rss_mb():
    try:
        with open(PIDFILE) as fh:
            proc = psutil.Process(int(fh.read().strip()))
        return sum(p.memory_info().rss for p in [proc] + proc.children(recursive=True)) / 1024 / 1024
    except (OSError, ValueError, psutil.Error):
        return None


@pytest.fixture
def rss():
    """Yields a function that asserts the server's RSS grew by less than MAX_GROWTH_MB since
    the start of the test and that the server still answers."""
    start = server_rss_mb()

    def check(what):
        assert requests.get(URL + '/web/health', timeout=30).status_code == 200, f'server down after {what}'
        now = server_rss_mb()
        if start is not None and now is not None:
            assert now - start < MAX_GROWTH_MB, f'{what}: server RSS {start:.0f} -> {now:.0f} MB'
        return now
    return check


def test_huge_in_domain(ca_user, rss):
    """A domain with 200,000 ids is served (the archives that exist among them)."""
    ids = list(range(1, 200001))
    count = ca_user.execute_kw('res.partner', 'search_count', [[('id', 'in', ids), ('is_customer_archive', '=', True)]])
    assert count == ca_user.execute_kw('res.partner', 'search_count', [[('is_customer_archive', '=', True)]])
    rss('a 200,000-id domain')


def test_deep_domain(ca_user, rss):
    """A domain of 2,000 OR-ed conditions is served."""
    leaves = [('name', '=', f'不存在的客户{i}') for i in range(2000)]
    domain = ['|'] * (len(leaves) - 1) + leaves
    assert ca_user.execute_kw('res.partner', 'search', [domain]) == []
    rss('a domain of 2,000 conditions')


def test_ten_thousand_ids(ca_user, rss):
    """read() of 10,000 ids mostly missing is refused with a clear error; search_read of the
    same ids and a 10,000-row page are served."""
    ids = list(range(1, 10001))
    with pytest.raises(RpcError) as err:
        ca_user.execute_kw('res.partner', 'read', [ids, ['name']])
    assert err.value.name == 'odoo.exceptions.MissingError'
    rows = ca_user.execute_kw('res.partner', 'search_read', [[('id', 'in', ids)]], {'fields': ['name']})
    assert rows and len(rows) <= 10000
    rows = ca_user.execute_kw('res.partner', 'search_read', [[]], {'fields': ['name'], 'limit': 10000})
    assert rows
    rss('10,000 ids')


def test_large_value_is_served(ca_user, rss):
    """A 5 MB text value in one write is stored and read back whole."""
    [pid] = ca_user.execute_kw('res.partner', 'search', [[('is_customer_archive', '=', True)]], {'limit': 1})
    [before] = ca_user.execute_kw('res.partner', 'read', [[pid], ['main_products']])
    big = '产品' * (5 * 1024 * 1024 // 6)
    try:
        ca_user.execute_kw('res.partner', 'write', [[pid], {'main_products': big}])
        [rec] = ca_user.execute_kw('res.partner', 'read', [[pid], ['main_products']])
        assert rec['main_products'] == big
    finally:
        ca_user.execute_kw('res.partner', 'write', [[pid], {'main_products': before['main_products']}])
    rss('a 5 MB value')


def test_oversized_payload_is_refused(rss):
    """A JSON-RPC request of 130 MB (over Odoo's 128 MB request limit) is refused with HTTP
    413 before it is read; the server keeps answering."""
    body = b'{"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "version", "args": ["' \
        + b'x' * (130 * 1024 * 1024) + b'"]}}'
    resp = requests.post(URL + '/jsonrpc', data=body, headers={'Content-Type': 'application/json'}, timeout=120)
    assert resp.status_code == 413
    rss('a 130 MB request')
    del body
