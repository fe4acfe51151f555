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
