"""The care plan over the API (/api/v1/plans) and on the result page."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.care.plan import build_plan
from backspasm.knowledge import Knowledge
from backspasm.knowledge.care import default_care_knowledge

PROBLEM = "application/problem+json"


def no_red_flags(knowledge: Knowledge) -> dict[str, bool]:
    return {f.id: False for f in knowledge.red_flags}


def test_plan_api_matches_the_cli_function(client: TestClient, knowledge: Knowledge) -> None:
    body: dict[str, Any] = {"age": 35, "duration_days": 1, "findings": no_red_flags(knowledge),
                            "questionnaires": {"pain": {"score": 6}}}
    r = client.post("/api/v1/plans", json=body)
    assert r.status_code == 200
    expected = build_plan(knowledge, default_care_knowledge(), body).model_dump(mode="json")
    assert r.json() == expected
    assert r.json()["self_care"] is True
    assert r.json()["current_phase"] == "first_48_hours"


def test_plan_api_gives_only_the_action_in_an_emergency(client: TestClient) -> None:
    r = client.post("/api/v1/plans", json={"findings": {"saddle_numbness": True}})
    assert r.status_code == 200
    plan = r.json()
    assert plan["disposition"] == "emergency" and plan["self_care"] is False
    assert plan["phases"] == []


def test_plan_api_bad_input_is_a_problem(client: TestClient) -> None:
    for body, words in [({"context": [1]}, "'context'"),
                        ({"questionnaires": {"iq": {}}}, "'iq' is not a questionnaire"),
                        ({"age": 300}, "age")]:
        r = client.post("/api/v1/plans", json=body)
        assert r.status_code == 422
        assert r.headers["content-type"] == PROBLEM
        assert words in r.json()["detail"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)
_plan_input = st.fixed_dictionaries(
    {},
    optional={
        "age": _json, "duration_days": _json, "findings": _json,
        "context": st.dictionaries(st.sampled_from(
            ["pregnancy", "kidney_disease", "blood_thinners", "current_medicines", "asthma"]),
            _json, max_size=3) | _json,
        "questionnaires": st.dictionaries(
            st.sampled_from(["startback", "odi", "rmdq", "pain", "other"]),
            st.dictionaries(st.sampled_from(["score", "items", "answers", "previous",
                                             "total", "distress", "sections"]), _json,
                            max_size=3) | _json,
            max_size=3) | _json,
    },
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_plan_input)
def test_no_plan_input_makes_the_api_fail(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/v1/plans", json=body)
    assert r.status_code in (200, 422), r.text[:300]


def test_result_page_shows_the_plan_for_self_care_only(
    client: TestClient, knowledge: Knowledge
) -> None:
    params = [("age", "35"), ("duration_days", "4")]
    params += [("f", f"{fid}:n") for fid in no_red_flags(knowledge)]
    page = client.get("/result", params=params).text
    plan = page.split('id="plan-heading"', 1)[1]
    assert "Days 3 to 14 (where you are now)" in plan
    assert "Do:" in plan and "Why, and how sure" in plan
    order = [page.index(m) for m in ['id="causes-heading"', 'id="plan-heading"',
                                    'id="net-heading"']]
    assert order == sorted(order)
    emergency = client.get("/result", params=[("f", "saddle_numbness:y")]).text
    assert "Your care plan" not in emergency


def test_scores_api_uses_the_authors_rules(client: TestClient) -> None:
    from backspasm.care.instruments import parse_score

    care = default_care_knowledge()
    r = client.post("/api/v1/scores/pain", json={"score": 6, "previous": 8})
    assert r.status_code == 200
    assert r.json() == parse_score("pain", {"score": 6, "previous": 8}, care).model_dump(
        mode="json")
    r = client.post("/api/v1/scores/startback", json={"total": 5, "distress": 4})
    assert r.json()["risk"] == "high"


def test_scores_api_bad_input(client: TestClient) -> None:
    r = client.post("/api/v1/scores/iq", json={"score": 1})
    assert r.status_code == 422 and r.json()["field"] == "questionnaire"
    r = client.post("/api/v1/scores/odi", json={"sections": [1]})
    assert r.status_code == 422 and "10 sections" in r.json()["detail"]
    assert r.headers["content-type"] == PROBLEM


def test_exercises_api_and_page(client: TestClient) -> None:
    care = default_care_knowledge()
    listed = client.get("/api/v1/exercises").json()
    assert [e["id"] for e in listed] == list(care.exercises)
    first = listed[0]["id"]
    assert client.get(f"/api/v1/exercises/{first}").json()["name"] == care.exercises[first].name
    missing = client.get("/api/v1/exercises/handstand")
    assert missing.status_code == 404 and missing.json()["field"] == "id"
    page = client.get("/exercises").text
    for e in care.exercises.values():
        assert f'id="{e.id}"' in page
    assert "Stop if:" in page


def test_questionnaire_pages_score_with_the_authors_rules(client: TestClient) -> None:
    from backspasm.care.instruments import parse_score

    care = default_care_knowledge()
    assert client.get("/questionnaires").status_code == 200
    form = client.get("/questionnaires/startback").text
    assert "Keele University" in form  # the copyright notice travels with the items
    assert form.count('type="radio"') == 8 * 2 + 5
    items = ["agree", "agree", "agree", "disagree", "agree", "agree", "agree", "disagree",
             "very much"]
    params = {f"i{n}": v for n, v in enumerate(items, start=1)} | {"submitted": "1"}
    page = client.get("/questionnaires/startback", params=params).text
    expected = parse_score("startback", {"items": items}, care)
    assert expected.interpretation in page.replace("&#39;", "'")
    pain = client.get("/questionnaires/pain",
                      params={"submitted": "1", "score": "6", "previous": "8"}).text
    assert "a meaningful improvement" in pain


def test_questionnaire_pages_bad_input(client: TestClient) -> None:
    r = client.get("/questionnaires/startback", params={"submitted": "1", "i1": "agree"})
    assert r.status_code == 400 and "Please answer every statement" in r.text
    r = client.get("/questionnaires/rmdq", params={"submitted": "1", "score": "30"})
    assert r.status_code == 400 and "from 0 to 24" in r.text
    r = client.get("/questionnaires/pain", params={"submitted": "1", "score": "lots"})
    assert r.status_code == 400
    assert client.get("/questionnaires/iq").status_code == 404


_q_param = st.tuples(
    st.sampled_from(["submitted", "score", "previous", "i1", "i5", "i9"]),
    st.one_of(st.text(max_size=10), st.sampled_from(["1", "agree", "nan", "-1", "1e400", "7"])),
)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(_q_param, max_size=6),
       which=st.sampled_from(["startback", "odi", "rmdq", "pain"]))
def test_no_questionnaire_address_makes_a_page_fail(
    client: TestClient, params: list[tuple[str, str]], which: str
) -> None:
    r = client.get(f"/questionnaires/{which}", params=[*params, ("submitted", "1")])
    assert r.status_code in (200, 400), r.text[:300]
