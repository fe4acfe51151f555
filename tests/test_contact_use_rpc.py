"""One-tap calls and reveal requests over JSON-RPC, as the demo users.

The Odoo administrator creates an archive of 张伟 (ca_user, salesperson) kept by 李娜
(ca_officer, keeper) with one contact. The salesperson and the keeper get a tel:/sms: URL with
the clear number (and the use is logged); 王芳 (ca_manager) and 刘洋 (ca_admin), who may read
the archive, get AccessError. 张伟 asks to see the contact's mobile, 李娜 approves, 张伟
reveals it once.
"""

import pytest

from conftest import RpcError

MOBILE = "139 1356 2087"


@pytest.fixture(scope="module")
def contact(admin):
    users = {
        login: admin.execute_kw("res.users", "search", [[("login", "=", login)]])[0]
        for login in ("ca_user", "ca_officer")
    }
    archive = admin.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": "杭州一键拨号测试有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": users["ca_user"],
                "keeper_id": users["ca_officer"],
            }
        ],
    )
    return admin.execute_kw(
        "res.partner",
        "create",
        [{"name": "吴丽华（拨号测试）", "parent_id": archive, "mobile": MOBILE}],
    )


def _uses(admin, contact_id):
    return admin.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [[("event", "=", "contact_use"), ("partner_id", "=", contact_id)]],
        {"fields": ["user_id", "field_name"]},
    )


def test_salesperson_calls_with_the_clear_number(rpc, admin, contact):
    user = rpc("ca_user")
    [values] = user.execute_kw("res.partner", "read", [[contact], ["mobile"]])
    assert values["mobile"] == "139****2087"
    action = user.execute_kw("res.partner", "action_archive_call", [[contact]])
    assert action["type"] == "ir.actions.client"
    assert action["params"]["url"] == "tel:13913562087"
    uses = _uses(admin, contact)
    assert [(u["user_id"][0], u["field_name"]) for u in uses] == [(user.uid, "mobile")]


def test_keeper_texts(rpc, contact):
    action = rpc("ca_officer").execute_kw("res.partner", "action_archive_sms", [[contact]])
    assert action["params"]["url"] == "sms:13913562087"


@pytest.mark.parametrize("login", ["ca_manager", "ca_admin"])
def test_others_refused(rpc, admin, contact, login):
    before = len(_uses(admin, contact))
    with pytest.raises(RpcError) as refused:
        rpc(login).execute_kw("res.partner", "action_archive_call", [[contact]])
    assert refused.value.name == "odoo.exceptions.AccessError"
    assert "13913562087" not in str(refused.value)
    assert len(_uses(admin, contact)) == before


def test_reveal_request_approved_then_revealed_once(rpc, admin, contact):
    user, officer = rpc("ca_user"), rpc("ca_officer")
    [field] = admin.execute_kw(
        "customer.archive.sensitive.field",
        "search",
        [[("model_name", "=", "res.partner"), ("field_name", "=", "mobile")]],
    )
    request = user.execute_kw(
        "customer.archive.reveal.request",
        "create",
        [{"partner_id": contact, "sensitive_field_id": field, "reason": "客户换号，需核对"}],
    )
    user.execute_kw("customer.archive.reveal.request", "action_submit", [[request]])
    with pytest.raises(RpcError):
        user.execute_kw("customer.archive.reveal.request", "action_approve", [[request]])
    officer.execute_kw("customer.archive.reveal.request", "action_approve", [[request]])

    def reveal():
        wizard = user.execute_kw(
            "customer.archive.reveal",
            "create",
            [
                {
                    "res_model": "res.partner",
                    "res_id": contact,
                    "sensitive_field_id": field,
                    "reason": "客户换号，需核对",
                }
            ],
        )
        user.execute_kw("customer.archive.reveal", "action_reveal", [[wizard]])
        return user.execute_kw("customer.archive.reveal", "read", [[wizard], ["value"]])[0]

    assert reveal()["value"] == MOBILE
    [state] = user.execute_kw("customer.archive.reveal.request", "read", [[request], ["state"]])
    assert state["state"] == "done"
    with pytest.raises(RpcError) as again:
        reveal()
    assert again.value.name == "odoo.exceptions.AccessError"
