"""The customer's satisfaction link (客户满意度) against a running server, WITHOUT login: a plain
HTTP client opens /customer_archive/rate/<token>, answers with a score and a comment; a score
outside 1 to 5, the reused link and an expired link are refused and change nothing."""

import datetime
import re

import pytest
import requests

from conftest import RpcError  # noqa: F401


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _fmt(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def sales(rpc):
    return rpc("ca_user")


@pytest.fixture(scope="module")
def visit(sales, admin_rpc):
    """A done visit of one of ca_user's customers, with a contact met who has an e-mail."""
    [archive] = sales.execute_kw(
        "res.partner",
        "search",
        [
            [
                ("is_customer_archive", "=", True),
                ("is_company", "=", True),
                ("user_id", "=", sales.uid),
            ]
        ],
        {"limit": 1},
    )
    contact = sales.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": "满意度测试联系人",
                "parent_id": archive,
                "type": "contact",
                "email": "satisfaction.link@example.com",
                "lang": "zh_CN",
            }
        ],
    )
    [outcome] = sales.execute_kw("customer.archive.visit.outcome", "search", [[]], {"limit": 1})
    start = _now() - datetime.timedelta(hours=3)
    visit = sales.execute_kw(
        "customer.archive.visit",
        "create",
        [{"partner_id": archive, "planned_date": _fmt(start), "contact_ids": [(6, 0, [contact])]}],
    )
    sales.execute_kw(
        "customer.archive.visit",
        "write",
        [
            [visit],
            {
                "actual_start": _fmt(start),
                "actual_end": _fmt(start + datetime.timedelta(hours=1)),
                "outcome_id": outcome,
                "summary": "<p>满意度回访</p>",
                "state": "done",
            },
        ],
    )
    yield visit
    admin_rpc.execute_kw("customer.archive.visit", "unlink", [[visit]])
    admin_rpc.execute_kw("res.partner", "unlink", [[contact]])


def _send(sales, visit):
    """ca_user sends the survey; the new rating (token, state) as ca_user reads it."""
    sales.execute_kw("customer.archive.visit", "action_satisfaction_send", [[visit]])
    return _rating(sales, visit, order="id desc")


def _rating(sales, visit, rating_id=None, order="id desc"):
    domain = [("res_model", "=", "customer.archive.visit"), ("res_id", "=", visit)]
    if rating_id:
        domain.append(("id", "=", rating_id))
    [row] = sales.execute_kw(
        "rating.rating",
        "search_read",
        [domain],
        {
            "fields": ["access_token", "consumed", "rating", "feedback", "satisfaction_expires_on"],
            "limit": 1,
            "order": order,
        },
    )
    return row


def _score(sales, visit):
    [row] = sales.execute_kw("customer.archive.visit", "read", [[visit], ["satisfaction_score"]])
    return row["satisfaction_score"]


def _open(http, server_url, token):
    return http.get(f"{server_url}/customer_archive/rate/{token}", timeout=60)


def _submit(http, server_url, token, csrf, rate, feedback=""):
    return http.post(
        f"{server_url}/customer_archive/rate/{token}/submit",
        data={"csrf_token": csrf, "rate": rate, "feedback": feedback},
        timeout=60,
    )


def _csrf(page):
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def test_rate_through_the_link_without_login(sales, visit, server_url):
    rating = _send(sales, visit)
    token = rating["access_token"]
    assert not rating["consumed"]
    http = requests.Session()  # no login: the visitor is the public user

    page = _open(http, server_url, token)
    assert page.status_code == 200
    assert sorted(re.findall(r'name="rate"[^>]*value="(\d)"', page.text)) == list("12345")
    assert "满意" in page.text, "the page is in the contact's language (zh_CN)"
    csrf = _csrf(page)

    # A score outside 1 to 5: a translated error, nothing changes.
    for bad in ("7", "0", "abc"):
        refused = _submit(http, server_url, token, csrf, bad, "坏分数")
        assert refused.status_code == 400, refused.text[:500]
        assert "1 到 5" in refused.text
    assert not _rating(sales, visit, rating["id"])["consumed"]
    assert _score(sales, visit) == 0

    done = _submit(http, server_url, token, csrf, "4", "拜访准时,很专业")
    assert done.status_code == 200, done.text[:500]
    assert "感谢" in done.text
    row = _rating(sales, visit, rating["id"])
    assert (row["consumed"], row["rating"], row["feedback"]) == (True, 4.0, "拜访准时,很专业")
    assert _score(sales, visit) == 4

    # The link used again: refused (page and submission), the score stays.
    again = _open(http, server_url, token)
    assert again.status_code == 410
    assert "已" in again.text and 'name="rate"' not in again.text
    reused = _submit(http, server_url, token, csrf, "1", "改主意了")
    assert reused.status_code == 410
    row = _rating(sales, visit, rating["id"])
    assert (row["rating"], row["feedback"]) == (4.0, "拜访准时,很专业")

    # Odoo's own rating route cannot change it either.
    stock = http.post(
        f"{server_url}/rate/{token}/submit_feedback",
        data={"csrf_token": csrf, "rate": "1", "feedback": "x"},
        timeout=60,
    )
    assert stock.status_code != 200
    assert _rating(sales, visit, rating["id"])["rating"] == 4.0


def test_expired_link_refused(sales, admin_rpc, visit, server_url):
    rating = _send(sales, visit)
    token = rating["access_token"]
    expires = datetime.datetime.strptime(rating["satisfaction_expires_on"], "%Y-%m-%d %H:%M:%S")
    assert 29 <= (expires - _now()).days <= 30, "valid 30 days by default"
    http = requests.Session()
    csrf = _csrf(_open(http, server_url, token))
    admin_rpc.execute_kw(
        "rating.rating",
        "write",
        [[rating["id"]], {"satisfaction_expires_on": _fmt(_now() - datetime.timedelta(days=1))}],
    )
    page = _open(http, server_url, token)
    assert page.status_code == 410
    assert "过期" in page.text
    late = _submit(http, server_url, token, csrf, "5", "迟到的评价")
    assert late.status_code == 410
    row = _rating(sales, visit, rating["id"])
    assert not row["consumed"] and row["feedback"] in (False, "")


def test_unknown_link(server_url):
    page = requests.get(f"{server_url}/customer_archive/rate/not-a-token", timeout=60)
    assert page.status_code == 404
