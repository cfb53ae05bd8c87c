"""The describe-in-your-own-words path, over the API and the pages.

Runs only where the free-text intake (``backspasm.intake``) is installed.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

pytest.importorskip("backspasm.intake")

EMERGENCY_TEXT = (
    "My lower back locked up yesterday and since this morning I can't feel the toilet "
    "paper when I wipe."
)
SIMPLE_TEXT = "My lower back went into spasm when I bent down to pick up a box, no fever."


def test_api_assessment_from_text(client: TestClient) -> None:
    r = client.post("/api/v1/assessments", json={"text": EMERGENCY_TEXT})
    assert r.status_code == 200
    body = r.json()
    assert body["disposition"] == "emergency"
    read = {f["id"]: f["status"] for f in body["extraction"]["findings"]}
    assert read.get("saddle_numbness") == "present"
    assert body["extraction"]["answers"]["findings"]["saddle_numbness"] is True


def test_api_unreadable_text_is_a_problem(client: TestClient) -> None:
    r = client.post("/api/v1/assessments", json={"text": "12345 !!! ???"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["field"] == "text"


def test_start_page_shows_the_describe_box(client: TestClient) -> None:
    html = client.get("/").text
    assert '<label for="text">' in html and "<textarea" in html
    assert "not installed" not in html


def test_describe_carries_what_was_read_into_the_questions(client: TestClient) -> None:
    r = client.post("/describe", data={"text": EMERGENCY_TEXT}, follow_redirects=False)
    assert r.status_code == 303
    target = str(r.headers["location"])
    tokens = [v for k, v in parse_qsl(urlsplit(target).query) if k == "f"]
    assert "saddle_numbness:y" in tokens
    # the emergency sign in the words ends the interview: the advice comes first
    assert urlsplit(target).path == "/result"
    page = client.get(target).text
    assert "banner-emergency" in page


def test_describe_simple_spasm_still_asks_the_red_flags(client: TestClient) -> None:
    r = client.post("/describe", data={"text": SIMPLE_TEXT}, follow_redirects=False)
    target = str(r.headers["location"])
    assert urlsplit(target).path == "/about"
    about = client.get(target).text
    assert "From your description" in about
    query = urlsplit(target).query
    page = client.get(f"/interview?{query}")
    assert page.status_code == 200
    assert "Warning sign" in page.text


def test_describe_empty_or_out_of_scope(client: TestClient) -> None:
    r = client.post("/describe", data={"text": "   "})
    assert r.status_code == 400
    assert "write a few words" in r.text
    r = client.post("/describe", data={"text": "My tooth has been aching since Tuesday."})
    assert r.status_code in (200, 303)
