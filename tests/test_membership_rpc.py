"""Membership over JSON-RPC as the demo users: the salesperson ca_user (张伟, zh_CN) reads the
member card, points and level of his archives, and no card, point or history of an archive he
may not see — neither through the archive nor through Odoo's loyalty models."""

import pytest

from conftest import RpcError

MEMBER_FIELDS = ["member_card_code", "member_program_id", "member_points", "member_level_id"]


@pytest.fixture(scope="module")
def cards(admin):
    """{card code: (card id, archive id)} of the demo programme 会员积分."""
    rows = admin.execute_kw(
        "loyalty.card",
        "search_read",
        [[("code", "in", ["HY-0001", "HY-0002", "HY-0003", "HY-0004"])]],
        {"fields": ["code", "partner_id"]},
    )
    return {row["code"]: (row["id"], row["partner_id"][0]) for row in rows}


@pytest.fixture(scope="module")
def hidden(ca_user, cards):
    """A demo card whose archive ca_user may not see."""
    visible = set(
        ca_user.execute_kw(
            "res.partner", "search", [[("id", "in", [a for _c, a in cards.values()])]]
        )
    )
    codes = [code for code, (_card, archive) in sorted(cards.items()) if archive not in visible]
    assert codes, "every demo member card is visible to ca_user"
    return codes[0]


def test_salesperson_sees_his_member_card(web_session, cards):
    session = web_session("ca_user")
    _card, archive = cards["HY-0001"]  # 西湖茶业, 张伟's archive
    [row] = session.call("res.partner", "read", [[archive], MEMBER_FIELDS])
    assert row["member_card_code"] == "HY-0001"
    assert row["member_program_id"][1] == "会员积分"
    assert row["member_points"] == 12580.0
    assert row["member_level_id"][1] == "金卡会员"
    [card] = session.call("loyalty.card", "read", [[cards["HY-0001"][0]], ["points"]])
    assert card["points"] == 12580.0


def test_no_card_of_an_invisible_archive(ca_user, web_session, cards, hidden):
    card, archive = cards[hidden]
    with pytest.raises(RpcError):
        ca_user.execute_kw("res.partner", "read", [[archive], MEMBER_FIELDS])
    session = web_session("ca_user")
    with pytest.raises(RpcError):
        session.call(
            "res.partner",
            "web_read",
            [[archive]],
            specification={"member_card_ids": {"fields": {"code": {}, "points": {}}}},
        )
    codes = [
        r["code"]
        for r in ca_user.execute_kw("loyalty.card", "search_read", [[]], {"fields": ["code"]})
    ]
    assert "HY-0001" in codes and hidden not in codes
    with pytest.raises(RpcError):
        ca_user.execute_kw("loyalty.card", "read", [[card], ["points", "partner_id"]])
    groups = ca_user.execute_kw(
        "loyalty.card", "read_group", [[], ["points:sum"], ["partner_id"]], {"lazy": False}
    )
    assert archive not in [g["partner_id"][0] for g in groups if g["partner_id"]]
    assert not ca_user.execute_kw("loyalty.history", "search", [[("card_id", "=", card)]])


def test_officer_sees_the_diamond_card(web_session, cards):
    officer = web_session("ca_officer")  # 李娜, zh_CN
    _card, archive = cards["HY-0003"]  # 金陵文具, 李娜's archive
    [row] = officer.call("res.partner", "read", [[archive], MEMBER_FIELDS])
    assert row["member_points"] == 26000.0
    assert row["member_level_id"][1] == "钻石会员"
