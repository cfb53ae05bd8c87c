"""The FHIR export (backspasm.core.fhir): validated by fhir.resources (R4B models, whose
Bundle, Patient, Observation and RiskAssessment have the same shape as in R4), with the
codes our knowledge confirms and nothing that names a cause or the person."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.care.models import CareKnowledge
from backspasm.core.diary import AssessmentRecord, CheckIn, Episode, triage_checkin
from backspasm.core.fhir import (
    DATA_ABSENT,
    DISPOSITION_SYSTEM,
    EPISODE_SYSTEM,
    LOINC,
    REASON_REFERENCE,
    WINDOW_SYSTEM,
    to_fhir,
)
from backspasm.core.report import Report, build_report
from backspasm.knowledge import Knowledge
from backspasm.knowledge.diary import DiaryKnowledge

from .conftest import PERSON, TODAY, at

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_is_a_valid_collection(report: Report, care: CareKnowledge) -> None:
    bundle = to_fhir(report, care, bundle_id=ID)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert len(parsed.entry) == len(bundle["entry"])
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)) and all(u.startswith("urn:uuid:") for u in urls)
    # every reference points at a resource in the bundle
    text = json.dumps(bundle)
    for ref in {r for r in _references(bundle)}:
        assert ref in urls, ref
    assert text.count('"resourceType": "Patient"') == 1


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return own + [r for v in node.values() for r in _references(v)]
    if isinstance(node, list):
        return [r for v in node for r in _references(v)]
    return []


def test_pain_scores_use_the_confirmed_loinc_code(report: Report, care: CareKnowledge) -> None:
    code = care.instruments["pain"].loinc_score
    assert code == "72514-3"  # the numeric pain rating's LOINC code in instruments.yaml
    bundle = to_fhir(report, care, bundle_id=ID)
    pain = [o for o in resources(bundle, "Observation")
            if o["code"].get("coding") == [{"system": LOINC, "code": code}]]
    assert [(o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in pain] == [
        (c.day.isoformat(), c.pain) for c in report.checkins
    ]
    function = [o for o in resources(bundle, "Observation")
                if o["code"].get("coding", [{}])[0].get("code") == "function-today"]
    assert len(function) == sum(c.function is not None for c in report.checkins)


def test_questionnaire_totals_carry_their_codes(report: Report, care: CareKnowledge) -> None:
    bundle = to_fhir(report, care, bundle_id=ID)
    names = {q.name for q in report.questionnaires}
    totals = [o for o in resources(bundle, "Observation") if o["code"]["text"] in names]
    assert len(totals) == len(report.questionnaires)
    for obs, q in zip(totals, reversed(report.questionnaires), strict=True):
        assert obs["valueQuantity"]["value"] == q.score
        loinc = care.instruments[q.instrument].loinc_score
        if loinc is None:
            assert "coding" not in obs["code"]
        else:
            assert obs["code"]["coding"] == [{"system": LOINC, "code": loinc}]
        assert obs["note"][0]["text"] == q.interpretation
        if q.instrument == "startback":
            distress, risk = obs["component"]
            assert distress["code"]["coding"][0]["code"] == "91350-9"
            assert distress["valueQuantity"]["value"] == q.parts[0].value
            assert risk["code"]["coding"][0]["code"] == "91352-5"
            # the risk level's LOINC answer codes (https://loinc.org/91352-5)
            answer = {"low": "LA9194-7", "medium": "LA8982-6", "high": "LA9193-9"}[str(q.band)]
            assert risk["valueCodeableConcept"]["coding"] == [{"system": LOINC, "code": answer}]
        else:
            assert "component" not in obs


def test_triage_is_a_risk_assessment_based_on_the_screening(
    report: Report, care: CareKnowledge, knowledge: Knowledge
) -> None:
    bundle = to_fhir(report, care, bundle_id=ID)
    risks = resources(bundle, "RiskAssessment")
    assert len(risks) == len(report.assessments)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    for risk, entry in zip(risks, reversed(report.assessments), strict=True):
        [prediction] = risk["prediction"]
        assert prediction["qualitativeRisk"]["coding"][0] == {
            "system": DISPOSITION_SYSTEM, "code": entry.disposition.value, "display": entry.label}
        assert risk["mitigation"] == entry.action
        assert any(n["text"] == report.disclaimer for n in risk["note"])
        screening = by_url[risk["basis"][0]["reference"]]
        assert len(screening["component"]) == len(entry.red_flags) == len(knowledge.red_flags)
        for comp, flag in zip(screening["component"], entry.red_flags, strict=True):
            if flag.answer in ("yes", "no"):
                assert comp["valueBoolean"] is (flag.answer == "yes")
            else:
                reason = comp["dataAbsentReason"]["coding"][0]
                assert reason["system"] == DATA_ABSENT
                want = "asked-unknown" if flag.answer == "unsure" else "not-asked"
                assert reason["code"] == want


def test_no_condition_no_cause_and_no_name(
    report: Report, care: CareKnowledge, knowledge: Knowledge, diary_knowledge: DiaryKnowledge
) -> None:
    # an emergency whose rule text names the cause to rule out
    checkin = CheckIn(day=TODAY, pain=7, red_flags=("saddle_numbness",))
    result = triage_checkin(knowledge, checkin, None)
    assert result is not None
    record = AssessmentRecord(created_at=at(19, 20), day=TODAY, disposition=result.disposition,
                              knowledge_version=result.knowledge_version,
                              result=result.model_dump(mode="json"))
    emergency = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                             generated=at(19), episodes=[], checkins=[checkin],
                             assessments=[record], questionnaires=[])
    suspected = [c for c in emergency.assessments[0].considered if c.suspected]
    assert suspected and any(c.name.lower() in emergency.assessments[0].reasons[0].text.lower()
                             or c.name.split(" (")[0].lower()
                             in emergency.assessments[0].reasons[0].text.lower()
                             for c in suspected)
    for r in (report, emergency):
        bundle = to_fhir(r, care, bundle_id=ID)
        text = json.dumps(bundle).lower()
        assert '"clinicalimpression"' not in text
        # the only Conditions are the diary's episodes: a reported symptom, never a cause
        conditions = resources(bundle, "Condition")
        assert len(conditions) == len(r.episodes)
        for c in conditions:
            assert c["code"]["coding"] == [{"system": EPISODE_SYSTEM,
                                            "code": "back-pain-episode"}]
            assert c["verificationStatus"]["coding"][0]["code"] == "unconfirmed"
        assert PERSON not in text
        for a in r.assessments:
            for c in a.considered:
                assert c.name.lower() not in text
                assert c.name.split(" (")[0].lower() not in text
    risk = resources(to_fhir(emergency, care, bundle_id=ID), "RiskAssessment")[0]
    label = knowledge.findings["saddle_numbness"].label
    assert label in risk["prediction"][0]["rationale"]


def test_the_same_id_gives_the_same_bundle(report: Report, care: CareKnowledge) -> None:
    assert to_fhir(report, care, bundle_id=ID) == to_fhir(report, care, bundle_id=ID)
    other = to_fhir(report, care, bundle_id=uuid.uuid4())
    assert other["entry"][0]["fullUrl"] != to_fhir(report, care, bundle_id=ID)["entry"][0][
        "fullUrl"]


checkin_lists = st.lists(
    st.builds(
        CheckIn,
        day=st.dates(dt.date(2020, 1, 1), dt.date(2026, 3, 20)),
        pain=st.integers(0, 10),
        function=st.none() | st.integers(0, 10),
        red_flags=st.sampled_from([(), ("fever",), ("saddle_numbness", "fever")]),
    ),
    min_size=1, max_size=8, unique_by=lambda c: c.day,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checkins=checkin_lists)
def test_any_diary_gives_a_valid_bundle(
    checkins: list[CheckIn], knowledge: Knowledge, diary_knowledge: DiaryKnowledge,
    care: CareKnowledge,
) -> None:
    report = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                          generated=at(19), episodes=[], checkins=checkins, assessments=[],
                          questionnaires=[])
    bundle = to_fhir(report, care, bundle_id=ID)
    Bundle.model_validate(bundle)
    assert len(resources(bundle, "Observation")) == len(checkins) + sum(
        c.function is not None for c in checkins)


def test_the_validator_catches_a_broken_bundle(report: Report, care: CareKnowledge) -> None:
    """The validation above means something: fhir.resources refuses a missing required
    element, an unknown element or a malformed date. It does not check code bindings (it
    accepts an Observation status 'done'), so the status codes are checked here."""
    from pydantic import ValidationError

    bundle = to_fhir(report, care, bundle_id=ID)
    for r in resources(bundle, "Observation") + resources(bundle, "RiskAssessment"):
        assert r["status"] == "final"
    breakages = [
        lambda o: o.pop("code"),
        lambda o: o.update(effectiveDateTime="yesterday"),
        lambda o: o.update(valueBoolean=True),  # two values of value[x]
        lambda o: o.update(painScore=3),
    ]
    for n, breakage in enumerate(breakages):
        broken = json.loads(json.dumps(bundle))
        breakage(resources(broken, "Observation")[0])
        try:
            Bundle.model_validate(broken)
        except ValidationError:
            continue
        raise AssertionError(f"breakage {n} was accepted")


def test_episodes_are_conditions_linked_both_ways_with_their_checkins(
        knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge) -> None:
    episodes = [Episode(started=dt.date(2026, 2, 1), ended=dt.date(2026, 2, 4), worst_pain=7,
                        triggers=("lifting",), helped=("walking",)),
                Episode(started=dt.date(2026, 3, 10), worst_pain=8, location="upper")]
    checkins = [CheckIn(day=dt.date(2026, 2, d), pain=6, function=4) for d in (2, 3, 9)]
    checkins.append(CheckIn(day=dt.date(2026, 3, 12), pain=5))
    r = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                     generated=at(19), episodes=episodes, checkins=checkins, assessments=[],
                     questionnaires=[])
    bundle = to_fhir(r, care, bundle_id=ID)
    Bundle.model_validate(bundle)  # fhir.resources checks Condition's shape and invariants
    urls = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    conditions = {c["onsetDateTime"]: c for c in resources(bundle, "Condition")}
    ended, ongoing = conditions["2026-02-01"], conditions["2026-03-10"]
    assert ended["abatementDateTime"] == "2026-02-04" and "abatementDateTime" not in ongoing
    assert ended["clinicalStatus"]["coding"][0]["code"] == "resolved"
    assert ongoing["clinicalStatus"]["coding"][0]["code"] == "active"
    assert ongoing["bodySite"] == [{"text": "upper back"}]
    assert "lifting" in ended["note"][0]["text"] and "walking" in ended["note"][0]["text"]
    observations = resources(bundle, "Observation")

    def linked(o: dict[str, Any]) -> str | None:
        ext = [x for x in o.get("extension", []) if x["url"] == REASON_REFERENCE]
        return ext[0]["valueReference"]["reference"] if ext else None

    by_day: dict[str, list[dict[str, Any]]] = {}
    for o in observations:
        by_day.setdefault(o["effectiveDateTime"], []).append(o)
    # the check-ins during an episode point at it (pain and function), the one between don't
    for day, condition in (("2026-02-02", ended), ("2026-02-03", ended),
                           ("2026-03-12", ongoing)):
        assert {linked(o) for o in by_day[day]} == {urls[condition["id"]]}
    assert {linked(o) for o in by_day["2026-02-09"]} == {None}
    # and each episode lists its check-ins' pain Observations as evidence
    evidence = [d["reference"] for d in ended["evidence"][0]["detail"]]
    pain_urls = {urls[o["id"]] for o in observations if o["code"].get("coding", [{}])[0].get(
        "system") == LOINC}
    assert len(evidence) == 2 and set(evidence) <= pain_urls
    assert bundle["meta"]["tag"] == [{"system": WINDOW_SYSTEM, "code": "../..",
                                      "display": r.covers}]


def test_the_window_is_tagged_on_the_bundle(
        knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge,
        records: Any) -> None:
    r = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                     generated=at(19), since=dt.date(2026, 3, 5), until=dt.date(2026, 3, 9),
                     **records.kwargs())
    bundle = to_fhir(r, care, bundle_id=ID)
    Bundle.model_validate(bundle)
    assert bundle["meta"]["tag"][0]["code"] == "2026-03-05/2026-03-09"
    days = {o["effectiveDateTime"] for o in resources(bundle, "Observation")
            if len(o["effectiveDateTime"]) == 10}
    assert days == {f"2026-03-0{d}" for d in range(5, 10)}
