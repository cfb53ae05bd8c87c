"""Saving a questionnaire score from the web: the "Save to my diary" form on a result page
(``POST /questionnaires/{id}/save``) and ``POST /api/v1/diary/scores/{id}``; the saved score
then appears in the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backspasm.care.instruments import parse_score
from backspasm.knowledge.care import default_care_knowledge
from backspasm.web import Settings, create_app

PROBLEM = "application/problem+json"
STARTBACK = ["agree", "agree", "agree", "disagree", "agree", "agree", "agree", "disagree",
             "very much"]


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    with TestClient(create_app(Settings(database_url=db))) as c:
        yield c


def saved_scores(client: TestClient) -> list[dict]:
    return client.get("/api/v1/diary/export").json()["questionnaires"]


def test_the_result_page_offers_a_save_form_with_the_answers(client: TestClient) -> None:
    params = {f"i{n}": v for n, v in enumerate(STARTBACK, start=1)} | {"submitted": "1"}
    page = client.get("/questionnaires/startback", params=params).text
    assert '<form method="post" action="/questionnaires/startback/save">' in page
    for n, v in enumerate(STARTBACK, start=1):
        assert f'<input type="hidden" name="i{n}" value="{v}">' in page
    assert "Save to my diary" in page and "<script" not in page
    # the code shown is the total score's, not the questionnaire panel's
    assert "LOINC code of this score: 91351-7" in page and "91349-1" not in page
    # the form itself (not yet scored) has no save button
    assert "Save to my diary" not in client.get("/questionnaires/startback").text


def test_saving_from_the_page_stores_the_score_and_it_reaches_the_report(
        client: TestClient) -> None:
    care = default_care_knowledge()
    form = {f"i{n}": v for n, v in enumerate(STARTBACK, start=1)}
    r = client.post("/questionnaires/startback/save", data=form)
    assert r.status_code == 200
    assert 'id="saved"' in r.text and 'href="/report"' in r.text
    assert "Save to my diary" not in r.text  # not offered twice
    expected = parse_score("startback", {"items": STARTBACK}, care)
    assert expected.interpretation in r.text.replace("&#39;", "'")
    [stored] = saved_scores(client)
    assert stored["instrument"] == "startback" and stored["score"] == expected.score
    assert stored["band"] == "high"
    report = client.get("/api/v1/report").json()
    [q] = report["questionnaires"]
    assert (q["instrument"], q["score"], q["loinc"]) == ("startback", expected.score, "91351-7")
    assert "Keele STarT Back" in client.get("/report").text
    r = client.post("/questionnaires/odi/save", data={"score": "40", "previous": "60"})
    assert r.status_code == 200 and 'id="saved"' in r.text
    assert [s["instrument"] for s in saved_scores(client)] == ["startback", "odi"]


def test_the_score_is_worked_out_again_not_taken_from_the_form(client: TestClient) -> None:
    # a posted "score" field cannot change a STarT Back result: the items decide
    form = {f"i{n}": v for n, v in enumerate(STARTBACK, start=1)} | {"score": "0"}
    assert client.post("/questionnaires/startback/save", data=form).status_code == 200
    expected = parse_score("startback", {"items": STARTBACK}, default_care_knowledge())
    assert expected.score == 7 and saved_scores(client)[0]["score"] == 7.0


@pytest.mark.parametrize("path, form, status, words", [
    ("/questionnaires/startback/save", {"i1": "agree"}, 400, "Please answer every statement"),
    ("/questionnaires/rmdq/save", {"score": "30"}, 400, "from 0 to 24"),
    ("/questionnaires/pain/save", {"score": "lots"}, 400, "Please give the scores as numbers"),
    ("/questionnaires/pain/save", {}, 400, "Please give a score"),
    ("/questionnaires/iq/save", {"score": "3"}, 404, "There is no such questionnaire"),
])
def test_bad_answers_store_nothing(client: TestClient, path: str, form: dict, status: int,
                                   words: str) -> None:
    client.post("/api/v1/diary/scores/pain", json={"score": 4})  # already stored: kept
    r = client.post(path, data=form)
    assert r.status_code == status and words in r.text and "Traceback" not in r.text
    assert [s["score"] for s in saved_scores(client)] == [4.0]


@pytest.mark.parametrize("headers", [
    {"sec-fetch-site": "cross-site"},
    {"origin": "https://evil.example"},
    {"origin": "null"},
])
def test_a_post_from_another_site_is_refused(client: TestClient, headers: dict) -> None:
    r = client.post("/questionnaires/pain/save", data={"score": "6"}, headers=headers)
    assert r.status_code == 403 and "another website" in r.text
    assert saved_scores(client) == []
    same = client.post("/questionnaires/pain/save", data={"score": "6"},
                       headers={"sec-fetch-site": "same-origin"})
    assert same.status_code == 200 and len(saved_scores(client)) == 1


def test_the_api_saves_a_score(client: TestClient) -> None:
    r = client.post("/api/v1/diary/scores/odi",
                    json={"sections": [3, 2, 1, 2, 3, 1, 2, 0, 1, 3]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] >= 1 and body["score"]["score"] == 36.0
    assert body["score"]["loinc"] == "97909-6" and body["score"]["loinc_panel"] == "97908-8"
    # the same as scoring without saving
    assert client.post("/api/v1/scores/odi", json={"sections": [3, 2, 1, 2, 3, 1, 2, 0, 1, 3]}
                       ).json() == body["score"]
    assert [q["score"] for q in client.get("/api/v1/report").json()["questionnaires"]] == [36.0]


@pytest.mark.parametrize("path, kwargs, status, field", [
    ("/api/v1/diary/scores/pain", {"json": {"score": 11}}, 422, None),
    ("/api/v1/diary/scores/iq", {"json": {"score": 1}}, 422, "questionnaire"),
    ("/api/v1/diary/scores/pain", {"content": '{"score": 6}',
                                   "headers": {"content-type": "text/plain"}}, 415, None),
])
def test_api_bad_answers_are_problems_and_store_nothing(
        client: TestClient, path: str, kwargs: dict, status: int, field: str | None) -> None:
    r = client.post(path, **kwargs)
    assert r.status_code == status and r.headers["content-type"].startswith(PROBLEM)
    assert r.json().get("field") == field and r.json()["detail"].endswith(".")
    assert saved_scores(client) == []
