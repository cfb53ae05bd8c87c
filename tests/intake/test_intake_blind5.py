"""What the fifth blind vignette set (blind5) taught the intake, tested on new wordings.

Blind5 was written as people type at 2 a.m.: misspelt, without punctuation, hedged, through
a relative, with ages in words. Each case here is the general phrasing in words that differ
from the vignette that exposed it, and each family has benign neighbours that must not be
over-read.
"""

from __future__ import annotations

import pytest

from backspasm.intake import assess_text, extract
from backspasm.intake.facts import ages_in_digits, read_age
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def _present(knowledge: Knowledge, text: str) -> set[str]:
    answers = extract(text, knowledge).answers
    found = {fid for fid, value in answers.findings.items() if value is True}
    return found | set(answers.unsure)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # changed feeling in the saddle area without the word "numb" (GIRFT: altered
        # perineal sensation is a cauda equina sign)
        ("my back is bad and it feels weird down below since last night", "saddle_numbness"),
        ("sciatica and it feels funny between my legs", "saddle_numbness"),
        ("back pain and my privates feel strange", "saddle_numbness"),
        ("back agony, and it feels like sitting on a folded towel", "saddle_numbness"),
        # lost bladder sensation said with the toilet or loo
        ("back went and I've lost the urge to go to the loo", "new_bladder_incontinence"),
        ("since the back pain no sensation of needing the bathroom", "new_bladder_incontinence"),
        ("he hasnt needed a pee since this morning and his back is agony",
         "new_bladder_incontinence"),
        # a bladder that does not empty
        ("back pain and my bladder is never emptying properly", "urinary_retention"),
        ("peeing feels like i havent finished, back is killing me", "urinary_retention"),
        # hands: no verb, and dropping things (cord compression)
        ("upper back pain, fingers numb and clumsy", "arm_numbness_or_weakness"),
        ("neck pain and I keep dropping things", "arm_numbness_or_weakness"),
        ("she staggers like shes drunk and her back hurts", "unsteady_walking"),
        # a pulse felt in the belly (AAA)
        ("theres a heartbeat in my tummy and my back aches", "pulsating_abdominal_mass"),
        ("my stomach feels like it has a pulse in it, low back pain", "pulsating_abdominal_mass"),
        # pleuritic pain
        ("back hurts when she takes a deep breath", "pain_with_breathing"),
        ("sharp pain under my shoulder blade whenever i take a big breath", "pain_with_breathing"),
        # night pain said as day and night
        ("back pain for weeks, it aches day and night", "night_pain"),
        # weight loss told through appetite
        ("my dad has back pain and has lost his appetite", "weight_loss"),
        # paracetamol with a remedy that holds paracetamol, many words apart
        ("taking paracetamol every four hours and beechams for my cold and back",
         "paracetamol_overuse"),
        # shingles before the rash
        ("tingling in a band round my ribs from my back, no spots", "skin_burning_band"),
        ("back pain and the skin on my side is so tender my shirt hurts it", "skin_burning_band"),
        # morning stiffness said briefly
        ("back stiff, always worse first thing", "morning_stiffness_long"),
        # probes beyond the vignettes, same families
        ("cant tell if ive weed or not and my back is agony", "new_bladder_incontinence"),
        ("my back went and now im wetting myself", "new_bladder_incontinence"),
        ("he pooed himself without knowing, back bad for days", "new_bowel_incontinence"),
        ("back pain and my foreskin feels numb", "saddle_numbness"),
        ("my feet are both pins and needles and my back hurts", "both_legs_symptoms"),
        ("my legs dont feel like mine since the back went", "both_legs_symptoms"),
        ("im a user, i inject into my legs, back agony", "iv_drug_use"),
        ("back pain and the sweats and shivers all night", "fever"),
        ("lost two notches on my belt without trying, back ache", "weight_loss"),
        ("on pred for my lungs for years, back went", "long_term_steroids"),
        ("the scan showed my aorta is a bit dilated, now back pain", "known_aortic_aneurysm"),
        ("my wee looks like cola and my side hurts", "blood_in_urine"),
        ("breathless with back pain since my operation last week", "clot_risk"),
        # hedged feeling, more words for the bottom, the bladder said loosely
        ("im not sure if i can feel the tissue when i wipe, back agony", "saddle_numbness"),
        ("tingly round my butt since my back went", "saddle_numbness"),
        ("he cant tell when he needs the toilet any more, back bad", "new_bladder_incontinence"),
        ("i cant feel the wee coming out, back pain", "new_bladder_incontinence"),
        ("back pain and i cant seem to wee at all", "urinary_retention"),
        ("dad is talking gibberish and has back pain", "confusion"),
        ("my bones have got thin with age and my back hurts", "osteoporosis"),
        ("slipped getting into the shower and landed on my back", "minor_trauma"),
        ("she has lost control of her bladder since the back pain", "new_bladder_incontinence"),
        ("he lost control of his bowels last night, back bad all week", "new_bowel_incontinence"),
        ("ive been going to the loo without knowing it, back agony", "new_bladder_incontinence"),
        ("wet the sofa and didnt know till after, back pain", "new_bladder_incontinence"),
        ("i have to push on my lower tummy to get it out, back bad", "urinary_retention"),
        ("mum was on the floor for hours before we found her, back hurts", "minor_trauma"),
        ("back sore after falling down in the car park, 70", "minor_trauma"),
    ],
)
def test_the_word_family_is_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding in _present(knowledge, text), text


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("my back feels different since I started pilates", "saddle_numbness"),
        ("sitting on a cushion at work helps my back", "saddle_numbness"),
        ("I go to the toilet when I need to, back sore after lifting", "new_bladder_incontinence"),
        ("emptying the dishwasher set my back off", "urinary_retention"),
        ("no numbness in my hands or fingers, back sore", "arm_numbness_or_weakness"),
        ("my belly is fine, back twinged lifting", "pulsating_abdominal_mass"),
        ("took 2 paracetamol 4 times a day and night nurse is where i work", "night_pain"),
        ("took 2 paracetamol this morning for my back", "paracetamol_overuse"),
        ("my back aches, worse after sitting", "morning_stiffness_long"),
        ("I peed fine and did not notice anything odd, back sore", "new_bladder_incontinence"),
        ("my stomach op was ten years ago, back sore from gardening", "clot_risk"),
        ("I drink a lot of tea and my back aches", "blood_in_urine"),
        ("the nurse injected my knee last year, back twinge now", "iv_drug_use"),
        ("I like sitting on a cushion at my desk", "saddle_numbness"),
        ("I can feel the toilet paper fine, back sore from lifting", "saddle_numbness"),
        ("I can wee properly, back sore", "urinary_retention"),
        ("I go to the gym when I remember, back sore after deadlifts", "new_bladder_incontinence"),
        ("my legs are both fine, just my lower back", "both_legs_symptoms"),
        ("the nurse injected my arm with the flu jab, back twinged later", "iv_drug_use"),
        ("walking like a robot because my back is so stiff", "unsteady_walking"),
        ("I'm always dropping my kids at school and lifting the baby", "arm_numbness_or_weakness"),
        ("dull ache down below in my lower back", "saddle_numbness"),
        ("I went to the loo without realising how late it was, back sore",
         "new_bladder_incontinence"),
        ("my back hurts after falling asleep on the sofa", "minor_trauma"),
        ("lost control of the car on ice but no crash, back tense", "new_bowel_incontinence"),
    ],
)
def test_benign_neighbours_are_not_over_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding not in _present(knowledge, text), text


@pytest.mark.parametrize(
    "text",
    [
        "back bad since sunday and its gone odd down there",
        "lost the feeling of needing the loo, back agony",
        "hands tingly and clumsy, walking like a drunk, neck and back pain",
        "low back pain and my belly feels like there is a heartbeat in it",
        "had my baby last month, back hurts when i take a deep breath",
    ],
)
def test_the_word_family_leads_to_an_emergency(knowledge: Knowledge, text: str) -> None:
    assert assess_text(text, knowledge)[0].disposition is Disposition.emergency


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("seventy two, new back pain for a month", 72),
        ("I'm sixty-eight and my back went", 68),
        ("my back hurts, im fifty", 50),
        ("my son is nine and his back hurts at night", 9),
        ("Grandad is eighty one, back pain since a fall", 81),
        ("I'm one of those people with a bad back, 40", 40),
        ("I'm five foot two and my back hurts", None),
        ("back sore after carrying my 2yo round the zoo, 34", 34),
        ("lifting our 3-year-old did my back in, I'm 29", 29),
    ],
)
def test_ages_in_words_and_other_peoples_ages(knowledge: Knowledge, text: str,
                                              age: int | None) -> None:
    assert extract(text, knowledge).facts.age == age


def test_ages_in_digits_leaves_durations_and_measures_alone() -> None:
    assert ages_in_digits("he's two weeks post-op") == "he's two weeks post-op"
    assert ages_in_digits("she is ninety-one") == "she is 91"
    assert read_age("back pain for two weeks") is None


def test_a_new_clause_about_the_back_ends_an_old_history(knowledge: Knowledge) -> None:
    """"feverish on and off, back pain, used to inject": the fever is now, not history."""
    text = "been feverish on and off, back pain, used to inject but clean now, 35"
    assert extract(text, knowledge).answers.findings.get("fever") is True


def test_blood_pressure_said_with_over_is_a_shock_sign(knowledge: Knowledge) -> None:
    text = "sudden back pain and my blood pressure was 80 over 50 at the chemist"
    assert extract(text, knowledge).answers.findings.get("shock_signs") is True
    assert assess_text(text, knowledge)[0].disposition is Disposition.emergency
