"""The access log as a client sees it, over JSON-RPC and the web client's call_kw, as the demo
users: the form-open log cannot be skipped by anything the client sends, concurrent openings
stay one hash chain, changes are logged with field names only, and only managers verify."""

import threading

import pytest

from conftest import RpcError

FORM_SPEC = {"name": {}, "archive_form_marker": {}}
LOG = "customer.archive.access.log"


@pytest.fixture(scope="module")
def archive(admin):
    [uid_user] = admin.execute_kw("res.users", "search", [[("login", "=", "ca_user")]])
    partner_id = admin.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": "RPC 审计测试客户",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": uid_user,
                "keeper_id": uid_user,
            }
        ],
    )
    yield partner_id
    # archives are not deleted (destruction register only): the test archive is deactivated
    admin.execute_kw("res.partner", "write", [[partner_id], {"active": False}])


def _opens(admin, partner_id):
    return admin.execute_kw(
        LOG, "search_count", [[("partner_id", "=", partner_id), ("event", "=", "open")]]
    )


@pytest.mark.parametrize("value", [True, 1, "1"])
def test_context_key_does_not_skip_the_open_log(rpc, web_session, admin, archive, value):
    """The context key the server uses for lists and saving, sent by the client: still logged,
    through the external API and through the web client's endpoint."""
    before = _opens(admin, archive)
    context = {"customer_archive_no_open_log": value}
    rpc("ca_user").execute_kw(
        "res.partner", "web_read", [[archive], FORM_SPEC], {"context": context}
    )
    web_session("ca_user").call_kw(
        "res.partner", "web_read", [[archive], FORM_SPEC], {"context": context}
    )
    assert _opens(admin, archive) == before + 2


def test_concurrent_openings_stay_one_chain(web_session, rpc, admin, archive):
    """Ten form openings at once by two users: ten entries, consecutive positions, and the
    manager's Verify Log finds the chain intact."""
    [last] = admin.execute_kw(LOG, "search", [[]], {"limit": 1, "order": "id desc"}) or [0]
    errors = []

    def open_form(login):
        try:
            web_session(login).call_kw("res.partner", "web_read", [[archive], FORM_SPEC])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=open_form, args=(("ca_user", "ca_manager")[i % 2],))
        for i in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    manager = rpc("ca_manager")
    action = manager.execute_kw("customer.archive.access.log.chain", "action_verify_log", [[]])
    assert action["params"]["type"] == "success", action["params"]["message"]
    entries = manager.execute_kw(
        LOG,
        "search_read",
        [[("id", ">", last), ("partner_id", "=", archive), ("event", "=", "open")]],
        {"fields": ["chain_seq", "hash", "prev_hash"], "order": "chain_seq"},
    )
    assert len(entries) == 10
    seqs = [e["chain_seq"] for e in entries]
    assert all(seqs) and len(set(seqs)) == 10, seqs
    assert len({e["prev_hash"] for e in entries}) == 10, "two entries on one link: a fork"


def test_change_is_logged_with_field_names_only(rpc, admin, archive):
    user = rpc("ca_user")
    user.execute_kw("res.partner", "write", [[archive], {"mobile": "13612340000", "city": "福州"}])
    [entry] = admin.execute_kw(
        LOG,
        "search_read",
        [[("partner_id", "=", archive), ("event", "=", "change"), ("user_id", "=", user.uid)]],
        {"fields": ["field_name", "detail", "reason"], "order": "id desc", "limit": 1},
    )
    assert entry["field_name"] == "city,mobile"
    assert "13612340000" not in str(entry)


@pytest.mark.parametrize("login", ["ca_user", "ca_officer"])
def test_only_managers_verify_the_log(rpc, login):
    client = rpc(login)
    for model in (LOG, "customer.archive.access.log.chain"):
        with pytest.raises(RpcError) as caught:
            client.execute_kw(model, "action_verify_log", [[]])
        assert "AccessError" in caught.value.name
