"""The report's window of days (``since``/``until``): what it keeps, what it never hides,
and the plain sentences for a bad window."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.care.models import CareKnowledge
from backspasm.core.diary import CheckIn, Episode
from backspasm.core.fhir import to_fhir
from backspasm.core.report import (
    Report,
    ReportEmpty,
    ReportWindowError,
    build_report,
    covers_words,
    parse_window,
    require_data,
)
from backspasm.knowledge import Knowledge
from backspasm.knowledge.diary import DiaryKnowledge

from .conftest import PERSON, START, TODAY, Records, at, emergency_checkin


def windowed(knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge,
             records: Records, since: dt.date | None, until: dt.date | None,
             **extra: list) -> Report:
    kwargs = {**records.kwargs(), **extra}
    return build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                        generated=at(19, 18), since=since, until=until, **kwargs)


def test_no_window_keeps_everything_and_says_so(report: Report, records: Records) -> None:
    assert report.since is None and report.until is None
    assert report.covers == f"Everything in the diary up to {TODAY.isoformat()}."
    assert len(report.checkins) == len(records.checkins) == 20
    assert len(report.questionnaires) == 5 and len(report.assessments) == 2


def test_a_window_keeps_what_is_inside_it(knowledge: Knowledge, diary_knowledge: DiaryKnowledge,
                                          care: CareKnowledge, records: Records) -> None:
    since, until = START + dt.timedelta(days=10), START + dt.timedelta(days=15)
    r = windowed(knowledge, diary_knowledge, care, records, since, until)
    assert [c.day for c in r.checkins] == [since + dt.timedelta(days=i) for i in range(6)]
    # the assessment of day 14 is inside, the one of day 0 is not
    assert [a.created_at for a in r.assessments] == [at(14)]
    # the three scores of day 15 are inside (the last day counts), the two of day 1 are not
    assert {q.created_at for q in r.questionnaires} == {at(15)} and len(r.questionnaires) == 3
    # the episode started before the window and overlaps it: it is kept whole
    assert [e.started for e in r.episodes] == [START]
    assert r.since == since and r.until == until
    assert since.isoformat() in r.covers and until.isoformat() in r.covers
    # the change of a score is still measured from the previous one, before the window
    odi = next(q for q in r.questionnaires if q.instrument == "odi")
    assert odi.change is not None and odi.change.startswith("-")
    # the course is worked out as of the window's last day
    assert r.insights is not None and r.insights.today == until


def test_episodes_overlapping_the_window_are_kept(
        knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge) -> None:
    episodes = [Episode(started=dt.date(2026, 1, 1), ended=dt.date(2026, 1, 10), worst_pain=7),
                Episode(started=dt.date(2026, 2, 1), ended=dt.date(2026, 2, 5), worst_pain=6),
                Episode(started=dt.date(2026, 3, 15), worst_pain=8)]  # still going
    r = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                     generated=at(19), episodes=episodes, checkins=[], assessments=[],
                     questionnaires=[], since=dt.date(2026, 1, 10), until=dt.date(2026, 2, 1))
    # the first ends on the first day of the window, the second starts on its last day
    assert [e.started for e in r.episodes] == [dt.date(2026, 2, 1), dt.date(2026, 1, 1)]
    r = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                     generated=at(19), episodes=episodes, checkins=[], assessments=[],
                     questionnaires=[], since=dt.date(2026, 3, 18), until=None)
    assert [e.started for e in r.episodes] == [dt.date(2026, 3, 15)]  # open: runs to today


def test_a_danger_sign_after_the_window_still_comes_first(
        knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge,
        records: Records) -> None:
    checkin, record, _ = emergency_checkin(knowledge, records)
    r = windowed(knowledge, diary_knowledge, care, records, START, START + dt.timedelta(days=5),
                 checkins=[*records.checkins, checkin],
                 assessments=[*records.assessments, record])
    assert checkin not in r.checkins and all(a.created_at != record.created_at
                                             for a in r.assessments)
    assert r.headline is not None and r.headline.value == "emergency"
    assert any(a.kind == "red_flag" for a in r.alerts)
    assert any("whole diary" in line for line in r.not_covered)


def test_an_empty_window_is_one_sentence_naming_the_days(
        knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge,
        records: Records) -> None:
    r = windowed(knowledge, diary_knowledge, care, records, dt.date(2025, 1, 1),
                 dt.date(2025, 2, 1))
    with pytest.raises(ReportEmpty) as caught:
        require_data(r)
    text = str(caught.value)
    assert "2025-01-01" in text and "2025-02-01" in text and text.count(".") == 1


@pytest.mark.parametrize(("since", "until", "field", "words"), [
    ("yesterday", None, "since", "YYYY-MM-DD"),
    (None, "2026-02-30", "until", "YYYY-MM-DD"),
    ("20260301", None, "since", "YYYY-MM-DD"),
    ("2026-03-02", "2026-03-01", "since", "is after until"),
])
def test_bad_windows_are_one_sentence_naming_the_parameter(
        since: str | None, until: str | None, field: str, words: str) -> None:
    with pytest.raises(ReportWindowError) as caught:
        parse_window(since, until)
    assert caught.value.field == field
    text = str(caught.value)
    assert text.startswith(field) and words in text and text.endswith(".")


def test_good_windows() -> None:
    assert parse_window(None, "") == (None, None)
    assert parse_window("2026-03-01", "2026-03-01") == (dt.date(2026, 3, 1),) * 2
    assert "up to 2026-03-01" in covers_words(None, dt.date(2026, 3, 1), TODAY)
    assert covers_words(dt.date(2026, 3, 1), None, TODAY).startswith(
        f"From 2026-03-01 to {TODAY.isoformat()}")



def _episodes(starts: list[tuple[int, int | None]]) -> list[Episode]:
    """Non-overlapping episodes from (offset, length) pairs; None: still going (last only)."""
    out: list[Episode] = []
    day = dt.date(2025, 10, 1)
    for n, (gap, length) in enumerate(starts):
        started = day + dt.timedelta(days=gap)
        open_ = length is None and n == len(starts) - 1
        ended = None if open_ else started + dt.timedelta(days=length or 0)
        out.append(Episode(started=started, ended=ended, worst_pain=6))
        day = (ended or started) + dt.timedelta(days=1)
    return out


day_strategy = st.dates(dt.date(2025, 9, 1), dt.date(2026, 3, 20))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=st.lists(day_strategy, min_size=0, max_size=12, unique=True),
    spans=st.lists(st.tuples(st.integers(0, 40), st.none() | st.integers(0, 20)), max_size=4),
    since=st.none() | day_strategy,
    until=st.none() | day_strategy,
)
def test_any_window_keeps_exactly_what_it_should(
        days: list[dt.date], spans: list[tuple[int, int | None]], since: dt.date | None,
        until: dt.date | None, knowledge: Knowledge, diary_knowledge: DiaryKnowledge,
        care: CareKnowledge) -> None:
    if since is not None and until is not None and since > until:
        since, until = until, since
    episodes = [e for e in _episodes(spans) if e.started <= TODAY]
    checkins = [CheckIn(day=d, pain=(d.day % 11)) for d in days]
    r = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                     generated=at(19), episodes=episodes, checkins=checkins, assessments=[],
                     questionnaires=[], since=since, until=until)
    first, last = since or dt.date.min, until or dt.date.max
    assert sorted(c.day for c in r.checkins) == sorted(d for d in days if first <= d <= last)
    kept = {e.started for e in r.episodes}
    for e in episodes:
        end = e.ended or max(TODAY, e.started)
        assert (e.started in kept) == (e.started <= last and end >= first)
    bundle = to_fhir(r, care, bundle_id=uuid.UUID(int=1))
    Bundle.model_validate(bundle)
    assert len([x for x in bundle["entry"] if x["resource"]["resourceType"] == "Condition"]) \
        == len(r.episodes)
