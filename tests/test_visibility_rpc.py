"""Confidentiality security matrix over JSON-RPC, as the real demo users of the test database.

Each role x each model of the addon x create / read / write / unlink / export / import / share:
what the role may do succeeds, what it may not do is refused with an AccessError and changes
nothing. Also: secret archives, expired and read-only shares, another company's archive, and the
access log that no role can alter. The tests clean up what they create (the database is shared by
the whole pytest session)."""

import datetime

import pytest

from conftest import ROLES, RpcError

MANAGERS = {"ca_manager", "ca_admin"}


@pytest.fixture(scope="module")
def setup(admin_rpc, clients):
    """Archives of every kind, created by the Odoo administrator; removed at the end."""
    uid = {login: client.uid for login, client in clients.items()}
    [me] = admin_rpc.execute_kw("res.users", "read", [[admin_rpc.uid], ["company_id"]])
    company_2 = admin_rpc.execute_kw(
        "res.company", "create", [{"name": f"RPC 测试第二公司 {datetime.datetime.now():%H%M%S%f}"}]
    )
    admin_rpc.execute_kw("res.users", "write", [[admin_rpc.uid], {"company_ids": [(4, company_2)]}])

    def archive(name, **vals):
        return admin_rpc.execute_kw(
            "res.partner",
            "create",
            [{"name": name, "is_company": True, "is_customer_archive": True, **vals}],
        )

    data = {
        "own": archive("RPC 自有客户", user_id=uid["ca_user"], keeper_id=uid["ca_officer"]),
        "foreign": archive("RPC 别人客户", user_id=uid["ca_officer"], keeper_id=uid["ca_officer"]),
        "secret": archive(
            "RPC 机密客户",
            user_id=uid["ca_user"],
            keeper_id=uid["ca_manager"],
            confidentiality_level="secret",
        ),
        "other_company": admin_rpc.execute_kw(
            "res.partner",
            "create",
            [
                {
                    "name": "RPC 第二公司客户",
                    "is_company": True,
                    "is_customer_archive": True,
                    "company_id": company_2,
                    "archive_company_id": company_2,
                    "user_id": uid["ca_user"],
                    "keeper_id": uid["ca_user"],
                }
            ],
            {"context": {"allowed_company_ids": [me["company_id"][0], company_2]}},
        ),
    }
    data["visit"] = admin_rpc.execute_kw(
        "customer.archive.visit",
        "create",
        [{"partner_id": data["foreign"], "user_id": uid["ca_officer"]}],
    )
    data["uid"] = uid
    yield data
    admin_rpc.execute_kw("customer.archive.visit", "unlink", [[data["visit"]]])
    admin_rpc.execute_kw(
        "res.partner", "write", [[data["own"], data["foreign"], data["secret"]], {"active": False}]
    )


def _refused(call):
    with pytest.raises(RpcError) as error:
        call()
    assert "AccessError" in error.value.name or "ValidationError" in error.value.name, error.value
    return error.value


def _visible(client, ids):
    return set(client.execute_kw("res.partner", "search", [[("id", "in", ids)]]))


@pytest.mark.parametrize("login", ROLES)
def test_read_matrix(clients, setup, login):
    ids = [setup["own"], setup["foreign"], setup["secret"], setup["other_company"]]
    expected = {
        "ca_user": {setup["own"]},
        "ca_officer": {setup["own"], setup["foreign"]},
        "ca_manager": {setup["own"], setup["foreign"], setup["secret"]},
        "ca_admin": {setup["own"], setup["foreign"], setup["secret"]},
    }[login]
    assert _visible(clients[login], ids) == expected
    for pid in set(ids) - expected:
        _refused(
            lambda pid=pid: clients[login].execute_kw("res.partner", "read", [[pid], ["name"]])
        )


@pytest.mark.parametrize("login", ROLES)
def test_write_create_unlink_matrix(clients, admin_rpc, setup, login):
    client = clients[login]
    client.execute_kw("res.partner", "write", [[setup["own"]], {"city": f"福州-{login}"}])
    if login == "ca_user":
        _refused(
            lambda: client.execute_kw("res.partner", "write", [[setup["foreign"]], {"city": "x"}])
        )
    else:
        client.execute_kw("res.partner", "write", [[setup["foreign"]], {"city": f"泉州-{login}"}])
    if login in MANAGERS:
        client.execute_kw("res.partner", "write", [[setup["secret"]], {"city": f"莆田-{login}"}])
    else:
        _refused(
            lambda: client.execute_kw("res.partner", "write", [[setup["secret"]], {"city": "x"}])
        )
    [secret] = admin_rpc.execute_kw("res.partner", "read", [[setup["secret"]], ["city"]])
    assert secret["city"] in (False, "莆田-ca_manager", "莆田-ca_admin")
    new = client.execute_kw(
        "res.partner",
        "create",
        [{"name": f"RPC 新建 {login}", "is_company": True, "is_customer_archive": True}],
    )
    if login == "ca_user":
        _refused(lambda: client.execute_kw("res.partner", "unlink", [[new]]))
    else:
        # nobody deletes an archive: it is destroyed through the destruction register
        with pytest.raises(RpcError) as error:
            client.execute_kw("res.partner", "unlink", [[new]])
        assert "UserError" in error.value.name, error.value
    admin_rpc.execute_kw("res.partner", "write", [[new], {"active": False}])


@pytest.mark.parametrize("login", ROLES)
def test_visit_matrix(clients, setup, login):
    client = clients[login]
    seen = client.execute_kw("customer.archive.visit", "search", [[("id", "=", setup["visit"])]])
    assert bool(seen) == (login != "ca_user")
    if login == "ca_user":
        _refused(
            lambda: client.execute_kw(
                "customer.archive.visit",
                "create",
                [{"partner_id": setup["foreign"], "user_id": setup["uid"]["ca_officer"]}],
            )
        )
        _refused(
            lambda: client.execute_kw(
                "customer.archive.visit", "write", [[setup["visit"]], {"feedback": "x"}]
            )
        )
    else:
        client.execute_kw(
            "customer.archive.visit", "write", [[setup["visit"]], {"feedback": login}]
        )


@pytest.mark.parametrize("login", ROLES)
@pytest.mark.parametrize(
    "model, ids_key, fields",
    [
        ("res.partner", "own", ["name", "archive_number"]),
        ("customer.archive.visit", "visit", ["partner_id", "feedback"]),
    ],
)
def test_export_matrix(clients, setup, login, model, ids_key, fields):
    client = clients[login]
    # (ca_user does not even see the visit: refused all the same, before anything is read)
    call = lambda: client.execute_kw(model, "export_data", [[setup[ids_key]], fields])  # noqa: E731
    if login in MANAGERS:
        assert len(call()["datas"]) == 1
    else:
        error = _refused(call)
        assert "archive managers" in error.message or "档案管理员" in error.message


@pytest.mark.parametrize("login", ROLES)
def test_import_matrix(clients, admin_rpc, login):
    client = clients[login]
    name = f"RPC 导入 {login}"
    call = lambda: client.execute_kw(  # noqa: E731
        "res.partner", "load", [["name", "is_customer_archive"], [[name, "1"]]]
    )
    if login in MANAGERS:
        result = call()
        assert result["ids"] and not result["messages"], result
        admin_rpc.execute_kw("res.partner", "write", [result["ids"], {"active": False}])
    else:
        _refused(call)
        assert not admin_rpc.execute_kw("res.partner", "search", [[("name", "=", name)]])


def test_share_read_only_expired_and_revoked(clients, admin_rpc, setup):
    user, officer = clients["ca_user"], clients["ca_officer"]
    today = datetime.date.today()
    share = officer.execute_kw(
        "customer.archive.share",
        "create",
        [
            {
                "partner_id": setup["foreign"],
                "user_id": user.uid,
                "mode": "read",
                "date_expiry": str(today + datetime.timedelta(days=3)),
            }
        ],
    )
    try:
        assert _visible(user, [setup["foreign"]]) == {setup["foreign"]}
        _refused(
            lambda: user.execute_kw("res.partner", "write", [[setup["foreign"]], {"city": "只读"}])
        )
        _refused(
            lambda: user.execute_kw("customer.archive.share", "write", [[share], {"mode": "write"}])
        )
        officer.execute_kw("customer.archive.share", "write", [[share], {"mode": "write"}])
        user.execute_kw("res.partner", "write", [[setup["foreign"]], {"city": "读写授权"}])
        officer.execute_kw(
            "customer.archive.share",
            "write",
            [[share], {"date_expiry": str(today - datetime.timedelta(days=1))}],
        )
        assert _visible(user, [setup["foreign"]]) == set(), "an expired share gives nothing"
        _refused(
            lambda: user.execute_kw(
                "customer.archive.share",
                "create",
                [{"partner_id": setup["foreign"], "user_id": user.uid, "mode": "write"}],
            )
        )
        _refused(
            lambda: officer.execute_kw(
                "customer.archive.share",
                "create",
                [{"partner_id": setup["secret"], "user_id": user.uid}],
            )
        )
    finally:
        officer.execute_kw("customer.archive.share", "unlink", [[share]])
    events = admin_rpc.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [[("partner_id", "=", setup["foreign"]), ("event", "in", ["share", "unshare"])]],
        {"fields": ["event"]},
    )
    assert {e["event"] for e in events} == {"share", "unshare"}


@pytest.mark.parametrize("login", ROLES + ["admin"])
def test_access_log_cannot_be_altered(rpc, admin_rpc, setup, login):
    client = rpc(login, "admin" if login == "admin" else None)
    client.execute_kw(
        "res.partner", "web_read", [[setup["own"]], {"name": {}, "archive_form_marker": {}}]
    )
    [entry] = admin_rpc.execute_kw(
        "customer.archive.access.log",
        "search",
        [[("partner_id", "=", setup["own"]), ("event", "=", "open")]],
        {"limit": 1},
    )
    for method, args in (
        ("write", [[entry], {"reason": "篡改"}]),
        ("unlink", [[entry]]),
        ("create", [{"event": "open", "partner_id": setup["own"]}]),
    ):
        with pytest.raises(RpcError):
            client.execute_kw("customer.archive.access.log", method, args)
    [row] = admin_rpc.execute_kw("customer.archive.access.log", "read", [[entry], ["reason"]])
    assert row["reason"] is False


def test_open_is_logged_with_the_user(clients, web_session, admin_rpc, setup):
    """The web client opens the form: one entry with the user and the client's address."""
    user = clients["ca_user"]
    before = admin_rpc.execute_kw(
        "customer.archive.access.log",
        "search_count",
        [[("partner_id", "=", setup["own"]), ("event", "=", "open"), ("user_id", "=", user.uid)]],
    )
    web_session("ca_user").call_kw(
        "res.partner", "web_read", [[setup["own"]], {"name": {}, "archive_form_marker": {}}]
    )
    [entry] = admin_rpc.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [[("partner_id", "=", setup["own"]), ("event", "=", "open"), ("user_id", "=", user.uid)]],
        {"fields": ["ip_address"], "limit": 1},
    )
    after = admin_rpc.execute_kw(
        "customer.archive.access.log",
        "search_count",
        [[("partner_id", "=", setup["own"]), ("event", "=", "open"), ("user_id", "=", user.uid)]],
    )
    assert after == before + 1
    assert entry["ip_address"] == "127.0.0.1"


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_risk_and_offboarding_are_for_managers(clients, login):
    client = clients[login]
    _refused(lambda: client.execute_kw("customer.archive.risk", "search", [[]]))
    _refused(
        lambda: client.execute_kw(
            "customer.archive.offboard",
            "create",
            [{"user_id": client.uid, "new_user_id": client.uid}],
        )
    )


# Access rights per role and model of the addon: (read, write, create, unlink) for
# archive user, officer, manager (the IT administrator is a manager plus technical settings).
_CONFIG = {"ca_user": "r---", "ca_officer": "r---", "ca_manager": "rwcu"}
ACCESS = {
    "customer.archive.type": _CONFIG,
    "customer.archive.source": _CONFIG,
    "customer.archive.region": _CONFIG,
    "customer.archive.status": _CONFIG,
    "customer.archive.tier": _CONFIG,
    "customer.archive.tier.profile": _CONFIG,
    "customer.archive.tier.criterion": _CONFIG,
    "customer.archive.tier.threshold": _CONFIG,
    "customer.archive.tier.band": _CONFIG,
    "customer.archive.visit.method": _CONFIG,
    "customer.archive.visit.purpose": _CONFIG,
    "customer.archive.visit.outcome": _CONFIG,
    "customer.archive.visit.policy": _CONFIG,
    "customer.archive.hobby": {"ca_user": "rwc-", "ca_officer": "rwc-", "ca_manager": "rwcu"},
    "customer.archive.tier.history": {
        "ca_user": "r---",
        "ca_officer": "r---",
        "ca_manager": "r---",
    },
    "customer.archive.pool.history": {
        "ca_user": "r---",
        "ca_officer": "r---",
        "ca_manager": "r---",
    },
    "customer.archive.reminder": {"ca_user": "r---", "ca_officer": "r---", "ca_manager": "r---"},
    "customer.archive.visit.compliance": {
        "ca_user": "r---",
        "ca_officer": "r---",
        "ca_manager": "r---",
    },
    "customer.archive.visit": {"ca_user": "rwc-", "ca_officer": "rwc-", "ca_manager": "rwcu"},
    "customer.archive.share": {"ca_user": "rwcu", "ca_officer": "rwcu", "ca_manager": "rwcu"},
    "customer.archive.access.log": {"ca_user": "----", "ca_officer": "----", "ca_manager": "r---"},
    "customer.archive.risk": {"ca_user": "----", "ca_officer": "----", "ca_manager": "r---"},
    "customer.archive.risk.report": {"ca_user": "----", "ca_officer": "----", "ca_manager": "rwcu"},
    "customer.archive.offboard": {"ca_user": "----", "ca_officer": "----", "ca_manager": "rwcu"},
    "res.partner": {"ca_user": "rwc-", "ca_officer": "rwcu", "ca_manager": "rwcu"},
}


@pytest.mark.parametrize("login", ROLES)
@pytest.mark.parametrize("model", sorted(ACCESS))
def test_access_rights_matrix(clients, login, model):
    expected = ACCESS[model]["ca_manager" if login == "ca_admin" else login]
    got = "".join(
        letter if clients[login].execute_kw(model, "has_access", [[], operation]) else "-"
        for letter, operation in zip("rwcu", ("read", "write", "create", "unlink"))
    )
    assert got == expected, f"{login} on {model}"
