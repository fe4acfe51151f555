"""Customer tiers over JSON-RPC, as real users of the demo database."""
import pytest

from conftest import RpcError


@pytest.fixture(scope="module")
def manager(rpc):
    return rpc("ca_manager")


def _demo_archive_with_orders(client):
    ids = client.execute_kw("res.partner", "search", [[("is_customer_archive", "=", True), ("tier_score", ">", 0)]],
                            {"limit": 1})
    assert ids, "the demo archives with orders are scored when the demo data loads"
    return ids[0]


def test_demo_archives_have_explained_tiers(ca_user):
    pid = _demo_archive_with_orders(ca_user)
    [rec] = ca_user.execute_kw("res.partner", "read", [[pid], ["tier_id", "tier_score", "tier_explanation",
                                                              "tier_breakdown"]])
    assert rec["tier_id"], rec
    assert rec["tier_breakdown"]["score"] == rec["tier_score"]
    assert str(rec["tier_score"]) in rec["tier_explanation"]
    criteria = {line["criterion"] for line in rec["tier_breakdown"]["criteria"]}
    assert {"revenue", "order_count", "recency_days"} <= criteria


@pytest.mark.parametrize("login", ["ca_user", "ca_officer", "ca_manager"])
def test_users_cannot_write_tiers_over_rpc(rpc, login):
    client = rpc(login)
    pid = _demo_archive_with_orders(client)
    tier_ids = client.execute_kw("customer.archive.tier", "search", [[]])
    [before] = client.execute_kw("res.partner", "read", [[pid], ["tier_id", "tier_score"]])
    for vals in ({"tier_id": tier_ids[0]}, {"tier_score": 100}):
        with pytest.raises(RpcError) as error:
            client.execute_kw("res.partner", "write", [[pid], vals])
        assert "AccessError" in error.value.name
    [after] = client.execute_kw("res.partner", "read", [[pid], ["tier_id", "tier_score"]])
    assert after == before


@pytest.mark.parametrize("login", ["ca_user", "ca_manager", "ca_admin"])
def test_tier_history_cannot_be_changed_over_rpc(rpc, login):
    client = rpc(login)
    ids = client.execute_kw("customer.archive.tier.history", "search", [[]], {"limit": 1})
    assert ids, "the demo recompute records the first tier of every archive"
    for method, args in (("write", [ids, {"reason": "篡改"}]), ("unlink", [ids])):
        with pytest.raises(RpcError):
            client.execute_kw("customer.archive.tier.history", method, args)
    [row] = client.execute_kw("customer.archive.tier.history", "read", [ids, ["reason"]])
    assert row["reason"] is False


def test_salesperson_cannot_recompute_but_manager_can(rpc, manager):
    profile_ids = manager.execute_kw("customer.archive.tier.profile", "search", [[]])
    with pytest.raises(RpcError) as error:
        rpc("ca_user").execute_kw("customer.archive.tier.profile", "action_recompute_full", [profile_ids])
    assert "AccessError" in error.value.name
    result = manager.execute_kw("customer.archive.tier.profile", "action_recompute_full", [profile_ids])
    assert result["params"]["type"] == "success"
