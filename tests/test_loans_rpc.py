"""Loans and outside disclosures over JSON-RPC, as the real demo users (password = login).

ca_user cannot approve a loan; an electronic loan lets ca_user read an archive they could not
read, through a read share ending on the due date, and nothing once returned; the borrower
cannot share or lend it on; a disclosure is refused while a contact has no third-party consent
and is approved by the general manager (the demo's archive managers). Loans and disclosures
stay in their registers; the test's archives are archived (active = False) at the end."""

import datetime

import pytest

from conftest import RpcError


@pytest.fixture(scope="module")
def setup(admin_rpc, clients):
    uid = {login: client.uid for login, client in clients.items()}
    stamp = f"{datetime.datetime.now():%H%M%S%f}"

    def archive(name, **vals):
        return admin_rpc.execute_kw(
            "res.partner",
            "create",
            [{"name": f"{name} {stamp}", "is_company": True, "is_customer_archive": True, **vals}],
        )

    data = {
        "own": archive("RPC 借阅自有客户", user_id=uid["ca_user"], keeper_id=uid["ca_user"]),
        "foreign": archive(
            "RPC 借阅别人客户", user_id=uid["ca_officer"], keeper_id=uid["ca_officer"]
        ),
        "uid": uid,
        "stamp": stamp,
    }
    data["contact"] = admin_rpc.execute_kw(
        "res.partner",
        "create",
        [{"name": f"RPC 联系人 {stamp}", "parent_id": data["own"], "mobile": "13800005678"}],
    )
    yield data
    admin_rpc.execute_kw(
        "res.partner", "write", [[data["own"], data["foreign"]], {"active": False}]
    )


def _due(days=7):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def _loan(client, partner, borrower, kind="paper"):
    return client.execute_kw(
        "customer.archive.loan",
        "create",
        [
            {
                "partner_id": partner,
                "borrower_id": borrower,
                "kind": kind,
                "purpose": "RPC 调阅",
                "date_due": _due(),
            }
        ],
    )


def _state(client, model, rid):
    return client.execute_kw(model, "read", [[rid], ["state"]])[0]["state"]


def _can_read(client, partner):
    return bool(client.execute_kw("res.partner", "search", [[("id", "=", partner)]]))


def test_archive_user_cannot_approve_a_loan(clients, setup):
    user, officer = clients["ca_user"], clients["ca_officer"]
    loan = _loan(user, setup["own"], setup["uid"]["ca_user"])
    with pytest.raises(RpcError) as err:
        user.execute_kw("customer.archive.loan", "action_approve", [[loan]])
    assert "AccessError" in err.value.name
    with pytest.raises(RpcError):
        user.execute_kw("customer.archive.loan", "write", [[loan], {"state": "lent"}])
    assert _state(user, "customer.archive.loan", loan) == "requested"
    officer.execute_kw("customer.archive.loan", "action_approve", [[loan]])
    assert _state(user, "customer.archive.loan", loan) == "approved"
    officer.execute_kw("customer.archive.loan", "action_lend", [[loan]])
    officer.execute_kw("customer.archive.loan", "action_return", [[loan]])
    assert _state(user, "customer.archive.loan", loan) == "returned"


def test_electronic_loan_reads_until_returned_and_is_personal(clients, setup):
    user, officer, manager = clients["ca_user"], clients["ca_officer"], clients["ca_manager"]
    foreign = setup["foreign"]
    assert not _can_read(user, foreign)
    loan = _loan(officer, foreign, setup["uid"]["ca_user"], kind="electronic")
    manager.execute_kw("customer.archive.loan", "action_approve", [[loan]])
    [values] = officer.execute_kw(
        "customer.archive.loan", "read", [[loan], ["state", "share_id", "date_due"]]
    )
    assert values["state"] == "lent"
    [share] = officer.execute_kw(
        "customer.archive.share", "read", [[values["share_id"][0]], ["date_expiry", "mode"]]
    )
    assert (share["date_expiry"], share["mode"]) == (values["date_due"], "read")
    assert _can_read(user, foreign)
    name = user.execute_kw("res.partner", "read", [[foreign], ["name"]])[0]["name"]
    assert name.startswith("RPC 借阅别人客户")
    # Personal: neither shared nor lent on.
    with pytest.raises(RpcError) as err:
        user.execute_kw(
            "customer.archive.share",
            "create",
            [{"partner_id": foreign, "user_id": setup["uid"]["ca_officer"]}],
        )
    assert "AccessError" in err.value.name
    with pytest.raises(RpcError):
        _loan(user, foreign, setup["uid"]["ca_user"])
    with pytest.raises(RpcError):
        user.execute_kw(
            "customer.archive.share", "write", [[values["share_id"][0]], {"date_expiry": _due(90)}]
        )
    user.execute_kw("customer.archive.loan", "action_return", [[loan]])
    assert not _can_read(user, foreign)
    with pytest.raises(RpcError):
        user.execute_kw("res.partner", "read", [[foreign], ["name"]])


def test_disclosure_refused_without_consent(clients, admin_rpc, setup):
    user, officer, manager = clients["ca_user"], clients["ca_officer"], clients["ca_manager"]
    [category] = admin_rpc.execute_kw(
        "customer.archive.data.category", "search", [[("code", "=", "communication")]]
    )
    disclosure = user.execute_kw(
        "customer.archive.disclosure",
        "create",
        [
            {
                "recipient_org": "RPC 律师事务所",
                "recipient_contact": "钱律师",
                "purpose": "诉讼取证",
                "partner_ids": [(6, 0, [setup["own"]])],
                "category_ids": [(6, 0, [category])],
                "nda_reference": "NDA-RPC-1",
                "confidentiality_end": _due(800),
            }
        ],
    )
    with pytest.raises(RpcError) as err:
        user.execute_kw("customer.archive.disclosure", "action_submit", [[disclosure]])
    assert f"RPC 联系人 {setup['stamp']}" in err.value.message
    assert _state(user, "customer.archive.disclosure", disclosure) == "draft"
    officer.execute_kw(
        "customer.archive.consent",
        "create",
        [{"partner_id": setup["contact"], "purpose": "向律师提供", "scope": "third_party"}],
    )
    user.execute_kw("customer.archive.disclosure", "action_submit", [[disclosure]])
    for client in (officer, user):
        with pytest.raises(RpcError):
            client.execute_kw("customer.archive.disclosure", "action_approve", [[disclosure]])
    assert _state(user, "customer.archive.disclosure", disclosure) == "to_approve"
    manager.execute_kw("customer.archive.disclosure", "action_approve", [[disclosure]])
    assert _state(user, "customer.archive.disclosure", disclosure) == "approved"
    logs = manager.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [[("event", "=", "disclose"), ("partner_id", "=", setup["own"])], ["detail"]],
    )
    assert len(logs) == 1 and "RPC 律师事务所" in logs[0]["detail"]
