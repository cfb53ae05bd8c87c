"""Importing a diary file on the web: the page ``/diary/import`` and
``POST /api/v1/diary/import``, each on throwaway SQLite files.

The original diary is written through the store (episodes, check-ins, a ticked danger sign
with its stored triage, a questionnaire score), exported, and imported into an empty diary;
the second diary's export must equal the first. Every bad file must leave what is stored
exactly as it was.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backspasm.core.diary import CheckIn, Episode
from backspasm.core.diary_csv import to_csv
from backspasm.knowledge import Knowledge
from backspasm.store import open_store
from backspasm.web import Settings, create_app

API = "/api/v1/diary"
PROBLEM = "application/problem+json"
LIMIT = 20_000  # bytes; small so that the "too large" cases stay cheap


def make_client(url: str, **settings: Any) -> TestClient:
    return TestClient(create_app(Settings(database_url=url, max_import_bytes=LIMIT,
                                          **settings)))


@pytest.fixture()
def original(tmp_path: Path, knowledge: Knowledge) -> str:
    """A diary with a bit of everything, written through the store as the CLI would."""
    url = f"sqlite:///{tmp_path / 'original.sqlite3'}"
    store = open_store(url)
    try:
        diary = store.diary("me")
        diary.add_episode(Episode.model_validate(
            {"started": "2026-02-01", "ended": "2026-02-06", "worst_pain": 8,
             "location": "lower", "triggers": ["lifting"], "helped": ["walking"]}))
        diary.add_episode(Episode.model_validate({"started": "2026-02-20", "worst_pain": 5,
                                                  "notes": "after gardening"}))
        for n, pain in enumerate((7, 6, 4, 3), start=2):
            diary.record_checkin(CheckIn.model_validate(
                {"day": f"2026-02-0{n}", "pain": pain, "function": 10 - pain,
                 "sleep_hours": 6.5, "stress": 4, "medicines": ["ibuprofen"],
                 "notes": "stiff, then better; walked"}), knowledge)
        done = diary.record_checkin(CheckIn.model_validate(
            {"day": "2026-02-21", "pain": 6, "red_flags": ["fever"]}), knowledge)
        assert done.assessment is not None  # the triage is stored with the diary
        diary.save_questionnaire("odi", 32.0, "moderate", {"q1": 2}, knowledge.version)
    finally:
        store.close()
    return url


@pytest.fixture()
def exported(original: str) -> dict[str, Any]:
    with make_client(original) as c:
        r = c.get(f"{API}/export")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    assert all(body[k] for k in ("episodes", "checkins", "assessments", "questionnaires"))
    return body


@pytest.fixture()
def empty(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(f"sqlite:///{tmp_path / 'empty.sqlite3'}") as c:
        yield c


def contents(client: TestClient) -> dict[str, Any]:
    """The diary as exported, without the moment of the export."""
    body: dict[str, Any] = client.get(f"{API}/export").json()
    body.pop("exported")
    return body


def same_diary(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {k: v for k, v in a.items() if k != "exported"} == \
        {k: v for k, v in b.items() if k != "exported"}


def upload(client: TestClient, name: str, data: bytes, kind: str = "application/json") -> Any:
    return client.post("/diary/import", files={"file": (name, data, kind)})


def page_error(response: Any) -> str:
    """The one sentence in the page's error summary."""
    found = re.findall(r'<p class="error">(.*?)</p>', response.text, re.S)
    assert len(found) == 1, response.text
    return html_lib.unescape(found[0])


def page_counts(response: Any) -> dict[str, tuple[int, int]]:
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td></tr>',
                      response.text)
    return {label: (int(added), int(there)) for label, added, there in rows}


# -- the API -------------------------------------------------------------------------------

def test_api_round_trip_into_an_empty_diary_equals_the_original(
    exported: dict[str, Any], empty: TestClient,
) -> None:
    r = empty.post(f"{API}/import", json=exported)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {k: body[k] for k in ("episodes", "checkins", "assessments", "questionnaires")} == {
        "episodes": {"added": 2, "already_there": 0},
        "checkins": {"added": 5, "already_there": 0},
        "assessments": {"added": 1, "already_there": 0},
        "questionnaires": {"added": 1, "already_there": 0},
    }
    assert "check-ins: 5 imported, 0 already in the diary" in body["summary"]
    assert same_diary(contents(empty), exported)
    # the same export again adds nothing
    again = empty.post(f"{API}/import", json=exported).json()
    assert [again[k]["added"] for k in ("episodes", "checkins", "assessments",
                                        "questionnaires")] == [0, 0, 0, 0]
    assert [again[k]["already_there"] for k in ("episodes", "checkins", "assessments",
                                                "questionnaires")] == [2, 5, 1, 1]
    assert same_diary(contents(empty), exported)


def assert_problem(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    detail = body["detail"]
    assert isinstance(detail, str) and detail.endswith(".") and "\n" not in detail
    assert "Traceback" not in detail
    return str(detail)


GOOD = {"checkins": [{"day": "2026-03-01", "pain": 3}]}


@pytest.mark.parametrize(("content", "words"), [
    (b"{nope", "The request body is not valid JSON (Expecting property name"),
    (b"", "The request body is empty"),
    (b"   ", "The request body is empty"),
    (b"[1, 2]", "A diary export must hold a JSON object"),
    (json.dumps({"checkins": {"day": "2026-03-01"}}).encode(), "'checkins' must be a list"),
    (json.dumps({"diary": []}).encode(), "'diary' is not a section the diary knows"),
    (json.dumps({"format": "fhir"}).encode(), "format is 'fhir'"),
    (json.dumps({"checkins": [*GOOD["checkins"],
                              {"day": "2026-03-02", "pain": 2, "red_flags": ["green_toes"]}]}
                ).encode(), "Checkins entry 2: 'green_toes' is not a known danger sign"),
    (json.dumps({"checkins": [{"day": "2026-13-01", "pain": 2}]}).encode(),
     "Checkins entry 1: day must be a date"),
    (json.dumps({"episodes": [{"started": "2026-03-05", "ended": "2026-03-01",
                               "worst_pain": 6}]}).encode(), "the end date is before"),
    (b"\xff\xfe{}", "The request body is not UTF-8 text"),
])
def test_api_bad_body_is_a_422_naming_the_problem_and_stores_nothing(
    original: str, content: bytes, words: str,
) -> None:
    with make_client(original) as c:
        before = contents(c)
        r = c.post(f"{API}/import", content=content,
                   headers={"content-type": "application/json"})
        detail = assert_problem(r, 422)
        assert words in detail
        assert detail.endswith("nothing was imported.")
        assert contents(c) == before


def test_api_too_large_is_a_413_whether_or_not_the_length_is_declared(original: str) -> None:
    big = json.dumps({"checkins": [{"day": "2026-03-01", "pain": 3, "notes": "x" * 3000}
                                   for _ in range(8)]}).encode()
    assert len(big) > LIMIT
    with make_client(original) as c:
        before = contents(c)
        declared = c.post(f"{API}/import", content=big,
                          headers={"content-type": "application/json"})
        assert "larger than 20 kB" in assert_problem(declared, 413)
        # sent in chunks without a length: refused while reading
        chunked = c.post(f"{API}/import", content=iter([big[:10_000], big[10_000:]]),
                         headers={"content-type": "application/json"})
        assert "larger than 20 kB" in assert_problem(chunked, 413)
        assert contents(c) == before


def test_api_takes_json_only(empty: TestClient) -> None:
    csv_text = to_csv([], [CheckIn.model_validate({"day": "2026-03-01", "pain": 3})])
    r = empty.post(f"{API}/import", content=csv_text, headers={"content-type": "text/csv"})
    assert "must be sent as JSON" in assert_problem(r, 415)
    assert contents(empty)["checkins"] == []


def test_api_clash_with_the_stored_diary_is_a_409_and_nothing_is_added(original: str) -> None:
    clash = {"checkins": [{"day": "2026-03-10", "pain": 1},  # new
                          {"day": "2026-02-02", "pain": 0}]}  # same day, other values
    with make_client(original) as c:
        before = contents(c)
        detail = assert_problem(c.post(f"{API}/import", json=clash), 409)
        assert "different check-in for 2026-02-02" in detail
        assert "nothing was imported" in detail
        assert contents(c) == before


def test_api_import_is_documented(empty: TestClient) -> None:
    schema = empty.get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/diary/import"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/DiaryImport")
    ok = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/ImportResult")
    for code in ("409", "413", "415", "422", "503"):
        assert PROBLEM in op["responses"][code]["content"], code
    assert set(schema["components"]["schemas"]["DiaryImport"]["properties"]) >= {
        "episodes", "checkins", "assessments", "questionnaires"}


# -- the page ------------------------------------------------------------------------------

def test_diary_page_links_to_an_accessible_import_form(empty: TestClient) -> None:
    assert 'href="/diary/import"' in empty.get("/diary").text
    r = empty.get("/diary/import")
    assert r.status_code == 200
    form = re.search(r"<form[^>]*>", r.text)
    assert form is not None
    assert 'method="post"' in form[0] and 'enctype="multipart/form-data"' in form[0]
    assert '<label for="file">' in r.text
    field = re.search(r'<input type="file"[^>]*>', r.text)
    assert field is not None
    assert 'id="file"' in field[0] and 'name="file"' in field[0]
    assert 'accept=".json,.csv' in field[0] and 'aria-describedby="file-hint"' in field[0]
    assert "At most 20 kB" in r.text
    assert '<button type="submit"' in r.text and "<script" not in r.text


def test_page_round_trip_json_equals_the_original_and_twice_adds_nothing(
    exported: dict[str, Any], empty: TestClient,
) -> None:
    data = json.dumps(exported, indent=2).encode()
    r = upload(empty, "backspasm-diary.json", data)
    assert r.status_code == 200, r.text
    assert "Diary imported" in r.text and 'href="/diary"' in r.text
    assert page_counts(r) == {"Episodes": (2, 0), "Check-ins": (5, 0), "Assessments": (1, 0),
                              "Questionnaire results": (1, 0)}
    assert same_diary(contents(empty), exported)
    again = upload(empty, "backspasm-diary.json", data)
    assert again.status_code == 200
    assert page_counts(again) == {"Episodes": (0, 2), "Check-ins": (0, 5),
                                  "Assessments": (0, 1), "Questionnaire results": (0, 1)}
    assert same_diary(contents(empty), exported)


def test_page_round_trip_csv_keeps_episodes_and_checkins(
    exported: dict[str, Any], empty: TestClient,
) -> None:
    episodes = [Episode.model_validate(e) for e in exported["episodes"]]
    checkins = [CheckIn.model_validate(c) for c in exported["checkins"]]
    data = to_csv(episodes, checkins).encode()
    r = upload(empty, "diary.csv", data, "text/csv")
    assert r.status_code == 200, r.text
    assert page_counts(r)["Check-ins"] == (5, 0)
    after = contents(empty)
    assert after["episodes"] == exported["episodes"]
    assert after["checkins"] == exported["checkins"]
    assert page_counts(upload(empty, "diary.csv", data, "text/csv"))["Check-ins"] == (0, 5)


BAD_FILES = [
    ("notes.txt", b"just some words", 400, "neither JSON nor a diary CSV file"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\xff", 400, "is not UTF-8 text"),
    ("diary.json", b"{\"checkins\": [", 400, "is not valid JSON"),
    ("diary.json", b"[]", 400, "A diary export must hold a JSON object"),
    ("diary.json", json.dumps({"episodes": [{"worst_pain": 5}]}).encode(), 400,
     "Episodes entry 1: 'started' is required."),
    ("diary.json", json.dumps({"checkins": [*GOOD["checkins"], {
        "day": "2026-03-02", "pain": 2, "red_flags": ["green_toes"]}]}).encode(), 400,
     "'green_toes' is not a known danger sign (see the list under \"What it knows\")."),
    ("diary.csv", b"record,date,pain\ncheckin,2026-03-01,3\ncheckin,2026-02-30,4\n", 400,
     "CSV line 3: day must be a date from 1900 to 2200 written as YYYY-MM-DD"),
    ("diary.csv", b"record,date,pain\ncheckin,2026-03-01,3\nmood,2026-03-02,4\n", 400,
     "CSV line 3: record must be 'episode' or 'checkin'"),
    ("diary.json", b"", 400, "The file diary.json is empty"),
    ("big.json", b"{" + b" " * LIMIT + b"}", 413, "larger than 20 kB, the most the diary"),
    ("clash.json", json.dumps({"checkins": [*GOOD["checkins"], {
        "day": "2026-02-02", "pain": 0}]}).encode(), 409,
     "the diary already has a different check-in for 2026-02-02; nothing was imported."),
]


@pytest.mark.parametrize(("name", "data", "status", "words"), BAD_FILES,
                         ids=[f"{n}-{s}-{i}" for i, (n, _, s, _) in enumerate(BAD_FILES)])
def test_page_bad_file_shows_the_form_again_with_one_sentence_and_stores_nothing(
    original: str, name: str, data: bytes, status: int, words: str,
) -> None:
    with make_client(original) as c:
        before = contents(c)
        r = upload(c, name, data)
        assert r.status_code == status
        sentence = page_error(r)
        assert words in sentence
        assert sentence[:1].isupper() and sentence.endswith(".")
        assert "Traceback" not in r.text
        assert "Nothing was imported; your diary is as it was." in r.text
        assert '<input type="file"' in r.text  # the form, again
        assert "<title>Error: Import a diary file" in r.text
        assert contents(c) == before


def test_page_without_a_file_asks_for_one(empty: TestClient) -> None:
    for r in (empty.post("/diary/import", files={"file": ("", b"", "application/octet-stream")}),
              empty.post("/diary/import", data={"other": "x"})):
        assert r.status_code == 400
        assert page_error(r) == "Please choose a diary file (.json or .csv) to import."


def test_page_imports_into_the_configured_person(exported: dict[str, Any],
                                                 tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    with make_client(url, diary_person="patient") as c:
        assert upload(c, "d.json", json.dumps(exported).encode()).status_code == 200
    store = open_store(url)
    try:
        assert len(store.diary("patient").checkins()) == 5
        assert store.diary("me").checkins() == []
    finally:
        store.close()


@pytest.mark.parametrize(("headers", "refused"), [
    ({"sec-fetch-site": "cross-site"}, True),
    ({"sec-fetch-site": "same-site"}, True),
    ({"sec-fetch-site": "same-origin", "origin": "http://testserver"}, False),
    ({"origin": "https://evil.example"}, True),
    ({"origin": "null"}, True),
    ({"origin": "http://testserver"}, False),
    ({}, False),
])
def test_page_refuses_an_upload_posted_from_another_site(
    empty: TestClient, headers: dict[str, str], refused: bool,
) -> None:
    data = json.dumps(GOOD).encode()
    r = empty.post("/diary/import", files={"file": ("d.json", data, "application/json")},
                   headers=headers)
    if refused:
        assert r.status_code == 403
        assert "sent from another website" in page_error(r)
        assert contents(empty)["checkins"] == []
    else:
        assert r.status_code == 200, r.text
        assert len(contents(empty)["checkins"]) == 1
