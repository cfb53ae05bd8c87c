"""The report read from a real diary (SQLite and PostgreSQL): what was stored is what the
report shows, and reading it changes nothing."""

from __future__ import annotations

import datetime as dt

from backspasm.care.instruments import parse_score
from backspasm.core.answers import Answers
from backspasm.core.assessment import assess
from backspasm.core.diary import CheckIn, Episode
from backspasm.knowledge import Knowledge
from backspasm.knowledge.care import default_care_knowledge
from backspasm.report import gather, render
from backspasm.store import Store

START = dt.date(2026, 2, 1)


def test_report_from_a_stored_diary(store: Store, knowledge: Knowledge) -> None:
    care = default_care_knowledge()
    diary = store.diary("clinic-07")
    other = store.diary("someone-else")
    other.add_checkin(CheckIn(day=START, pain=9))
    diary.add_episode(Episode(started=START, worst_pain=7, triggers=("lifting",)))
    for i in range(10):
        diary.add_checkin(CheckIn(day=START + dt.timedelta(days=i), pain=7 - i // 2))
    first = assess(knowledge, Answers(pain_score=7, findings={"fever": False}))
    diary.save_assessment(first, day=START)
    diary.save_assessment(assess(knowledge, Answers(pain_score=3)), day=START + dt.timedelta(9))
    diary.save_score(parse_score("startback", {"total": 5, "distress": 4}, care),
                     knowledge.version)
    before = diary.export()

    report = gather(diary, knowledge, person="clinic-07", today=START + dt.timedelta(days=9))

    assert [c.pain for c in report.checkins] == [c.pain for c in diary.checkins()]
    assert 9 not in [c.pain for c in report.checkins]  # another person's diary stays out
    assert [a.pain_score for a in report.assessments] == [3, 7]  # newest first
    older = report.assessments[1]
    assert older.red_flags_no == 1
    assert older.red_flags_not_asked == len(knowledge.red_flags) - 1
    [score] = report.questionnaires
    assert (score.instrument, score.band) == ("startback", "high")
    assert report.insights is not None and report.insights.recovery is not None
    assert report.insights.recovery.days == 9
    assert "<svg" in render(report, "html")
    after = diary.export()
    before.pop("exported"), after.pop("exported")
    assert after == before


def test_find_diary_never_adds_a_person(store: Store) -> None:
    assert store.find_diary("nobody") is None
    assert store.find_diary("nobody") is None
    made = store.diary(" somebody ")
    found = store.find_diary("somebody")
    assert found is not None and found.person_id == made.person_id
    assert store.find_diary("nobody") is None
