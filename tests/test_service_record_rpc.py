"""Service records over JSON-RPC as the demo users. The health and contraindication notes are
sensitive personal information: the salesperson ca_user reads them masked on every path (read,
search_read, search, read_group, export, the chatter's tracking), with or without the customer's
separate consent; the manager ca_manager reads them only on a customer with the consent. Bad
input (negative amount, more uses than the package holds) is refused in Chinese and changes
nothing. The tests deactivate the customers they create (records are deleted)."""

import pytest

from conftest import RpcError

NOTES = "心脏起搏器，禁用射频美容"
OTHER_NOTES = "孕期，禁用精油"


@pytest.fixture(scope="module")
def setup(admin):
    users = {
        login: admin.execute_kw("res.users", "search", [[("login", "=", login)]])[0]
        for login in ("ca_user", "ca_manager")
    }
    product = admin.execute_kw(
        "product.product", "create", [{"name": "RPC 面部护理", "type": "service"}]
    )
    consented, plain = (
        admin.execute_kw(
            "res.partner",
            "create",
            [{"name": name, "is_customer_archive": True, "user_id": users["ca_user"]}],
        )
        for name in ("RPC 服务客户（已同意）", "RPC 服务客户（未同意）")
    )
    admin.execute_kw(
        "customer.archive.consent",
        "create",
        [{"partner_id": consented, "purpose": "护理健康禁忌记录", "scope": "sensitive"}],
    )
    package = admin.execute_kw(
        "customer.archive.service.package",
        "create",
        [{"name": "RPC 护理 3 次卡", "partner_id": consented, "total_uses": 3, "amount": 900}],
    )
    records = [
        admin.execute_kw(
            "customer.archive.service.record",
            "create",
            [
                {
                    "partner_id": partner,
                    "product_id": product,
                    "amount": 0,
                    "health_notes": notes,
                    **extra,
                }
            ],
        )
        for partner, notes, extra in (
            (consented, NOTES, {"package_id": package, "uses": 1}),
            (plain, OTHER_NOTES, {}),
        )
    ]
    yield {
        "consented": consented,
        "plain": plain,
        "product": product,
        "package": package,
        "records": records,
    }
    admin.execute_kw(
        "customer.archive.service.record",
        "unlink",
        [
            admin.execute_kw(
                "customer.archive.service.record",
                "search",
                [[("partner_id", "in", [consented, plain])]],
            )
        ],
    )
    admin.execute_kw("customer.archive.service.package", "unlink", [[package]])
    admin.execute_kw("res.partner", "write", [[consented, plain], {"active": False}])


def _no_secret(payload):
    text = repr(payload)
    assert NOTES not in text and "起搏器" not in text and "精油" not in text, text


def test_salesperson_reads_the_notes_masked(ca_user, setup):
    records = setup["records"]
    rows = ca_user.execute_kw(
        "customer.archive.service.record", "read", [records, ["health_notes", "amount"]]
    )
    assert [r["health_notes"] for r in rows] == ["***", "***"]
    domain = [("id", "in", records)]
    rows = ca_user.execute_kw(
        "customer.archive.service.record", "search_read", [domain], {"fields": ["health_notes"]}
    )
    assert len(rows) == 2
    _no_secret(rows)
    assert not ca_user.execute_kw(
        "customer.archive.service.record", "search", [[("health_notes", "ilike", "起搏器")]]
    )
    groups = ca_user.execute_kw(
        "customer.archive.service.record",
        "read_group",
        [domain, ["amount:sum"], ["health_notes"]],
        {"lazy": False},
    )
    _no_secret(groups)
    with pytest.raises(RpcError):  # archive users do not export
        ca_user.execute_kw(
            "customer.archive.service.record", "export_data", [records, ["health_notes"]]
        )


def test_manager_needs_the_consent(rpc, setup):
    manager = rpc("ca_manager")
    consented, plain = setup["records"]
    rows = manager.execute_kw(
        "customer.archive.service.record", "read", [[consented, plain], ["health_notes"]]
    )
    assert [r["health_notes"] for r in rows] == [NOTES, "***"]
    exported = manager.execute_kw(
        "customer.archive.service.record", "export_data", [[consented, plain], ["health_notes"]]
    )
    assert exported["datas"] == [[NOTES], ["***"]]


def test_chatter_tracking_is_masked_for_the_salesperson(web_session, setup):
    session = web_session("ca_user")
    record = setup["records"][1]
    session.call(
        "customer.archive.service.record", "write", [[record], {"health_notes": "对精油过敏"}]
    )
    result = session.post(
        "/mail/thread/messages",
        {"thread_model": "customer.archive.service.record", "thread_id": record, "limit": 30},
    )
    trackings = [t for m in result["data"]["mail.message"] for t in m.get("trackingValues", [])]
    assert any(t["fieldName"] == "health_notes" for t in trackings)
    assert "对精油过敏" not in str(result)
    _no_secret(result)


def test_bad_input_is_refused_and_changes_nothing(web_session, setup):
    session = web_session("ca_user")  # zh_CN
    Record = "customer.archive.service.record"
    before = session.call(Record, "search_count", [[("partner_id", "=", setup["consented"])]])
    with pytest.raises(RpcError) as error:
        session.call(
            Record,
            "create",
            [{"partner_id": setup["consented"], "product_id": setup["product"], "amount": -10}],
        )
    assert "不能为负数" in str(error.value)
    with pytest.raises(RpcError) as error:
        session.call(
            Record,
            "create",
            [
                {
                    "partner_id": setup["consented"],
                    "product_id": setup["product"],
                    "package_id": setup["package"],
                    "uses": 3,
                }
            ],
        )
    assert "RPC 护理 3 次卡" in str(error.value)
    assert (
        session.call(Record, "search_count", [[("partner_id", "=", setup["consented"])]]) == before
    )
    [package] = session.call(
        "customer.archive.service.package",
        "read",
        [[setup["package"]], ["used_uses", "remaining_uses"]],
    )
    assert (package["used_uses"], package["remaining_uses"]) == (1, 2)
