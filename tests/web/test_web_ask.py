"""Ask over the API (/api/v1/ask) and the page (/ask): the same function as ``backspasm ask``."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backspasm.knowledge import Knowledge


def test_ask_api_answers_with_citations(client: TestClient, knowledge: Knowledge) -> None:
    from backspasm.search.ask import ask
    from backspasm.search.index import default_index
    from backspasm.search.triage import default_triage

    question = "How long does a back spasm last?"
    r = client.post("/api/v1/ask", json={"question": question})
    assert r.status_code == 200
    body = r.json()
    expected = ask(question, default_index(knowledge), triage=default_triage(knowledge))
    assert body == expected.model_dump(mode="json")
    assert body["answered"] is True
    assert body["passages"][0]["citations"]


def test_ask_api_danger_signs_come_with_triage(client: TestClient) -> None:
    r = client.post("/api/v1/ask",
                    json={"question": "My back locked up and I can't feel the toilet paper "
                                      "when I wipe. What should I do?"})
    assert r.json()["triage"]["disposition"] == "emergency"


def test_ask_api_bad_input(client: TestClient) -> None:
    for body, field in [({"question": ""}, "question"), ({"question": "   "}, "question"),
                        ({"question": "x" * 1001}, "question"), ({}, "question")]:
        r = client.post("/api/v1/ask", json=body)
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["field"] == field


def test_ask_page_shows_answer_and_puts_danger_first(client: TestClient) -> None:
    page = client.get("/ask", params={"q": "how long does a back spasm last"}).text
    assert 'id="answer-heading"' in page and "Evidence:" in page
    danger = client.get("/ask", params={"q": "I cannot feel the toilet paper when I wipe"}).text
    body = danger.split("<body", 1)[1]
    assert body.index("banner-emergency") < body.index('id="answer-heading"')
    assert "<header" not in body
    empty = client.get("/ask", params={"q": "  "})
    assert empty.status_code == 400 and "Please type a question" in empty.text
    assert client.get("/ask").status_code == 200
