"""The demo company as its users see it: a Chinese company working in yuan (CNY, the Chinese
chart of accounts of l10n_cn), ¥ on the tier explanation, the printed card and the workbooks,
and demo data in which every tier and every situation of the archive occurs.

The test database is created for China the way Odoo's database manager does it
(scripts/createdb.sh, used by make run / make test)."""

import io
import subprocess

import pytest
from openpyxl import load_workbook

from conftest import URL

KEY_ACCOUNT = "杭州西湖茶业有限公司"  # the demo's tier-A archive, 张伟's (ca_user)


def _pdf_text(pdf_bytes):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, check=True, capture_output=True
    ).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def manager(rpc):
    return rpc("ca_manager")


@pytest.fixture(scope="module")
def key_account(manager):
    ids = manager.execute_kw("res.partner", "search", [[("name", "=", KEY_ACCOUNT)]])
    assert len(ids) == 1, "the demo key account is missing"
    return ids[0]


def test_demo_company_works_in_yuan_with_the_chinese_chart(manager, admin):
    [user] = manager.execute_kw(
        "res.users", "search_read", [[("login", "=", "ca_manager")], ["company_id"]]
    )
    [company] = manager.execute_kw(
        "res.company",
        "read",
        [[user["company_id"][0]], ["name", "currency_id", "country_id", "chart_template", "phone"]],
    )
    assert company["name"] == "杭州西湖办公用品有限公司"
    assert company["currency_id"][1] == "CNY"
    assert company["chart_template"] == "cn"
    assert company["phone"].startswith("+86 ")
    [country] = manager.execute_kw("res.country", "read", [[company["country_id"][0]], ["code"]])
    assert country["code"] == "CN"
    [l10n_cn] = admin.execute_kw(
        "ir.module.module", "search_read", [[("name", "=", "l10n_cn")], ["state"]]
    )
    assert l10n_cn["state"] == "installed"
    # The receivable account is the Chinese chart's 1122 应收账款.
    [receivable] = admin.execute_kw(
        "account.account",
        "search_read",
        [
            [("account_type", "=", "asset_receivable"), ("company_ids", "in", company["id"])],
            ["code"],
        ],
        {"limit": 1},
    )
    assert receivable["code"].startswith("1122")


def test_every_tier_and_situation_occurs_in_the_demo(manager):
    archives = manager.execute_kw(
        "res.partner",
        "search_read",
        [
            [("is_customer_archive", "=", True), ("parent_id", "=", False)],
            ["name", "tier_id", "archive_stage", "visit_overdue", "in_public_pool"],
        ],
    )
    tiers = manager.execute_kw("customer.archive.tier", "search_read", [[], ["code"]])
    code = {tier["id"]: tier["code"] for tier in tiers}
    occurring = {code[a["tier_id"][0]] for a in archives if a["tier_id"]}
    assert {"A", "B", "C", "D"} <= occurring, occurring
    [key] = [a for a in archives if a["name"] == KEY_ACCOUNT]
    assert code[key["tier_id"][0]] == "A"
    stages = {a["archive_stage"] for a in archives}
    assert {"active", "dormant", "lost"} <= stages, stages
    assert any(a["visit_overdue"] for a in archives), "a customer is due for a visit"
    assert any(a["in_public_pool"] for a in archives), "the public pool holds a customer"
    # A visit planned days ago and still not done: late.
    planned = manager.execute_kw(
        "customer.archive.visit",
        "search_read",
        [[("state", "=", "planned")], ["is_late"]],
    )
    assert any(v["is_late"] for v in planned), "a demo visit is overdue"


@pytest.mark.parametrize("login", ["ca_user", "ca_manager_en"])
def test_tier_explanation_in_yuan(rpc, key_account, login):
    [archive] = rpc(login).execute_kw(
        "res.partner", "read", [[key_account], ["tier_explanation", "tier_breakdown"]]
    )
    revenue = next(
        line for line in archive["tier_breakdown"]["criteria"] if line["criterion"] == "revenue"
    )
    assert revenue["value"] > 100000
    assert "¥\xa0119,570.00" in archive["tier_explanation"]
    assert "$" not in archive["tier_explanation"]


def test_printed_card_in_yuan(rpc, web_session, key_account, server_url):
    officer = web_session("ca_officer")
    request_id = officer.call_kw(
        "customer.archive.print.request",
        "create",
        [{"partner_ids": [(6, 0, [key_account])], "purpose": "pytest: card in yuan", "copies": 1}],
    )
    officer.call_kw("customer.archive.print.request", "action_submit", [[request_id]])
    rpc("ca_manager").execute_kw("customer.archive.print.request", "action_approve", [[request_id]])
    resp = officer.http.get(
        f"{server_url}/report/pdf/customer_archive.report_archive_card/{key_account}", timeout=120
    )
    assert resp.content.startswith(b"%PDF"), resp.text[:500]
    text = _pdf_text(resp.content)
    assert KEY_ACCOUNT in text
    assert "¥" in text
    assert "$" not in text


def test_workbooks_in_yuan(web_session):
    manager = web_session("ca_manager")
    # The archive list: a money column titled with the currency, its cells formatted in ¥.
    resp = manager.http.get(
        URL + "/customer_archive/xlsx/archive_list_xlsx",
        params={"data": '{"domain": [["is_customer_archive", "=", true]]}'},
        timeout=120,
    )
    assert resp.status_code == 200, resp.text[:500]
    sheet = load_workbook(io.BytesIO(resp.content)).active
    headers = [cell.value for cell in sheet[1]]
    money = [i for i, header in enumerate(headers) if header and header.endswith("(CNY)")]
    assert money, headers
    cells = [row[money[0]] for row in sheet.iter_rows(min_row=2) if row[money[0]].value]
    assert cells, "a demo archive has an amount"
    assert all(cell.number_format == '"¥"#,##0.00' for cell in cells)
    # The statistics: the sales of the top customers in ¥.
    resp = manager.http.get(URL + "/customer_archive/xlsx/statistics_xlsx", timeout=120)
    assert resp.status_code == 200, resp.text[:500]
    book = load_workbook(io.BytesIO(resp.content))
    top = book.worksheets[4]  # Top Customers (the sheets after it are newer)
    amounts = [row[7] for row in top.iter_rows(min_row=5) if isinstance(row[0].value, int)]
    assert amounts, "the demo has top customers"
    assert all(cell.number_format == '"¥"#,##0.00' for cell in amounts)
    assert any("CNY" in str(cell.value) for row in top.iter_rows(max_row=4) for cell in row)
