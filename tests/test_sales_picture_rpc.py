"""The sales picture, the salesperson evaluation and the inactive-users report over the web
client's RPC, as the demo users of each role (demo data: 杭州西湖茶业, ca_user's A customer)."""

import pytest

from conftest import RpcError

TEA = "杭州西湖茶业"


@pytest.fixture(scope="module")
def tea(admin_rpc):
    ids = admin_rpc.execute_kw(
        "res.partner", "search", [[("name", "like", TEA), ("is_customer_archive", "=", True)]]
    )
    assert ids, "demo archive missing"
    orders = admin_rpc.execute_kw(
        "sale.order",
        "search_read",
        [[("partner_id", "child_of", ids[:1]), ("state", "=", "sale")]],
        {"fields": ["name"], "order": "date_order desc, id desc", "limit": 5},
    )
    return ids[0], [o["name"] for o in orders]


@pytest.mark.parametrize(
    "login, amounts", [("ca_user", False), ("ca_officer", False), ("ca_manager", True)]
)
def test_sales_picture_per_role(web_session, tea, login, amounts):
    """Each role that sees the archive reads its last orders; only the cleared roles see the
    amounts in ¥, the others read ***."""
    archive_id, orders = tea
    session = web_session(login)
    html = session.call(
        "res.partner", "web_read", [[archive_id]], specification={"sales_picture": {}}
    )[0]["sales_picture"]
    assert orders and all(name in html for name in orders)
    assert ("¥" in html) is amounts
    assert ("***" in html) is not amounts


def test_evaluation_and_inactive_users_per_role(web_session):
    """The salesperson reads their own evaluation rows only; only managers list inactive users."""
    user = web_session("ca_user")
    rows = user.call(
        "customer.archive.salesperson.evaluation", "search_read", [], fields=["user_id", "revenue"]
    )
    assert rows and {r["user_id"][1] for r in rows} == {rows[0]["user_id"][1]}
    domain = [("archive_login_inactive", "=", True)]
    with pytest.raises(RpcError):
        user.call("res.users", "search_read", [domain], fields=["login"])
    manager = web_session("ca_manager")
    listed = manager.call(
        "res.users", "search_read", [domain], fields=["login", "archive_days_since_login"]
    )
    assert isinstance(listed, list)
