"""Diary records: validation in one plain sentence, bundles, and triage of a check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.core.diary import (
    CheckIn,
    DiaryError,
    Episode,
    episode_on,
    parse_bundle,
    parse_checkin,
    parse_episode,
    triage_checkin,
)
from backspasm.core.diary_csv import from_csv, to_csv
from backspasm.knowledge import Disposition, Knowledge, default_knowledge

D0 = dt.date(2026, 2, 1)
#: Module-level knowledge for the hypothesis test (fixtures would be repr'd with examples).
KN = default_knowledge()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"day": "2026-02-30", "pain": 3}, "day must be a date from 1900 to 2200"),
        ({"day": "9999-12-31", "pain": 3}, "day must be a date from 1900 to 2200"),
        ({"day": "2026-02-01", "pain": 11}, "pain must be a whole number from 0 to 10, not 11"),
        ({"day": "2026-02-01"}, "'pain' is required"),
        ({"day": "2026-02-01", "pain": 2, "mood": 3}, "'mood' is not a field the diary knows"),
        ({"day": "2026-02-01", "pain": 2, "sleep_hours": 30}, "sleep_hours must be a number"),
        ({"day": "2026-02-01", "pain": 2, "red_flags": ["fever", "made_up"]},
         "'made_up' is not a known danger sign"),
        ({"day": "2026-02-01", "pain": 2, "red_flags": ["lifting_trigger"]},
         "is not a known danger sign"),
    ],
)
def test_bad_checkins_are_one_plain_sentence(
    knowledge: Knowledge, raw: dict[str, object], words: str
) -> None:
    with pytest.raises(DiaryError) as err:
        parse_checkin(raw, knowledge, "line 3")
    msg = str(err.value)
    assert words in msg and msg.startswith("line 3: ") and msg.endswith(".")
    assert "\n" not in msg


def test_non_red_flag_findings_are_refused(knowledge: Knowledge) -> None:
    ordinary = next(f.id for f in knowledge.findings.values() if not f.red_flag)
    with pytest.raises(DiaryError):
        parse_checkin({"day": "2026-02-01", "pain": 1, "red_flags": [ordinary]}, knowledge)


def test_episode_end_before_start_is_refused() -> None:
    with pytest.raises(DiaryError, match="end date is before the start date"):
        parse_episode({"started": "2026-02-05", "ended": "2026-02-01", "worst_pain": 5})


def test_lists_are_cleaned() -> None:
    e = Episode(started=D0, worst_pain=5, triggers="Lifting; long  drive, lifting")
    assert e.triggers == ("lifting", "long drive")


def test_bundle_refuses_the_same_day_twice_with_different_values(knowledge: Knowledge) -> None:
    raw = {"checkins": [{"day": "2026-02-01", "pain": 3}, {"day": "2026-02-01", "pain": 4}]}
    with pytest.raises(DiaryError, match="entry 2: 2026-02-01 appears twice"):
        parse_bundle(raw, knowledge)
    same = {"checkins": [{"day": "2026-02-01", "pain": 3}, {"day": "2026-02-01", "pain": 3}]}
    assert len(parse_bundle(same, knowledge).checkins) == 1


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([], "must hold a JSON object"),
        ({"checkins": {}}, "'checkins' must be a list"),
        ({"format": "other"}, "format is 'other'"),
        ({"stuff": []}, "'stuff' is not a section"),
        ({"episodes": [3]}, "episodes entry 1: must be an object"),
    ],
)
def test_bad_bundles(knowledge: Knowledge, raw: object, words: str) -> None:
    with pytest.raises(DiaryError, match=words):
        parse_bundle(raw, knowledge)


def test_triage_of_a_checkin_only_when_a_sign_is_ticked(knowledge: Knowledge) -> None:
    ep = Episode(started=D0, worst_pain=6)
    plain = CheckIn(day=D0 + dt.timedelta(days=3), pain=5)
    assert triage_checkin(knowledge, plain, ep) is None
    flagged = plain.model_copy(update={"red_flags": ("saddle_numbness",)})
    result = triage_checkin(knowledge, flagged, ep)
    assert result is not None
    assert result.disposition == Disposition.emergency
    assert result.answers.duration_days == 3
    assert result.answers.location == ep.location
    # signs that were not ticked stay unknown, so they are still asked
    assert result.unanswered_red_flags
    assert "saddle_numbness" not in result.unanswered_red_flags


def test_episode_on() -> None:
    a = Episode(started=D0, ended=D0 + dt.timedelta(days=5), worst_pain=5)
    b = Episode(started=D0 + dt.timedelta(days=10), worst_pain=5)
    assert episode_on([a, b], D0 + dt.timedelta(days=3)) == a
    assert episode_on([a, b], D0 + dt.timedelta(days=7)) is None
    assert episode_on([a, b], D0 + dt.timedelta(days=300)) == b


checkin_st = st.builds(
    CheckIn,
    day=st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
    pain=st.integers(0, 10),
    function=st.none() | st.integers(0, 10),
    sleep_hours=st.none() | st.sampled_from([0.0, 5.5, 7.25, 24.0]),
    stress=st.none() | st.integers(0, 10),
    medicines=st.lists(st.sampled_from(["ibuprofen", "paracetamol"]), max_size=2).map(tuple),
    notes=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
    .map(lambda s: s.strip()),
    red_flags=st.lists(st.sampled_from(["fever", "weight_loss"]), max_size=2, unique=True)
    .map(tuple),
)


@settings(max_examples=60)
@given(cks=st.lists(checkin_st, max_size=8, unique_by=lambda c: c.day))
def test_csv_round_trip(cks: list[CheckIn]) -> None:
    knowledge = KN
    eps = [Episode(started=D0, ended=D0 + dt.timedelta(days=4), worst_pain=7,
                   triggers=("lifting",), helped=("heat", "walking"), notes="a, b")]
    bundle = parse_bundle(from_csv(to_csv(eps, cks)), knowledge)
    assert list(bundle.episodes) == eps
    assert list(bundle.checkins) == cks


def test_bad_csv(knowledge: Knowledge) -> None:
    with pytest.raises(DiaryError, match="no 'pain' column"):
        from_csv("record,date\ncheckin,2026-01-01\n")
    with pytest.raises(DiaryError, match="CSV line 2: record must be"):
        from_csv("record,date,pain\nmood,2026-01-01,3\n")
    with pytest.raises(DiaryError, match="CSV line 2: a row of kind checkin has no 'triggers'"):
        from_csv("record,date,pain,triggers\ncheckin,2026-01-01,3,lifting\n")
