"""Annual seal (年度封存) over JSON-RPC as the demo users: managers seal and verify; archive
users and officers read no sealed card; nobody changes or deletes a seal or its cards."""

import datetime

import pytest

from conftest import RpcError

SEAL_YEAR = 2999  # the seal of these tests (one per company and year; reused by later runs)
NOTE = "test_seal_rpc"


@pytest.fixture(scope="module")
def manager(rpc):
    return rpc("ca_manager")


@pytest.fixture(scope="module")
def seal_id(manager, admin):
    """A done seal of the manager's company for SEAL_YEAR, run by the scheduled action."""
    found = manager.execute_kw(
        "customer.archive.seal", "search", [[("year", "=", SEAL_YEAR), ("note", "=", NOTE)]]
    )
    if found:
        seal = found[0]
    else:
        seal = manager.execute_kw(
            "customer.archive.seal",
            "create",
            [
                {
                    "year": SEAL_YEAR,
                    "date": datetime.date.today().isoformat(),
                    "note": NOTE,
                    "pdf_sample_size": 1,
                }
            ],
        )
        manager.execute_kw("customer.archive.seal", "action_seal", [[seal]])
    [state] = manager.execute_kw("customer.archive.seal", "read", [[seal], ["state"]])
    if state["state"] != "done":
        cron = admin.execute_kw(
            "ir.model.data", "check_object_reference", ["customer_archive", "ir_cron_archive_seal"]
        )[1]
        admin.execute_kw("ir.cron", "method_direct_trigger", [[cron]])
    return seal


def _one_line(client, seal_id):
    [line] = client.execute_kw(
        "customer.archive.seal.line", "search", [[("seal_id", "=", seal_id)]], {"limit": 1}
    )
    return line


def test_manager_seals_every_archive(manager, seal_id):
    [seal] = manager.execute_kw(
        "customer.archive.seal",
        "read",
        [[seal_id], ["state", "archive_count", "archive_total", "root_hash", "pdf_count"]],
    )
    assert seal["state"] == "done"
    assert seal["archive_count"] == seal["archive_total"] > 0
    assert len(seal["root_hash"]) == 64
    assert seal["pdf_count"] == 1
    count = manager.execute_kw(
        "customer.archive.seal.line", "search_count", [[("seal_id", "=", seal_id)]]
    )
    assert count == seal["archive_count"]
    [line] = manager.execute_kw(
        "customer.archive.seal.line",
        "search_read",
        [[("seal_id", "=", seal_id)], ["data", "hash", "archive_number"]],
        {"limit": 1},
    )
    assert line["data"]["archive_number"] == line["archive_number"]
    assert len(line["hash"]) == 64


def test_manager_verifies(manager, seal_id):
    result = manager.execute_kw("customer.archive.seal", "action_verify", [[seal_id]])
    assert result["params"]["type"] == "success", result["params"]["message"]


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_users_and_officers_read_no_sealed_card(rpc, manager, seal_id, login):
    client = rpc(login)
    line = _one_line(manager, seal_id)
    with pytest.raises(RpcError, match="AccessError|not allowed|access"):
        client.execute_kw("customer.archive.seal.line", "read", [[line], ["data"]])
    with pytest.raises(RpcError, match="AccessError|not allowed|access"):
        client.execute_kw("customer.archive.seal.line", "search_read", [[], ["data"]])
    with pytest.raises(RpcError, match="AccessError|not allowed|access"):
        client.execute_kw("customer.archive.seal", "read", [[seal_id], ["name"]])
    with pytest.raises(RpcError, match="AccessError|not allowed|access"):
        client.execute_kw("customer.archive.seal", "action_verify", [[seal_id]])


@pytest.mark.parametrize("login", ["ca_user", "ca_officer", "ca_manager", "ca_admin", "admin"])
def test_nobody_changes_or_deletes_a_seal(rpc, manager, seal_id, login):
    client = rpc(login, "admin" if login == "admin" else None)
    line = _one_line(manager, seal_id)
    [before] = manager.execute_kw("customer.archive.seal.line", "read", [[line], ["data", "hash"]])
    with pytest.raises(RpcError):
        client.execute_kw("customer.archive.seal.line", "write", [[line], {"hash": "0" * 64}])
    with pytest.raises(RpcError):
        client.execute_kw("customer.archive.seal.line", "unlink", [[line]])
    with pytest.raises(RpcError):
        client.execute_kw(
            "customer.archive.seal.line", "create", [{"seal_id": seal_id, "hash": "x"}]
        )
    with pytest.raises(RpcError):
        client.execute_kw("customer.archive.seal", "write", [[seal_id], {"year": 1999}])
    with pytest.raises(RpcError):
        client.execute_kw("customer.archive.seal", "unlink", [[seal_id]])
    [after] = manager.execute_kw("customer.archive.seal.line", "read", [[line], ["data", "hash"]])
    assert after == before
    [seal] = manager.execute_kw("customer.archive.seal", "read", [[seal_id], ["year", "state"]])
    assert seal == {"id": seal_id, "year": SEAL_YEAR, "state": "done"}
