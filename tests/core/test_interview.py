"""The interview asks escalating red flags first and stops when nothing would change."""

from __future__ import annotations

from backspasm.core.answers import Answers, parse_answers
from backspasm.core.interview import next_question
from backspasm.core.triage import triage
from backspasm.knowledge import Disposition, Knowledge


def walk(
    knowledge: Knowledge, truth: dict[str, bool], base: dict | None = None
) -> tuple[list[str], Answers]:  # type: ignore[type-arg]
    """Answer every question from `truth` (missing means no) until the interview stops."""
    findings: dict[str, bool] = {}
    asked: list[str] = []
    while True:
        answers = parse_answers({**(base or {}), "findings": findings}, knowledge)
        q = next_question(knowledge, answers)
        if q is None:
            return asked, answers
        assert q.finding.id not in findings, "a question was asked twice"
        asked.append(q.finding.id)
        findings[q.finding.id] = truth.get(q.finding.id, False)
        assert len(asked) <= len(knowledge.findings)


def test_first_question_is_an_emergency_red_flag(knowledge: Knowledge) -> None:
    q = next_question(knowledge, Answers())
    assert q is not None and q.finding.red_flag and q.why == "red_flag"


def test_red_flags_come_before_other_questions(knowledge: Knowledge) -> None:
    asked, _ = walk(knowledge, {"lifting_or_bending_onset": True}, {"age": 35})
    kinds = [knowledge.findings[f].red_flag for f in asked]
    first_non_red = kinds.index(False) if False in kinds else len(kinds)
    assert all(kinds[:first_non_red]) and not any(kinds[first_non_red:])


def test_emergency_stops_the_interview_at_once(knowledge: Knowledge) -> None:
    answers = parse_answers({"findings": {"chest_pain": True}}, knowledge)
    assert triage(knowledge, answers) is Disposition.emergency
    assert next_question(knowledge, answers) is None


def test_yes_to_an_emergency_sign_ends_the_walk(knowledge: Knowledge) -> None:
    asked, answers = walk(knowledge, {"saddle_numbness": True})
    assert triage(knowledge, answers) is Disposition.emergency
    assert asked[-1] == "saddle_numbness"


def test_when_it_stops_no_unanswered_red_flag_could_change_the_advice(knowledge: Knowledge) -> None:
    _, answers = walk(
        knowledge, {"lifting_or_bending_onset": True}, {"age": 40, "location": "lower"}
    )
    current = triage(knowledge, answers)
    for flag in knowledge.red_flags:
        if not answers.known(flag.id):
            assert triage(knowledge, answers.with_finding(flag.id, True)).rank <= current.rank


def test_skipped_questions_are_not_asked_again(knowledge: Knowledge) -> None:
    first = next_question(knowledge, Answers())
    assert first is not None
    second = next_question(knowledge, Answers(), frozenset({first.finding.id}))
    assert second is not None and second.finding.id != first.finding.id
