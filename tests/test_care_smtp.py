"""Care messages end to end (客户关怀): a salesperson greets a contact, the mail queue sends the
greeting to a real SMTP server on loopback (aiosmtpd, started here), and a contact without
consent receives nothing. Odoo's own tests cannot do this: test mode blocks SMTP inside Odoo."""

import datetime
import email
import email.policy
import socket
import time
import uuid

import pytest
from aiosmtpd.controller import Controller

from conftest import RpcError


class Inbox:
    """aiosmtpd handler keeping every message received."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [
            email.message_from_bytes(env.content, policy=email.policy.default)
            for env in self.envelopes
            if address in env.rcpt_tos
        ]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(admin):
    """An SMTP server on 127.0.0.1 and Odoo's only outgoing mail server pointing at it; the
    previous servers and the company e-mail are restored afterwards."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    others = admin.execute_kw("ir.mail_server", "search", [[("active", "=", True)]])
    admin.execute_kw("ir.mail_server", "write", [others, {"active": False}])
    server_id = admin.execute_kw(
        "ir.mail_server",
        "create",
        [
            {
                "name": "care test loopback",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_encryption": "none",
                "sequence": 0,
            }
        ],
    )
    [company] = admin.execute_kw("res.company", "search_read", [[("id", "=", 1)], ["email"]])
    if not company["email"]:
        admin.execute_kw("res.company", "write", [[1], {"email": "care@example.cn"}])
    try:
        yield inbox
    finally:
        admin.execute_kw("ir.mail_server", "unlink", [[server_id]])
        admin.execute_kw("ir.mail_server", "write", [others, {"active": True}])
        admin.execute_kw("res.company", "write", [[1], {"email": company["email"]}])
        controller.stop()


@pytest.fixture
def people(admin, ca_user):
    """An archive of ca_user with a consenting contact and one without consent, and an
    archive of another salesperson with a consenting contact; born today."""
    tag = uuid.uuid4().hex[:8]
    today = datetime.date.today()
    birthday = today.replace(year=1985) if (today.month, today.day) != (2, 29) else today
    manager_uid = admin.execute_kw("res.users", "search", [[("login", "=", "ca_manager")]])[0]

    def archive(name, uid):
        return admin.execute_kw(
            "res.partner",
            "create",
            [
                {
                    "name": f"{name}{tag}",
                    "is_company": True,
                    "is_customer_archive": True,
                    "user_id": uid,
                    "keeper_id": uid,
                }
            ],
        )

    def contact(parent, name, consent):
        pid = admin.execute_kw(
            "res.partner",
            "create",
            [
                {
                    "name": name,
                    "parent_id": parent,
                    "lang": "zh_CN",
                    "birthday": str(birthday),
                    "email": f"{name.encode().hex()[:6]}-{tag}@example.cn",
                }
            ],
        )
        if consent:
            admin.execute_kw(
                "customer.archive.consent",
                "create",
                [
                    {
                        "partner_id": pid,
                        "purpose": "生日及节日问候",
                        "care_messages": True,
                        "consent_date": str(today),
                        "channel": "paper",
                    }
                ],
            )
        [row] = admin.execute_kw("res.partner", "read", [[pid], ["email"]])
        return pid, row["email"]

    own = archive("关怀测试客户有限公司", ca_user.uid)
    foreign = archive("别人关怀客户有限公司", manager_uid)
    return {
        "day": str(today),
        "consenting": contact(own, "王芳", True),
        "no_consent": contact(own, "李强", False),
        "foreign": contact(foreign, "钱经理", True),
    }


def _birthday(admin):
    return admin.execute_kw(
        "ir.model.data", "check_object_reference", ["customer_archive", "occasion_birthday"]
    )[1]


def _wizard(client, occasion_id, day, partner_ids):
    return client.execute_kw(
        "customer.archive.care.send",
        "create",
        [
            {
                "occasion_id": occasion_id,
                "date": day,
                "partner_ids": [(6, 0, partner_ids)],
            }
        ],
    )


def test_greeting_reaches_the_smtp_server_and_only_with_consent(admin, ca_user, smtp_inbox, people):
    occasion = _birthday(admin)
    (consenting, consenting_email) = people["consenting"]
    (no_consent, no_consent_email) = people["no_consent"]
    (foreign, _foreign_email) = people["foreign"]
    day = people["day"]

    # ca_user can neither preview nor greet a contact of an archive they cannot see
    wizard = _wizard(ca_user, occasion, day, [foreign])
    with pytest.raises(RpcError) as refused:
        ca_user.execute_kw("customer.archive.care.send", "action_preview", [[wizard]])
    assert refused.value.name == "odoo.exceptions.AccessError"

    # nor send to it, even with a crafted preview line
    crafted = ca_user.execute_kw(
        "customer.archive.care.send",
        "create",
        [
            {
                "occasion_id": occasion,
                "date": day,
                "previewed": True,
                "line_ids": [(0, 0, {"partner_id": foreign, "included": True})],
            }
        ],
    )
    with pytest.raises(RpcError) as refused:
        ca_user.execute_kw("customer.archive.care.send", "action_send", [[crafted]])
    assert refused.value.name == "odoo.exceptions.AccessError"
    assert not admin.execute_kw(
        "customer.archive.care.message", "search", [[("partner_id", "=", foreign)]]
    )

    # the preview: the consenting contact receives it, the other is excluded with the reason
    wizard = _wizard(ca_user, occasion, day, [consenting, no_consent])
    ca_user.execute_kw("customer.archive.care.send", "action_preview", [[wizard]])
    lines = ca_user.execute_kw(
        "customer.archive.care.send.line",
        "search_read",
        [[("wizard_id", "=", wizard)], ["partner_id", "included", "reason"]],
    )
    by_partner = {line["partner_id"][0]: line for line in lines}
    assert by_partner[consenting]["included"] is True
    assert by_partner[no_consent]["included"] is False
    assert "consent" in by_partner[no_consent]["reason"]

    # forcing the contact without consent in: refused, nothing queued
    ca_user.execute_kw(
        "customer.archive.care.send.line",
        "write",
        [[line["id"] for line in lines], {"included": True}],
    )
    with pytest.raises(RpcError) as refused:
        ca_user.execute_kw("customer.archive.care.send", "action_send", [[wizard]])
    assert refused.value.name == "odoo.exceptions.UserError"
    assert "李强" in refused.value.message
    assert not admin.execute_kw(
        "customer.archive.care.message",
        "search",
        [[("partner_id", "in", [consenting, no_consent])]],
    )

    # the preview again, and send
    ca_user.execute_kw("customer.archive.care.send", "action_preview", [[wizard]])
    ca_user.execute_kw("customer.archive.care.send", "action_send", [[wizard]])
    [log] = ca_user.execute_kw(
        "customer.archive.care.message",
        "search_read",
        [[("partner_id", "=", consenting)], ["state", "mail_id"]],
    )
    assert log["state"] == "queued"
    assert smtp_inbox.to(consenting_email) == [], "queued, not sent during the request"

    # the mail queue's scheduled action, run now by the administrator
    cron = admin.execute_kw(
        "ir.model.data", "check_object_reference", ["mail", "ir_cron_mail_scheduler_action"]
    )[1]
    admin.execute_kw("ir.cron", "method_direct_trigger", [[cron]])
    deadline = time.time() + 10
    while not smtp_inbox.to(consenting_email) and time.time() < deadline:
        time.sleep(0.2)
    [received] = smtp_inbox.to(consenting_email)
    assert "生日快乐" in received["Subject"]
    body = received.get_body(preferencelist=("html", "plain")).get_content()
    assert "王芳" in body and "生日快乐" in body
    assert smtp_inbox.to(no_consent_email) == []
    [mail] = admin.execute_kw("mail.mail", "read", [[log["mail_id"][0]], ["state"]])
    assert mail["state"] == "sent"
