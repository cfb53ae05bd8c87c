"""The assessment: disposition, reasons, ranked causes, open red flags, version."""

from __future__ import annotations

import pytest

from backspasm.core.answers import Answers, AnswersError, check_answers, parse_answers
from backspasm.core.assessment import assess
from backspasm.knowledge import Disposition, Knowledge


def run(knowledge: Knowledge, raw: dict) -> object:  # type: ignore[type-arg]
    return assess(knowledge, parse_answers(raw, knowledge))


def test_emergency_action_comes_first(knowledge: Knowledge) -> None:
    a = assess(knowledge, parse_answers({"findings": {"saddle_numbness": True}}, knowledge))
    assert a.disposition is Disposition.emergency
    assert a.what_to_do_now[0] == knowledge.dispositions[Disposition.emergency].action
    assert a.reasons[0].rule == "cauda_equina_signs"
    assert a.reasons[0].because == [knowledge.findings["saddle_numbness"].label]
    assert a.conditions[0].id == "cauda_equina_syndrome"


def test_emergency_wins_over_lower_rules(knowledge: Knowledge) -> None:
    a = assess(
        knowledge,
        parse_answers(
            {"age": 40, "duration_days": 60, "findings": {"chest_pain": True, "night_pain": True}},
            knowledge,
        ),
    )
    assert a.disposition is Disposition.emergency
    assert [r.disposition for r in a.reasons] == sorted(
        (r.disposition for r in a.reasons), key=lambda d: -d.rank
    )
    assert {r.rule for r in a.reasons} >= {"chest_pain", "night_pain", "persistent_back_pain"}


def test_no_answers_is_provisional_self_care_with_every_red_flag_open(knowledge: Knowledge) -> None:
    a = assess(knowledge, Answers())
    assert a.disposition is Disposition.self_care
    assert a.provisional
    assert set(a.unanswered_red_flags) == {f.id for f in knowledge.red_flags if f.ask_when is None}
    levels = {q.finding: q.would_lead_to for q in a.would_change_advice}
    assert levels["saddle_numbness"] is Disposition.emergency
    assert levels["fever"] is Disposition.urgent
    # most urgent consequences are listed first
    ranks = [q.would_lead_to.rank for q in a.would_change_advice]
    assert ranks == sorted(ranks, reverse=True)


def test_all_red_flags_denied_is_not_provisional(knowledge: Knowledge) -> None:
    findings = {f.id: False for f in knowledge.red_flags}
    raw = {"age": 35, "duration_days": 3, "pain_score": 6, "findings": findings}
    a = assess(knowledge, parse_answers(raw, knowledge))
    assert a.disposition is Disposition.self_care
    assert a.unanswered_red_flags == []
    assert not a.provisional


def test_pregnancy_questions_follow_sex_and_pregnancy(knowledge: Knowledge) -> None:
    male = assess(knowledge, parse_answers({"sex": "male"}, knowledge))
    assert "pregnancy_warning_signs" not in male.unanswered_red_flags
    pregnant = assess(knowledge, parse_answers({"findings": {"pregnancy": True}}, knowledge))
    assert "pregnancy_warning_signs" in pregnant.unanswered_red_flags


def test_probabilities_are_a_ranked_share(knowledge: Knowledge) -> None:
    a = assess(
        knowledge,
        parse_answers({"findings": {"pain_in_waves": True, "pain_to_groin": True}}, knowledge),
    )
    probs = [c.probability for c in a.conditions]
    assert probs == sorted(probs, reverse=True)
    assert 0 < sum(probs) <= 1.0001
    assert a.conditions[0].id == "kidney_stone"
    assert a.conditions[0].evidence == ["pain_in_waves", "pain_to_groin"]


def test_knowledge_version_is_recorded(knowledge: Knowledge) -> None:
    assert assess(knowledge, Answers()).knowledge_version == knowledge.version


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"age": -3}, "age must be a whole number of years from 0 to 120"),
        ({"pain_score": 14}, "pain_score must be a whole number from 0 to 10"),
        ({"location": "neck"}, "location must be lower, middle or upper"),
        ({"findings": {"sadle_numbness": True}}, "'sadle_numbness' is not a known finding id"),
        ({"findings": {"fever": "yes"}}, "must be true, false or null"),
        ({"findings": []}, "'findings' must be an object"),
        ({"colour": "red"}, "'colour' is not a recognised field"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_bad_answers_get_one_plain_sentence(knowledge: Knowledge, raw: object, words: str) -> None:
    with pytest.raises(AnswersError) as err:
        parse_answers(raw, knowledge)
    assert words in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"findings": {"sadle_numbness": True}}, "'sadle_numbness' is not a known finding id"),
        ({"unsure": ["feverish"]}, "'feverish' is not a known finding id"),
        ({"findings": {"fever": False}, "unsure": ["fever"]}, "both answered and unsure"),
    ],
)
def test_answers_checked_after_the_framework_validated_them(
    knowledge: Knowledge, raw: dict[str, object], words: str
) -> None:
    """The web API validates the shape first, then check_answers: same sentences."""
    with pytest.raises(AnswersError) as parsed:
        parse_answers(raw, knowledge)
    with pytest.raises(AnswersError) as checked:
        check_answers(Answers.model_validate(raw), knowledge)
    assert words in str(checked.value)
    assert str(checked.value) == str(parsed.value)


def test_check_answers_keeps_good_answers_and_drops_a_repeated_unsure(
    knowledge: Knowledge,
) -> None:
    raw = {"age": 50, "findings": {"fever": False}, "unsure": ["night_pain", "night_pain"]}
    checked = check_answers(Answers.model_validate(raw), knowledge)
    assert checked == parse_answers(raw, knowledge)
    assert checked.unsure == ["night_pain"]


def test_null_finding_is_unknown(knowledge: Knowledge) -> None:
    answers = parse_answers({"findings": {"fever": None}}, knowledge)
    assert not answers.known("fever")


def test_unknown_age_that_matters_is_an_open_question(knowledge: Knowledge) -> None:
    a = assess(knowledge, parse_answers({"findings": {"minor_trauma": True}}, knowledge))
    assert a.disposition is Disposition.self_care
    ages = [q for q in a.would_change_advice if q.finding == "age"]
    assert ages and ages[0].would_lead_to is Disposition.urgent
    known = assess(
        knowledge, parse_answers({"age": 30, "findings": {"minor_trauma": True}}, knowledge)
    )
    assert all(q.finding != "age" for q in known.would_change_advice)


def test_unknown_duration_that_matters_is_an_open_question(knowledge: Knowledge) -> None:
    a = assess(knowledge, Answers())
    durations = [q for q in a.would_change_advice if q.finding == "duration_days"]
    assert durations and durations[0].would_lead_to is Disposition.routine


def test_causes_behind_the_advice_come_first(knowledge: Knowledge) -> None:
    """An urgent infection risk is not listed below three harmless causes."""
    raw = {"age": 30, "findings": {"iv_drug_use": True, "fever": False}}
    a = assess(knowledge, parse_answers(raw, knowledge))
    assert a.disposition is Disposition.urgent
    assert a.conditions[0].id == "spinal_infection" and a.conditions[0].suspected
    rest = [c.probability for c in a.conditions if not c.suspected]
    assert rest == sorted(rest, reverse=True)
    # with no rule firing, the list is purely by probability
    plain = assess(
        knowledge,
        parse_answers({"age": 30, "findings": {"lifting_or_bending_onset": True}}, knowledge),
    )
    assert not any(c.suspected for c in plain.conditions)
    probs = [c.probability for c in plain.conditions]
    assert probs == sorted(probs, reverse=True)


def test_unsure_answers_escalate_and_stay_open(knowledge: Knowledge) -> None:
    raw = {"age": 40, "findings": {"fever": False}, "unsure": ["saddle_numbness"]}
    a = assess(knowledge, parse_answers(raw, knowledge))
    assert a.disposition is Disposition.emergency
    assert "saddle_numbness" in a.unanswered_red_flags
    assert a.provisional
    with pytest.raises(AnswersError, match="both answered and unsure"):
        parse_answers({"findings": {"fever": True}, "unsure": ["fever"]}, knowledge)
    with pytest.raises(AnswersError, match="'fevr' is not a known finding id"):
        parse_answers({"unsure": ["fevr"]}, knowledge)


def test_an_unsure_answer_that_raises_the_advice_puts_its_likeliest_cause_first(
    knowledge: Knowledge,
) -> None:
    """"Maybe numb down below" makes it an emergency, so the causes open with the one that
    numbness would point to; the rest keep the order the sure answers give."""
    raw = {"age": 50, "sex": "female", "duration_days": 7, "unsure": ["saddle_numbness"],
           "findings": {"urinary_retention": False, "new_bladder_incontinence": False}}
    unsure = assess(knowledge, parse_answers(raw, knowledge))
    assert unsure.disposition is Disposition.emergency
    assert unsure.conditions[0].id == "cauda_equina_syndrome"
    sure_only = assess(knowledge, parse_answers({**raw, "unsure": []}, knowledge))
    assert [c.id for c in unsure.conditions[1:]] == [
        c.id for c in sure_only.conditions if c.id != "cauda_equina_syndrome"
    ][:4]
    # Probabilities still come from the sure answers alone.
    shares = {c.id: c.probability for c in sure_only.conditions}
    assert all(shares[c.id] == c.probability for c in unsure.conditions if c.id in shares)


def test_an_unsure_answer_does_not_reorder_causes_when_sure_answers_set_the_advice(
    knowledge: Knowledge,
) -> None:
    raw = {"age": 50, "findings": {"saddle_numbness": True}, "unsure": ["fever"]}
    unsure = assess(knowledge, parse_answers(raw, knowledge))
    sure_only = assess(knowledge, parse_answers({**raw, "unsure": []}, knowledge))
    assert unsure.disposition is sure_only.disposition is Disposition.emergency
    assert [c.id for c in unsure.conditions] == [c.id for c in sure_only.conditions]
