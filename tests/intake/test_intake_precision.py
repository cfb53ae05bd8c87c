"""Over-reads of the intake: benign wording that used to be read as a danger sign (or as
something the writer never said), each next to the wording that must still be read as
the sign. One test per family of phrasings."""

from __future__ import annotations

import pytest

from backspasm.intake import Extraction, assess_text, extract
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def found(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(f.id, f.status, f.context) for f in extraction.findings}


def ids(extraction: Extraction, status: str = "present", context: str = "current") -> set[str]:
    return {f.id for f in extraction.findings if f.status == status and f.context == context}


# --- 1. a low-energy fall is not major trauma ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I fell off my bike yesterday and my back hurts",
        "came off my bike on the way home, back is sore",
        "fell off a chair while changing a light bulb",
        "I fell down two steps in the garden",
        "tripped and fell down the last couple of stairs",
        "slipped on ice and landed on my back",
        "fell off the kerb and my back has gone",
        "I fell over in the kitchen and hurt my back",
    ],
)
def test_a_low_energy_fall_is_minor_not_major_trauma(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert "major_trauma" not in ids(e), found(e)
    assert "minor_trauma" in ids(e), found(e)


@pytest.mark.parametrize(
    "text",
    [
        "fell off a ladder clearing the gutters",
        "I fell off the roof",
        "fell down the stairs last night",
        "car crash on the motorway this morning",
        "I was hit by a car",
        "came off my motorbike at 50 mph",
        "knocked off my bike by a van",
        "thrown off a horse",
        "fell about 10 feet from scaffolding",
        "fell off the garage roof",
        "I fell down a flight of stairs",
        "tumbled downstairs last night",
    ],
)
def test_a_high_energy_injury_is_still_major_trauma(knowledge: Knowledge, text: str) -> None:
    assert "major_trauma" in ids(extract(text, knowledge))


# --- 2. a feeling of heat is not a hot swelling -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my back feels hot",
        "my lower back feels warm and achy",
        "I put a warm heat pack on my back and it helped",
        "a hot water bottle on my back eases it",
        "my back feels hot after the heat pack",
    ],
)
def test_a_feeling_of_heat_is_not_a_hot_swelling(knowledge: Knowledge, text: str) -> None:
    assert "red_hot_swelling_over_spine" not in ids(extract(text, knowledge))


@pytest.mark.parametrize(
    "text",
    [
        "my back is hot and swollen",
        "it is red, hot and swollen over my spine",
        "a hot swollen lump on my spine",
        "the skin over my spine is red and hot",
        "there is a red hot swollen lump on my back",
        "the sore bit on my back is red and swollen",
        "the skin over the sore spot is hot to the touch",
    ],
)
def test_a_hot_red_swelling_is_still_read(knowledge: Knowledge, text: str) -> None:
    assert "red_hot_swelling_over_spine" in ids(extract(text, knowledge))


# --- 3. the reach of a run of denials --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "no fever, no numbness, no weakness and the pain goes down my leg",
            "leg_pain_below_knee",
            {"fever", "leg_numbness_tingling", "leg_weakness"},
        ),
        (
            "no fever, no numbness, no weakness and the pain wakes me at night",
            "night_pain",
            {"fever", "leg_numbness_tingling", "leg_weakness"},
        ),
        ("no fever no chills just pain down my leg", "leg_pain_below_knee", {"fever"}),
        (
            "no fever and no numbness, legs feel like jelly",
            "both_legs_symptoms",
            {"fever", "leg_numbness_tingling"},
        ),
        (
            "no fever, no weakness, pins and needles in my foot",
            "leg_numbness_tingling",
            {"fever", "leg_weakness"},
        ),
        ("no fever but I can't feel my bum", "saddle_numbness", {"fever"}),
        (
            "no fever, no numbness and I can't feel my bum",
            "saddle_numbness",
            {"fever"},
        ),
        (
            "No fever, no weight loss, my legs have gone weak",
            "leg_weakness",
            {"fever", "weight_loss"},
        ),
        ("no numbness or weakness, I've wet myself", "new_bladder_incontinence", set()),
        (
            "no history of cancer, no steroids, no weight loss, smoker",
            "smoker",
            {"cancer_history", "long_term_steroids", "weight_loss"},
        ),
    ],
)
def test_a_denial_does_not_reach_past_its_own_clause(
    knowledge: Knowledge, text: str, present: str, absent: set[str]
) -> None:
    e = extract(text, knowledge)
    assert present in ids(e), found(e)
    assert absent <= ids(e, "absent"), found(e)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("no fever, numbness or weakness", {"fever", "leg_numbness_tingling", "leg_weakness"}),
        ("no numbness, tingling or weakness in my legs", {"leg_numbness_tingling", "leg_weakness"}),
        ("I don't have a fever, weight loss or night sweats", {"fever", "weight_loss"}),
        ("no fever, no numbness, no weakness", {"fever", "leg_numbness_tingling", "leg_weakness"}),
        ("Red flags: no fever, no numbness", {"fever", "leg_numbness_tingling"}),
        ("checked: no fever", {"fever"}),
    ],
)
def test_a_single_denial_still_covers_its_list(
    knowledge: Knowledge, text: str, absent: set[str]
) -> None:
    e = extract(text, knowledge)
    assert absent <= ids(e, "absent"), found(e)
    assert not ids(e) & absent, found(e)


# --- 4. another person in the same text ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "theirs", "mine"),
    [
        ("my wife has a fever, I have back pain", "fever", None),
        (
            "my son has a temperature, my back locked this morning",
            "fever",
            "locked_cannot_straighten",
        ),
        ("my husband has been coughing up blood and my back hurts", "coughing_blood", None),
        ("my friend has numb legs, I just have back pain", "leg_numbness_tingling", None),
        ("both my kids have had a fever all week and my back is killing me", "fever", None),
    ],
)
def test_another_persons_finding_is_not_the_writers(
    knowledge: Knowledge, text: str, theirs: str, mine: str | None
) -> None:
    e = extract(text, knowledge)
    assert (theirs, "present", "family") in found(e)
    assert theirs not in ids(e)
    assert theirs not in e.answers.findings
    if mine:
        assert mine in ids(e)


@pytest.mark.parametrize(
    ("text", "theirs", "patients"),
    [
        ("my dad has back pain and my mum had a fever", "fever", set()),
        ("my dad has back pain, his father had cancer", "cancer_history", set()),
        ("my dad has back pain and he has a fever", None, {"fever"}),
        ("My mum is 84 and her back has gone. My mother has a fever", None, {"fever"}),
        # Someone named along the way is not the one who has the sign: never hide a red flag.
        ("My dad is 80 and my mum says he wet himself", None, {"new_bladder_incontinence"}),
        ("My dad is 80, his wife has noticed he can't feel his bum", None, {"saddle_numbness"}),
        ("My son, 16, helped his uncle lift boxes all day", None, {"lifting_or_bending_onset"}),
    ],
)
def test_a_report_about_one_person_keeps_a_third_persons_findings_apart(
    knowledge: Knowledge, text: str, theirs: str | None, patients: set[str]
) -> None:
    """In a report about someone else, what that person has is the patient's; what a third
    person ("my mum" in a report about "my dad") has stays someone else's."""
    e = extract(text, knowledge)
    if theirs:
        assert (theirs, "present", "family") in found(e)
        assert theirs not in ids(e)
    assert patients <= ids(e), found(e)


def test_the_writer_who_has_it_too_is_still_read(knowledge: Knowledge) -> None:
    e = extract("my wife has a fever and so do I, and my back hurts", knowledge)
    assert "fever" in ids(e)


# --- 5. grey hair is not grey skin ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my hair has gone grey and my back aches",
        "my beard is going grey, lower back pain for a week",
        "I've gone grey over the years and my back has locked",
        "the sky looks grey and my back hurts",
    ],
)
def test_grey_hair_is_not_grey_skin(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert not ids(e) & {"sweating_clammy", "shock_signs"}, found(e)


@pytest.mark.parametrize(
    "text",
    [
        "my face has gone grey",
        "he looks grey and sweaty",
        "my skin is ashen",
        "my face has gone a grey colour and the back pain is terrible",
    ],
)
def test_grey_skin_is_still_a_shock_sign(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert ids(e) & {"sweating_clammy", "shock_signs"}, found(e)


# --- 6. never before is not earlier episodes ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "never had it before",
        "I've never had this before",
        "this has never happened before",
        "I have not had this before, first time",
    ],
)
def test_never_before_denies_earlier_episodes(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert "recurrent_episodes" not in ids(e), found(e)
    assert "recurrent_episodes" in ids(e, "absent"), found(e)


@pytest.mark.parametrize(
    "text", ["I've had this before", "it has happened before, every few months"]
)
def test_earlier_episodes_are_still_read(knowledge: Knowledge, text: str) -> None:
    assert "recurrent_episodes" in ids(extract(text, knowledge))


# --- 7. numb fingers are not numb legs ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my fingers go numb in the cold",
        "my hands go numb and white when it's cold",
        "fingers tingle in cold weather and my back has locked",
    ],
)
def test_numb_fingers_are_not_leg_or_saddle_numbness(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert not ids(e) & {"leg_numbness_tingling", "saddle_numbness"}, found(e)


def test_numb_hands_without_cold_are_arm_numbness(knowledge: Knowledge) -> None:
    e = extract("my fingers go numb and I keep dropping things", knowledge)
    assert "arm_numbness_or_weakness" in ids(e)
    assert "leg_numbness_tingling" not in ids(e)


def test_numb_legs_are_still_leg_numbness(knowledge: Knowledge) -> None:
    e = extract("my fingers are fine but my foot has gone numb", knowledge)
    assert "leg_numbness_tingling" in ids(e)


# --- 8. coughing up blood ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I've been coughing up blood",
        "there is blood in my phlegm",
        "blood in my spit when I cough",
        "hacking up blood since yesterday",
        "coughed up some blood this morning",
        "my sputum is blood stained",
    ],
)
def test_coughing_blood_is_read(knowledge: Knowledge, text: str) -> None:
    assert "coughing_blood" in ids(extract(text, knowledge))


@pytest.mark.parametrize(
    "text", ["no blood when I cough", "not coughing up blood", "I'm not coughing up any blood"]
)
def test_coughing_blood_can_be_denied(knowledge: Knowledge, text: str) -> None:
    e = extract(text, knowledge)
    assert "coughing_blood" in ids(e, "absent"), found(e)


def test_coughing_blood_with_breathlessness_is_an_emergency(knowledge: Knowledge) -> None:
    assessment, _ = assess_text(
        "upper back pain, short of breath and I coughed up blood this morning", knowledge
    )
    assert assessment.disposition is Disposition.emergency
    assert "pulmonary_embolism" in [c.id for c in assessment.conditions[:3]]


# --- 9. a child under five ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my 3 year old has had back pain since yesterday",
        "My 4 yo keeps saying his back hurts",
        "My 2-year-old has back pain and will not walk",
    ],
)
def test_back_pain_in_a_child_under_five_is_seen_today(knowledge: Knowledge, text: str) -> None:
    assessment, extraction = assess_text(text, knowledge)
    assert extraction.facts.age is not None and extraction.facts.age < 5
    assert assessment.disposition.rank >= Disposition.urgent.rank


def test_back_pain_in_an_older_child_is_not_raised_by_age(knowledge: Knowledge) -> None:
    assessment, extraction = assess_text("my 9 year old has a sore back from football", knowledge)
    assert extraction.facts.age == 9
    assert assessment.disposition is Disposition.routine
