"""Churn (客户流失) over JSON-RPC, as the real demo users: a lost archive needs its reason, and the
churn analysis (read_group / search_read) keeps to the archives each user may see. The archives
created here are deactivated at the end."""

import pytest

from conftest import RpcError

LOST = [("is_customer_archive", "=", True), ("archive_stage", "=", "lost")]
GROUPBY = ["lost_date:month", "lost_tier_id", "region_id", "user_id", "lost_reason_id"]


def _xmlid(client, xmlid):
    module, name = xmlid.split(".")
    [row] = client.execute_kw(
        "ir.model.data", "search_read", [[("module", "=", module), ("name", "=", name)], ["res_id"]]
    )
    return row["res_id"]


@pytest.fixture(scope="module")
def churn(admin_rpc, clients):
    uid = {login: client.uid for login, client in clients.items()}
    statuses = {
        key: _xmlid(admin_rpc, f"customer_archive.archive_status_{key}")
        for key in ("active", "lost")
    }
    reason = _xmlid(admin_rpc, "customer_archive.lost_reason_price")

    def archive(name, user):
        return admin_rpc.execute_kw(
            "res.partner",
            "create",
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_customer_archive": True,
                    "user_id": uid[user],
                    "keeper_id": uid[user],
                    "archive_status_id": statuses["active"],
                }
            ],
        )

    data = {
        "own": archive("RPC 流失自有客户", "ca_user"),
        "foreign": archive("RPC 流失他人客户", "ca_officer"),
        "still_active": archive("RPC 仍活跃客户", "ca_user"),
        "statuses": statuses,
        "reason": reason,
    }
    admin_rpc.execute_kw(
        "res.partner",
        "write",
        [
            [data["own"], data["foreign"]],
            {"archive_status_id": statuses["lost"], "lost_reason_id": reason},
        ],
    )
    yield data
    admin_rpc.execute_kw(
        "res.partner",
        "write",
        [[data["own"], data["foreign"], data["still_active"]], {"active": False}],
    )


def test_user_marks_lost_only_with_a_reason(clients, churn):
    """ca_user: a write to a lost status without a reason is refused and changes nothing; with
    a reason it passes and records the loss."""
    client = clients["ca_user"]
    pid = churn["still_active"]
    with pytest.raises(RpcError) as error:
        client.execute_kw(
            "res.partner", "write", [[pid], {"archive_status_id": churn["statuses"]["lost"]}]
        )
    assert "UserError" in error.value.name, error.value
    [rec] = client.execute_kw(
        "res.partner", "read", [[pid], ["archive_stage", "lost_date", "lost_reason_id"]]
    )
    assert rec["archive_stage"] == "active" and not rec["lost_date"] and not rec["lost_reason_id"]
    client.execute_kw(
        "res.partner",
        "write",
        [
            [pid],
            {"archive_status_id": churn["statuses"]["lost"], "lost_reason_id": churn["reason"]},
        ],
    )
    [rec] = client.execute_kw(
        "res.partner", "read", [[pid], ["archive_stage", "lost_date", "lost_reason_id"]]
    )
    assert (
        rec["archive_stage"] == "lost"
        and rec["lost_date"]
        and rec["lost_reason_id"][0] == churn["reason"]
    )


def test_user_cannot_write_the_snapshot(clients, churn):
    with pytest.raises(RpcError) as error:
        clients["ca_user"].execute_kw(
            "res.partner", "write", [[churn["own"]], {"lost_revenue": 1.0e6}]
        )
    assert "AccessError" in error.value.name


@pytest.mark.parametrize("login", ["ca_user", "ca_manager"])
def test_churn_analysis_keeps_to_visible_archives(clients, churn, login):
    """read_group and search_read of the churn analysis: ca_user sees their own loss and not
    the officer's; the manager sees both; the groups add up to what search_count sees."""
    client = clients[login]
    ours = [churn["own"], churn["foreign"]]
    rows = client.execute_kw(
        "res.partner", "search_read", [LOST + [("id", "in", ours)], ["user_id", "lost_reason_id"]]
    )
    expected = {churn["own"]} if login == "ca_user" else set(ours)
    assert {r["id"] for r in rows} == expected
    groups = client.execute_kw(
        "res.partner",
        "read_group",
        [LOST + [("id", "in", ours)], ["lost_revenue:sum"], GROUPBY],
        {"lazy": False},
    )
    assert sum(g["__count"] for g in groups) == len(expected)
    all_groups = client.execute_kw(
        "res.partner", "read_group", [LOST, ["lost_revenue:sum"], GROUPBY], {"lazy": False}
    )
    assert sum(g["__count"] for g in all_groups) == client.execute_kw(
        "res.partner", "search_count", [LOST]
    )
