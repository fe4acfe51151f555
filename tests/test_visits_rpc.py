"""Visits through the web client's RPC, as the demo salesperson ca_user (Asia/Shanghai, zh_CN):
the calendar's date range, *Done* without an outcome, *Plan Visit*'s proposed slot. The tests
remove what they create."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from conftest import RpcError

SHANGHAI = datetime.timedelta(hours=8)  # no daylight saving time in China
SLOTS = {"09:00", "10:30", "12:00", "13:30"}  # the company's default slots


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _dt(value):
    return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")


def _str(value):
    return value.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def sales(web_session):
    return web_session("ca_user")


@pytest.fixture(scope="module")
def archive(admin_rpc, sales):
    partner = admin_rpc.execute_kw(
        "res.partner",
        "create",
        [
            {
                "name": "RPC 拜访日历客户",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": sales.uid,
            }
        ],
    )
    yield partner
    visits = admin_rpc.execute_kw(
        "customer.archive.visit", "search", [[("partner_id", "=", partner)]]
    )
    admin_rpc.execute_kw("customer.archive.visit", "unlink", [visits])
    # archives are not deleted (destruction register only): the test archive is deactivated
    admin_rpc.execute_kw("res.partner", "write", [[partner], {"active": False}])


def _visit(sales, archive, planned, **vals):
    return sales.call_kw(
        "customer.archive.visit",
        "create",
        [
            {
                "partner_id": archive,
                "planned_date": _str(planned),
                **vals,
            }
        ],
    )


def test_calendar_range(sales, archive):
    """The calendar's domain on the start and the end of the visits (calendar view arch): a visit
    that ended before the week is left out, one that runs into it is shown."""
    views = sales.call_kw("customer.archive.visit", "get_views", [[[False, "calendar"]]])
    arch = ET.fromstring(views["views"]["calendar"]["arch"])
    date_start, date_stop = arch.get("date_start"), arch.get("date_stop")
    today = datetime.date.today()
    start = datetime.datetime.combine(
        today + datetime.timedelta(days=7 - today.weekday()), datetime.time.min
    )
    end = start + datetime.timedelta(days=7, seconds=-1)
    ended = _visit(sales, archive, start - datetime.timedelta(hours=3))
    running = _visit(sales, archive, start - datetime.timedelta(minutes=30))
    inside = _visit(sales, archive, start + datetime.timedelta(days=2, hours=2))
    result = sales.call_kw(
        "customer.archive.visit",
        "web_search_read",
        [],
        {
            "domain": [
                [date_start, "<=", _str(end)],
                [date_stop, ">=", _str(start)],
                ["id", "in", [ended, running, inside]],
            ],
            "specification": {"id": {}},
        },
    )
    assert {row["id"] for row in result["records"]} == {running, inside}


def test_done_needs_outcome_and_summary(sales, archive):
    visit = _visit(sales, archive, _utcnow() - datetime.timedelta(hours=1))
    with pytest.raises(RpcError) as error:
        sales.call_kw(
            "customer.archive.visit", "action_done", [[visit]], {"context": {"lang": "zh_CN"}}
        )
    assert error.value.name == "odoo.exceptions.ValidationError"
    assert "拜访结果" in error.value.message
    [row] = sales.call_kw("customer.archive.visit", "read", [[visit], ["state", "actual_end"]])
    assert (row["state"], row["actual_end"]) == ("planned", False)


def test_plan_visit_proposes_a_free_slot(sales, archive):
    action = sales.call_kw("res.partner", "action_plan_visit", [[archive]])
    proposed = _dt(action["context"]["default_planned_date"])
    assert proposed > _utcnow(), "not the current minute"
    local = proposed + SHANGHAI
    assert local.strftime("%H:%M") in SLOTS
    assert local.weekday() < 5
