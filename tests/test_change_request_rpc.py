"""Change requests (变更审批) and the field history over JSON-RPC, as the demo users: the
controlled fields are guarded in the server, whatever the client sends."""

import random

import pytest
from stdnum.cn import ric, uscc

from conftest import RpcError


def _uscc():
    body = "91350100%09d" % random.randint(1, 10**9 - 1)
    return body + uscc.calc_check_digit(body)


def _ric(seq):
    body = "350104198%d0101%03d" % (seq % 10, random.randint(100, 999))
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture(scope="module")
def setup(admin_rpc, rpc):
    user = rpc("ca_user")
    code = _uscc()
    tag = random.randint(1000, 9999)
    archive = admin_rpc.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": f"福州变更RPC测试{tag}有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": user.uid,
                "vat": code,
            }
        ],
    )
    old_ric = _ric(1)
    contact = admin_rpc.execute_kw(
        "res.partner", "create", [{"name": "林RPC", "parent_id": archive, "resident_id": old_ric}]
    )
    yield {"archive": archive, "contact": contact, "code": code, "old_ric": old_ric, "user": user}
    admin_rpc.execute_kw("res.partner", "write", [[archive], {"active": False, "vat": False}])


def _requests(client, archive, field):
    return client.execute_kw(
        "customer.archive.change.request",
        "search_read",
        [[("partner_id", "=", archive), ("field_name", "=", field), ("state", "=", "to_approve")]],
        {"fields": ["state", "old_value_display", "new_value_display", "requester_id"]},
    )


def test_user_writes_uscc_request_then_officer_approves(setup, rpc):
    user, officer = setup["user"], rpc("ca_officer")
    archive, new_code = setup["archive"], _uscc()
    user.execute_kw("res.partner", "write", [[archive], {"vat": new_code, "city": "福州"}])
    [rec] = user.execute_kw("res.partner", "read", [[archive], ["vat", "city"]])
    assert (rec["vat"], rec["city"]) == (setup["code"], "福州"), "USCC unchanged, city applied"
    [request] = _requests(user, archive, "vat")
    assert (request["old_value_display"], request["new_value_display"]) == (setup["code"], new_code)
    assert request["requester_id"][0] == user.uid
    # the requester cannot approve it, nor force its state, nor read the raw value
    for method, args in (
        ("action_approve", [[request["id"]]]),
        ("write", [[request["id"]], {"state": "approved"}]),
        ("read", [[request["id"]], ["new_value"]]),
    ):
        with pytest.raises(RpcError) as error:
            user.execute_kw("customer.archive.change.request", method, args)
        assert "AccessError" in error.value.name
    officer.execute_kw("customer.archive.change.request", "action_approve", [[request["id"]]])
    [rec] = user.execute_kw("res.partner", "read", [[archive], ["vat"]])
    assert rec["vat"] == new_code
    setup["code"] = new_code


def test_officer_rejects_with_reason(setup, rpc):
    user, officer = setup["user"], rpc("ca_officer")
    archive = setup["archive"]
    user.execute_kw("res.partner", "write", [[archive], {"legal_representative": "林新法人"}])
    [request] = _requests(officer, archive, "legal_representative")
    with pytest.raises(RpcError) as error:
        officer.execute_kw("customer.archive.change.request", "action_reject", [[request["id"]]])
    assert "UserError" in error.value.name
    officer.execute_kw(
        "customer.archive.change.request",
        "action_reject",
        [[request["id"]]],
        {"reason": "无营业执照变更证明"},
    )
    [rec] = user.execute_kw("res.partner", "read", [[archive], ["legal_representative"]])
    assert rec["legal_representative"] is False


def test_history_masks_the_resident_id_for_the_user(setup, rpc):
    user, manager = setup["user"], rpc("ca_manager")
    new_ric = _ric(2)
    user.execute_kw(
        "res.partner", "write", [[setup["contact"]], {"resident_id": new_ric, "qq": "12345"}]
    )
    domain = [("archive_id", "=", setup["archive"]), ("field_name", "in", ["resident_id", "qq"])]
    fields = ["field_name", "old_value_display", "new_value_display", "partner_id"]
    rows = {
        r["field_name"]: r
        for r in user.execute_kw(
            "customer.archive.field.history", "search_read", [domain], {"fields": fields}
        )
    }
    assert rows["qq"]["new_value_display"] == "12345"
    assert rows["resident_id"]["partner_id"][0] == setup["contact"]
    assert rows["resident_id"]["new_value_display"] == new_ric[:4] + "*" * 10 + new_ric[-4:]
    assert setup["old_ric"] not in str(rows) and new_ric not in str(rows)
    rows = {
        r["field_name"]: r
        for r in manager.execute_kw(
            "customer.archive.field.history", "search_read", [domain], {"fields": fields}
        )
    }
    assert rows["resident_id"]["new_value_display"] == new_ric
    # the tracking values themselves are not readable by the user
    with pytest.raises(RpcError):
        user.execute_kw(
            "mail.tracking.value", "search_read", [[]], {"fields": ["new_value_char"], "limit": 1}
        )


def test_chatter_masks_the_resident_id_for_the_user(setup, web_session):
    session = web_session("ca_user")
    new_ric = _ric(3)
    session.call("res.partner", "write", [[setup["contact"]], {"resident_id": new_ric}])
    result = session.post(
        "/mail/thread/messages",
        {"thread_model": "res.partner", "thread_id": setup["contact"], "limit": 30},
    )
    trackings = [t for m in result["data"]["mail.message"] for t in m.get("trackingValues", [])]
    assert any(t["fieldName"] == "resident_id" for t in trackings)
    assert new_ric not in str(result)
