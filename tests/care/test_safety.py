"""Medicine safety: the whole medicine x context matrix, plus hand-checked key pairs."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.care.models import CareKnowledge
from backspasm.care.plan import CarePlan, build_plan
from backspasm.care.safety import build_context, medicine_verdicts
from backspasm.core.answers import Answers
from backspasm.knowledge import Knowledge, default_knowledge
from backspasm.knowledge.care import default_care_knowledge

CARE = default_care_knowledge()
KNOWLEDGE = default_knowledge()
BASE: dict[str, Any] = {
    "age": 40,
    "sex": "female",
    "location": "lower",
    "duration_days": 1,
    "pain_score": 6,
    "findings": {},
}


def plan_with(knowledge: Knowledge, care: CareKnowledge, context: dict[str, Any]) -> CarePlan:
    plan = build_plan(knowledge, care, {**BASE, "context": context})
    assert plan.self_care
    return plan


def recommended_medicines(plan: CarePlan) -> set[str]:
    return {i.medicine for p in plan.phases for i in p.items if i.medicine}


def expected_effect(medicine: str, item: str) -> str | None:
    return next((r.effect for r in CARE.medicines[medicine].rules if r.when == item), None)


MATRIX = [(m, c) for m in CARE.medicines for c in CARE.context]


@pytest.mark.parametrize(("medicine", "item"), MATRIX, ids=[f"{m}-{c}" for m, c in MATRIX])
def test_medicine_context_matrix(
    knowledge: Knowledge, care: CareKnowledge, medicine: str, item: str
) -> None:
    """Each medicine against each context item, alone: avoid, caution or unaffected."""
    ctx = build_context({item: True}, Answers(age=40, sex="female"), care)
    verdict = medicine_verdicts(care, ctx)[medicine]
    plan = plan_with(knowledge, care, {item: True})
    listed = {m.id for m in plan.medicines}
    excluded = {x.id for x in plan.not_for_you}
    items = [i for p in plan.phases for i in p.items if i.medicine == medicine]
    assert listed <= recommended_medicines(plan)
    effect = expected_effect(medicine, item)
    if effect == "avoid":
        assert verdict.status == "avoid"
        assert medicine not in recommended_medicines(plan) | listed
        assert medicine in excluded
    elif effect == "caution":
        assert verdict.status == "caution"
        assert [h.context for h in verdict.hits] == [item]
        assert medicine not in excluded
        for i in items:
            assert verdict.hits[0].reason in i.cautions
    else:
        assert verdict.status == "suitable" and verdict.hits == []
        assert medicine not in excluded
        for i in items:
            assert i.cautions == []


# Pairs checked by hand against the cited sources, so the matrix is not only the data
# agreeing with itself.
KEY_PAIRS = [
    ("ibuprofen", "pregnancy", "avoid"),
    ("ibuprofen", "kidney_disease", "avoid"),
    ("ibuprofen", "stomach_ulcer_or_bleeding", "avoid"),
    ("ibuprofen", "blood_thinners", "avoid"),
    ("ibuprofen", "nsaid_asthma", "avoid"),
    ("ibuprofen", "heart_failure", "avoid"),
    ("naproxen", "lithium_or_methotrexate", "avoid"),
    ("topical_nsaid", "nsaid_asthma", "avoid"),
    ("codeine", "sedatives", "avoid"),
    ("codeine", "breastfeeding", "avoid"),
    ("codeine", "under_18", "avoid"),
    ("muscle_relaxant", "alcohol_use", "avoid"),
    ("muscle_relaxant", "sedatives", "avoid"),
    ("paracetamol", "liver_disease", "caution"),
    ("paracetamol", "low_body_weight", "caution"),
    ("paracetamol", "paracetamol_overuse", "avoid"),
    ("ibuprofen", "age_65_plus", "caution"),
    ("ibuprofen", "antidepressant_ssri_snri", "caution"),
]


@pytest.mark.parametrize(("medicine", "item", "effect"), KEY_PAIRS)
def test_key_pairs(medicine: str, item: str, effect: str) -> None:
    assert expected_effect(medicine, item) == effect


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(sorted(CARE.context)), max_size=6))
def test_plan_never_recommends_a_ruled_out_medicine(items: set[str]) -> None:
    plan = plan_with(KNOWLEDGE, CARE, dict.fromkeys(items, True))
    ruled_out = {
        m.id
        for m in CARE.medicines.values()
        if any(r.when in items and r.effect == "avoid" for r in m.rules)
    }
    assert not ruled_out & recommended_medicines(plan)
    assert not ruled_out & {m.id for m in plan.medicines}
    assert ruled_out <= {x.id for x in plan.not_for_you}


@pytest.mark.parametrize(
    ("medicines", "item"),
    [
        (["Warfarin 3 mg daily"], "blood_thinners"),
        (["apixaban"], "blood_thinners"),
        (["co-codamol 30/500"], "other_paracetamol"),
        (["Sertraline 50mg"], "antidepressant_ssri_snri"),
        (["pregabalin", "omeprazole"], "sedatives"),
        (["ramipril"], "blood_pressure_kidney_medicines"),
        (["prednisolone 5 mg"], "long_term_steroids"),
    ],
)
def test_current_medicines_switch_on_context(
    care: CareKnowledge, medicines: list[str], item: str
) -> None:
    ctx = build_context({"current_medicines": medicines}, Answers(), care)
    assert ctx.has(item)
    assert medicines[0].split()[0].lower() in ctx.because[item].lower()


def test_names_match_whole_words_only(care: CareKnowledge) -> None:
    ctx = build_context({"current_medicines": ["co-codamol"]}, Answers(), care)
    assert ctx.has("other_paracetamol")
    assert not ctx.has("blood_thinners")
    # listing medicines answers the medicine-only questions
    assert ctx.known["sedatives"] is False


def test_age_sex_and_findings_feed_the_context(knowledge: Knowledge, care: CareKnowledge) -> None:
    older = build_context({}, Answers(age=70), care)
    assert older.has("age_65_plus") and not older.has("under_18")
    man = build_context({}, Answers(sex="male"), care)
    assert man.known["pregnancy"] is False and man.known["breastfeeding"] is False
    pregnant = build_context({}, Answers(sex="female", findings={"pregnancy": True}), care)
    assert pregnant.has("pregnancy")


def test_unknown_contraindications_are_asked_not_assumed(
    knowledge: Knowledge, care: CareKnowledge
) -> None:
    plan = build_plan(knowledge, care, {**BASE})
    ibuprofen = next(m for m in plan.medicines if m.id == "ibuprofen")
    assert ibuprofen.status == "suitable"
    assert care.context["kidney_disease"].question in ibuprofen.check_first


@pytest.mark.parametrize(
    "context",
    [
        {"kidney": True},
        {"kidney_disease": "yes"},
        {"current_medicines": "warfarin"},
        {"current_medicines": [1]},
    ],
)
def test_bad_context_is_refused(care: CareKnowledge, context: dict[str, Any]) -> None:
    from backspasm.care import CareInputError

    with pytest.raises(CareInputError):
        build_context(context, Answers(), care)
