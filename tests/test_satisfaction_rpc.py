"""Satisfaction scores and their analysis over JSON-RPC as the demo users: ca_user reads
(search_read, read_group) only the scores of archives they can see, cannot export them; an
archive manager sees and exports all."""

import datetime

import pytest

from conftest import RpcError

REPORT = "customer.archive.satisfaction.report"


@pytest.fixture(scope="module")
def scores(admin_rpc, clients):
    """A score on a visit of ca_user's own archive and one on an archive only ca_officer sees."""
    uid = {login: client.uid for login, client in clients.items()}
    [model_id] = admin_rpc.execute_kw(
        "ir.model", "search", [[("model", "=", "customer.archive.visit")]]
    )
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    created = {"archives": [], "visits": [], "ratings": []}

    def score(name, user, value):
        archive = admin_rpc.execute_kw(
            "res.partner",
            "create",
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_customer_archive": True,
                    "user_id": user,
                    "keeper_id": user,
                }
            ],
        )
        visit = admin_rpc.execute_kw(
            "customer.archive.visit", "create", [{"partner_id": archive, "user_id": user}]
        )
        rating = admin_rpc.execute_kw(
            "rating.rating",
            "create",
            [
                {
                    "res_model_id": model_id,
                    "res_id": visit,
                    "archive_id": archive,
                    "partner_id": archive,
                    "rating": value,
                    "consumed": True,
                    "satisfaction_source": "manual",
                    "satisfaction_date": now,
                    "feedback": f"{name} 的评语",
                }
            ],
        )
        created["archives"].append(archive)
        created["visits"].append(visit)
        created["ratings"].append(rating)
        return archive, rating

    data = {
        "own": score("RPC 满意度自有客户", uid["ca_user"], 5),
        "foreign": score("RPC 满意度他人客户", uid["ca_officer"], 1),
    }
    yield data
    admin_rpc.execute_kw("rating.rating", "unlink", [created["ratings"]])
    admin_rpc.execute_kw("customer.archive.visit", "unlink", [created["visits"]])
    admin_rpc.execute_kw("res.partner", "write", [created["archives"], {"active": False}])


def _domain(scores):
    return [("archive_id", "in", [scores["own"][0], scores["foreign"][0]])]


def test_user_reads_only_visible_scores(clients, scores):
    user = clients["ca_user"]
    rows = user.execute_kw(
        REPORT, "search_read", [_domain(scores)], {"fields": ["archive_id", "score"]}
    )
    assert [(r["archive_id"][0], r["score"]) for r in rows] == [(scores["own"][0], 5.0)]
    groups = user.execute_kw(REPORT, "read_group", [_domain(scores), ["score:avg"], ["archive_id"]])
    assert [g["archive_id"][0] for g in groups] == [scores["own"][0]]
    assert groups[0]["score"] == 5.0
    ratings = user.execute_kw(
        "rating.rating", "search_read", [_domain(scores)], {"fields": ["feedback"]}
    )
    assert [r["id"] for r in ratings] == [scores["own"][1]]
    with pytest.raises(RpcError) as refused:
        user.execute_kw("rating.rating", "read", [[scores["foreign"][1]], ["feedback"]])
    assert "AccessError" in refused.value.name


def test_user_cannot_export_scores(clients, scores):
    user = clients["ca_user"]
    for model, record in ((REPORT, scores["own"][1]), ("rating.rating", scores["own"][1])):
        with pytest.raises(RpcError) as refused:
            user.execute_kw(model, "export_data", [[record], ["archive_id", "feedback"]])
        assert "AccessError" in refused.value.name


def test_manager_sees_and_exports_all(clients, scores):
    manager = clients["ca_manager"]
    groups = manager.execute_kw(
        REPORT, "read_group", [_domain(scores), ["score:avg"], ["archive_id"]]
    )
    assert {g["archive_id"][0]: g["score"] for g in groups} == {
        scores["own"][0]: 5.0,
        scores["foreign"][0]: 1.0,
    }
    ids = manager.execute_kw(REPORT, "search", [_domain(scores)])
    exported = manager.execute_kw(REPORT, "export_data", [ids, ["archive_id", "score"]])["datas"]
    assert sorted(row[1] for row in exported) == [1.0, 5.0]


def test_score_outside_range_refused_over_rpc(clients, scores):
    manager = clients["ca_manager"]
    with pytest.raises(RpcError) as refused:
        manager.execute_kw("rating.rating", "write", [[scores["own"][1]], {"rating": 8}])
    assert "ValidationError" in refused.value.name
    [row] = manager.execute_kw("rating.rating", "read", [[scores["own"][1]], ["rating"]])
    assert row["rating"] == 5.0
