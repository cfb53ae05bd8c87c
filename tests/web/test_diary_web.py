"""The diary on the web: ``/api/v1/diary`` and the ``/diary`` pages, on a throwaway SQLite file.

Each test gets its own app and database (``diary_client``), so what one test stores cannot
make another pass; "persists" is checked by reading back through a second request and
through a fresh app opened on the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backspasm.web import Settings, create_app

API = "/api/v1/diary"
PROBLEM = "application/problem+json"
TODAY = dt.date.today()


def day(n: int) -> str:
    """``n`` days before today, as the API writes dates."""
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite3'}"


@pytest.fixture()
def diary_client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=db_url))) as c:
        yield c


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"].endswith(".")
    assert "Traceback" not in body["detail"]
    if field is not None:
        assert body.get("field") == field
    return dict(body)


# -- API: check-ins -----------------------------------------------------------------------

def test_checkin_is_stored_and_read_back(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/checkins", json={
        "day": day(1), "pain": 6, "function": 4, "sleep_hours": 5.5, "stress": 7,
        "medicines": ["Ibuprofen", "ibuprofen"], "notes": "stiff after the drive"})
    assert r.status_code == 201
    body = r.json()
    assert body["outcome"] == "added"
    assert body["triage"] is None
    assert body["checkin"]["medicines"] == ["ibuprofen"]
    again = diary_client.post(f"{API}/checkins", json={"day": day(1), "pain": 6, "function": 4,
                              "sleep_hours": 5.5, "stress": 7, "medicines": ["ibuprofen"],
                              "notes": "stiff after the drive"})
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    listed = diary_client.get(f"{API}/checkins").json()
    assert [(c["day"], c["pain"], c["function"]) for c in listed] == [(day(1), 6, 4)]


def test_checkin_day_defaults_to_today(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/checkins", json={"pain": 3})
    assert r.status_code == 201
    assert r.json()["checkin"]["day"] == TODAY.isoformat()


def test_red_flag_checkin_returns_the_triage_first(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/checkins", json={"pain": 7,
                                                   "red_flags": ["saddle_numbness"]})
    assert r.status_code == 201
    body = r.json()
    assert list(body)[0] == "triage"
    assert body["triage"]["disposition"] == "emergency"
    assert body["checkin"]["red_flags"] == ["saddle_numbness"]
    # the triage is kept in the diary too, with the knowledge version that produced it
    exported = diary_client.get(f"{API}/export").json()
    assert [a["disposition"] for a in exported["assessments"]] == ["emergency"]


def test_a_different_checkin_for_the_same_day_is_a_conflict_until_replaced(
    diary_client: TestClient,
) -> None:
    assert diary_client.post(f"{API}/checkins", json={"day": day(0), "pain": 5}).status_code == 201
    clash = diary_client.post(f"{API}/checkins", json={"day": day(0), "pain": 2})
    body = assert_problem(clash, 409)
    assert "replace" in str(body["detail"]) and "--replace" not in str(body["detail"])
    assert [c["pain"] for c in diary_client.get(f"{API}/checkins").json()] == [5]
    done = diary_client.post(f"{API}/checkins", json={"day": day(0), "pain": 2, "replace": True})
    assert done.status_code == 200 and done.json()["outcome"] == "replaced"
    assert [c["pain"] for c in diary_client.get(f"{API}/checkins").json()] == [2]


@pytest.mark.parametrize(("body", "field"), [
    ({"pain": 11}, "pain"),
    ({"pain": -1}, "pain"),
    ({}, "pain"),
    ({"pain": "a lot"}, "pain"),
    ({"pain": 3, "function": 12}, "function"),
    ({"pain": 3, "sleep_hours": 25}, "sleep_hours"),
    ({"pain": 3, "day": "yesterday"}, "day"),
    ({"pain": 3, "day": "9999-12-31"}, "day"),
    ({"pain": 3, "day": "0001-01-01"}, "day"),
    ({"pain": 3, "mood": "low"}, "mood"),
    ({"pain": 3, "red_flags": ["fever", "green_toes"]}, "red_flags[1]"),
    ({"pain": 3, "red_flags": ["muscle_spasm"]}, None),
])
def test_bad_checkin_is_a_problem_naming_the_field(
    diary_client: TestClient, body: dict[str, object], field: str | None,
) -> None:
    r = diary_client.post(f"{API}/checkins", json=body)
    problem = assert_problem(r, 422)
    if field is not None:
        assert problem["field"] == field
        assert field.split("[")[0] in str(problem["detail"]) or field == "red_flags[1]"
    assert diary_client.get(f"{API}/checkins").json() == []


def test_a_non_danger_finding_is_not_accepted_as_a_red_flag(diary_client: TestClient) -> None:
    from backspasm.knowledge.loader import default_knowledge

    ordinary = next(f.id for f in default_knowledge().findings.values() if not f.red_flag)
    r = diary_client.post(f"{API}/checkins", json={"pain": 3, "red_flags": [ordinary]})
    problem = assert_problem(r, 422, "red_flags[0]")
    assert ordinary in str(problem["detail"])


def test_checkins_between_two_days(diary_client: TestClient) -> None:
    for n, pain in ((5, 8), (3, 6), (1, 4)):
        diary_client.post(f"{API}/checkins", json={"day": day(n), "pain": pain})
    got = diary_client.get(f"{API}/checkins", params={"since": day(4), "until": day(2)}).json()
    assert [c["pain"] for c in got] == [6]
    assert [c["pain"] for c in diary_client.get(
        f"{API}/checkins", params={"since": day(3)}).json()] == [6, 4]
    assert_problem(diary_client.get(f"{API}/checkins", params={"since": "soon"}), 422, "since")


# -- API: episodes ------------------------------------------------------------------------

def test_episode_start_overlap_and_end(diary_client: TestClient) -> None:
    r = diary_client.post(f"{API}/episodes", json={
        "started": day(6), "worst_pain": 8, "triggers": "lifting; gardening"})
    assert r.status_code == 201
    assert r.json()["episode"]["triggers"] == ["lifting", "gardening"]
    overlap = assert_problem(
        diary_client.post(f"{API}/episodes", json={"started": day(2), "worst_pain": 5}), 409)
    assert "/api/v1/diary/episodes/end" in str(overlap["detail"])
    ended = diary_client.post(f"{API}/episodes/end", json={"day": day(1)})
    assert ended.status_code == 200 and ended.json()["ended"] == day(1)
    assert_problem(diary_client.post(f"{API}/episodes/end", json={}), 409)
    assert [(e["started"], e["ended"]) for e in diary_client.get(f"{API}/episodes").json()] == [
        (day(6), day(1))]


@pytest.mark.parametrize(("body", "field"), [
    ({"worst_pain": 5}, "started"),
    ({"started": "2026-02-30", "worst_pain": 5}, "started"),
    ({"started": day(3), "worst_pain": 5, "location": "knee"}, "location"),
    ({"started": day(3), "ended": day(5), "worst_pain": 5}, None),
])
def test_bad_episode_is_a_problem(
    diary_client: TestClient, body: dict[str, object], field: str | None,
) -> None:
    assert_problem(diary_client.post(f"{API}/episodes", json=body), 422, field)
    assert diary_client.get(f"{API}/episodes").json() == []


def test_ending_before_the_start_is_refused(diary_client: TestClient) -> None:
    diary_client.post(f"{API}/episodes", json={"started": day(2), "worst_pain": 6})
    assert_problem(diary_client.post(f"{API}/episodes/end", json={"day": day(4)}), 409)
    assert_problem(diary_client.post(f"{API}/episodes/end", json={"day": "nope"}), 422, "day")


# -- API: insights, chart, export ---------------------------------------------------------

def test_insights_chart_and_export(diary_client: TestClient) -> None:
    diary_client.post(f"{API}/episodes", json={"started": day(10), "worst_pain": 8})
    for n in range(10, -1, -1):
        pain = 3 if n > 2 else 7  # better, then clearly worse over the last three days
        diary_client.post(f"{API}/checkins", json={"day": day(n), "pain": pain, "function": 5})
    insights = diary_client.get(f"{API}/insights")
    assert insights.status_code == 200
    body = insights.json()
    assert body["checkins"] == 11 and body["episodes"] == 1
    assert body["recovery"]["episode_started"] == day(10)
    # pain rising again over the last days: the core warns and asks for a re-assessment
    assert "getting_worse" in [a["kind"] for a in body["alerts"]], body
    assert all(a["reassess"] for a in body["alerts"] if a["kind"] == "getting_worse")
    chart = diary_client.get(f"{API}/chart.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.startswith("<svg") and "<title>" in chart.text
    since = diary_client.get(f"{API}/chart.svg", params={"since": day(2)})
    assert since.status_code == 200 and since.text != chart.text
    exported = diary_client.get(f"{API}/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    doc = exported.json()
    assert doc["format"] == "backspasm-diary"
    assert len(doc["checkins"]) == 11 and len(doc["episodes"]) == 1


def test_an_empty_diary_has_insights_and_a_chart(diary_client: TestClient) -> None:
    body = diary_client.get(f"{API}/insights").json()
    assert body["checkins"] == 0 and body["recovery"] is None
    assert diary_client.get(f"{API}/chart.svg").text.startswith("<svg")


def test_data_persist_across_apps_on_the_same_database(db_url: str) -> None:
    with TestClient(create_app(Settings(database_url=db_url))) as first:
        first.post(f"{API}/checkins", json={"day": day(2), "pain": 4})
        first.post(f"{API}/episodes", json={"started": day(3), "worst_pain": 7})
    with TestClient(create_app(Settings(database_url=db_url))) as second:
        assert [c["pain"] for c in second.get(f"{API}/checkins").json()] == [4]
        assert [e["started"] for e in second.get(f"{API}/episodes").json()] == [day(3)]


def test_an_unusable_database_is_a_problem_not_a_500(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for url in ("mysql://nobody@localhost/diary", f"sqlite:///{blocker}/diary.sqlite3"):
        with TestClient(create_app(Settings(database_url=url))) as c:
            problem = assert_problem(c.get(f"{API}/checkins"), 503)
            assert problem["title"] == "Diary unavailable"
            # the rest of the app still works
            assert c.get("/api/v1/health").status_code == 200
            page = c.get("/diary")
            assert page.status_code == 503 and "text/html" in page.headers["content-type"]


def test_the_openapi_schema_documents_the_diary(diary_client: TestClient) -> None:
    schema = diary_client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, method in [("/checkins", "post"), ("/checkins", "get"), ("/episodes", "post"),
                         ("/episodes/end", "post"), ("/insights", "get"),
                         ("/chart.svg", "get"), ("/export", "get")]:
        assert method in paths[API + path], path
    post = paths[f"{API}/checkins"]["post"]
    ok = post["responses"]["201"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/CheckInResult")
    assert PROBLEM in post["responses"]["409"]["content"]
    assert "image/svg+xml" in paths[f"{API}/chart.svg"]["get"]["responses"]["200"]["content"]
    for name in ("CheckInResult", "Insights", "DiaryExport", "EpisodeResult"):
        assert name in schema["components"]["schemas"]
