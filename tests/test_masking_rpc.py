"""Sensitive-field masking over JSON-RPC, as the real demo users of the test database.

An individual customer with every default sensitive field is created by the Odoo
administrator (salesperson ca_user, keeper ca_officer), with a bank account and a visit with a
check-in location. Archive users and officers are not cleared: every read path gives masks,
every search, grouping or aggregate on a sensitive field is refused. Managers see values.
"""

import pytest

from conftest import RpcError

RIC = "350104198605120077"  # fixed below with a valid check digit
FIELDS = ["resident_id", "mobile", "phone", "email", "street", "zip", "birthday", "annual_turnover"]
SECRETS = ["5716", "zhangxm", "五四路", "350001", "1986", "320000"]


def _valid_ric():
    body = RIC[:17]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check


@pytest.fixture(scope="module")
def person(admin):
    ric = _valid_ric()
    users = {
        login: admin.execute_kw("res.users", "search", [[("login", "=", login)]])[0]
        for login in ("ca_user", "ca_officer")
    }
    pid = admin.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": "张小明（掩码测试）",
                "is_customer_archive": True,
                "user_id": users["ca_user"],
                "keeper_id": users["ca_officer"],
                "resident_id": ric,
                "mobile": "139 5716 2231",
                "phone": "0591-87658866",
                "email": "zhangxm@example.com",
                "street": "五四路100号",
                "street2": "3单元",
                "city": "福州",
                "zip": "350001",
                "birthday": "1986-05-12",
                "annual_turnover": 320000,
            }
        ],
    )
    bank = admin.execute_kw(
        "res.partner.bank", "create", [{"partner_id": pid, "acc_number": "6222020200112233445"}]
    )
    visit = admin.execute_kw(
        "customer.archive.visit", "create", [{"partner_id": pid, "user_id": users["ca_user"]}]
    )
    admin.execute_kw(
        "customer.archive.visit",
        "write",
        [[visit], {"checkin_latitude": 26.0745, "checkin_longitude": 119.2965}],
    )
    return {"id": pid, "ric": ric, "bank": bank, "visit": visit}


def _no_secret(payload, *extra):
    text = repr(payload)
    for secret in SECRETS + list(extra):
        assert secret not in text, secret


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_uncleared_read_paths_are_masked(rpc, web_session, person, login):
    client = rpc(login)
    domain = [("id", "=", person["id"])]
    [row] = client.execute_kw("res.partner", "read", [[person["id"]], FIELDS])
    assert row["mobile"] == "139****2231"
    assert row["resident_id"] == person["ric"][:4] + "*" * 10 + person["ric"][-4:]
    assert row["birthday"] == "****-**-**" and row["annual_turnover"] == "***"
    assert row["email"] == "z***@example.com"
    _no_secret(row, person["ric"])
    _no_secret(client.execute_kw("res.partner", "search_read", [domain, FIELDS]), person["ric"])
    web = web_session(login)
    spec = {fname: {} for fname in FIELDS}
    _no_secret(web.call_kw("res.partner", "web_read", [[person["id"]], spec]), person["ric"])
    _no_secret(web.call_kw("res.partner", "web_search_read", [domain, spec]), person["ric"])
    [bank] = client.execute_kw("res.partner.bank", "read", [[person["bank"]], ["acc_number"]])
    assert bank["acc_number"] == "6222**********3445"
    [visit] = client.execute_kw(
        "customer.archive.visit", "read", [[person["visit"]], ["checkin_latitude"]]
    )
    assert visit["checkin_latitude"] == "***"


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
@pytest.mark.parametrize(
    "model, domain, key",
    [
        ("res.partner", [("mobile", "like", "5716")], "id"),
        ("res.partner", [("resident_id", "like", "3501")], "id"),
        ("res.partner", [("birthday", "<", "1990-01-01")], "id"),
        ("res.partner", [("email", "=ilike", "zhang%")], "id"),
        ("customer.archive.visit", [("partner_id.resident_id", "like", "3501")], "visit"),
        ("customer.archive.visit", [("checkin_latitude", ">", 1)], "visit"),
    ],
)
def test_uncleared_conditions_never_match(rpc, person, login, model, domain, key):
    """A condition on a masked value never matches the archive (a manager's does): searching
    cannot reveal a value, and nothing is refused."""
    client = rpc(login)
    assert person[key] not in client.execute_kw(model, "search", [domain])
    assert client.execute_kw(model, "search_count", [domain + [("id", "=", person[key])]]) == 0
    assert person[key] in rpc("ca_manager").execute_kw(model, "search", [domain])


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_uncleared_groups_and_totals_see_empty_values(rpc, person, login):
    client = rpc(login)
    domain = [("id", "=", person["id"])]
    for groupby in ("zip", "mobile", "birthday:year"):
        [group] = client.execute_kw("res.partner", "read_group", [domain, [], [groupby]])
        assert group[groupby] is False, (groupby, group)
    [total] = client.execute_kw("res.partner", "read_group", [domain, ["annual_turnover:sum"], []])
    assert not total["annual_turnover"]


def test_manager_sees_and_searches_values(rpc, person):
    manager = rpc("ca_manager")
    [row] = manager.execute_kw("res.partner", "read", [[person["id"]], ["resident_id", "mobile"]])
    assert row == {"id": person["id"], "resident_id": person["ric"], "mobile": "139 5716 2231"}
    assert person["id"] in manager.execute_kw(
        "res.partner", "search", [[("resident_id", "=", person["ric"])]]
    )


def test_officer_reveals_with_reason_logged(rpc, admin, person):
    officer = rpc("ca_officer")
    rule = admin.execute_kw(
        "customer.archive.sensitive.field", "search", [[("field_name", "=", "mobile")]]
    )[0]
    ctx = {"active_model": "res.partner", "active_id": person["id"]}
    wid = officer.execute_kw(
        "customer.archive.reveal",
        "create",
        [{"sensitive_field_id": rule, "reason": "客户要求回电"}],
        {"context": ctx},
    )
    officer.execute_kw("customer.archive.reveal", "action_reveal", [[wid]])
    [wizard] = officer.execute_kw("customer.archive.reveal", "read", [[wid], ["value"]])
    assert wizard["value"] == "139 5716 2231"
    logs = admin.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [
            [("event", "=", "reveal"), ("partner_id", "=", person["id"])],
            ["field_name", "reason", "user_id"],
        ],
    )
    assert [(log["field_name"], log["reason"]) for log in logs] == [("mobile", "客户要求回电")]
    user = rpc("ca_user")
    wid = user.execute_kw(
        "customer.archive.reveal",
        "create",
        [{"sensitive_field_id": rule, "reason": "想看"}],
        {"context": ctx},
    )
    with pytest.raises(RpcError) as error:
        user.execute_kw("customer.archive.reveal", "action_reveal", [[wid]])
    assert "AccessError" in error.value.name


def test_masked_value_written_back_changes_nothing(rpc, admin, person):
    client = rpc("ca_user")
    client.execute_kw(
        "res.partner", "write", [[person["id"]], {"mobile": "139****2231", "comment": "核对"}]
    )
    [row] = admin.execute_kw("res.partner", "read", [[person["id"]], ["mobile"]])
    assert row["mobile"] == "139 5716 2231"


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_every_classified_field_over_rpc(rpc, admin, person, login):
    """Each classification of the database: read masked; searching and grouping see no value."""
    rules = admin.execute_kw(
        "customer.archive.sensitive.field", "search_read", [[], ["model_name", "field_name"]]
    )
    assert len(rules) >= 12
    product = admin.execute_kw("product.product", "create", [{"name": "RPC 掩码护理"}])
    service = admin.execute_kw(
        "customer.archive.service.record",
        "create",
        [{"partner_id": person["id"], "product_id": product, "health_notes": "心脏起搏器"}],
    )
    records = {
        "res.partner": person["id"],
        "res.partner.bank": person["bank"],
        "customer.archive.visit": person["visit"],
        "customer.archive.service.record": service,
    }
    client = rpc(login)
    for rule in rules:
        model, fname = rule["model_name"], rule["field_name"]
        [row] = client.execute_kw(model, "read", [[records[model]], [fname]])
        assert isinstance(row[fname], str) and "*" in row[fname], (fname, row)
        found = client.execute_kw(model, "search", [[(fname, "!=", False)]])
        assert records[model] not in found, fname
        [group] = client.execute_kw(
            model, "read_group", [[("id", "=", records[model])], [], [fname]], {"lazy": False}
        )
        assert group[fname] is False, (fname, group)
