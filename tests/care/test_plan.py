"""The care plan: triage first, pathways, phases, sources and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.care import CareInputError
from backspasm.care.models import CareKnowledge, Phase, Risk
from backspasm.care.plan import build_plan, phase_of
from backspasm.knowledge import Knowledge, default_knowledge
from backspasm.knowledge.care import default_care_knowledge
from backspasm.knowledge.models import Disposition

#: Module-level knowledge for hypothesis tests (fixtures would be repr'd with each example).
KNOWLEDGE = default_knowledge()
CARE = default_care_knowledge()

BASE: dict[str, Any] = {
    "age": 38,
    "sex": "male",
    "location": "lower",
    "duration_days": 1,
    "pain_score": 7,
    "findings": {"lifting_or_bending_onset": True},
}


@pytest.mark.parametrize(
    ("findings", "disposition"),
    [
        ({"saddle_numbness": True}, Disposition.emergency),
        ({"chest_pain": True}, Disposition.emergency),
        ({"fever": True}, Disposition.urgent),
        ({"leg_weakness": True}, Disposition.urgent),
    ],
)
def test_no_self_care_plan_when_emergency_or_urgent(
    knowledge: Knowledge, care: CareKnowledge, findings: dict[str, bool], disposition: Disposition
) -> None:
    raw = {
        **BASE,
        "findings": findings,
        "context": {"kidney_disease": True},
        "questionnaires": {"startback": {"total": 2, "distress": 1}},
    }
    plan = build_plan(knowledge, care, raw)
    assert plan.disposition == disposition
    assert plan.self_care is False
    assert plan.action == knowledge.dispositions[disposition].action
    assert plan.phases == [] and plan.medicines == [] and plan.questionnaires == []
    assert plan.not_for_you == [] and plan.get_help == []


def test_self_care_plan_has_every_phase_with_sources(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    plan = build_plan(knowledge, care, BASE)
    assert plan.self_care and plan.disposition == Disposition.self_care
    assert [p.phase for p in plan.phases] == list(Phase)
    assert plan.current_phase == Phase.first_48_hours
    for phase in plan.phases:
        assert phase.items, phase.phase
        for item in phase.items:
            assert item.sources and all(s in knowledge.sources for s in item.sources)
    for h in plan.get_help:
        assert all(s in knowledge.sources for s in h.sources)
    assert {h.urgency for h in plan.get_help} >= {"emergency", "urgent", "routine"}


def test_every_recommendation_cites_known_sources(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    for rec in care.recommendations:
        assert rec.sources, rec.id
        assert all(s in knowledge.sources for s in rec.sources), rec.id
    for med in care.medicines.values():
        for rule in med.rules:
            assert all(s in knowledge.sources for s in rule.sources), (med.id, rule.when)


def test_seed_treatments_are_covered_honestly(care: CareKnowledge) -> None:
    recs = {r.id: r for r in care.recommendations}
    for rid in (
        "stay_active",
        "short_rest_only",
        "heat",
        "cold",
        "relief_positions",
        "anti_inflammatory",
        "paracetamol_not_alone",
        "muscle_relaxant",
        "massage",
        "manipulation",
        "gentle_movement",
        "core_strength",
        "posture",
        "hydration",
        "stress",
    ):
        assert rid in recs
    para = recs["paracetamol_not_alone"]
    assert para.stance == "do_not" and "nice_ng59" in para.sources and "4 g" in para.what
    assert "prescription" in recs["muscle_relaxant"].what
    assert "drowsy" in recs["muscle_relaxant"].what
    assert recs["hydration"].evidence == "none"
    assert recs["stay_active"].stance == "do"


@pytest.mark.parametrize(
    ("startback", "pathway", "rec"),
    [
        ({"total": 2, "distress": 1}, Risk.low, "pathway_low"),
        ({"total": 5, "distress": 2}, Risk.medium, "pathway_medium"),
        ({"total": 6, "distress": 4}, Risk.high, "pathway_high"),
    ],
)
def test_startback_chooses_the_pathway(
    knowledge: Knowledge, care: CareKnowledge, startback: dict[str, int], pathway: Risk, rec: str
) -> None:
    plan = build_plan(knowledge, care, {**BASE, "questionnaires": {"startback": startback}})
    assert plan.pathway == pathway
    ids = {i.id for p in plan.phases for i in p.items}
    assert rec in ids
    assert not ({"pathway_low", "pathway_medium", "pathway_high"} - {rec}) & ids


def test_without_startback_the_plan_says_how_to_choose(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    plan = build_plan(knowledge, care, BASE)
    assert plan.pathway is None
    assert plan.pathway_note is not None and "startback" in plan.pathway_note


def test_codeine_only_when_anti_inflammatories_are_unsuitable(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    def medicines(context: dict[str, Any]) -> set[str]:
        plan = build_plan(knowledge, care, {**BASE, "context": context})
        return {i.medicine for p in plan.phases for i in p.items if i.medicine}

    assert "codeine" not in medicines({})
    assert "ibuprofen" in medicines({})
    with_ulcer = medicines({"stomach_ulcer_or_bleeding": True})
    assert "codeine" in with_ulcer and "ibuprofen" not in with_ulcer


def test_osteoporosis_rules_out_manipulation_and_twists(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    plan = build_plan(knowledge, care, {**BASE, "context": {"osteoporosis": True}})
    ids = {i.id for p in plan.phases for i in p.items}
    assert "manipulation" not in ids
    assert "manipulation" in {x.id for x in plan.not_for_you}
    assert all("seated_twist" not in p.exercises for p in plan.phases)


def test_questionnaires_and_triage_pain_are_scored(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    raw = {**BASE, "questionnaires": {"rmdq": {"score": 7, "previous": 14}}}
    plan = build_plan(knowledge, care, raw)
    kinds = [q.instrument for q in plan.questionnaires]
    assert kinds == ["rmdq", "pain"]
    rmdq = plan.questionnaires[0]
    assert rmdq.change is not None and rmdq.change.meaningful_improvement


@pytest.mark.parametrize(
    ("days", "phase"),
    [
        (0, Phase.first_48_hours),
        (1.5, Phase.first_48_hours),
        (2, Phase.days_3_to_14),
        (14, Phase.days_3_to_14),
        (15, Phase.after_two_weeks),
        (None, None),
    ],
)
def test_phase_of(days: float | None, phase: Phase | None) -> None:
    assert phase_of(days) == phase


def test_under_16_gets_a_note(knowledge: Knowledge, care: CareKnowledge) -> None:
    plan = build_plan(knowledge, care, {**BASE, "age": 14})
    assert any("16" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([1, 2], "JSON object"),
        ({**BASE, "context": ["x"]}, "'context'"),
        ({**BASE, "questionnaires": {"sf36": {}}}, "'sf36'"),
        ({**BASE, "questionnaires": {"pain": {"score": 12}}}, "0 to 10"),
        ({**BASE, "age": 300}, "age"),
        ({**BASE, "findings": {"not_a_finding": True}}, "not_a_finding"),
        ({**BASE, "context": {"pregnant": True}}, "'pregnant'"),
    ],
)
def test_bad_input_is_one_plain_sentence(
    knowledge: Knowledge, care: CareKnowledge, raw: Any, words: str
) -> None:
    with pytest.raises(CareInputError) as err:
        build_plan(knowledge, care, raw)
    message = str(err.value)
    assert words in message and "\n" not in message


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 30) | st.floats(-5, 30) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=10) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(["startback", "odi", "rmdq", "pain"])
CONTEXT_KEYS = st.sampled_from(["kidney_disease", "pregnancy", "current_medicines", "nope"])


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        KEYS,
        JSON
        | st.dictionaries(
            st.sampled_from(
                ["items", "sections", "ticked", "score", "previous", "total", "distress"]
            ),
            JSON,
            max_size=3,
        ),
        max_size=3,
    ),
    st.dictionaries(CONTEXT_KEYS, JSON, max_size=3),
)
def test_any_input_gives_a_plan_or_one_plain_sentence(
    questionnaires: dict[str, Any],
    context: dict[str, Any],
) -> None:
    raw = {**BASE, "questionnaires": questionnaires, "context": context}
    try:
        plan = build_plan(KNOWLEDGE, CARE, raw)
    except CareInputError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert plan.self_care


def test_phases_offer_a_routine_that_suits_the_person(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    plan = build_plan(knowledge, care, BASE)
    routines = {p.phase: p.routine for p in plan.phases}
    assert routines[Phase.first_48_hours] == "early"
    assert routines[Phase.days_3_to_14] == "recovery"
    # the recovery routine has the seated twist, which osteoporosis rules out
    plan = build_plan(knowledge, care, {**BASE, "context": {"osteoporosis": True}})
    assert {p.phase: p.routine for p in plan.phases}[Phase.days_3_to_14] is None


@pytest.mark.parametrize(
    "care_parts",
    [
        {"context": ["not", "an", "object"]},
        {"context": {"pregnant": True}},
        {"questionnaires": {"sf36": {}}},
        {"questionnaires": {"pain": {"score": 99}}},
    ],
)
def test_bad_care_input_never_hides_an_emergency(
    knowledge: Knowledge, care: CareKnowledge, care_parts: dict[str, Any]
) -> None:
    raw = {**BASE, "findings": {"saddle_numbness": True}, **care_parts}
    plan = build_plan(knowledge, care, raw)
    assert plan.disposition == Disposition.emergency and not plan.self_care
