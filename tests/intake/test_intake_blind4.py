"""What the fourth blind vignette set (blind4) taught the intake, tested on new wordings.

Blind4 aimed at urgent and emergency signs in the words people really use: slang for the
genitals and the bladder, "my legs have gone", a grey colour, numb hands. Each case here is
the general phrasing, in words that differ from the vignettes that exposed it, and each
phrasing has a benign neighbour that must not be over-read.
"""

from __future__ import annotations

import pytest

from backspasm.intake import assess_text, extract
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def _present(knowledge: Knowledge, text: str) -> set[str]:
    answers = extract(text, knowledge).answers
    return {fid for fid, value in answers.findings.items() if value is True}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # slang for the genitals and the saddle area
        ("tingling around my bits since my back seized up", "saddle_numbness"),
        ("my undercarriage has gone numb, back agony", "saddle_numbness"),
        ("numbness in my lady bits and my back is bad", "saddle_numbness"),
        ("I can barely feel my front bottom since the sciatica got worse", "saddle_numbness"),
        ("his balls feel numb and his back is locked", "saddle_numbness"),
        # "waterworks" and other words for bladder and bowel control
        ("I've lost control over the waterworks since the back went", "new_bladder_incontinence"),
        ("back is bad and I cant hold my water anymore", "new_bladder_incontinence"),
        ("she has no control of her back passage since the fall", "new_bowel_incontinence"),
        # the legs giving out
        ("his legs have gone, he's on the floor with his back", "both_legs_symptoms"),
        ("my legs went out from under me twice today and my back is agony", "both_legs_symptoms"),
        ("back pain and my legs have gone completely", "both_legs_symptoms"),
        ("back pain, and my legs are all wobbly like jelly", "both_legs_symptoms"),
        # grey or ashen skin (NICE NG51: ashen appearance is a high-risk sign)
        ("her back hurts and she's gone ashen", "shock_signs"),
        ("he looks really grey, says its just his back", "shock_signs"),
        ("back pain, grey and clammy", "shock_signs"),
        ("back pain and her skin has turned grey", "shock_signs"),
        # hands and arms
        ("neck and upper back pain, my fingers have gone tingly", "arm_numbness_or_weakness"),
        ("pins and needles in both hands with this upper back pain", "arm_numbness_or_weakness"),
        ("back ache and weak hands, cant open jars", "arm_numbness_or_weakness"),
    ],
)
def test_slang_for_red_flags_is_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding in _present(knowledge, text), text


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("bits of my back are sore after the gym", "saddle_numbness"),
        ("tingling in bits of my foot when the sciatica flares", "saddle_numbness"),
        ("lost control of the van on the ice and now my back hurts", "new_bladder_incontinence"),
        ("my legs have gone stiff after the marathon, back sore too", "both_legs_symptoms"),
        ("my back feels like jelly after the massage", "both_legs_symptoms"),
        ("wearing my grey joggers, back twinged lifting the bin", "shock_signs"),
        ("my hair has gone grey worrying about this back", "shock_signs"),
        ("lifted a grey box at work and my back went", "shock_signs"),
        ("no numbness in my hands, back sore after lifting", "arm_numbness_or_weakness"),
    ],
)
def test_benign_neighbours_are_not_over_read(knowledge: Knowledge, text: str, finding: str) -> None:
    assert finding not in _present(knowledge, text), text


@pytest.mark.parametrize(
    "text",
    [
        "tingling around my bits since my back seized up",
        "I've lost control over the waterworks since the back went",
        "his legs have gone, he's on the floor with his back",
        "he looks really grey, says its just his back",
    ],
)
def test_the_slang_red_flag_is_an_emergency(knowledge: Knowledge, text: str) -> None:
    assert assess_text(text, knowledge)[0].disposition is Disposition.emergency


def test_denied_waterworks_control_stays_a_denial(knowledge: Knowledge) -> None:
    answers = extract("I have not lost control of my waterworks, back sore", knowledge).answers
    assert answers.findings.get("new_bladder_incontinence") is False
