"""What the paraphrase set taught the intake, tested on yet other wordings.

The paraphrase set (tests/vignettes/paraphrase_vignettes.jsonl) tells every urgent and
emergency vignette of the team and blind sets again, twice, in other registers: terse phone
text, a second-language writer, a relative, a long ramble, plain function words instead of
symptom names, and hedges. Its first run missed the danger sign in 134 of 492 texts. Each
fix was made for a family of wordings; each family is tested here with words that appear in
neither the vignettes nor the rules' examples, next to a benign neighbour that must not be
read as the sign.
"""

from __future__ import annotations

import pytest

from backspasm.intake import assess_text, extract
from backspasm.intake.facts import read_age, read_duration, read_location
from backspasm.intake.rules import default_rules, dropped_g, spellings
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def _present(knowledge: Knowledge, text: str) -> set[str]:
    answers = extract(text, knowledge).answers
    found = {fid for fid, value in answers.findings.items() if value is True}
    return found | set(answers.unsure)


SIGNS = [
    # The saddle area or the genitals said as if they were someone else's, not there,
    # or with less feeling (cauda equina: altered perineal sensation).
    ("my bottom feels like it belongs to somebody else since the weekend, back agony",
     "saddle_numbness"),
    ("sciatica, and his todger feels like it's not there when he pees", "saddle_numbness"),
    ("back gone, and my bits feel not quite mine", "saddle_numbness"),
    ("wiping after a poo I felt nothing at all, back is killing me", "saddle_numbness"),
    ("back pain and her bottom has less feeling than it should", "saddle_numbness"),
    ("bad back, the part i sit on feels strange", "saddle_numbness"),
    ("my back is bad and I can't feel my inner thighs", "saddle_numbness"),
    # Only drops, or nothing, when trying to pass urine; a bladder that never empties.
    ("back went, I stand there and only a few drops come", "urinary_retention"),
    ("he hasn't been able to pass any water since lunch, back agony", "urinary_retention"),
    ("after a pee there's still some left inside, back and leg pain", "urinary_retention"),
    # The bladder lets go, or no longer tells when it is full.
    ("back pain, and the wee is coming out of me on its own", "new_bladder_incontinence"),
    ("she can't tell anymore when she needs the toilet, sore back",
     "new_bladder_incontinence"),
    ("my body doesn't tell me when I need a wee now, back gone", "new_bladder_incontinence"),
    # The bowel.
    ("he messed the sheets last night and didn't know, back agony", "new_bowel_incontinence"),
    ("back bad, my bowels opened and I did not notice", "new_bowel_incontinence"),
    # Erections said plainly.
    ("since the back went nothing happens in bed with my wife", "new_sexual_dysfunction"),
    # Both legs said another way.
    ("the sciatica is not only the one leg anymore, it's both", "both_legs_symptoms"),
    ("her sciatica has moved to the other leg as well", "both_legs_symptoms"),
    ("pain in my left leg and the right one", "both_legs_symptoms"),
    ("his legs won't carry him and his back is bad", "both_legs_symptoms"),
    ("her legs went heavy, no strength at all, back pain", "both_legs_symptoms"),
    # A leg or foot without strength.
    ("back pain and my left leg has no power", "leg_weakness"),
    ("her knee and leg keep folding under her", "leg_weakness"),
    ("the toes of my right foot won't lift up, back and leg pain", "leg_weakness"),
    ("sciatica and that foot smacks down when I walk", "leg_weakness"),
    # Walking unsteadily.
    ("back pain and I'm tottering about like an old drunk", "unsteady_walking"),
    ("she is all over the place when she walks and her back hurts", "unsteady_walking"),
    ("back pain, I keep almost toppling over", "unsteady_walking"),
    ("my feet don't go where I want them to and my neck hurts", "unsteady_walking"),
    # Hands.
    ("neck pain, my fingers are fumbling and the pen slips out of my hand",
     "arm_numbness_or_weakness"),
    # A pulse in the belly (aortic aneurysm).
    ("back ache and my tummy is thumping away like it has a second heart",
     "pulsating_abdominal_mass"),
    ("a lump near my belly button keeps beating, back hurts", "pulsating_abdominal_mass"),
    ("I can feel a pulse going in my belly and my back is agony", "pulsating_abdominal_mass"),
    # Tearing pain said through what it felt like, or sudden and terrible.
    ("felt something rip between my shoulder blades", "sudden_severe_tearing_pain"),
    ("a pain like I was being split in two went through to my back",
     "sudden_severe_tearing_pain"),
    ("out of the blue a dreadful pain in my back and belly", "sudden_severe_tearing_pain"),
    ("the pain came on in a flash and it is awful", "sudden_severe_tearing_pain"),
    # Chest: someone else's, or loosely said.
    ("his back hurts and there's a heaviness across his chest", "chest_pain"),
    ("upper back pain and my chest feels pressed", "chest_pain"),
    # Arm or jaw.
    ("ache between the shoulder blades that goes up into her jaw", "pain_to_arm_or_jaw"),
    # Breath.
    ("back pain, and he could not catch a breath on the stairs", "short_of_breath"),
    ("my upper back hurts and I can't take in enough air", "short_of_breath"),
    ("back pain and it hurts to draw a big breath", "pain_with_breathing"),
    # Shock and sweating.
    ("dad's back is bad and his skin has gone cold and wet", "sweating_clammy"),
    ("her face has gone like ash and she says it is her back", "shock_signs"),
    # Fainting.
    ("I went unconscious on the kitchen floor, back pain", "fainting"),
    # Confusion.
    ("gran is all mixed up and has a sore back", "confusion"),
    ("he doesn't know what year it is and his back hurts", "confusion"),
    ("her words make no sense today and her back aches", "confusion"),
    # Fever.
    ("his body feels boiling and his back is sore", "fever"),
    ("back pain and I'm burnin up", "fever"),
    # Weight.
    ("my back hurts and I lost two stone", "weight_loss"),
    ("back pain and the weight is dropping off", "weight_loss"),
    ("back ache, my jeans are too big now", "weight_loss"),
    # Walking a short way.
    ("after walking my legs ache and I need to sit on a seat", "walking_brings_leg_pain"),
    ("I can walk only a few minutes, back pain", "walking_brings_leg_pain"),
    # Blood in the urine, one side of the back, waves.
    ("back pain on one side and my water is a reddish colour", "blood_in_urine"),
    ("his back hurts on the right side, a sharp ache", "flank_pain"),
    ("pain in her side, it builds up then fades", "pain_in_waves"),
    # Jaundice.
    ("pain under the right ribs and his skin is turning yellowish", "jaundice"),
    # Pregnancy.
    ("I'm 36 weeks pregnant, my bump keeps going tight and my back aches",
     "pregnancy_warning_signs"),
    ("28 weeks pregnant, back ache and a bit of blood when I wipe", "pregnancy_warning_signs"),
    # Trauma.
    ("came off the roof of the shed onto my back", "major_trauma"),
    ("a pile-up on the motorway, my back is sore", "major_trauma"),
    ("she lost her footing and landed on her bottom", "minor_trauma"),
    # Risk factors said plainly.
    ("back pain and I've got high bp", "high_blood_pressure"),
    ("my husband is having chemotherapy and has a back ache", "immunosuppressed"),
    ("taking paracetamol every 4 hrs for my back and a lemsip", "paracetamol_overuse"),
    ("she gave birth to her baby and now her back hurts when she breathes in", "clot_risk"),
]


#: The held-out probe (tests/vignettes/paraphrase_heldout_vignettes.jsonl, written after the
#: fixes above) missed these families on its first run; each is tested here in new words.
HELD_OUT_SIGNS = [
    ("back pain, and I can't tell if the tissue is even touching", "saddle_numbness"),
    ("sciatica and my backside has gone to sleep", "saddle_numbness"),
    ("back agony, I have to squeeze the wee out", "urinary_retention"),
    ("sore back, and peeing feels unfinished", "urinary_retention"),
    ("my jeans were soaked and I never felt a thing, back pain", "new_bladder_incontinence"),
    ("back bad, my bladder no longer gives me a signal", "new_bladder_incontinence"),
    ("woke up to soiled sheets, back agony", "new_bowel_incontinence"),
    ("his knees just buckled on the stairs, back pain", "leg_weakness"),
    ("my feet won't do what I want them to and my back hurts", "unsteady_walking"),
    ("back pain and my tummy keeps throbbing under my hand", "pulsating_abdominal_mass"),
    ("back pain like I was being pulled apart inside", "sudden_severe_tearing_pain"),
    ("suddenly a horrific pain right through to my back", "sudden_severe_tearing_pain"),
    ("back ache and it feels like an elephant on his chest", "chest_pain"),
    ("the breath won't go in properly and my upper back hurts", "short_of_breath"),
    ("nan keeps asking where she is and has back pain", "confusion"),
    ("back pain and he is nodding off mid conversation", "confusion"),
    ("30 weeks pregnant, back ache and my tummy went hard as a rock", "pregnancy_warning_signs"),
    ("I came round on the ground and my back hurts", "fainting"),
]

HELD_OUT_NEIGHBOURS = [
    ("back ache, I can tell the paper is there fine", "saddle_numbness"),
    ("my foot went to sleep sitting cross-legged, back sore", "saddle_numbness"),
    ("I squeezed the orange juice out and my back twinged", "urinary_retention"),
    ("my jeans were soaked in the rain, back stiff", "new_bladder_incontinence"),
    ("my trousers were dirty from the garden, back sore", "new_bowel_incontinence"),
    ("my belt buckle dug in, back ache", "leg_weakness"),
    ("pulled apart the flat-pack wardrobe and hurt my back", "sudden_severe_tearing_pain"),
    ("back ache, my cat was sitting on my chest all night", "chest_pain"),
    ("he asked where the shop was and then his back went", "confusion"),
]


@pytest.mark.parametrize(("text", "finding"), HELD_OUT_SIGNS)
def test_a_held_out_family_is_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding in _present(knowledge, text)


@pytest.mark.parametrize(("text", "finding"), HELD_OUT_NEIGHBOURS)
def test_a_held_out_neighbour_is_not_read_as_the_sign(
    knowledge: Knowledge, text: str, finding: str
) -> None:
    assert finding not in _present(knowledge, text)


@pytest.mark.parametrize(("text", "finding"), SIGNS)
def test_a_paraphrased_sign_is_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding in _present(knowledge, text)


NEIGHBOURS = [
    # Benign wordings next to each family: they must not be read as the sign.
    ("my old car feels like it belongs to someone else now it's fixed, back is sore",
     "saddle_numbness"),
    ("my back is stiff, I can feel my bottom and legs fine", "saddle_numbness"),
    ("back spasm, nothing comes of stretching", "urinary_retention"),
    ("back pain after gardening, the rain came and I went inside", "new_bladder_incontinence"),
    ("I sat on the bed and my back twinged", "new_bowel_incontinence"),
    ("pulled my back, nothing works, not even ibuprofen", "new_sexual_dysfunction"),
    ("my left leg aches after football, the right one is fine", "both_legs_symptoms"),
    ("my back hurts but my legs hold me up fine", "leg_weakness"),
    ("back spasm, my feet are cold", "leg_weakness"),
    ("back spasm, I'm walking steadily", "unsteady_walking"),
    ("my tummy rumbles when I'm hungry and my back is stiff", "pulsating_abdominal_mass"),
    ("my heart is beating fast from the pain in my back", "pulsating_abdominal_mass"),
    ("I pulled a muscle and it hurts when I twist", "sudden_severe_tearing_pain"),
    ("I tore my jeans when I bent over and my back twinged", "sudden_severe_tearing_pain"),
    ("my back is sore and my skin is dry", "sweating_clammy"),
    ("my back is stiff and my jaw clicks", "pain_to_arm_or_jaw"),
    ("back pain after my son's birthday, he blew out the candles in one breath",
     "short_of_breath"),
    ("back twinge, my husband is always mixed in with the kids' football",
     "confusion"),
    ("I have a bit of blood on my finger from a paper cut, back ache", "blood_in_urine"),
    ("back pain, I'm trying to lose weight", "weight_loss"),
    ("stiff back, I walk the dog for an hour", "walking_brings_leg_pain"),
    ("my back is sore after sitting on a bench at the match", "walking_brings_leg_pain"),
    ("I lost my keys and my back hurts", "minor_trauma"),
    ("stiff back, my blood pressure is normal", "high_blood_pressure"),
]


@pytest.mark.parametrize(("text", "finding"), NEIGHBOURS)
def test_a_benign_neighbour_is_not_read_as_the_sign(
    knowledge: Knowledge, text: str, finding: str
) -> None:
    assert finding not in _present(knowledge, text)


def test_a_comparison_with_normal_is_not_a_denial(knowledge: Knowledge) -> None:
    """"More confused than usual" is confusion; "bladder normal" is still a denial."""
    answers = extract("her back hurts and she is more muddled than usual", knowledge).answers
    assert answers.findings.get("confusion") is True
    answers = extract("back pain, my bladder is normal", knowledge).answers
    assert answers.findings.get("urinary_retention") is False


def test_not_wanting_to_eat_does_not_deny_what_follows(knowledge: Knowledge) -> None:
    answers = extract("my son is 8, back pain, he not want eat and lose weight", knowledge).answers
    assert answers.findings.get("weight_loss") is True


def test_fine_again_after_a_rest_does_not_deny_the_walking_pain(knowledge: Knowledge) -> None:
    text = "his legs ache when he walks and he has to rest on a wall, after that he is fine again"
    assert "walking_brings_leg_pain" in _present(knowledge, text)


@pytest.mark.parametrize(
    "text",
    [
        # Whole messages from the families above, in a register the set used.
        "sciatica both legs n my bum feels like it belongs to someone else",
        "my father 70 years have back pain and his belly is beating like heart",
        "68 high bp, felt something split in my back just now",
        "I think maybe only a trickle comes when I try to wee, bad back",
    ],
)
def test_paraphrased_emergencies(knowledge: Knowledge, text: str) -> None:
    assert assess_text(text, knowledge)[0].disposition is Disposition.emergency


# --- The dropped "g" ("burnin up", "wipin"): one family, derived from the rules' words.


def test_dropped_g_reads_the_ing_words_of_the_rules() -> None:
    derived = dropped_g(default_rules())
    assert derived["burnin"] == "burning"
    assert derived["throbbin"] == "throbbing"
    assert "thin" not in derived  # "thin bones" is not "thing bones"
    assert "kin" not in derived  # five letters at least: "king" gives nothing
    # Listed spellings win over derived ones.
    merged = spellings(default_rules())
    assert all(merged[w] == r for w, r in default_rules().targets.spellings.items())


def test_dropped_g_in_a_text(knowledge: Knowledge) -> None:
    assert "fever" in _present(knowledge, "back agony and shiverin all night")
    assert "osteoporosis" in _present(knowledge, "I have thin bones and my back hurts")


# --- Facts said another way.


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my daughter has seven years, back pain and fever", 7),
        ("I have 52 years, back pain", 52),
        ("I have 2 years back pain", None),  # how long, not an age
        ("I have 3 years of back pain", None),
    ],
)
def test_age_said_with_have(text: str, age: int | None) -> None:
    assert read_age(text, everyone=True) == age


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("back pain, 3 yrs now", 1095.0),
        ("stiff back. One year like this.", 365.0),
        ("legs ache when I walk, many months", 60.0),
        ("12 tablets a day", None),
        ("had sciatica 2 yrs ago", None),
    ],
)
def test_durations_said_another_way(text: str, days: float | None) -> None:
    assert read_duration(text) == days


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("an ache in the middle of her back", "middle"),
        ("pain at the top of his stomach going right through to his back", "middle"),
        ("a pain going straight thru to my back", "middle"),
    ],
)
def test_locations_said_of_someone_else_or_loosely(text: str, where: str) -> None:
    assert read_location(text, everyone=True) == where
