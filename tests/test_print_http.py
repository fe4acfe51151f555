"""Controlled printing over HTTP: the report URLs refuse a card printed outside an approved
print request of the logged-in user, and serve it (PDF, with its watermark) inside one."""

import json
import re
import subprocess
from urllib.parse import quote

import pytest

REPORT = "customer_archive.report_archive_card"


def _pdf_text(pdf_bytes):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, check=True, capture_output=True
    ).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def officer(web_session):
    return web_session("ca_officer")


@pytest.fixture(scope="module")
def archive_id(officer):
    ids = officer.call_kw(
        "res.partner",
        "search",
        [[("is_customer_archive", "=", True), ("is_company", "=", True)]],
        {"limit": 1},
    )
    assert ids, "the demo data has archives"
    return ids[0]


def _get(session, server_url, kind, ids):
    return session.http.get(f"{server_url}/report/{kind}/{REPORT}/{ids}", timeout=120)


def test_print_url_refused_without_request(officer, archive_id, server_url):
    for kind in ("pdf", "html"):
        resp = _get(officer, server_url, kind, archive_id)
        assert resp.status_code != 200 or b"%PDF" not in resp.content[:10], kind
        assert "CONTROLLED COPY" not in resp.text, kind


def test_archive_user_refused(web_session, archive_id, server_url):
    user = web_session("ca_user")
    resp = _get(user, server_url, "pdf", archive_id)
    assert not resp.content.startswith(b"%PDF")


def test_print_url_allowed_with_approved_request(officer, rpc, archive_id, server_url):
    request_id = officer.call_kw(
        "customer.archive.print.request",
        "create",
        [
            {
                "partner_ids": [(6, 0, [archive_id])],
                "purpose": "pytest: HTTP print",
                "copies": 1,
            }
        ],
    )
    officer.call_kw("customer.archive.print.request", "action_submit", [[request_id]])
    # Not yet approved: still refused.
    assert not _get(officer, server_url, "pdf", archive_id).content.startswith(b"%PDF")
    manager = rpc("ca_manager")
    manager.execute_kw("customer.archive.print.request", "action_approve", [[request_id]])
    resp = _get(officer, server_url, "pdf", archive_id)
    assert resp.status_code == 200
    assert resp.content.startswith(b"%PDF")
    text = _pdf_text(resp.content)
    [archive] = officer.call_kw("res.partner", "read", [[archive_id], ["archive_number", "name"]])
    assert archive["archive_number"] in text
    assert "受控文件 / CONTROLLED COPY" in " ".join(text.split())
    [req] = manager.execute_kw(
        "customer.archive.print.request", "read", [[request_id], ["state", "copy_ids"]]
    )
    assert req["state"] == "done" and len(req["copy_ids"]) == 1
    [copy] = manager.execute_kw("customer.archive.print.copy", "read", [req["copy_ids"], ["name"]])
    assert copy["name"] in text
    # The single copy is used: a second print is refused.
    assert not _get(officer, server_url, "pdf", archive_id).content.startswith(b"%PDF")


def _csrf_token(session, server_url):
    """The CSRF token the web client page carries (odoo.csrf_token)."""
    page = session.http.get(f"{server_url}/odoo", timeout=120).text
    return re.search(r'csrf_token: "([^"]+)"', page).group(1)


def _encode(value):
    """encodeURIComponent(JSON.stringify(value))."""
    return quote(json.dumps(value, separators=(",", ":"), ensure_ascii=False), safe="!~*'()")


def _web_client_url(action):
    """getReportUrl() of web/static/src/webclient/actions/reports/utils.js for a PDF."""
    url = f"/report/pdf/{action['report_name']}"
    if action.get("data"):
        options, context = _encode(action["data"]), _encode(action.get("context") or {})
        return f"{url}?options={options}&context={context}"
    return url + "/" + ",".join(str(i) for i in action["context"]["active_ids"])


def test_print_button_as_the_web_client(officer, rpc, archive_id, server_url):
    """李娜 requests, 王芳 approves, 李娜 clicks the request's Print button: the web client
    downloads /report/download with the URL it built from the action (the action's data in
    the query string, no archive id in the path). The PDF is the archive's card."""
    request_id = officer.call_kw(
        "customer.archive.print.request",
        "create",
        [{"partner_ids": [(6, 0, [archive_id])], "purpose": "pytest: print button", "copies": 1}],
    )
    officer.call_kw("customer.archive.print.request", "action_submit", [[request_id]])
    rpc("ca_manager").execute_kw("customer.archive.print.request", "action_approve", [[request_id]])
    action = officer.post(
        "/web/dataset/call_button",
        {
            "model": "customer.archive.print.request",
            "method": "action_print",
            "args": [[request_id]],
            "kwargs": {"context": officer.user_context},
        },
    )
    url = _web_client_url(action)
    assert "?options=" in url and f"/{archive_id}" not in url.split("?")[0]
    resp = officer.http.post(
        f"{server_url}/report/download",
        data={
            "data": json.dumps([url, action["report_type"]]),
            "context": json.dumps({**officer.user_context, **(action.get("context") or {})}),
            "token": "dummy-because-api-expects-one",
            "csrf_token": _csrf_token(officer, server_url),
        },
        timeout=180,
    )
    assert resp.content.startswith(b"%PDF"), resp.text[:300]
    text = " ".join(_pdf_text(resp.content).split())
    [archive] = officer.call_kw("res.partner", "read", [[archive_id], ["archive_number", "name"]])
    assert archive["archive_number"] in text
    assert archive["name"] in text
    [req] = officer.call_kw(
        "customer.archive.print.request", "read", [[request_id], ["state", "copies_printed"]]
    )
    assert req["copies_printed"] == 1 and req["state"] == "done"
