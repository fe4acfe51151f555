"""The confidentiality policy as one table, one JSON-RPC case per cell, as the real demo users.

Rows: the relation of an archive to the salesperson ca_user (own, team, shared read-only, shared
read-write, public pool, someone else's, secret). Columns: the operations a client can try on it
(read the archive, read its contact's mobile, write it, file a visit on it, copy its data, find
it by its contact's mobile). Each role gets one of: A (allowed), M (allowed, the sensitive value
masked), R (refused: AccessError, or the record is not found), per cell.
"""

import datetime

import pytest

from conftest import ROLES, RpcError

RELATIONS = ["own", "team", "shared_read", "shared_write", "pool", "other", "secret"]
OPERATIONS = ["read", "mobile", "write", "visit", "copy_data", "search_mobile"]

# role -> relation -> the outcome of each operation, in the order of OPERATIONS
POLICY = {
    "ca_user": {
        "own": "AMAAMR",
        "team": "AMRAMR",
        "shared_read": "AMRAMR",
        "shared_write": "AMAAMR",
        "pool": "AMAAMR",
        "other": "RRRRRR",
        "secret": "RRRRRR",
    },
    "ca_officer": {rel: "AMAAMR" for rel in RELATIONS if rel != "secret"} | {"secret": "RRRRRR"},
    "ca_manager": {rel: "AAAAAA" for rel in RELATIONS},
    "ca_admin": {rel: "AAAAAA" for rel in RELATIONS},
}


def _cases():
    for role in ROLES:
        for relation in RELATIONS:
            for i, operation in enumerate(OPERATIONS):
                yield role, relation, operation, POLICY[role][relation][i]


@pytest.fixture(scope="module")
def world(admin_rpc, clients):
    """One archive per relation, each with a contact whose mobile is unique."""
    uid = {login: client.uid for login, client in clients.items()}
    stamp = datetime.datetime.now().strftime("%H%M%S%f")
    ex = admin_rpc.execute_kw
    teammate = ex(
        "res.users",
        "create",
        [{"name": f"矩阵同事 {stamp}", "login": f"matrix_mate_{stamp}"}],
    )
    team = ex(
        "crm.team",
        "create",
        [{"name": f"矩阵销售组 {stamp}", "member_ids": [(6, 0, [uid["ca_user"], teammate])]}],
    )
    [me] = ex("res.users", "read", [[admin_rpc.uid], ["company_id"]])
    company_id = me["company_id"][0]
    [company] = ex("res.company", "read", [[company_id], ["archive_team_visibility"]])
    ex("res.company", "write", [[company_id], {"archive_team_visibility": True}])
    salesperson = {
        "own": uid["ca_user"],
        "team": teammate,
        "shared_read": uid["ca_officer"],
        "shared_write": uid["ca_officer"],
        "pool": False,
        "other": uid["ca_officer"],
        "secret": uid["ca_user"],
    }
    archives, mobiles = {}, {}
    for n, relation in enumerate(RELATIONS):
        mobiles[relation] = f"1390{n:03d}{stamp[-4:]}"
        vals = {
            "name": f"矩阵客户 {relation} {stamp}",
            "is_company": True,
            "is_customer_archive": True,
            "user_id": salesperson[relation],
            "keeper_id": uid["ca_manager"] if relation == "secret" else salesperson[relation],
            "child_ids": [(0, 0, {"name": f"联系人 {relation}", "mobile": mobiles[relation]})],
        }
        if relation == "secret":
            vals["confidentiality_level"] = "secret"
        archives[relation] = ex("res.partner", "create", [vals])
    ex("res.partner", "write", [[archives["pool"]], {"in_public_pool": True}])
    for relation, mode in (("shared_read", "read"), ("shared_write", "write")):
        ex(
            "customer.archive.share",
            "create",
            [{"partner_id": archives[relation], "user_id": uid["ca_user"], "mode": mode}],
        )
    contacts = {
        relation: ex("res.partner", "search", [[("parent_id", "=", pid)]])[0]
        for relation, pid in archives.items()
    }
    yield {"archives": archives, "contacts": contacts, "mobiles": mobiles, "uid": uid}
    ex(
        "res.company",
        "write",
        [[company_id], {"archive_team_visibility": company["archive_team_visibility"]}],
    )
    visits = ex(
        "customer.archive.visit", "search", [[("partner_id", "in", list(archives.values()))]]
    )
    ex("customer.archive.visit", "unlink", [visits])
    ex("res.partner", "write", [list(archives.values()), {"active": False}])
    ex("crm.team", "unlink", [[team]])
    ex("res.users", "write", [[teammate], {"active": False}])


def _try(call):
    """'ok', result — or 'refused', error for an access error."""
    try:
        return "ok", call()
    except RpcError as error:
        if "AccessError" in error.name or "MissingError" in error.name:
            return "refused", error
        raise


@pytest.mark.parametrize("role, relation, operation, expected", list(_cases()))
def test_policy_cell(clients, world, role, relation, operation, expected):
    client = clients[role]
    archive = world["archives"][relation]
    contact = world["contacts"][relation]
    mobile = world["mobiles"][relation]
    ex = client.execute_kw
    if operation == "read":
        outcome, result = _try(lambda: ex("res.partner", "read", [[archive], ["name", "user_id"]]))
        assert outcome == ("refused" if expected == "R" else "ok"), result
    elif operation == "mobile":
        outcome, result = _try(lambda: ex("res.partner", "read", [[contact], ["mobile"]]))
        if expected == "R":
            assert outcome == "refused", result
        else:
            assert outcome == "ok", result
            value = result[0]["mobile"]
            assert (value == mobile) == (expected == "A"), value
            assert ("***" in value) == (expected == "M"), value
    elif operation == "write":
        outcome, result = _try(
            lambda: ex("res.partner", "write", [[archive], {"comment": f"矩阵 {role}"}])
        )
        assert outcome == ("refused" if expected == "R" else "ok"), result
    elif operation == "visit":
        outcome, result = _try(
            lambda: ex(
                "customer.archive.visit",
                "create",
                [{"partner_id": archive, "user_id": client.uid}],
            )
        )
        assert outcome == ("refused" if expected == "R" else "ok"), result
        if outcome == "refused":
            # nothing about the archive comes back through the refusal
            assert f"矩阵客户 {relation}" not in str(result)
    elif operation == "copy_data":
        outcome, result = _try(lambda: ex("res.partner", "copy_data", [[contact]]))
        if expected == "R":
            assert outcome == "refused", result
        else:
            assert outcome == "ok", result
            copied = result[0].get("mobile")
            assert (copied == mobile) == (expected == "A"), copied
    elif operation == "search_mobile":
        found = ex("res.partner", "search", [[("mobile", "=", mobile)]])
        assert (contact in found) == (expected == "A"), found
    else:  # pragma: no cover
        raise AssertionError(operation)
