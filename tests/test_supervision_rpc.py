"""Supervision records (保密监督) over JSON-RPC as the demo users: archive users report incidents
and read only their own; officers read and follow up every incident; risk assessments and
inspections are read by officers and written by managers only."""

import datetime
import uuid

import pytest

from conftest import RpcError


@pytest.fixture(scope="module")
def incidents(rpc):
    """An incident reported by ca_user and one by ca_officer; deleted by the manager after."""
    user, officer, manager = rpc("ca_user"), rpc("ca_officer"), rpc("ca_manager")
    tag = uuid.uuid4().hex[:8]
    mine = user.execute_kw(
        "customer.archive.incident", "create", [{"kind": "leak", "description": f"rpc {tag} user"}]
    )
    other = officer.execute_kw(
        "customer.archive.incident",
        "create",
        [{"kind": "violation", "description": f"rpc {tag} officer"}],
    )
    yield {"user": mine, "officer": other}
    manager.execute_kw("customer.archive.incident", "unlink", [[mine, other]])


def test_user_reads_only_own_incidents(rpc, incidents):
    user = rpc("ca_user")
    found = user.execute_kw("customer.archive.incident", "search", [[]])
    assert incidents["user"] in found
    assert incidents["officer"] not in found
    with pytest.raises(RpcError, match="AccessError"):
        user.execute_kw(
            "customer.archive.incident", "read", [[incidents["officer"]], ["description"]]
        )
    with pytest.raises(RpcError, match="AccessError"):
        user.execute_kw(
            "customer.archive.incident", "write", [[incidents["user"]], {"description": "x"}]
        )
    with pytest.raises(RpcError, match="AccessError"):
        user.execute_kw("customer.archive.incident", "action_investigate", [[incidents["user"]]])
    [record] = user.execute_kw(
        "customer.archive.incident", "read", [[incidents["user"]], ["reported_by_id", "state"]]
    )
    assert record["reported_by_id"][0] == user.uid
    assert record["state"] == "reported"


def test_officer_follows_up_every_incident(rpc, incidents):
    officer = rpc("ca_officer")
    found = officer.execute_kw("customer.archive.incident", "search", [[]])
    assert {incidents["user"], incidents["officer"]} <= set(found)
    officer.execute_kw("customer.archive.incident", "action_investigate", [[incidents["user"]]])
    [record] = officer.execute_kw(
        "customer.archive.incident", "read", [[incidents["user"]], ["state"]]
    )
    assert record["state"] == "investigating"
    with pytest.raises(RpcError, match="AccessError"):
        officer.execute_kw("customer.archive.incident", "action_close", [[incidents["user"]]])


def test_assessments_and_inspections_per_role(rpc):
    user, officer = rpc("ca_user"), rpc("ca_officer")
    for model in ("customer.archive.risk.assessment", "customer.archive.inspection"):
        with pytest.raises(RpcError, match="AccessError"):
            user.execute_kw(model, "search_read", [[], ["name"]])
        officer.execute_kw(model, "search_read", [[], ["name"]])
    with pytest.raises(RpcError, match="AccessError"):
        officer.execute_kw(
            "customer.archive.inspection", "create", [{"date": datetime.date.today().isoformat()}]
        )
    with pytest.raises(RpcError, match="AccessError"):
        officer.execute_kw("customer.archive.risk.assessment", "create", [{"month": "2001-01-01"}])
