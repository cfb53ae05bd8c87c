"""The report on the web: the ``/report`` page, its stylesheet, and ``GET /api/v1/report``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from backspasm.knowledge import Knowledge
from backspasm.web import Settings, create_app

PROBLEM = "application/problem+json"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    with TestClient(create_app(Settings(database_url=db))) as c:
        yield c


def seed(client: TestClient, flag: bool = False) -> None:
    today = dt.date.today()
    r = client.post("/api/v1/diary/episodes", json={
        "started": (today - dt.timedelta(days=4)).isoformat(), "worst_pain": 8})
    assert r.status_code == 201, r.text
    for i in range(4, -1, -1):
        body = {"day": (today - dt.timedelta(days=i)).isoformat(), "pain": 8 - (4 - i),
                "function": 3}
        if flag and i == 0:
            body["red_flags"] = ["saddle_numbness"]
        assert client.post("/api/v1/diary/checkins", json=body).status_code == 201


def test_an_empty_diary_is_a_404_problem(client: TestClient) -> None:
    for fmt in ("json", "fhir"):
        r = client.get(f"/api/v1/report?format={fmt}")
        assert r.status_code == 404 and r.headers["content-type"].startswith(PROBLEM)
        body = r.json()
        assert body["type"] == "urn:backspasm:problem:report-empty"
        assert body["detail"].startswith("The diary of 'me' holds nothing to report")
        assert body["detail"].count(".") == 1


def test_a_bad_format_is_a_422_problem(client: TestClient) -> None:
    r = client.get("/api/v1/report?format=pdf")
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["field"] == "format"


def test_json_and_fhir(client: TestClient, knowledge: Knowledge) -> None:
    seed(client)
    r = client.get("/api/v1/report")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert len(data["checkins"]) == 5 and data["episodes"][0]["worst_pain"] == 8
    assert data["insights"]["recovery"]["days"] == 4
    r = client.get("/api/v1/report?format=fhir")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(r.text)
    assert bundle.type == "collection"
    # patient, five pains, five function scores, the episode
    assert len(bundle.entry) == 1 + 5 + 5 + 1


def test_page_with_a_danger_sign_shows_it_first(client: TestClient, knowledge: Knowledge) -> None:
    seed(client, flag=True)
    r = client.get("/report")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.index('id="headline"') < html.index("<h1>")
    assert "EMERGENCY" in html[:html.index("<h1>")]
    assert knowledge.findings["saddle_numbness"].label in html
    assert '<link rel="stylesheet" href="/report/report.css">' in html
    assert "<style>" not in html and "<script" not in html
    css = client.get("/report/report.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "@media print" in css.text


def test_empty_page_points_to_the_diary(client: TestClient) -> None:
    r = client.get("/report")
    assert r.status_code == 200
    assert "Nothing to report yet" in r.text and 'href="/diary"' in r.text


def test_the_diary_page_links_to_the_report(client: TestClient) -> None:
    r = client.get("/diary")
    assert r.status_code == 200 and 'href="/report"' in r.text


def test_the_openapi_schema_documents_the_report(client: TestClient) -> None:
    op = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/report"]["get"]
    assert {"200", "404", "422", "503"} <= set(op["responses"])
    assert PROBLEM in op["responses"]["404"]["content"]
    assert "application/fhir+json" in op["responses"]["200"]["content"]
    params = {p["name"]: p for p in op["parameters"]}
    for name in ("since", "until"):
        assert "inclusive" in params[name]["description"]
    save = client.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/diary/scores/{questionnaire}"]["post"]
    assert {"201", "415", "422", "503"} <= set(save["responses"])


def test_since_and_until_limit_the_api_report(client: TestClient) -> None:
    seed(client)
    today = dt.date.today()
    since, until = today - dt.timedelta(days=3), today - dt.timedelta(days=2)
    r = client.get(f"/api/v1/report?since={since}&until={until}")
    assert r.status_code == 200, r.text
    data = r.json()
    assert [c["day"] for c in data["checkins"]] == [since.isoformat(), until.isoformat()]
    assert len(data["episodes"]) == 1  # started four days ago: overlaps, kept
    assert data["since"] == since.isoformat() and data["until"] == until.isoformat()
    assert data["covers"].startswith(f"From {since} to {until}")
    r = client.get(f"/api/v1/report?format=fhir&since={today}")
    bundle = Bundle.model_validate_json(r.text)
    assert len(bundle.entry) == 1 + 1 + 1 + 1  # patient, today's pain and function, episode
    assert bundle.meta.tag[0].code == f"{today}/{today}"
    r = client.get("/api/v1/report?since=2000-01-01&until=2000-01-31")
    assert r.status_code == 404 and "holds nothing between 2000-01-01 and 2000-01-31" in (
        r.json()["detail"])


@pytest.mark.parametrize("query, field, words", [
    ("since=yesterday", "since", "The parameter since must be a date written as YYYY-MM-DD"),
    ("until=2026-13-01", "until", "The parameter until must be a date written as YYYY-MM-DD"),
    ("since=2026-03-02&until=2026-03-01", "since",
     "The parameter since (2026-03-02) is after until"),
])
def test_a_bad_window_is_a_422_problem_naming_the_parameter(
        client: TestClient, query: str, field: str, words: str) -> None:
    seed(client)
    for fmt in ("json", "fhir"):
        r = client.get(f"/api/v1/report?format={fmt}&{query}")
        assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
        body = r.json()
        assert body["field"] == field and body["status"] == 422
        assert body["type"] == "urn:backspasm:problem:invalid-report-window"
        assert body["detail"].startswith(words) and body["detail"].endswith(".")


def test_the_page_has_a_window_form_and_says_which_days(client: TestClient) -> None:
    seed(client)
    today = dt.date.today()
    since = today - dt.timedelta(days=1)
    html = client.get("/report").text
    assert '<form class="screen-only window" method="get" action="/report"' in html
    assert 'name="since"' in html and 'name="until"' in html and "<script" not in html
    assert f"Everything in the diary up to {today}" in html
    r = client.get(f"/report?since={since}")
    assert r.status_code == 200
    assert f"From {since} to {today}" in r.text
    assert f'value="{since}"' in r.text
    # the links to the JSON and FHIR forms keep the window
    assert f"/api/v1/report?format=fhir&amp;since={since}" in r.text
    r = client.get("/report?since=2000-01-01&until=2000-01-02")
    assert r.status_code == 200 and "Nothing to report for these days" in r.text


@pytest.mark.parametrize("query, words", [
    ("since=03/01/2026", "The first day must be a date written as YYYY-MM-DD"),
    ("until=soon", "The last day must be a date written as YYYY-MM-DD"),
    ("since=2026-03-02&until=2026-03-01", "The first day comes after the last day"),
])
def test_a_bad_window_on_the_page_is_a_readable_message(
        client: TestClient, query: str, words: str) -> None:
    seed(client)
    r = client.get(f"/report?{query}")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert words in r.text and "Traceback" not in r.text
    assert 'action="/report"' in r.text  # the form again, to correct it
