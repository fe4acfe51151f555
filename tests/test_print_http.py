"""Controlled printing over HTTP: the report URLs refuse a card printed outside an approved
print request of the logged-in user, and serve it (PDF, with its watermark) inside one."""

import subprocess

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
