"""The intake on single complaints: statuses, other people, old history, answers, bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from backspasm.core.answers import Answers
from backspasm.intake import MAX_CHARS, ExtractedFinding, Extraction, assess_text, extract
from backspasm.intake.pipeline import get_pipeline
from backspasm.knowledge import Knowledge


def found(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(f.id, f.status, f.context) for f in extraction.findings}


def test_the_issue_example(knowledge: Knowledge) -> None:
    e = extract(
        "my lower back locked when I bent over, it shoots down my left leg, no fever, "
        "I can't really feel the toilet paper when I wipe",
        knowledge,
    )
    assert found(e) >= {
        ("locked_cannot_straighten", "present", "current"),
        ("leg_pain_below_knee", "present", "current"),
        ("fever", "absent", "current"),
        ("saddle_numbness", "present", "current"),
    }
    assert e.answers.findings["saddle_numbness"] is True
    assert e.answers.findings["fever"] is False
    assert e.facts.location == "lower" and e.facts.side == "left"
    assert not e.out_of_scope and e.message is None


def test_each_finding_keeps_the_words_that_support_it(knowledge: Knowledge) -> None:
    e = extract("No fever, but I wet myself this morning", knowledge)
    words = {f.id: f.text for f in e.findings}
    assert words["fever"] == "No fever"
    assert "wet myself" in words["new_bladder_incontinence"]


def test_a_list_of_negations_denies_each_item(knowledge: Knowledge) -> None:
    e = extract("no fever, no numbness or weakness, no weight loss", knowledge)
    assert e.answers.findings == {
        "fever": False,
        "leg_numbness_tingling": False,
        "leg_weakness": False,
        "weight_loss": False,
    }


def test_a_negation_stops_at_but(knowledge: Knowledge) -> None:
    e = extract("no numbness in my legs but I can't feel the toilet paper", knowledge)
    assert e.answers.findings == {"leg_numbness_tingling": False, "saddle_numbness": True}


def test_an_uncertain_red_flag_stays_unknown_and_is_asked(knowledge: Knowledge) -> None:
    assessment, e = assess_text("my back went, maybe a bit numb down below? not sure", knowledge)
    assert ("saddle_numbness", "uncertain", "current") in found(e)
    assert "saddle_numbness" not in e.answers.findings
    assert "saddle_numbness" in assessment.unanswered_red_flags


def test_family_history_is_kept_apart(knowledge: Knowledge) -> None:
    e = extract("My mum had cancer. My back went yesterday lifting a box.", knowledge)
    assert ("cancer_history", "present", "family") in found(e)
    assert "cancer_history" not in e.answers.findings


def test_old_unchanged_leakage_is_kept_apart(knowledge: Knowledge) -> None:
    e = extract("a little leakage since my kids were born, no change", knowledge)
    assert found(e) == {("new_bladder_incontinence", "present", "historical")}
    assert e.answers.findings == {}


def test_a_past_cancer_still_counts_as_a_history_of_cancer(knowledge: Knowledge) -> None:
    e = extract("I had breast cancer eight years ago", knowledge)
    assert e.answers.findings == {"cancer_history": True}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "My dad had prostate cancer but I have never had cancer",
            {("cancer_history", "present", "family"), ("cancer_history", "absent", "current")},
        ),
        (
            "I have a fever and my wife had cancer",
            {("fever", "present", "current"), ("cancer_history", "present", "family")},
        ),
        (
            "my brother has osteoporosis but I don't",
            {("osteoporosis", "present", "family"), ("osteoporosis", "absent", "current")},
        ),
        (
            "my son has a temperature and I've got chest pain",
            {("fever", "present", "family"), ("chest_pain", "present", "current")},
        ),
        (
            "my wife has no fever but I do",
            {("fever", "absent", "family"), ("fever", "present", "current")},
        ),
        (
            "no fever and my wife had cancer",
            {("fever", "absent", "current"), ("cancer_history", "present", "family")},
        ),
    ],
)
def test_two_people_in_one_sentence_are_not_confused(
    knowledge: Knowledge, text: str, want: set[tuple[str, str, str]]
) -> None:
    assert found(extract(text, knowledge)) == want


def test_present_wins_over_a_denial_of_the_same_finding(knowledge: Knowledge) -> None:
    e = extract("no pain in my left leg, but it shoots down my right leg", knowledge)
    assert e.answers.findings["leg_pain_below_knee"] is True


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("i aint had a poo in days and cant feel my bum", "saddle_numbness"),
        ("Never felt pain like it, tearing through to my back", "sudden_severe_tearing_pain"),
        ("No fever and my bum is numb", "saddle_numbness"),
        ("Not only is my back agony, I also can't pee.", "urinary_retention"),
    ],
)
def test_a_red_flag_after_a_denial_is_not_denied(
    knowledge: Knowledge, text: str, flag: str
) -> None:
    assert extract(text, knowledge).answers.findings.get(flag) is True


def test_emergency_from_text(knowledge: Knowledge) -> None:
    assessment, e = assess_text(
        "I'm 51. Since last night I can't feel anything between my legs and my bowels went "
        "without me knowing.",
        knowledge,
    )
    assert assessment.disposition.value == "emergency"
    assert e.facts.age == 51


def test_answers_are_valid_answers_for_the_core(knowledge: Knowledge) -> None:
    e = extract("40 year old man, lower back, 7/10, for 3 days, no fever", knowledge)
    assert isinstance(e.answers, Answers)
    assert e.answers.model_dump(exclude={"findings"}) == {
        "age": 40,
        "sex": "male",
        "location": "lower",
        "duration_days": 3.0,
        "pain_score": 7,
        "unsure": [],
    }


def test_an_unsure_red_flag_escalates_but_stays_open(knowledge: Knowledge) -> None:
    """ "Not sure" about a warning sign is treated as yes by the triage, and still asked."""
    assessment, e = assess_text(
        "My back locked up yesterday. I'm not sure, but I think I can't feel the toilet paper.",
        knowledge,
    )
    assert "saddle_numbness" in e.answers.unsure
    assert "saddle_numbness" not in e.answers.findings
    assert assessment.disposition.value == "emergency"
    assert "saddle_numbness" in assessment.unanswered_red_flags
    assert assessment.provisional
    assert any("(you were not sure)" in b for r in assessment.reasons for b in r.because)


def test_a_hypothetical_red_flag_does_not_escalate(knowledge: Knowledge) -> None:
    assessment, e = assess_text(
        "My back went when I lifted a box. What should I do if I lose control of my bladder?",
        knowledge,
    )
    assert "new_bladder_incontinence" not in e.answers.unsure
    assert assessment.disposition.value == "self_care"


def test_results_are_frozen(knowledge: Knowledge) -> None:
    e = extract("no fever", knowledge)
    with pytest.raises(ValidationError):
        e.out_of_scope = True  # type: ignore[misc]
    with pytest.raises(ValidationError):
        e.findings[0].status = "present"  # type: ignore[misc]
    assert isinstance(e.findings[0], ExtractedFinding)


def test_the_pipeline_is_built_once(knowledge: Knowledge) -> None:
    assert get_pipeline(knowledge) is get_pipeline(knowledge)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_text_gets_a_plain_message(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert not e.readable and e.findings == [] and e.answers == Answers()
    assert e.message is not None and "empty" in e.message


def test_a_megabyte_of_text_is_refused_with_a_message(knowledge: Knowledge) -> None:
    e = extract("my back hurts " * 80_000, knowledge)
    assert not e.readable
    assert e.message is not None and f"{MAX_CHARS:,}" in e.message


def test_text_at_the_limit_is_read(knowledge: Knowledge) -> None:
    text = ("no fever. " * MAX_CHARS)[:MAX_CHARS]
    assert extract(text, knowledge).readable


@pytest.mark.parametrize(
    "text",
    [
        "Me duele mucho la espalda y no puedo mover la pierna",
        "J'ai mal au dos depuis trois jours et je ne peux pas marcher",
        "Ich habe seit gestern starke Rückenschmerzen",
        "腰が痛くて動けません",
        "У меня болит спина",
    ],
)
def test_another_language_is_named(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert not e.readable and e.message is not None and "English" in e.message


@pytest.mark.parametrize("text", ["😭😭😭", "!!! ??? ...", "12345"])
def test_no_words_at_all(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert not e.readable and e.message is not None


def test_emoji_around_words_are_fine(knowledge: Knowledge) -> None:
    e = extract("my back locked up 😭 no fever 🙏", knowledge)
    assert e.readable and e.answers.findings["fever"] is False


@pytest.mark.parametrize(
    "text", ["I have a sore throat", "my cat has fleas", "what is the capital of France"]
)
def test_a_text_with_no_back_complaint_is_out_of_scope(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert e.readable and e.out_of_scope and e.findings == []
    assert e.message is not None and "back pain" in e.message


def test_a_warning_sign_without_the_word_back_is_still_checked(knowledge: Knowledge) -> None:
    assessment, e = assess_text("crushing chest pain and I'm sweating", knowledge)
    assert not e.out_of_scope and e.message is not None
    assert assessment.disposition.value == "emergency"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_a_result_not_a_traceback(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert isinstance(e, Extraction)
    assert e.readable or e.message
    ids = set(knowledge.findings)
    assert all(f.id in ids for f in e.findings)


def test_a_report_written_about_someone_else_is_about_that_person(knowledge: Knowledge) -> None:
    e = extract(
        "My mum is 84 and has been on prednisolone for years. She felt a sudden pain in her "
        "mid back lifting a watering can.",
        knowledge,
    )
    assert e.answers.findings.get("long_term_steroids") is True
    assert e.answers.age == 84 and e.answers.sex is not None and e.answers.sex.value == "female"
    # ... but the writer's own complaint keeps a relative's history apart
    mine = extract("My dad had cancer. My back went lifting a box.", knowledge)
    assert "cancer_history" not in mine.answers.findings


@pytest.mark.parametrize(
    ("text", "finding", "value"),
    [
        (
            "Took about 20 paracetamol in one go last night for my back.",
            "paracetamol_overuse",
            True,
        ),
        (
            "I take paracetamol plus a flu remedy that has paracetamol in it.",
            "paracetamol_overuse",
            True,
        ),
        ("I've taken well over the packet dose of co-codamol.", "paracetamol_overuse", True),
        ("My back hurts and my right leg is giving way.", "leg_weakness", True),
        (
            "Sharp pain in my upper back on the right when I breathe in.",
            "pain_with_breathing",
            True,
        ),
        ("Low back locked again, bladder and bowels fine.", "new_bowel_incontinence", False),
        ("Ache under the right ribs after a chip supper.", "after_fatty_meal", True),
    ],
)
def test_more_lay_wording(knowledge: Knowledge, text: str, finding: str, value: bool) -> None:
    assert extract(text, knowledge).answers.findings.get(finding) is value


def test_a_denial_opening_a_list_with_a_colon_reaches_the_whole_list(knowledge: Knowledge) -> None:
    e = extract(
        "I do NOT have: fever, weight loss, numbness in the saddle area, bladder or bowel "
        "trouble, leg weakness, a history of cancer, or steroid use.",
        knowledge,
    )
    for fid in ("fever", "weight_loss", "saddle_numbness", "leg_weakness", "cancer_history"):
        assert e.answers.findings.get(fid) is False, fid
    assert not any(e.answers.findings.values())


@pytest.mark.parametrize(
    ("text", "sex", "age", "present"),
    [
        (
            "dad has myeloma, new back pain and numbness in both legs",
            "male",
            None,
            {"cancer_history", "both_legs_symptoms"},
        ),
        (
            "grandma's 88, slipped in the kitchen and now her back hurts",
            "female",
            88,
            {"minor_trauma"},
        ),
    ],
)
def test_a_report_about_a_relative_without_my_is_about_the_patient(
    knowledge: Knowledge, text: str, sex: str, age: int | None, present: set[str]
) -> None:
    e = extract(text, knowledge)
    assert e.answers.sex is not None and e.answers.sex.value == sex
    assert e.answers.age == age
    assert present <= {f for f, v in e.answers.findings.items() if v}


def test_a_relative_with_ankylosing_spondylitis_is_family_history(knowledge: Knowledge) -> None:
    e = extract(
        "My brother has ankylosing spondylitis and my back is stiff every morning", knowledge
    )
    assert e.answers.findings.get("family_history_spondyloarthritis") is True


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("crushing feeling in chest and back", "chest_pain"),
        ("numbness in my private parts since lifting yesterday", "saddle_numbness"),
        ("my private area feels a bit numb", "saddle_numbness"),
        ("peeing is difficult since my back went", "urinary_retention"),
        ("I have to push to get it out when I wee", "urinary_retention"),
        ("my back is red, hot and swollen over the sore bit", "red_hot_swelling_over_spine"),
        ("my wife wet herself without knowing", "new_bladder_incontinence"),
        ("I've had temperatures of 38.4", "fever"),
        ("had my baby 3 weeks ago and now I'm breathless", "clot_risk"),
        ("ache on the right side under my ribs", "flank_pain"),
        ("my back muscle clenched for a minute or so, then released", "brief_cramp"),
        ("Woman of 82, fell from standing in the bathroom", "minor_trauma"),
        ("i cant stop being sick and my back hurts on the right, i'm yellow", "jaundice"),
    ],
)
def test_blind2_lay_wording_is_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert extract(text, knowledge).answers.findings.get(finding) is True


@pytest.mark.parametrize(
    "text",
    [
        "My lower back spasmed when I picked up my baby",
        "back spasm since lifting yesterday",
        "my back muscles keep spasming and feel knotted",
        "felt a twinge in my back at the gym",
        "my back went when I bent to tie my shoe",
        "my back's gone again, same as last time",
        "back gave way lifting the shopping and now I can barely move",
    ],
)
def test_a_spasm_or_a_twinge_is_not_a_locked_back(text: str, knowledge: Knowledge) -> None:
    """A back in spasm, or one that "went", is what nearly everyone here has; "locked so
    you cannot straighten" is the narrower sign that points to a jarred facet joint."""
    assert "locked_cannot_straighten" not in extract(text, knowledge).answers.findings


@pytest.mark.parametrize(
    "text",
    [
        "my back has locked and I can't straighten up",
        "I'm stuck bent over after a spasm",
        "seized up completely this morning",
        "my lower back locked when I bent over",
    ],
)
def test_a_locked_back_is_still_read(text: str, knowledge: Knowledge) -> None:
    assert extract(text, knowledge).answers.findings.get("locked_cannot_straighten") is True


@pytest.mark.parametrize(
    "text",
    [
        "my back hurts and I feel feverish, I finished chemo last month",
        "had my last chemo 10 days ago, now temp 38.4 and back pain",
        "chemo cycle 3 last week, back pain and shivering",
    ],
)
def test_a_fever_weeks_after_chemotherapy_is_an_emergency(
    text: str, knowledge: Knowledge
) -> None:
    """The immune system stays weak for weeks after each dose (NICE CG151)."""
    assessment, _ = assess_text(text, knowledge)
    assert assessment.answers.findings.get("immunosuppressed") is True
    assert assessment.disposition.value == "emergency"


def test_chemotherapy_years_ago_is_not_a_weak_immune_system_now(knowledge: Knowledge) -> None:
    e = extract("back pain after lifting, I had chemotherapy years ago", knowledge)
    assert e.answers.findings.get("immunosuppressed") is not True


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("years ago I had sciatica, today both legs are weak", "both_legs_symptoms"),
        ("Had surgery on my back years ago, back pain and a fever since yesterday", "fever"),
        ("I had chemo 10 years ago for breast cancer, back pain and a fever", "fever"),
    ],
)
def test_old_history_does_not_reach_past_a_new_clause(
    text: str, finding: str, knowledge: Knowledge
) -> None:
    """"Years ago" files what it is said of as history, never a sign after ", today" or
    ", back pain and ...": a current red flag is never set aside as old."""
    assert extract(text, knowledge).answers.findings.get(finding) is True


def test_old_history_still_covers_what_it_is_said_of(knowledge: Knowledge) -> None:
    e = extract("I had a fever two years ago, now my back hurts", knowledge)
    assert e.answers.findings.get("fever") is not True


@pytest.mark.parametrize(
    "text", ["pain in my back and my left arm, I'm 60", "my back and my jaw hurt, 58 year old man"]
)
def test_back_pain_spreading_to_the_arm_with_no_place_given_is_an_emergency(
    text: str, knowledge: Knowledge
) -> None:
    """The heart can show itself as back pain with arm or jaw pain; an unstated place in
    the back is not assumed to be the low back."""
    assessment, _ = assess_text(text, knowledge)
    assert assessment.disposition.value == "emergency"


def test_low_back_pain_with_an_aching_arm_is_not_the_heart_rule(knowledge: Knowledge) -> None:
    assessment, _ = assess_text("my lower back hurts after lifting and my arm aches", knowledge)
    assert "arm_or_jaw_pain_upper_back" not in [r.rule for r in assessment.reasons]


def test_not_noticing_any_problem_is_a_denial_not_unnoticed_leaking(knowledge: Knowledge) -> None:
    denied = extract("I did not notice any peeing problems", knowledge).answers.findings
    assert denied.get("new_bladder_incontinence") is not True
    leaked = extract("I didn't notice I was peeing until my jeans were wet", knowledge)
    assert leaked.answers.findings.get("new_bladder_incontinence") is True
