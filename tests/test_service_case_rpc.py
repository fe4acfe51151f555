"""Service cases over JSON-RPC as the demo users (issue #16): a salesperson (ca_user) reaches
the cases of the archives they see only — read, search, read_group, name_search, export all
refused or empty for another salesperson's archive —, the officer (ca_officer) sees them; bad
input gets a translated error and changes nothing. The tests remove what they create."""

import datetime

import pytest

from conftest import RpcError


def _refused(call, kind="AccessError"):
    with pytest.raises(RpcError) as error:
        call()
    assert kind in error.value.name, error.value
    return error.value


@pytest.fixture(scope="module")
def setup(admin_rpc, clients):
    uid = {login: client.uid for login, client in clients.items()}

    def archive(name, **vals):
        return admin_rpc.execute_kw(
            "res.partner",
            "create",
            [{"name": name, "is_company": True, "is_customer_archive": True, **vals}],
        )

    data = {
        "own": archive("RPC 服务自有客户", user_id=uid["ca_user"], mobile="13957160001"),
        "foreign": archive(
            "RPC 服务别人客户", user_id=uid["ca_officer"], keeper_id=uid["ca_officer"]
        ),
        "uid": uid,
    }
    [complaint] = admin_rpc.execute_kw(
        "ir.model.data",
        "search_read",
        [[("module", "=", "customer_archive"), ("name", "=", "case_type_complaint")]],
        {"fields": ["res_id"]},
    )
    data["type"] = complaint["res_id"]
    data["foreign_case"] = clients["ca_officer"].execute_kw(
        "customer.archive.case",
        "create",
        [
            {
                "partner_id": data["foreign"],
                "type_id": data["type"],
                "user_id": uid["ca_officer"],
                "description": "<p>RPC 别人的投诉</p>",
            }
        ],
    )
    yield data
    cases = admin_rpc.execute_kw(
        "customer.archive.case",
        "search",
        [[("partner_id", "in", [data["own"], data["foreign"]])]],
    )
    admin_rpc.execute_kw("customer.archive.case", "unlink", [cases])
    admin_rpc.execute_kw(
        "res.partner", "write", [[data["own"], data["foreign"]], {"active": False}]
    )


def test_salesperson_creates_and_resolves_own_case(clients, setup):
    user = clients["ca_user"]
    case = user.execute_kw(
        "customer.archive.case",
        "create",
        [{"partner_id": setup["own"], "type_id": setup["type"], "description": "<p>柜门变形</p>"}],
    )
    [row] = user.execute_kw(
        "customer.archive.case",
        "read",
        [[case], ["name", "user_id", "response_deadline", "resolution_deadline", "partner_mobile"]],
    )
    assert row["name"].startswith("FW")
    assert row["user_id"][0] == setup["uid"]["ca_user"]
    assert row["response_deadline"] < row["resolution_deadline"]
    # the archive's mobile is classified: masked for the salesperson
    assert row["partner_mobile"] and "*" in row["partner_mobile"]
    assert "5716" not in row["partner_mobile"]
    # closing without a resolution: refused, in Chinese, nothing changes
    error = _refused(
        lambda: user.execute_kw(
            "customer.archive.case", "action_resolve", [[case]], {"context": {"lang": "zh_CN"}}
        ),
        "ValidationError",
    )
    assert "解决" in error.message
    [row] = user.execute_kw("customer.archive.case", "read", [[case], ["is_closed"]])
    assert row["is_closed"] is False
    user.execute_kw("customer.archive.case", "write", [[case], {"resolution": "已上门更换"}])
    user.execute_kw("customer.archive.case", "action_resolve", [[case]])
    [row] = user.execute_kw("customer.archive.case", "read", [[case], ["is_closed", "closed_on"]])
    assert row["is_closed"] and row["closed_on"]
    [partner] = user.execute_kw(
        "res.partner", "read", [[setup["own"]], ["case_open_count", "case_overdue_count"]]
    )
    assert (partner["case_open_count"], partner["case_overdue_count"]) == (0, 0)


def test_salesperson_cannot_reach_cases_of_hidden_archives(clients, setup):
    user = clients["ca_user"]
    foreign = setup["foreign_case"]
    _refused(lambda: user.execute_kw("customer.archive.case", "read", [[foreign], ["name"]]))
    assert user.execute_kw("customer.archive.case", "search", [[("id", "=", foreign)]]) == []
    assert (
        user.execute_kw(
            "customer.archive.case", "search_count", [[("partner_id", "=", setup["foreign"])]]
        )
        == 0
    )
    groups = user.execute_kw(
        "customer.archive.case",
        "read_group",
        [[("id", "=", foreign)], ["partner_id"], ["partner_id"]],
    )
    assert groups == []
    [name] = clients["ca_officer"].execute_kw(
        "customer.archive.case", "read", [[foreign], ["name"]]
    )
    assert (
        user.execute_kw("customer.archive.case", "name_search", [name["name"]], {"operator": "="})
        == []
    )
    _refused(lambda: user.execute_kw("customer.archive.case", "export_data", [[foreign], ["name"]]))
    _refused(
        lambda: user.execute_kw("customer.archive.case", "write", [[foreign], {"priority": "3"}])
    )
    _refused(
        lambda: user.execute_kw(
            "customer.archive.case",
            "create",
            [{"partner_id": setup["foreign"], "type_id": setup["type"]}],
        )
    )


def test_officer_sees_the_case_and_bad_input_changes_nothing(admin_rpc, clients, setup):
    officer = clients["ca_officer"]
    foreign = setup["foreign_case"]
    [row] = officer.execute_kw(
        "customer.archive.case", "read", [[foreign], ["date", "resolution_deadline"]]
    )
    reported = datetime.datetime.strptime(row["date"], "%Y-%m-%d %H:%M:%S")
    early = (reported - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    _refused(
        lambda: officer.execute_kw(
            "customer.archive.case", "write", [[foreign], {"resolution_deadline": early}]
        ),
        "ValidationError",
    )
    [after] = officer.execute_kw(
        "customer.archive.case", "read", [[foreign], ["resolution_deadline"]]
    )
    assert after["resolution_deadline"] == row["resolution_deadline"]
    # a sale order of another customer cannot be linked
    orders = admin_rpc.execute_kw(
        "sale.order",
        "search_read",
        [[("partner_id.commercial_partner_id", "!=", setup["foreign"])]],
        {"fields": ["name"], "limit": 1},
    )
    assert orders, "the demo has sale orders"
    _refused(
        lambda: officer.execute_kw(
            "customer.archive.case",
            "write",
            [[foreign], {"sale_order_ids": [(4, orders[0]["id"])]}],
        ),
        "ValidationError",
    )
    [after] = officer.execute_kw("customer.archive.case", "read", [[foreign], ["sale_order_ids"]])
    assert after["sale_order_ids"] == []
    # types and stages: officers manage them, salespeople read them
    _refused(
        lambda: clients["ca_user"].execute_kw(
            "customer.archive.case.type", "create", [{"name": "RPC 退货"}]
        )
    )
    kind = officer.execute_kw("customer.archive.case.type", "create", [{"name": "RPC 退货"}])
    officer.execute_kw("customer.archive.case.type", "unlink", [[kind]])


def test_demo_has_an_overdue_case(clients):
    user = clients["ca_user"]
    overdue = user.execute_kw(
        "customer.archive.case",
        "search_read",
        [[("is_overdue", "=", True)]],
        {"fields": ["partner_id"]},
    )
    assert overdue, "the demo's overdue case of 宁波甬顺 is visible to its salesperson"
