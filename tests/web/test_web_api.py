"""HTTP tests for every JSON route under /api/v1, and for the problem documents."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from backspasm.batch import assess_input
from backspasm.knowledge import Knowledge

PROBLEM = "application/problem+json"

EMERGENCY = {"age": 44, "findings": {"saddle_numbness": True, "urinary_retention": True}}


def assert_problem(response, status: int, field: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    doc = response.json()
    assert doc["status"] == status
    assert doc["type"] and doc["title"]
    assert doc["detail"].endswith(".") and "\n" not in doc["detail"]
    if field is not None:
        assert doc["field"] == field
        assert field.split(".")[-1].split("[")[0] in doc["detail"] or field == "answers"
    return doc


def test_health(client: TestClient, knowledge: Knowledge) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "knowledge_version": knowledge.version}


def test_assessment_from_answers_matches_the_cli_function(
    client: TestClient, knowledge: Knowledge
) -> None:
    r = client.post("/api/v1/assessments", json={"answers": EMERGENCY})
    assert r.status_code == 200
    body = r.json()
    expected = assess_input({"answers": EMERGENCY}, knowledge).model_dump(mode="json")
    assert "extraction" not in body  # only for text
    assert body == expected
    assert body["disposition"] == "emergency"
    assert "emergency services" in body["action"]


def test_self_care_assessment_lists_no_emergency(client: TestClient, knowledge: Knowledge) -> None:
    no_flags = {f.id: False for f in knowledge.red_flags}
    answers = {"age": 35, "location": "lower", "duration_days": 1, "pain_score": 5,
               "findings": no_flags}
    r = client.post("/api/v1/assessments", json={"answers": answers})
    assert r.status_code == 200
    body = r.json()
    assert body["disposition"] == "self_care"
    assert body["unanswered_red_flags"] == []


def test_unanswered_red_flags_are_listed_not_assumed_away(client: TestClient) -> None:
    r = client.post("/api/v1/assessments", json={"answers": {"age": 30}})
    body = r.json()
    assert "saddle_numbness" in body["unanswered_red_flags"]
    assert body["provisional"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"age": 400}}, "answers.age"),
        ({"answers": {"pain_score": 14}}, "answers.pain_score"),
        ({"answers": {"sex": "robot"}}, "answers.sex"),
        ({"answers": {"colour": "red"}}, "answers.colour"),
        ({"answers": {"findings": {"fever": "maybe"}}}, "answers.findings.fever"),
        ({"answers": {"findings": {"bogus": True}}}, "answers.findings.bogus"),
        ({"answers": [1, 2]}, "answers"),
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_assessment_input_names_the_field(
    client: TestClient, body: dict, field: str  # type: ignore[type-arg]
) -> None:
    assert_problem(client.post("/api/v1/assessments", json=body), 422, field)


@pytest.mark.parametrize("body", [{}, {"answers": {}, "text": "sore back"}])
def test_answers_or_text_exactly_one(client: TestClient, body: dict) -> None:  # type: ignore[type-arg]
    doc = assert_problem(client.post("/api/v1/assessments", json=body), 422)
    assert "either 'answers' or 'text'" in doc["detail"]


def test_malformed_json_and_missing_body(client: TestClient) -> None:
    r = client.post("/api/v1/assessments", content=b"{not json",
                    headers={"content-type": "application/json"})
    assert "not valid JSON" in assert_problem(r, 422)["detail"]
    r = client.post("/api/v1/assessments")
    assert "needs a JSON body" in assert_problem(r, 422)["detail"]


@pytest.mark.parametrize(
    ("content", "content_type", "status", "words"),
    [
        (b"[1, 2]", "application/json", 422, "should be an object"),
        (b'{"answers": {}}', "text/plain", 422, "not valid"),
        (b'{"answers": {}}', None, 422, "not valid"),
        (b'{"answers": {"age": 4\xff}}', "application/json", 400, "cannot be read as JSON"),
    ],
)
def test_bodies_that_are_not_a_json_object_get_a_problem(
    client: TestClient, content: bytes, content_type: str | None, status: int, words: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/api/v1/assessments", content=content, headers=headers)
    assert words in assert_problem(r, status)["detail"]


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8",
                                          "application/merge-patch+json"])
def test_json_media_types_with_parameters_or_suffixes_are_read(
    client: TestClient, content_type: str
) -> None:
    body = json.dumps({"answers": EMERGENCY}).encode()
    r = client.post("/api/v1/assessments", content=body, headers={"content-type": content_type})
    assert r.status_code == 200 and r.json()["disposition"] == "emergency"


def test_the_assessment_body_is_documented(client: TestClient) -> None:
    """The route reads its body itself (one-step JSON validation), so check the schema."""
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/assessments"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/AssessmentRequest" and body["required"] is True
    request = schema["components"]["schemas"]["AssessmentRequest"]
    assert set(request["properties"]) == {"answers", "text"}
    assert json.dumps(request).count("#/components/schemas/Answers") == 1
    assert "Answers" in schema["components"]["schemas"]


def test_text_without_intake_says_so_plainly(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when spaCy cannot be imported in a broken install: the API says so plainly.
    monkeypatch.setattr("backspasm.web.api.assessments.load_intake", lambda: None)
    r = client.post("/api/v1/assessments", json={"text": "my back locked up"})
    doc = assert_problem(r, 422, "text")
    assert "not installed" in doc["detail"]


def test_interview_next_asks_red_flags_first_and_stops_on_emergency(client: TestClient) -> None:
    r = client.post("/api/v1/interview/next", json={"answers": {"age": 50}})
    assert r.status_code == 200
    step = r.json()
    assert step["done"] is False
    assert step["question"]["red_flag"] is True
    assert step["question"]["why"] == "red_flag"
    r = client.post("/api/v1/interview/next", json={"answers": EMERGENCY})
    assert r.json() == {"done": True, "question": None, "disposition_so_far": "emergency"}


def test_interview_next_respects_skipped(client: TestClient) -> None:
    first = client.post("/api/v1/interview/next", json={}).json()["question"]["finding"]
    second = client.post("/api/v1/interview/next", json={"skipped": [first]}).json()
    assert second["question"]["finding"] != first


def test_interview_next_counts_unsure_as_present_and_does_not_ask_it_again(
    client: TestClient,
) -> None:
    # "Not sure" about an urgent red flag: the disposition is what a yes gives, and the
    # question is not asked again (it would be the first question otherwise).
    base = {"age": 40, "findings": {f: False for f in ("saddle_numbness", "urinary_retention")}}
    yes = client.post("/api/v1/interview/next",
                      json={"answers": {**base, "findings": {**base["findings"], "fever": True}}})
    unsure = client.post("/api/v1/interview/next", json={"answers": {**base, "unsure": ["fever"]}})
    assert unsure.status_code == 200, unsure.text
    assert unsure.json()["disposition_so_far"] == yes.json()["disposition_so_far"] == "urgent"
    assert unsure.json() == yes.json()
    # walk the whole interview answering no: fever is never asked
    answers: dict = {**base, "unsure": ["fever"]}
    for _ in range(100):
        step = client.post("/api/v1/interview/next", json={"answers": answers}).json()
        assert step["disposition_so_far"] == "urgent"
        if step["done"]:
            break
        assert step["question"]["finding"] != "fever"
        fid = step["question"]["finding"]
        answers = {**answers, "findings": {**answers["findings"], fid: False}}
    assert step["done"]
    # the same answers assessed: urgent, fever named as not sure
    result = client.post("/api/v1/assessments", json={"answers": answers}).json()
    assert result["disposition"] == "urgent"
    assert any("(you were not sure)" in b for r in result["reasons"] for b in r["because"])
    # changing "not sure" to no removes the escalation
    answers["unsure"] = []
    answers["findings"]["fever"] = False
    step = client.post("/api/v1/interview/next", json={"answers": answers}).json()
    assert step["disposition_so_far"] == "self_care"


def test_interview_next_unsure_emergency_sign_ends_the_interview(client: TestClient) -> None:
    r = client.post("/api/v1/interview/next",
                    json={"answers": {"age": 40, "unsure": ["saddle_numbness"]}})
    assert r.json() == {"done": True, "question": None, "disposition_so_far": "emergency"}


def test_interview_next_bad_unsure(client: TestClient) -> None:
    r = client.post("/api/v1/interview/next", json={"answers": {"unsure": ["fever", "nonsense"]}})
    assert r.status_code == 422
    assert r.json()["field"] == "answers.unsure[1]"
    assert "'nonsense' is not a known finding id" in r.json()["detail"]
    r = client.post("/api/v1/interview/next",
                    json={"answers": {"findings": {"fever": True}, "unsure": ["fever"]}})
    assert r.status_code == 422
    assert "cannot be both answered and unsure" in r.json()["detail"]


def test_interview_next_bad_input(client: TestClient) -> None:
    r = client.post("/api/v1/interview/next", json={"skipped": ["fever", "nonsense"]})
    assert "nonsense" in assert_problem(r, 422, "skipped[1]")["detail"]
    r = client.post("/api/v1/interview/next", json={"answers": {"age": -3}})
    assert_problem(r, 422, "answers.age")


def test_knowledge_summary_and_lists(client: TestClient, knowledge: Knowledge) -> None:
    summary = client.get("/api/v1/knowledge").json()
    assert summary["version"] == knowledge.version
    assert summary["findings"] == len(knowledge.findings)
    for kind, table in [("findings", knowledge.findings), ("conditions", knowledge.conditions),
                        ("sources", knowledge.sources)]:
        r = client.get(f"/api/v1/knowledge/{kind}")
        assert r.status_code == 200
        assert [item["id"] for item in r.json()] == list(table)
    rules = client.get("/api/v1/knowledge/rules").json()
    assert [r["id"] for r in rules] == [r.id for r in knowledge.rules]


def test_knowledge_single_entries(client: TestClient, knowledge: Knowledge) -> None:
    r = client.get("/api/v1/knowledge/findings/saddle_numbness")
    assert r.json()["red_flag"] is True
    cid = next(iter(knowledge.conditions))
    assert client.get(f"/api/v1/knowledge/conditions/{cid}").json()["id"] == cid
    doc = assert_problem(client.get("/api/v1/knowledge/findings/unicorn"), 404, "id")
    assert "unicorn" in doc["detail"]
    assert_problem(client.get("/api/v1/knowledge/conditions/unicorn"), 404, "id")


def test_unknown_route_and_wrong_method_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/nothing-here"), 404)
    assert_problem(client.get("/api/v1/assessments"), 405)


def test_openapi_documents_every_route_with_models(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ["/api/v1/assessments", "/api/v1/interview/next", "/api/v1/health",
                 "/api/v1/knowledge", "/api/v1/knowledge/findings", "/api/v1/knowledge/sources",
                 "/api/v1/knowledge/rules", "/api/v1/knowledge/conditions"]:
        assert path in paths
    post = paths["/api/v1/assessments"]["post"]
    ok = post["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/AssessmentOut")
    problem = post["responses"]["422"]["content"]
    assert list(problem) == [PROBLEM]
    assert problem[PROBLEM]["schema"]["$ref"].endswith("/Problem")
    assert not any(p.startswith("/result") or p == "/" for p in paths)
    json.dumps(schema)


def test_internal_errors_become_problem_documents(knowledge: Knowledge) -> None:
    """The last-resort handler: a failing route still answers with a problem document."""
    from backspasm.web import create_app

    app = create_app()

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("broken on purpose")

    with TestClient(app, raise_server_exceptions=False) as c:
        doc = assert_problem(c.get("/api/v1/boom"), 500)
        assert "broken on purpose" not in doc["detail"]
        r = c.get("/boom-page")
        assert r.status_code == 404


def test_body_that_is_not_text_is_a_400_problem(client: TestClient) -> None:
    r = client.post("/api/v1/assessments", content=b"\xff\xfe\x00",
                    headers={"content-type": "application/json"})
    doc = assert_problem(r, 400)
    assert "cannot be read" in doc["detail"]


def test_an_assessment_body_over_the_limit_is_refused_unread(client: TestClient) -> None:
    from backspasm.web.api.bodies import MAX_JSON_BYTES

    big = b'{"text": "' + b"a" * MAX_JSON_BYTES + b'"}'
    r = client.post("/api/v1/assessments", content=big,
                    headers={"content-type": "application/json"})
    assert "larger than" in assert_problem(r, 413)["detail"]
    schema = client.get("/api/v1/openapi.json").json()
    assert "413" in schema["paths"]["/api/v1/assessments"]["post"]["responses"]
