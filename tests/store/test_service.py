"""The diary service on SQLite and PostgreSQL: what is stored comes back, conflicts refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.core.answers import Answers
from backspasm.core.assessment import assess
from backspasm.core.diary import Bundle, CheckIn, DiaryError, Episode
from backspasm.knowledge import Knowledge
from backspasm.store import Store

D0 = dt.date(2026, 3, 1)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def test_checkin_roundtrip_and_same_day_rules(store: Store) -> None:
    diary = store.diary()
    c = CheckIn(day=D0, pain=6, function=4, sleep_hours=5.5, active_minutes=15,
                sitting_hours=9, stress=7, medicines=("ibuprofen",), notes="bad night",
                red_flags=())
    assert diary.add_checkin(c) == "added"
    assert diary.checkins() == [c]
    assert diary.add_checkin(c) == "unchanged"
    changed = c.model_copy(update={"pain": 3})
    with pytest.raises(DiaryError, match="already a different check-in"):
        diary.add_checkin(changed)
    assert diary.checkins() == [c]  # the refused write lost nothing
    assert diary.add_checkin(changed, replace=True) == "replaced"
    assert diary.checkins() == [changed]


def test_people_are_kept_apart(store: Store) -> None:
    a, b = store.diary("alice"), store.diary("bob")
    a.add_checkin(CheckIn(day=D0, pain=2))
    b.add_checkin(CheckIn(day=D0, pain=9))
    assert [c.pain for c in a.checkins()] == [2]
    assert [c.pain for c in b.checkins()] == [9]
    assert store.person_id("alice") == a.person_id
    with pytest.raises(DiaryError):
        store.diary("   ")


def test_episodes_overlap_end_and_order(store: Store) -> None:
    diary = store.diary()
    first = Episode(started=day(0), ended=day(9), worst_pain=7, triggers=("lifting",))
    assert diary.add_episode(first) == "added"
    with pytest.raises(DiaryError, match="overlaps"):
        diary.add_episode(Episode(started=day(5), worst_pain=5))
    second = Episode(started=day(20), worst_pain=8)
    diary.add_episode(second)
    assert diary.open_episode() == second
    ended = diary.end_episode(day(30))
    assert ended.ended == day(30)
    assert diary.open_episode() is None
    with pytest.raises(DiaryError, match="no open episode"):
        diary.end_episode(day(31))
    assert [e.started for e in diary.episodes()] == [day(0), day(20)]


def test_assessment_is_stored_with_its_knowledge_version(
    store: Store, knowledge: Knowledge
) -> None:
    diary = store.diary()
    result = assess(knowledge, Answers(findings={"saddle_numbness": True}))
    diary.save_assessment(result, day=D0)
    [saved] = diary.assessments()
    assert saved.knowledge_version == knowledge.version
    assert saved.disposition == "emergency"
    assert saved.result["disposition"] == "emergency"
    assert saved.day == D0
    qid = diary.save_questionnaire("startback", 4, "medium", {"q1": 1}, knowledge.version)
    assert qid > 0
    assert diary.questionnaires()[0].knowledge_version == knowledge.version


def test_import_is_all_or_nothing_and_recognises_duplicates(store: Store) -> None:
    diary = store.diary()
    diary.add_checkin(CheckIn(day=day(0), pain=5))
    good = Bundle(
        episodes=(Episode(started=day(0), worst_pain=6),),
        checkins=(CheckIn(day=day(0), pain=5), CheckIn(day=day(1), pain=4)),
    )
    report = diary.import_bundle(good)
    assert (report.checkins_added, report.checkins_duplicate) == (1, 1)
    assert report.episodes_added == 1
    before = (diary.episodes(), diary.checkins())
    conflicting = Bundle(checkins=(CheckIn(day=day(2), pain=3), CheckIn(day=day(1), pain=9)))
    with pytest.raises(DiaryError, match="nothing was imported"):
        diary.import_bundle(conflicting)
    assert (diary.episodes(), diary.checkins()) == before  # day 2 was not half-written
    again = diary.import_bundle(good)
    assert again.checkins_added == 0 and again.checkins_duplicate == 2
    assert again.episodes_duplicate == 1


def test_export_then_import_elsewhere_gives_the_same_diary(store: Store) -> None:
    from backspasm.core.diary import parse_bundle
    from backspasm.knowledge import default_knowledge

    src = store.diary("src")
    src.add_episode(Episode(started=day(0), ended=day(6), worst_pain=8, helped=("heat",)))
    for i in range(7):
        src.add_checkin(CheckIn(day=day(i), pain=8 - i, medicines=("paracetamol",)))
    doc = src.export()
    dst = store.diary("dst")
    dst.import_bundle(parse_bundle(doc, default_knowledge()))
    assert dst.episodes() == src.episodes()
    assert dst.checkins() == src.checkins()


checkins = st.builds(
    CheckIn,
    day=st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
    pain=st.integers(0, 10),
    function=st.none() | st.integers(0, 10),
    sleep_hours=st.none() | st.floats(0, 24, allow_nan=False).map(lambda x: round(x, 2)),
    active_minutes=st.none() | st.integers(0, 1440),
    sitting_hours=st.none() | st.floats(0, 24, allow_nan=False).map(lambda x: round(x, 2)),
    stress=st.none() | st.integers(0, 10),
    medicines=st.lists(st.sampled_from(["ibuprofen", "paracetamol", "heat"]), max_size=3)
    .map(tuple),
    notes=st.text(max_size=50).map(lambda s: s.replace("\x00", "")),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(c=checkins)
def test_any_valid_checkin_comes_back_unchanged(store: Store, c: CheckIn) -> None:
    diary = store.diary("prop")
    diary.add_checkin(c, replace=True)
    assert diary.checkin_on(c.day) == c


def test_record_checkin_runs_triage_on_a_danger_sign_and_stores_it(
    store: Store, knowledge: Knowledge
) -> None:
    diary = store.diary()
    diary.add_episode(Episode(started=D0, worst_pain=7))
    calm = diary.record_checkin(CheckIn(day=day(1), pain=5), knowledge)
    assert calm.outcome == "added" and calm.assessment is None
    flagged = diary.record_checkin(
        CheckIn(day=day(2), pain=6, red_flags=("saddle_numbness",)), knowledge)
    assert flagged.assessment is not None
    assert flagged.assessment.disposition.value == "emergency"
    assert flagged.assessment.answers.duration_days == 2
    [saved] = diary.assessments()
    assert saved.day == day(2) and saved.knowledge_version == knowledge.version


def test_insights_and_chart_from_the_store(store: Store, knowledge: Knowledge) -> None:
    diary = store.diary()
    diary.add_episode(Episode(started=D0, worst_pain=7))
    for i, pain in enumerate([7] * 8 + [6] * 8):
        diary.add_checkin(CheckIn(day=day(i), pain=pain, function=4))
    result = diary.insights(knowledge, day(15))
    assert result.recovery is not None and result.recovery.status == "not_improving"
    assert result.alerts[0].kind == "not_improving"
    svg = diary.chart(today=day(15))
    assert svg.startswith("<svg") and 'class="episode"' in svg and 'class="expected"' in svg
    assert 'class="episode"' not in diary.chart(since=day(400))


def test_assessments_and_questionnaires_survive_export_and_import(
    store: Store, knowledge: Knowledge
) -> None:
    from backspasm.core.diary import parse_bundle

    src = store.diary("src2")
    src.save_assessment(assess(knowledge, Answers(findings={"fever": True})), day=D0)
    src.save_questionnaire("startback", 5, "high", {"q1": 1}, knowledge.version)
    doc = src.export()
    dst = store.diary("dst2")
    report = dst.import_bundle(parse_bundle(doc, knowledge))
    assert (report.assessments_added, report.questionnaires_added) == (1, 1)
    assert dst.assessments() == src.assessments()
    assert dst.questionnaires() == src.questionnaires()
    again = dst.import_bundle(parse_bundle(doc, knowledge))
    assert (again.assessments_duplicate, again.questionnaires_duplicate) == (1, 1)
    assert len(dst.assessments()) == 1
    assert "assessments: 0 imported, 1 already in the diary" in again.lines()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stored=st.lists(st.integers(0, 30), max_size=10, unique=True),
    incoming=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=12,
                      unique_by=lambda t: t[0]),
)
def test_import_either_adds_everything_new_or_nothing(
    store: Store, stored: list[int], incoming: list[tuple[int, int]]
) -> None:
    diary = store.diary("allornothing")
    diary.delete_all()
    for n in stored:
        diary.add_checkin(CheckIn(day=day(n), pain=n % 11))
    before = diary.checkins()
    bundle = Bundle(checkins=tuple(CheckIn(day=day(n), pain=p) for n, p in incoming))
    clash = any(n in stored and p != n % 11 for n, p in incoming)
    if clash:
        with pytest.raises(DiaryError, match="nothing was imported"):
            diary.import_bundle(bundle)
        assert diary.checkins() == before
    else:
        report = diary.import_bundle(bundle)
        new = {n for n, _ in incoming} - set(stored)
        assert report.checkins_added == len(new)
        assert report.checkins_duplicate == len(incoming) - len(new)
        assert {c.day for c in diary.checkins()} == {day(n) for n in set(stored) | new}


def test_bulk_read_builds_proper_models(store: Store) -> None:
    from pydantic import ValidationError

    from backspasm.store import service

    assert service._FAST_OK, "pydantic changed: the fast path fell back to model_construct"
    diary = store.diary("bulk")
    c = CheckIn(day=D0, pain=2, medicines=("heat",), red_flags=("fever",))
    diary.add_checkin(c)
    [back] = diary.checkins()
    assert back == c and back.model_dump() == c.model_dump()
    assert back.model_copy(update={"pain": 5}).pain == 5
    assert hash(back) == hash(c)
    with pytest.raises(ValidationError):
        back.pain = 9  # type: ignore[misc]  # frozen, like a validated one


def test_care_questionnaire_scores_are_stored_with_the_knowledge_version(
    store: Store, knowledge: Knowledge
) -> None:
    from backspasm.care.instruments import score_startback
    from backspasm.knowledge.care import default_care_knowledge

    result = score_startback([True] * 5 + [False] * 3, "very much", default_care_knowledge())
    diary = store.diary("care")
    diary.save_score(result, knowledge.version)
    [saved] = diary.questionnaires()
    assert saved.instrument == "startback"
    assert saved.score == result.score and saved.band == str(result.risk)
    assert saved.knowledge_version == knowledge.version
    assert saved.answers["total"] == result.total
