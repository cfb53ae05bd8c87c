"""What the sixth blind vignette set (blind6) taught the intake, tested on new wordings.

Blind6 was written in the voices earlier rounds covered least: second-language English
("I not feel when I must go to toilet"), text-message shorthand ("18wks preg"), symptoms told
by what no longer works ("I missed the toilet", "my legs won't do what I tell them") and a new
mother writing about herself ("had my baby ten days ago"). Each case here words the family
differently from the vignette that exposed it, and each family has benign neighbours that
must not be over-read.
"""

from __future__ import annotations

import pytest

from backspasm.intake import assess_text, extract
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def _present(knowledge: Knowledge, text: str) -> set[str]:
    answers = extract(text, knowledge).answers
    found = {fid for fid, value in answers.findings.items() if value is True}
    return found | set(answers.unsure)


def _absent(knowledge: Knowledge, text: str) -> set[str]:
    answers = extract(text, knowledge).answers
    return {fid for fid, value in answers.findings.items() if value is False}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # second-language English without "do": the need to go and the wiping paper (GIRFT:
        # loss of bladder sensation and altered perineal sensation are cauda equina signs)
        ("my back very bad, she not feel when she must go for pee", "new_bladder_incontinence"),
        ("back pain two days, i no feel when i have to go toilet", "new_bladder_incontinence"),
        ("back hurt, when i wipe i no feel anything", "saddle_numbness"),
        ("my back is pain and i not feel toilet paper", "saddle_numbness"),
        # the need to go noticed too late
        ("back agony and he did not know he needed the toilet till it happened",
         "new_bladder_incontinence"),
        ("she didnt realise she had to go, back bad all week", "new_bladder_incontinence"),
        ("I didn't make it to the loo this morning, back killing me", "new_bladder_incontinence"),
        ("dad keeps missing the toilet since his back went", "new_bladder_incontinence"),
        # legs that do not obey
        ("her legs won't listen to her since the back pain started", "both_legs_symptoms"),
        ("back agony and my legs aren't working properly", "leg_weakness"),
        ("his legs wont hold him up and his back hurts", "both_legs_symptoms"),
        # pleuritic pain and breathlessness in everyday British English
        ("my back stabs each time I breathe in", "pain_with_breathing"),
        ("rib pain at the back, worse every time she takes a breath", "pain_with_breathing"),
        ("back hurts and I'm out of puff on the stairs", "short_of_breath"),
        # renal colic in uninflected English, testicles said word for word
        ("pain in side, it come and go, like waves, very strong", "pain_in_waves"),
        ("back pain on left it shoot to my eggs", "pain_to_groin"),
        # pregnancy in a text message
        ("20 wks preg and my back aches", "pregnancy"),
        # probes beyond the vignettes, same voices
        ("back bad, he cannot to control his wee", "new_bladder_incontinence"),
        ("she keeps wetting her pants without noticing, back agony", "new_bladder_incontinence"),
        ("can't tell when my bladder is full any more, back pain", "new_bladder_incontinence"),
        ("I don't get the warning that I need to go any more, back bad",
         "new_bladder_incontinence"),
        ("back agony and he didn't feel himself wee", "new_bladder_incontinence"),
        ("my backside feels like after a filling at the dentist, back pain", "saddle_numbness"),
        ("her bits have gone like frozen since the back pain", "saddle_numbness"),
        ("tingling in a saddle shape since my back went", "saddle_numbness"),
        ("cant feel a thing when i sit on the toilet, back bad", "saddle_numbness"),
        ("back pain and when I try to wee just a dribble comes out", "urinary_retention"),
        ("he couldn't do a number one all night, back agony", "urinary_retention"),
        ("hasnt had a pee since lunch and is desperate, back bad", "urinary_retention"),
        ("her legs are like spaghetti and her back hurts", "both_legs_symptoms"),
        ("his legs folded under him twice today, back bad", "both_legs_symptoms"),
        ("back pain, the legs not strong since two days", "leg_weakness"),
        ("grandad keeps falling over, back pain", "unsteady_walking"),
        ("my back is agony when i breathe, can only take small breaths", "pain_with_breathing"),
        ("I'm pissing blood and my side hurts", "blood_in_urine"),
        ("back pain and it's like weeing broken glass", "painful_urination"),
        ("back pain came on like nothing I have ever felt before", "sudden_severe_tearing_pain"),
        ("he peed his trousers and never noticed, back bad", "new_bladder_incontinence"),
        ("she has no control down below since the back pain", "new_bladder_incontinence"),
        ("had an accident in the bed overnight, back agony", "new_bladder_incontinence"),
        ("back went out and my butt cheeks feel numb", "saddle_numbness"),
        ("couldn't feel the toilet seat this morning, back bad", "saddle_numbness"),
        ("his back hurts and he canna pee", "urinary_retention"),
        ("grandma has gone off her legs and her back hurts", "both_legs_symptoms"),
        ("sciatica and I keep catching on my left toes", "leg_weakness"),
        ("sudden back pain, it was the worst ever", "sudden_severe_tearing_pain"),
        ("on fingolimod for MS, back pain and a fever", "immunosuppressed"),
        ("upper back pain and my jaw hurt all evening", "pain_to_arm_or_jaw"),
        ("did loads of burpees for the first time on saturday, back sore",
         "unaccustomed_exercise"),
        ("36 weeks pregnant and my baby hasn't kicked since last night, backache",
         "pregnancy_warning_signs"),
        ("pregnant, back ache and fluid trickling down my thighs", "pregnancy_warning_signs"),
        ("my back is stabbing when breathing in, had an operation last week",
         "pain_with_breathing"),
        ("upper back pain and I can't get enough air", "short_of_breath"),
        ("coughing pink frothy spit and my back hurts", "coughing_blood"),
        ("squeezing pain behind my sternum and my back aches", "chest_pain"),
        # the cold does not excuse numb hands that are not from the cold
        ("my fingers went numb and weak since my neck pain started", "arm_numbness_or_weakness"),
        ("bad injury at work, fell off the scaffold, back agony", "major_trauma"),
        ("back ache and every time I go to the loo, it stings", "painful_urination"),
    ],
)
def test_the_word_family_is_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding in _present(knowledge, text), text


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I not feel much pain now, back is better", "saddle_numbness"),
        ("I know when I need to go, back sore after lifting", "new_bladder_incontinence"),
        ("I missed the bus and ran for it, back twinged", "new_bladder_incontinence"),
        ("my legs are working fine, just my lower back is stiff", "both_legs_symptoms"),
        ("my legs do not hurt, only the back", "leg_weakness"),
        ("back hurts when I breathe heavily on a run but not at rest", "short_of_breath"),
        ("I eat eggs for breakfast every day, back sore from the gym", "pain_to_groin"),
        ("the pain goes away like a wave goes back to sea", "pain_to_groin"),
        ("I am 18 weeks into my new job and my back is sore", "pregnancy"),
        ("my bottom tooth hurts and I went to the dentist, back sore", "saddle_numbness"),
        ("only a trickle of sweat, back sore from gardening", "urinary_retention"),
        ("I just had a wee and my back is sore from lifting", "urinary_retention"),
        ("my legs are not strong enough for hill runs yet, back stiff", "leg_weakness"),
        ("I can take deep breaths fine, back sore from lifting", "pain_with_breathing"),
        ("my back kills when I bend over the sink", "pain_with_breathing"),
        ("I wet my hair in the shower and my back twinged", "new_bladder_incontinence"),
        ("my feet are sore from new shoes, both of them, back twinged", "both_legs_symptoms"),
        ("I get the urge to pee as normal, back stiff", "new_bladder_incontinence"),
        ("my wee is clear, back sore from digging", "blood_in_urine"),
        ("I can feel myself getting better, back sore after lifting", "saddle_numbness"),
        ("my legs feel like lead after the marathon, back a bit sore", "both_legs_symptoms"),
        ("I canna go to the gym this week, back sore", "urinary_retention"),
        ("rushed off my feet at work, back sore", "both_legs_symptoms"),
        ("I had an accident on my bike last year, back stiff now", "new_bladder_incontinence"),
        ("my butt is sore from the bike saddle, back stiff", "saddle_numbness"),
        ("I can feel the seat fine, just back sore", "saddle_numbness"),
        ("the kids are off school and my back hurts from lifting them", "both_legs_symptoms"),
        ("my baby has not slept all night and my back aches from rocking her",
         "pregnancy_warning_signs"),
        ("I can breathe fine, my back is sore after lifting", "pain_with_breathing"),
        ("I get enough air on my runs, back a bit stiff", "short_of_breath"),
        ("I had heartburn after curry, my back is stiff from the sofa", "chest_pain"),
        ("I have numb fingers from the cold, back stiff from shovelling snow",
         "arm_numbness_or_weakness"),
        ("my hands are tingly from the cold and my back aches", "arm_numbness_or_weakness"),
        ("the pain wakes me when I roll over, it was a lifting injury, 36", "major_trauma"),
    ],
)
def test_benign_neighbours_are_not_over_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding not in _present(knowledge, text), text


@pytest.mark.parametrize(
    "text",
    [
        "back hurt since one week, now i not feel when i must go pee",
        "I missed the loo twice today and didn't know I needed to go, back bad for a week",
        "back pain for days and now my legs won't do what I tell them",
        "gave birth to my son by caesarean 2 weeks ago, pain in my back every time I breathe "
        "in and I'm out of puff",
    ],
)
def test_the_word_family_leads_to_an_emergency(knowledge: Knowledge, text: str) -> None:
    assert assess_text(text, knowledge)[0].disposition is Disposition.emergency, text


def test_a_mother_writing_about_her_own_birth_is_not_family(knowledge: Knowledge) -> None:
    """"had my baby" is the writer's own recent birth (NICE NG158 counts six weeks)."""
    text = "I had my baby 12 days ago, my back hurts when I take a deep breath"
    found = extract(text, knowledge).findings
    clot = [f for f in found if f.id == "clot_risk"]
    assert clot and clot[0].context == "current"
    # the baby as the one who is ill still belongs to someone else
    text = "my baby has had a fever since yesterday and my back aches from carrying her"
    assert extract(text, knowledge).answers.findings.get("fever") is not True


def test_one_denial_covers_peeing_and_pooing(knowledge: Knowledge) -> None:
    text = "back sore from moving house, before you ask: no problems peeing or pooing"
    absent = _absent(knowledge, text)
    assert {"urinary_retention", "new_bladder_incontinence", "new_bowel_incontinence"} <= absent
    assert assess_text(text, knowledge)[0].disposition is Disposition.self_care


def test_weeks_of_pregnancy_in_shorthand_are_not_a_duration(knowledge: Knowledge) -> None:
    extraction = extract("18wks preg, back ache at work. no bleeding", knowledge)
    assert extraction.facts.duration_days is None
    assert extraction.answers.findings.get("pregnancy") is True
