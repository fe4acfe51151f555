"""Opening an archive (建档审批) and its documents over JSON-RPC and HTTP, as the demo users."""

import base64
import uuid

import pytest

from conftest import URL, RpcError

ID_COPY = base64.b64encode(b"\x89PNG identity card copy, demo").decode()
PDF = base64.b64encode(b"%PDF-1.4 business licence copy").decode()


@pytest.fixture(scope="module")
def approval_on(admin_rpc, ca_user):
    """The company of the demo users asks for approval during these tests."""
    [user] = admin_rpc.execute_kw("res.users", "read", [[ca_user.uid], ["company_id"]])
    company_id = user["company_id"][0]
    [before] = admin_rpc.execute_kw(
        "res.company", "read", [[company_id], ["archive_approval_required"]]
    )
    admin_rpc.execute_kw(
        "res.company", "write", [[company_id], {"archive_approval_required": True}]
    )
    yield company_id
    admin_rpc.execute_kw(
        "res.company",
        "write",
        [[company_id], {"archive_approval_required": before["archive_approval_required"]}],
    )


@pytest.fixture(scope="module")
def officer(rpc):
    return rpc("ca_officer")


def _ref(admin_rpc, xmlid):
    module, name = xmlid.split(".")
    [data] = admin_rpc.execute_kw(
        "ir.model.data", "search_read", [[("module", "=", module), ("name", "=", name)], ["res_id"]]
    )
    return data["res_id"]


def _refused(call, name="AccessError"):
    with pytest.raises(RpcError) as error:
        call()
    assert name in error.value.name, error.value
    return error.value


def _new_archive(ca_user, admin_rpc):
    name = f"建档审批测试{uuid.uuid4().hex[:6]}有限公司"
    pid = ca_user.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": name,
                "is_company": True,
                "is_customer_archive": True,
                "customer_type_id": _ref(admin_rpc, "customer_archive.customer_type_purchaser"),
                "user_id": ca_user.uid,
            }
        ],
    )
    return pid, name


def _state(client, pid):
    [row] = client.execute_kw("res.partner", "read", [[pid], ["archive_approval_state"]])
    return row["archive_approval_state"]


def test_demo_archive_waits_with_a_missing_document(officer, admin_rpc):
    pid = _ref(admin_rpc, "customer_archive.partner_approval_pending")
    assert _state(officer, pid) == "to_approve"
    error = _refused(
        lambda: officer.execute_kw("res.partner", "action_archive_approve", [[pid]]), "UserError"
    )
    assert "宁波甬新五金贸易有限公司" in error.message
    assert _state(officer, pid) == "to_approve"


def test_user_archive_approval_flow(approval_on, ca_user, officer, admin_rpc, web_session):
    pid, name = _new_archive(ca_user, admin_rpc)
    assert _state(ca_user, pid) == "to_approve"

    # the archive user cannot approve, by the button or by writing the state
    _refused(lambda: ca_user.execute_kw("res.partner", "action_archive_approve", [[pid]]))
    _refused(
        lambda: ca_user.execute_kw(
            "res.partner", "write", [[pid], {"archive_approval_state": "approved"}]
        )
    )
    _refused(
        lambda: ca_user.execute_kw(
            "res.partner",
            "create",
            [
                {
                    "name": name + "二",
                    "is_customer_archive": True,
                    "archive_approval_state": "approved",
                }
            ],
        )
    )
    assert _state(ca_user, pid) == "to_approve"

    # the officer is refused while the required documents are missing, naming them
    error = _refused(
        lambda: officer.execute_kw("res.partner", "action_archive_approve", [[pid]]), "UserError"
    )
    assert (
        name in error.message and "营业执照" in error.message and "法人代表身份证" in error.message
    )
    assert _state(officer, pid) == "to_approve"

    # the salesperson records the documents, with the copy of the legal representative's ID
    licence = _ref(admin_rpc, "customer_archive.document_type_business_licence")
    legal_id = _ref(admin_rpc, "customer_archive.document_type_legal_representative_id")
    ca_user.execute_kw(
        "customer.archive.document",
        "create",
        [
            {
                "partner_id": pid,
                "type_id": licence,
                "number": "91330100MA27XK0Q5A",
                "attachment": PDF,
            }
        ],
    )
    id_doc = ca_user.execute_kw(
        "customer.archive.document",
        "create",
        [
            {
                "partner_id": pid,
                "type_id": legal_id,
                "number": "330106198001011234",
                "attachment": ID_COPY,
                "attachment_filename": "id.png",
            }
        ],
    )

    # the identity copy: unreadable for the archive user, on every path
    for method, args, kwargs in (
        ("read", [[id_doc], ["identity_attachment"]], {}),
        ("search_read", [[("id", "=", id_doc)], ["identity_attachment"]], {}),
        ("web_read", [[id_doc]], {"specification": {"identity_attachment": {}}}),
        ("export_data", [[id_doc], ["identity_attachment"]], {}),
    ):
        _refused(
            lambda m=method, a=args, k=kwargs: ca_user.execute_kw(
                "customer.archive.document", m, a, k
            )
        )
    [row] = ca_user.execute_kw(
        "customer.archive.document", "read", [[id_doc], ["attachment", "has_copy"]]
    )
    assert row["has_copy"] and not row["attachment"]
    attachments = admin_rpc.execute_kw(
        "ir.attachment",
        "search",
        [
            [
                ("res_model", "=", "customer.archive.document"),
                ("res_id", "=", id_doc),
                ("res_field", "=", "identity_attachment"),
            ]
        ],
    )
    assert len(attachments) == 1
    _refused(lambda: ca_user.execute_kw("ir.attachment", "read", [attachments, ["datas"]]))
    user_web = web_session("ca_user")
    for path in (
        f"/web/content/customer.archive.document/{id_doc}/identity_attachment",
        f"/web/content/{attachments[0]}",
    ):
        response = user_web.http.get(URL + path, timeout=30)
        assert response.status_code != 200 and b"identity card copy" not in response.content

    # the officer opens it: each opening is in the access log
    def openings():
        return admin_rpc.execute_kw(
            "customer.archive.access.log",
            "search_count",
            [
                [
                    ("event", "=", "open"),
                    ("user_id", "=", officer.uid),
                    ("field_name", "=", "identity_attachment"),
                    ("partner_id", "=", pid),
                ]
            ],
        )

    before = openings()
    [row] = officer.execute_kw(
        "customer.archive.document", "read", [[id_doc], ["identity_attachment"]]
    )
    assert row["identity_attachment"] == ID_COPY
    officer_web = web_session("ca_officer")
    response = officer_web.http.get(
        URL + f"/web/content/customer.archive.document/{id_doc}/identity_attachment?download=true",
        timeout=30,
    )
    assert response.status_code == 200 and b"identity card copy" in response.content
    assert openings() == before + 2

    # approval with the documents complete
    officer.execute_kw("res.partner", "action_archive_approve", [[pid]])
    assert _state(ca_user, pid) == "approved"
    [row] = officer.execute_kw("res.partner", "read", [[pid], ["archive_approved_by_id"]])
    assert row["archive_approved_by_id"][0] == officer.uid


# ---------------------------------------------------------------------------------------------
# Destruction (销毁登记)
# ---------------------------------------------------------------------------------------------
def _archive_by_admin(admin_rpc, prefix="销毁测试"):
    name = f"{prefix}{uuid.uuid4().hex[:6]}有限公司"
    pid = admin_rpc.execute_kw(
        "res.partner",
        "create",
        [{"name": name, "is_company": True, "is_customer_archive": True, "phone": "0591-8888888"}],
    )
    return pid, name


def test_unlink_of_an_archive_refused_over_rpc(admin_rpc, rpc):
    pid, _name = _archive_by_admin(admin_rpc, "删除测试")
    manager = rpc("ca_manager")
    for client in (admin_rpc, manager):
        for context in ({}, {"customer_archive_destruction": True, "customer_archive_merge": True}):
            error = _refused(
                lambda c=client, ctx=context: c.execute_kw(
                    "res.partner", "unlink", [[pid]], {"context": ctx}
                ),
                "UserError",
            )
            assert "销毁登记" in error.message or "destruction register" in error.message
    assert admin_rpc.execute_kw("res.partner", "search", [[("id", "=", pid)]]) == [pid]
    # a plain contact is deleted as in stock Odoo
    plain = admin_rpc.execute_kw("res.partner", "create", [{"name": "普通联系人 RPC"}])
    admin_rpc.execute_kw("res.partner", "unlink", [[plain]])
    assert not admin_rpc.execute_kw("res.partner", "search", [[("id", "=", plain)]])
    admin_rpc.execute_kw("res.partner", "write", [[pid], {"active": False}])


def test_destruction_flow_over_rpc(admin_rpc, rpc):
    officer, manager, witness = rpc("ca_officer"), rpc("ca_manager"), rpc("ca_admin")
    pid, name = _archive_by_admin(admin_rpc)
    _refused(
        lambda: rpc("ca_user").execute_kw(
            "customer.archive.destruction",
            "create",
            [{"partner_id": pid, "reason": "x", "witness_id": witness.uid}],
        )
    )
    did = officer.execute_kw(
        "customer.archive.destruction",
        "create",
        [{"partner_id": pid, "reason": "客户注销，保管期满", "witness_id": witness.uid}],
    )
    _refused(
        lambda: officer.execute_kw(
            "customer.archive.destruction", "write", [[did], {"state": "approved"}]
        )
    )
    officer.execute_kw("customer.archive.destruction", "action_submit", [[did]])
    _refused(lambda: officer.execute_kw("customer.archive.destruction", "action_approve", [[did]]))
    manager.execute_kw("customer.archive.destruction", "action_approve", [[did]])
    _refused(
        lambda: manager.execute_kw(
            "customer.archive.destruction", "action_confirm_destruction", [[did]]
        )
    )
    witness.execute_kw("customer.archive.destruction", "action_confirm_destruction", [[did]])
    [register] = manager.execute_kw(
        "customer.archive.destruction",
        "read",
        [
            [did],
            [
                "state",
                "archive_name",
                "archive_number",
                "approver_id",
                "witness_id",
                "destroyed_date",
            ],
        ],
    )
    assert register["state"] == "done" and register["archive_name"] == name
    assert register["approver_id"][0] == manager.uid and register["witness_id"][0] == witness.uid
    [partner] = admin_rpc.execute_kw(
        "res.partner",
        "read",
        [[pid], ["active", "archive_destroyed", "name", "phone"]],
        {"context": {"active_test": False}},
    )
    assert not partner["active"] and partner["archive_destroyed"]
    assert partner["name"] != name and not partner["phone"]
    _refused(
        lambda: manager.execute_kw("res.partner", "write", [[pid], {"active": True}]), "UserError"
    )
    _refused(lambda: admin_rpc.execute_kw("res.partner", "unlink", [[pid]]), "UserError")
    _refused(lambda: manager.execute_kw("customer.archive.destruction", "unlink", [[did]]), "Error")
