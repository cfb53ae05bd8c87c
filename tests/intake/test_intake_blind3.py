"""What the third blind vignette set (blind3) taught the intake, tested on new wordings.

Each case here is a general language pattern (clinical shorthand, a report about someone
else, a measured temperature, a hyphenated word, doubt phrased as "not sure if"), written
in words that differ from the vignettes that exposed it.
"""

from __future__ import annotations

import pytest

from backspasm.intake import assess_text, extract
from backspasm.intake.facts import read_facts, read_temperatures
from backspasm.intake.pipeline import unhyphenate
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("LBP 2/7 after lifting", {"duration_days": 2.0, "location": "lower"}),
        ("new mid back pain 3/52", {"duration_days": 21.0, "location": "middle"}),
        ("back pain 6/12, stiff mornings", {"duration_days": 180.0}),
        ("Back pain 5/10 for 3/7", {"duration_days": 3.0, "pain_score": 5}),
        ("back pain 3/7", {"duration_days": 3.0}),
        ("LMP 2/52, loin pain since yesterday", {"duration_days": 1.0, "location": "lower"}),
        ("seen on 3/12/2024, pain 4/10", {"pain_score": 4}),
        ("I'm 22 weeks, back of my pelvis aches", {}),
        ("im 3 weeks into this back pain", {"duration_days": 21.0}),
        ("T-spine tender", {"location": "middle"}),
        ("epigastric pain boring through to the back", {"location": "middle"}),
    ],
)
def test_clinical_shorthand_facts(text: str, want: dict[str, object]) -> None:
    got = {k: v for k, v in read_facts(text).model_dump().items() if v is not None}
    for key in ("age", "sex", "duration_days", "location", "pain_score"):
        assert got.get(key) == want.get(key), (text, key, got)


def test_a_pain_score_is_never_read_from_a_duration() -> None:
    assert read_facts("c/o back pain 3/7").pain_score is None
    assert read_facts("back pain 2/52").pain_score is None


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("T 38.4", 38.4),
        ("temp 36.8 this morning", 36.8),
        ("a temperature of 39", 39.0),
        ("temp of 101F", 38.3),
        ("temp 37.6", 37.6),
    ],
)
def test_measured_temperatures(text: str, celsius: float) -> None:
    [(_, _, value, mine)] = read_temperatures(text)
    assert value == celsius and mine


def test_a_number_that_cannot_be_a_temperature_is_skipped() -> None:
    assert read_temperatures("T 12 vertebra") == []
    assert read_temperatures("took 2 tablets") == []


@pytest.mark.parametrize(
    ("text", "fever"),
    [
        ("back pain 2 days, temperature 36.5 this morning", False),
        ("back pain, T 38.9, shivery", True),
        ("67F, LBP 1/52, T 38.9, rigors", True),
        ("back pain, rigors, temp 37.0 after paracetamol", True),
        ("afebrile, back pain after lifting", False),
        ("back sore, apyrexial", False),
        ("Resident, 90, back pain, hot to touch", True),
    ],
)
def test_the_measured_number_decides_a_fever(knowledge: Knowledge, text: str, fever: bool) -> None:
    assert extract(text, knowledge).answers.findings.get("fever") is fever


def test_another_persons_temperature_is_not_the_writers(knowledge: Knowledge) -> None:
    answers = extract("my wife has a temp of 39 but I just have back pain", knowledge).answers
    assert "fever" not in answers.findings


@pytest.mark.parametrize(
    ("text", "present", "age", "sex"),
    [
        (
            "she's had back pain for a week and now she can't feel her bottom when she wipes",
            {"saddle_numbness"},
            None,
            "female",
        ),
        (
            "hes been wetting himself and his back is agony. hes 52",
            {"new_bladder_incontinence"},
            52,
            "male",
        ),
        ("he says his willy has gone numb and his back hurts", {"saddle_numbness"}, None, "male"),
        (
            "he says he can't tell when he has done a poo, back pain all week",
            {"new_bowel_incontinence"},
            None,
            "male",
        ),
        ("My 6 yo has back pain and a temp of 38.4", {"fever"}, 6, None),
        ("My dad (81) has pain between his shoulder blades and is sweaty", set(), 81, "male"),
    ],
)
def test_a_report_about_someone_else_is_their_report(
    knowledge: Knowledge, text: str, present: set[str], age: int | None, sex: str | None
) -> None:
    answers = extract(text, knowledge).answers
    assert present <= {f for f, v in answers.findings.items() if v}, answers.findings
    assert answers.age == age
    assert (answers.sex.value if answers.sex else None) == sex


def test_facts_in_a_report_about_someone_else_are_theirs(knowledge: Knowledge) -> None:
    facts = extract(
        "My husband has had pain between his shoulder blades for 2 days", knowledge
    ).facts
    assert facts.location == "upper" and facts.duration_days == 2.0
    facts = extract("My son is 8, back pain for 2 weeks, temp 38.1 last night", knowledge).facts
    assert facts.age == 8 and facts.duration_days == 14.0


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Not sure whether my bum is numb or not, back pain since Tuesday", "saddle_numbness"),
        (
            "I don't know if I've been leaking, my back has been bad a fortnight",
            "new_bladder_incontinence",
        ),
        ("back aches and I'm wondering if I have had a temperature", "fever"),
    ],
)
def test_not_sure_if_is_doubt_that_escalates(knowledge: Knowledge, text: str, finding: str) -> None:
    result, extraction = assess_text(text, knowledge)
    assert finding in extraction.answers.unsure
    assert result.disposition.rank >= Disposition.urgent.rank


def test_not_being_oneself_is_no_denial(knowledge: Knowledge) -> None:
    answers = extract(
        "My daughter (15) hurt her back, she's not herself and has lost weight", knowledge
    ).answers
    assert answers.findings.get("weight_loss") is True


def test_an_estimate_of_time_is_no_doubt(knowledge: Knowledge) -> None:
    answers = extract(
        "I have back pain maybe 1 year, in the morning I am very stiff, maybe 1 hour", knowledge
    ).answers
    assert answers.findings.get("morning_stiffness_long") is True


def test_unhyphenate_keeps_the_length_and_leaves_numbers() -> None:
    for text in ("rowing-machine", "t-shirt", "5-10 minutes", "co-codamol 30-500"):
        assert len(unhyphenate(text)) == len(text)
    assert unhyphenate("rowing-machine") == "rowing machine"
    assert unhyphenate("5-10 minutes") == "5-10 minutes"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Started on the rowing-machine yesterday, back sore today", "unaccustomed_exercise"),
        ("the skin on one side hurts when my t-shirt touches it", "skin_burning_band"),
        ("co-codamol 8 a day plus paracetamol 8 a day for my back", "paracetamol_overuse"),
        ("after a long-haul flight my upper back hurts when I breathe in", "clot_risk"),
    ],
)
def test_hyphenated_words_read_like_spaced_ones(
    knowledge: Knowledge, text: str, finding: str
) -> None:
    assert extract(text, knowledge).answers.findings.get(finding) is True


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("lost feeling in my inner thighs, back pain 3/7", "saddle_numbness"),
        ("My back is hurt from 2 week, also I am not able to make the pee", "urinary_retention"),
        (
            "my lower back hurts, I get up stiff first thing for over an hour",
            "morning_stiffness_long",
        ),
        ("back pain for a year, it eases after football", "better_with_exercise"),
        ("it wakes me in the second half of the night", "night_pain"),
        ("PMH prostate ca, new back pain", "cancer_history"),
        ("c/o loin pain, dysuria", "painful_urination"),
        ("upper back pain, worse on deep breath", "pain_with_breathing"),
        ("back pain and SOB on exertion", "short_of_breath"),
        ("back pain and a throbbing in my tummy", "pulsating_abdominal_mass"),
        ("she is yellow in the eyes, back pain", "jaundice"),
        ("my dad can only walk 100 yards before his legs go heavy", "walking_brings_leg_pain"),
        ("sweating buckets at night, back pain", "fever"),
    ],
)
def test_new_ways_of_saying_a_finding(knowledge: Knowledge, text: str, present: str) -> None:
    assert extract(text, knowledge).answers.findings.get(present) is True, text


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("sweating buckets at night, back pain", "sweating_clammy"),
        ("I was sweating a lot in the gym and my back went into spasm", "sweating_clammy"),
        ("bent down and felt a crack in my back", "iv_drug_use"),
        ("I sob when I think about how much my back hurts", "short_of_breath"),
        ("my back feels hot after the heat pack, pulled it lifting", "fever"),
        ("i'm not eating much because i'm on a diet, back ache from sitting", "weight_loss"),
    ],
)
def test_not_read_as_a_finding(knowledge: Knowledge, text: str, absent: str) -> None:
    assert extract(text, knowledge).answers.findings.get(absent) is not True, text


def test_a_terse_clinical_note_is_read_and_another_language_is_not(
    knowledge: Knowledge,
) -> None:
    note = extract("backache 3/12, getting worse, weight loss 6kg, age 66", knowledge)
    assert note.readable and note.answers.findings.get("weight_loss") is True
    assert not extract("Me duele mucho la espalda desde ayer", knowledge).readable


def test_a_query_mark_before_a_word_is_doubt_not_a_denial(knowledge: Knowledge) -> None:
    result, extraction = assess_text("c/o LBP, ?saddle anaesthesia, PU normal", knowledge)
    assert "saddle_numbness" in extraction.answers.unsure
    assert result.disposition is Disposition.emergency
    # an ordinary question mark still ends a sentence and doubts nothing after it
    assert not extract("Is it serious? my back hurts", knowledge).answers.unsure


@pytest.mark.parametrize(
    ("text", "age", "sex", "location"),
    [
        (
            "wife texting: hes 62, his back is killing him between the shoulders",
            62,
            "male",
            "upper",
        ),
        ("Re: my dad, he is 79, pain in his lower back", 79, "male", "lower"),
        ("My wife has back pain and she is 45", 45, "female", None),
    ],
)
def test_a_labelled_report_about_someone_else(
    knowledge: Knowledge, text: str, age: int, sex: str, location: str | None
) -> None:
    answers = extract(text, knowledge).answers
    assert answers.age == age
    assert answers.sex is not None and answers.sex.value == sex
    assert (answers.location.value if answers.location else None) == location


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Carer note: Mrs T, 88, found on the floor this morning, back pain", "minor_trauma"),
        ("he has upper back pain and has gone a funny grey colour", "sweating_clammy"),
    ],
)
def test_carers_words(knowledge: Knowledge, text: str, finding: str) -> None:
    assert extract(text, knowledge).answers.findings.get(finding) is True


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        (
            "Denies saddle anaesthesia, bladder and bowels normal, "
            "but reports new erectile dysfunction",
            "new_sexual_dysfunction",
        ),
        ("back pain and he can't keep an erection since the weekend", "new_sexual_dysfunction"),
        (
            "No problems with peeing except I can't tell when my bladder is full",
            "new_bladder_incontinence",
        ),
        ("No, it doesn't go down my leg, but I can't feel my feet properly", "both_legs_symptoms"),
    ],
)
def test_a_red_flag_after_a_list_of_denials(knowledge: Knowledge, text: str, finding: str) -> None:
    result, extraction = assess_text(text, knowledge)
    assert extraction.answers.findings.get(finding) is True
    assert result.disposition is Disposition.emergency


def test_a_denied_sexual_problem_stays_denied(knowledge: Knowledge) -> None:
    answers = extract("no erectile problems, lower back pain after lifting", knowledge).answers
    assert answers.findings.get("new_sexual_dysfunction") is False


@pytest.mark.parametrize(
    ("text", "shock"),
    [
        ("65M smoker, HTN, severe LBP radiating to abdo, pulse 110, BP 90/60", True),
        ("Resident 86F, UTI sx, back pain, HR 135, BP 100/60", True),
        ("BP 130/80, HR 72, LBP after lifting 2/7", False),
        ("his lips have gone blue and his back hurts", True),
    ],
)
def test_measured_shock_is_an_emergency(knowledge: Knowledge, text: str, shock: bool) -> None:
    result, extraction = assess_text(text, knowledge)
    assert (extraction.answers.findings.get("shock_signs") is True) is shock
    if shock:
        assert result.disposition is Disposition.emergency


def test_gestation_in_clinical_form(knowledge: Knowledge) -> None:
    result, extraction = assess_text("Pregnant 36/40, LBP, PV bleed this am", knowledge)
    assert extraction.answers.findings.get("pregnancy_warning_signs") is True
    assert result.disposition is Disposition.emergency
    answers = extract("pt 30/40 c/o LBP, no PV loss", knowledge).answers
    assert answers.findings.get("pregnancy") is True
    assert answers.findings.get("pregnancy_warning_signs") is False


@pytest.mark.parametrize(
    ("text", "age"),
    [("3 yo refusing to walk, back pain, temp 38", 3), ("a 7-year-old with back pain", 7)],
)
def test_a_young_childs_stated_age(knowledge: Knowledge, text: str, age: int) -> None:
    assert extract(text, knowledge).answers.age == age


def test_hypertension_abbreviated(knowledge: Knowledge) -> None:
    assert extract("PMH HTN, sudden back pain", knowledge).answers.findings.get(
        "high_blood_pressure"
    )


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        (
            "my back pain come since two week and this morning "
            "I cannot feel nothing when I go toilet",
            "saddle_numbness",
        ),
        ("dear doctor my father 70 years have back pain and he lose weight", "weight_loss"),
        ("the pain in my back is very strong and i have hot", "fever"),
        ("I keep passing water all the time and it burns, pain in my side", "painful_urination"),
        ("back pain and some bleeding from down below, I'm 12 weeks.", "pregnancy"),
    ],
)
def test_non_native_and_spoken_wordings(knowledge: Knowledge, text: str, finding: str) -> None:
    assert extract(text, knowledge).answers.findings.get(finding) is True, text


def test_an_age_after_a_relative_is_not_a_duration(knowledge: Knowledge) -> None:
    answers = extract("dear doctor my father 70 years have back pain", knowledge).answers
    assert answers.age == 70 and answers.duration_days is None
    assert (
        extract("I need to lose weight and my back hurts", knowledge).answers.findings.get(
            "weight_loss"
        )
        is not True
    )


def test_claudication_in_shorthand(knowledge: Knowledge) -> None:
    text = "68M, bilat buttock & thigh pain on walking 100m, eased by sitting/bending fwd, 1/12"
    result, extraction = assess_text(text, knowledge)
    assert extraction.answers.findings.get("walking_brings_leg_pain") is True
    assert result.conditions[0].id == "spinal_stenosis"


def test_a_screened_negative_note(knowledge: Knowledge) -> None:
    findings = extract(
        "c/o L sided sciatica 3/52, no neuro deficit, no CES sx", knowledge
    ).answers.findings
    for flag in ("saddle_numbness", "urinary_retention", "leg_weakness"):
        assert findings.get(flag) is False, flag


@pytest.mark.parametrize(
    ("text", "age", "duration"),
    [
        ("I have back pain, I am 60 years", 60, None),
        ("my son 16 play football, back pain 1 week", 16, 7.0),
        ("My dad 3 weeks ago hurt his back", None, 21.0),
    ],
)
def test_an_age_is_not_a_duration(
    knowledge: Knowledge, text: str, age: int | None, duration: float | None
) -> None:
    answers = extract(text, knowledge).answers
    assert (answers.age, answers.duration_days) == (age, duration)


def test_a_heavy_arm_with_chest_pain(knowledge: Knowledge) -> None:
    text = "pain in my chest and my back between the shoulder, the left arm is heavy"
    findings = extract(text, knowledge).answers.findings
    assert findings.get("pain_to_arm_or_jaw") is True


def test_a_described_relative_opens_a_proxy_report(knowledge: Knowledge) -> None:
    answers = extract("Teen son 15, back pain 3 months, worse at night", knowledge).answers
    assert (answers.age, answers.duration_days) == (15, 90.0)
    assert answers.sex is not None and answers.sex.value == "male"


@pytest.mark.parametrize("text", ["T 38.9 and back ache", "BP 84/50, back", "36/40, backache"])
def test_the_prefilter_lets_numbers_through(knowledge: Knowledge, text: str) -> None:
    from backspasm.intake.prefilter import could_find

    assert could_find(text, knowledge)
    assert extract(text, knowledge).answers.findings
