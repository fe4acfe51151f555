"""Excel reports downloaded over HTTP as the demo users, the way the web client does it."""

import io
import json

import pytest
from openpyxl import load_workbook

from conftest import URL, RpcError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run_action(session, xmlid, context):
    """What the web client does: load the server action by its XML id, then run it."""
    action = session.post("/web/action/load", {"action_id": xmlid})
    return session.post("/web/action/run", {"action_id": action["id"], "context": context})


def test_manager_exports_archive_list(web_session):
    """ca_manager: action menu → Export Archives (Excel) on every archive → the file holds
    every archive they can see, in Chinese when their language is Chinese."""
    manager = web_session("ca_manager")
    domain = [["is_customer_archive", "=", True]]
    ids = manager.call_kw("res.partner", "search", [domain])
    assert ids
    action = _run_action(
        manager,
        "customer_archive.res_partner_action_export_archive_xlsx",
        dict(
            manager.user_context, active_model="res.partner", active_ids=ids, active_domain=domain
        ),
    )
    assert action["type"] == "ir.actions.act_url"
    resp = manager.http.get(URL + action["url"], timeout=120)
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["Content-Type"] == XLSX
    assert "attachment" in resp.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(resp.content))
    sheet = book.active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    expected = manager.call_kw("res.partner", "search_read", [domain, ["archive_number"]])
    assert sorted(numbers) == sorted(rec["archive_number"] for rec in expected)
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref.startswith("A1:")
    if manager.user_context.get("lang") == "zh_CN":
        assert book.sheetnames == ["客户档案"]


def test_manager_downloads_statistics(web_session):
    manager = web_session("ca_manager")
    action = _run_action(
        manager, "customer_archive.customer_archive_statistics_xlsx_action", manager.user_context
    )
    resp = manager.http.get(URL + action["url"], timeout=120)
    assert resp.status_code == 200, resp.text[:500]
    book = load_workbook(io.BytesIO(resp.content))
    assert len(book.sheetnames) == 6
    customers = book.worksheets[0]
    total = [row for row in customers.iter_rows(min_row=4, values_only=True) if row[5] is not None][
        -1
    ]
    assert total[5] == manager.call_kw(
        "res.partner", "search_count", [[["is_customer_archive", "=", True]]]
    )


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_non_managers_are_refused(web_session, login):
    """Salespeople and officers get 403 from the download URL and an AccessError from the
    action, whatever they send."""
    client = web_session(login)
    for report in ("archive_list_xlsx", "statistics_xlsx"):
        resp = client.http.get(
            URL + "/customer_archive/xlsx/" + report,
            params={"data": json.dumps({"domain": []})},
            timeout=60,
        )
        assert resp.status_code == 403, (report, resp.status_code)
        assert not resp.content.startswith(b"PK")
    with pytest.raises(RpcError) as error:
        client.call_kw("report.customer_archive.statistics_xlsx", "action_download", [])
    assert "AccessError" in error.value.name


def test_anonymous_is_redirected():
    import requests

    resp = requests.get(
        URL + "/customer_archive/xlsx/archive_list_xlsx", allow_redirects=False, timeout=60
    )
    assert resp.status_code in (302, 303)
    assert "/web/login" in resp.headers["Location"]


def test_bad_parameters(web_session):
    manager = web_session("ca_manager")
    resp = manager.http.get(
        URL + "/customer_archive/xlsx/archive_list_xlsx", params={"data": "{not json"}, timeout=60
    )
    assert resp.status_code == 400
    resp = manager.http.get(URL + "/customer_archive/xlsx/no_such_report", timeout=60)
    assert resp.status_code == 404
