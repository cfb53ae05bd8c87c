"""Age, sex, duration, location, side, onset and pain score read from the text."""

from __future__ import annotations

import pytest

from backspasm.intake.facts import read_facts


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("I'm 51 and my back went", {"age": 51}),
        ("40-year-old man, lower back spasm", {"age": 40, "sex": "male", "location": "lower"}),
        ("36, male. Pain in the left side of my back", {"age": 36, "sex": "male", "side": "left"}),
        ("Woman, 68, upper back pain", {"age": 68, "sex": "female", "location": "upper"}),
        ("I'm a 29 year old woman", {"age": 29, "sex": "female"}),
        ("55M with sciatica", {"age": 55, "sex": "male"}),
        ("I'm pregnant, in my 30s", {"age": 35, "sex": "female"}),
        ("my 80-year-old mum has back pain", {}),
        ("my husband is 50 and I have back pain", {}),
        ("pain 7/10 for 3 days", {"pain_score": 7, "duration_days": 3.0}),
        ("it's about an 8 out of 10", {"pain_score": 8}),
        ("pain score of 6", {"pain_score": 6}),
        ("took 8 tablets", {}),
        ("for two weeks", {"duration_days": 14.0}),
        ("since yesterday", {"duration_days": 1.0}),
        ("started this morning", {"duration_days": 0.5}),
        ("for a couple of days", {"duration_days": 2.0}),
        ("for an hour", {"duration_days": round(1 / 24, 3)}),
        ("stiff for an hour every morning for 6 months", {"duration_days": 180.0}),
        ("12 tablets a day for 3 days", {"duration_days": 3.0}),
        ("back pain for 10 years, this time it started 2 days ago", {"duration_days": 2.0}),
        ("pain between my shoulder blades", {"location": "upper"}),
        ("a dull ache in the middle of my back", {"location": "middle", "side": "central"}),
        ("pain across my lower back on both sides", {"location": "lower", "side": "both"}),
        ("it came on suddenly", {"onset": "sudden"}),
        ("it crept up gradually over weeks", {"onset": "gradual"}),
        ("", {}),
    ],
)
def test_facts(text: str, want: dict[str, object]) -> None:
    assert read_facts(text).model_dump(exclude_none=True) == want


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("28 weeks pregnant and my lower back aches", None),
        ("Pregnant, 35 weeks. Pain for two days", 2.0),
        ("at 30 weeks of pregnancy my back hurts", None),
        ("79-year-old man collapsed in the garden", None),
        ("For two years both legs ache when I walk", 730.0),
        ("I have had back pain for 10 years but yesterday it locked", 1.0),
        ("I had a slipped disc two years ago, this started 3 days ago", 3.0),
        # No number: the least the words can mean, and only when no other time is given.
        ("a stiff, achy lower back for years, worse after standing", 730.0),
        ("my back has hurt for months now", 60.0),
        ("on and off for several months", 60.0),
        ("back trouble for years but it locked yesterday", 1.0),
        ("aching for years and since this morning both legs are numb", 0.5),
    ],
)
def test_duration_is_how_long_this_trouble_has_lasted(text: str, days: float | None) -> None:
    assert read_facts(text).duration_days == days


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Back pain for 3 months, lost 8kg without trying, 65", 65),
        ("i inject heroin, back been killing me, shivers at night, 35", 35),
        ("pain, 10, unbearable", None),
        ("temperature of 38.9, shaking", None),
    ],
)
def test_a_bare_number_standing_alone_is_an_age(text: str, age: int | None) -> None:
    assert read_facts(text).age == age
