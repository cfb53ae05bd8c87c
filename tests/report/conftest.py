"""A seeded diary for the report tests, as plain records (the report's core is pure).

One episode from 1 March 2026 with twenty daily check-ins, two assessments (an older one with
one sign the person was unsure of, a later one with every danger sign answered no) and five
questionnaire scores (STarT Back and Oswestry twice, Roland-Morris once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from backspasm.care.instruments import parse_score
from backspasm.care.models import CareKnowledge
from backspasm.core.answers import Answers
from backspasm.core.assessment import Assessment, assess
from backspasm.core.diary import (
    AssessmentRecord,
    CheckIn,
    Episode,
    QuestionnaireRecord,
    triage_checkin,
)
from backspasm.core.report import Report, build_report
from backspasm.knowledge import Knowledge
from backspasm.knowledge.care import default_care_knowledge
from backspasm.knowledge.diary import DiaryKnowledge, default_diary_knowledge

START = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 3, 20)
PERSON = "pat-private-handle"


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(START + dt.timedelta(days=day), dt.time(hour), dt.UTC)


@dataclass
class Records:
    episodes: list[Episode] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    assessments: list[AssessmentRecord] = field(default_factory=list)
    questionnaires: list[QuestionnaireRecord] = field(default_factory=list)

    def kwargs(self) -> dict[str, Any]:
        return {"episodes": self.episodes, "checkins": self.checkins,
                "assessments": self.assessments, "questionnaires": self.questionnaires}


@pytest.fixture(scope="session")
def care() -> CareKnowledge:
    return default_care_knowledge()


@pytest.fixture(scope="session")
def diary_knowledge() -> DiaryKnowledge:
    return default_diary_knowledge()


def assessment_record(knowledge: Knowledge, answers: Answers, when: dt.datetime,
                      day: dt.date | None = None) -> AssessmentRecord:
    a = assess(knowledge, answers)
    return AssessmentRecord(created_at=when, day=day, disposition=a.disposition,
                            knowledge_version=a.knowledge_version,
                            result=a.model_dump(mode="json"))


def score_record(care: CareKnowledge, knowledge: Knowledge, kind: str, raw: dict[str, Any],
                 when: dt.datetime) -> QuestionnaireRecord:
    s = parse_score(kind, raw, care)
    band = getattr(s, "risk", None) or getattr(s, "band", None)
    return QuestionnaireRecord(created_at=when, instrument=s.instrument, score=float(s.score),
                               band=None if band is None else str(band),
                               answers=s.model_dump(mode="json"),
                               knowledge_version=knowledge.version)


STARTBACK_MEDIUM = {"items": ["agree", "agree", "agree", "disagree", "disagree", "disagree",
                              "disagree", "disagree", "extremely"]}
STARTBACK_LOW = {"items": ["agree"] + ["disagree"] * 7 + ["slightly"]}


@pytest.fixture(scope="session")
def records(knowledge: Knowledge, care: CareKnowledge) -> Records:
    r = Records()
    r.episodes.append(Episode(started=START, worst_pain=8, triggers=("lifting", "gardening")))
    for i in range(20):
        r.checkins.append(CheckIn(day=START + dt.timedelta(days=i), pain=max(1, 8 - i // 3),
                                  function=min(10, 3 + i // 3), sleep_hours=6.5))
    r.assessments.append(assessment_record(knowledge, Answers(
        age=45, pain_score=8, duration_days=0,
        findings={"saddle_numbness": False, "fever": False}, unsure=["urinary_retention"],
    ), at(0)))
    r.assessments.append(assessment_record(knowledge, Answers(
        age=45, pain_score=4, duration_days=14,
        findings={f.id: False for f in knowledge.red_flags},
    ), at(14)))
    r.questionnaires += [
        score_record(care, knowledge, "startback", STARTBACK_MEDIUM, at(1)),
        score_record(care, knowledge, "odi", {"sections": [3, 2, 1, 2, 3, 1, 2, 0, 1, 3]}, at(1)),
        score_record(care, knowledge, "startback", STARTBACK_LOW, at(15)),
        score_record(care, knowledge, "odi", {"sections": [1, 1, 1, 1, 1, 1, 1, 0, 1, 1]}, at(15)),
        score_record(care, knowledge, "rmdq", {"ticked": [2, 3, 6]}, at(15)),
    ]
    return r


@pytest.fixture(scope="session")
def report(knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge,
           records: Records) -> Report:
    return build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                        generated=at(19, 18), **records.kwargs())


def emergency_checkin(
    knowledge: Knowledge, records: Records
) -> tuple[CheckIn, AssessmentRecord, Assessment]:
    """A check-in on day 19 ticking saddle numbness, its triage, and the saved record."""
    day = START + dt.timedelta(days=19)
    checkin = CheckIn(day=day, pain=7, red_flags=("saddle_numbness",))
    result = triage_checkin(knowledge, checkin, records.episodes[-1])
    assert result is not None
    record = AssessmentRecord(created_at=at(19, 20), day=day, disposition=result.disposition,
                              knowledge_version=result.knowledge_version,
                              result=result.model_dump(mode="json"))
    return checkin, record, result
