"""Both languages of the demo over HTTP, as the users see them: each demo user logs in with the
language and time zone of their preferences, the English twin of a role reads English labels and
messages, the Chinese user Chinese ones (docs/GLOSSARY.md)."""

import pytest

from conftest import RpcError

# field -> (English label, Chinese label)
LABELS = {
    "credit_code": ("Unified Social Credit Code", "统一社会信用代码"),
    "keeper_id": ("Archive Keeper", "档案保管人"),
    "user_id": ("Salesperson", "业务员"),
}


@pytest.fixture(scope="module")
def sessions(web_session):
    return {"en_US": web_session("ca_user_en"), "zh_CN": web_session("ca_user")}


def test_demo_users_log_in_with_their_language_and_time_zone(sessions):
    for lang, session in sessions.items():
        assert session.user_context.get("lang") == lang
        assert session.user_context.get("tz") == "Asia/Shanghai"


@pytest.mark.parametrize("field", sorted(LABELS))
def test_english_user_reads_english_labels_chinese_user_chinese(sessions, field):
    english, chinese = LABELS[field]
    for lang, expected in (("en_US", english), ("zh_CN", chinese)):
        session = sessions[lang]
        desc = session.call_kw(
            "res.partner",
            "fields_get",
            [[field]],
            {"attributes": ["string"], "context": session.user_context},
        )
        assert desc[field]["string"] == expected, (lang, desc)


def test_both_languages_can_be_chosen(rpc):
    user = rpc("ca_user_en")
    codes = {
        lang["code"]
        for lang in user.execute_kw("res.lang", "search_read", [[]], {"fields": ["code"]})
    }
    assert {"en_US", "zh_CN"} <= codes


def test_refusal_in_the_language_of_the_user(sessions):
    """The same invalid credit code is refused in each user's own language."""
    messages = {}
    for lang, session in sessions.items():
        with pytest.raises(RpcError) as info:
            session.call_kw(
                "res.partner",
                "create",
                [
                    {
                        "name": "Language Test Co. 语言测试有限公司",
                        "is_company": True,
                        "is_customer_archive": True,
                        "credit_code": "91350100M000100Y44",
                    }
                ],
                {"context": session.user_context},
            )
        assert info.value.name == "odoo.exceptions.ValidationError", info.value
        messages[lang] = info.value.message
    assert "Unified Social Credit Code" in messages["en_US"], messages
    assert "统一社会信用代码" in messages["zh_CN"], messages
    assert "无效" in messages["zh_CN"] and "not valid" in messages["en_US"], messages
