"""PIPL registers, one-person export and anonymisation over JSON-RPC, as the demo users."""

import base64
import datetime
import io
import subprocess
import uuid

import openpyxl
import pytest

from conftest import URL, RpcError


@pytest.fixture(scope="module")
def manager(rpc):
    return rpc("ca_manager")


@pytest.fixture(scope="module")
def officer(rpc):
    return rpc("ca_officer")


def _person(client, name="陈建国"):
    ids = client.execute_kw(
        "res.partner", "search", [[("name", "=", name), ("is_customer_archive", "=", True)]]
    )
    assert ids, f"demo archive {name} is missing"
    return ids[0]


def _new_person(manager):
    tag = uuid.uuid4().hex[:8]
    pid = manager.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": f"匿名测试{tag}",
                "is_company": False,
                "is_customer_archive": True,
                "mobile": f"1390000{tag[:4]}",
                "email": f"anon-{tag}@example.cn",
                "wechat_id": f"wx_{tag}",
                "street": f"测试大道 {tag} 号",
            }
        ],
    )
    [number] = manager.execute_kw("res.partner", "read", [[pid], ["archive_number"]])
    return pid, number["archive_number"], tag


def test_demo_registers(officer):
    pid = _person(officer)
    consents = officer.execute_kw(
        "customer.archive.consent",
        "search_read",
        [[("partner_id", "=", pid)], ["scope", "state", "purpose"]],
    )
    assert {c["scope"] for c in consents} >= {"personal", "sensitive"}
    withdrawn = officer.execute_kw(
        "customer.archive.consent", "search_count", [[("state", "=", "withdrawn")]]
    )
    assert withdrawn >= 1, "the withdrawn demo consent stays in the register"
    overdue = officer.execute_kw(
        "customer.archive.subject.request",
        "search_read",
        [[("is_overdue", "=", True)], ["request_type", "due_date"]],
    )
    assert [r["request_type"] for r in overdue] == ["correction"]


def test_consent_lifecycle(officer, manager, rpc):
    pid = _person(officer)
    with pytest.raises(RpcError) as error:
        rpc("ca_user").execute_kw(
            "customer.archive.consent",
            "create",
            [{"partner_id": pid, "purpose": "推介", "channel": "phone"}],
        )
    assert "AccessError" in error.value.name
    cid = officer.execute_kw(
        "customer.archive.consent",
        "create",
        [{"partner_id": pid, "purpose": "售后回访", "channel": "phone", "scope": "sensitive"}],
    )
    officer.execute_kw("customer.archive.consent", "action_withdraw", [[cid]])
    [consent] = officer.execute_kw(
        "customer.archive.consent",
        "read",
        [[cid], ["state", "withdrawn_date", "withdrawal_channel"]],
    )
    assert consent["state"] == "withdrawn" and consent["withdrawal_channel"] == "phone"
    for client in (officer, manager):
        with pytest.raises(RpcError):
            client.execute_kw("customer.archive.consent", "unlink", [[cid]])
    assert officer.execute_kw("customer.archive.consent", "search_count", [[("id", "=", cid)]]) == 1


def test_request_due_date_and_handler(officer):
    pid = _person(officer)
    received = datetime.date.today() - datetime.timedelta(days=3)
    rid = officer.execute_kw(
        "customer.archive.subject.request",
        "create",
        [{"partner_id": pid, "request_type": "correction", "received_date": received.isoformat()}],
    )
    [req] = officer.execute_kw(
        "customer.archive.subject.request",
        "read",
        [[rid], ["due_date", "user_id", "activity_ids", "is_overdue"]],
    )
    assert req["due_date"] == (received + datetime.timedelta(days=15)).isoformat()  # calendar days
    assert not req["is_overdue"]
    assert req["user_id"][0] == officer.uid and req["activity_ids"]
    with pytest.raises(RpcError) as error:
        officer.execute_kw("customer.archive.subject.request", "action_refuse", [[rid]])
    assert "ValidationError" in error.value.name


def test_export_as_manager_only(manager, officer, web_session, admin):
    # wkhtmltopdf fetches the report styles from this server.
    admin.execute_kw("ir.config_parameter", "set_param", ["report.url", URL])
    pid = _person(manager)
    with pytest.raises(RpcError) as error:
        officer.execute_kw("res.partner", "action_pipl_export", [[pid]])
    assert "AccessError" in error.value.name
    action = manager.execute_kw(
        "res.partner", "action_pipl_export", [[pid]], {"context": {"lang": "zh_CN"}}
    )
    [wizard] = manager.execute_kw(
        action["res_model"], "read", [[action["res_id"]], ["xlsx_file", "pdf_file"]]
    )
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard["xlsx_file"])))
    text = " ".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v
    )
    assert "陈建国" in text and "330106196809121753" in text
    assert "开具增值税发票及分期付款资信审核" in text  # the sensitive consent
    pdf = base64.b64decode(wizard["pdf_file"])
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    out = "".join(out.split())  # table cells wrap long Chinese texts
    assert "陈建国" in out and "客户书面申请查阅" in out
    # The report URL is refused to an officer, served to a manager.
    url = f"{URL}/report/pdf/customer_archive.report_subject_export/{pid}"
    refused = web_session("ca_officer").http.get(url, timeout=60)
    assert not refused.content.startswith(b"%PDF")
    served = web_session("ca_manager").http.get(url, timeout=120)
    assert served.content.startswith(b"%PDF")
    logs = manager.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [[("event", "=", "subject_export"), ("partner_id", "=", pid)], ["user_id"]],
    )
    assert logs and {log["user_id"][0] for log in logs} == {manager.uid}


def test_anonymise_refused_to_others_and_twice(manager, officer, rpc):
    pid, number, tag = _new_person(manager)
    for client in (officer, rpc("ca_user")):
        with pytest.raises(RpcError) as error:
            client.execute_kw(
                "customer.archive.anonymise.wizard",
                "create",
                [{"partner_id": pid, "confirmation": number}],
            )
        assert "AccessError" in error.value.name
        with pytest.raises(RpcError):
            client.execute_kw("res.partner", "action_open_pipl_anonymise", [[pid]])
    wid = manager.execute_kw(
        "customer.archive.anonymise.wizard",
        "create",
        [{"partner_id": pid, "confirmation": "KH-WRONG"}],
    )
    with pytest.raises(RpcError) as error:
        manager.execute_kw("customer.archive.anonymise.wizard", "action_anonymise", [[wid]])
    assert "UserError" in error.value.name
    wid = manager.execute_kw(
        "customer.archive.anonymise.wizard", "create", [{"partner_id": pid, "confirmation": number}]
    )
    manager.execute_kw("customer.archive.anonymise.wizard", "action_anonymise", [[wid]])
    [person] = manager.execute_kw(
        "res.partner",
        "read",
        [[pid], ["name", "mobile", "email", "wechat_id", "street", "pipl_anonymised"]],
    )
    assert person["pipl_anonymised"] and number in person["name"]
    assert not (person["mobile"] or person["email"] or person["wechat_id"] or person["street"])
    assert not manager.execute_kw("res.partner", "search", [[("email", "ilike", tag)]])
    wid = manager.execute_kw(
        "customer.archive.anonymise.wizard", "create", [{"partner_id": pid, "confirmation": number}]
    )
    with pytest.raises(RpcError) as error:
        manager.execute_kw("customer.archive.anonymise.wizard", "action_anonymise", [[wid]])
    assert "UserError" in error.value.name
    logs = manager.execute_kw(
        "customer.archive.access.log",
        "search_read",
        [[("event", "=", "anonymise"), ("partner_id", "=", pid)], ["detail"]],
    )
    assert len(logs) == 1 and "wechat_id" in logs[0]["detail"]


def test_legal_basis_officers_only(rpc, officer):
    pid = _person(officer, "林晓梅")
    with pytest.raises(RpcError) as error:
        rpc("ca_user").execute_kw("res.partner", "write", [[pid], {"pipl_legal_basis": "other"}])
    assert "AccessError" in error.value.name
    officer.execute_kw("res.partner", "write", [[pid], {"pipl_legal_basis": "consent"}])
