"""Evaluate a knowledge :class:`Pattern` against :class:`Answers`.

An unknown value never satisfies a clause: a missing age fails ``age_min``, an unanswered
finding is not present. Safety comes from the interview asking the red flags, never from
guessing them.
"""

from __future__ import annotations

from ..knowledge.models import Finding, Pattern
from .answers import Answers


def matches(pattern: Pattern, answers: Answers) -> bool:
    present = answers.present
    if pattern.all and not all(present(f) for f in pattern.all):
        return False
    if pattern.any and sum(1 for f in pattern.any if present(f)) < pattern.any_min:
        return False
    if pattern.none and any(present(f) for f in pattern.none):
        return False
    if pattern.absent and not all(answers.absent(f) for f in pattern.absent):
        return False
    if pattern.age_min is not None and (answers.age is None or answers.age < pattern.age_min):
        return False
    if pattern.age_max is not None and (answers.age is None or answers.age > pattern.age_max):
        return False
    if pattern.sex and answers.sex not in pattern.sex:
        return False
    if pattern.location and answers.location not in pattern.location:
        return False
    if pattern.duration_min_days is not None and (
        answers.duration_days is None or answers.duration_days < pattern.duration_min_days
    ):
        return False
    if pattern.duration_max_days is not None and (
        answers.duration_days is None or answers.duration_days > pattern.duration_max_days
    ):
        return False
    if (
        pattern.unless_duration_over_days is not None
        and answers.duration_days is not None
        and answers.duration_days > pattern.unless_duration_over_days
    ):
        return False
    if pattern.pain_min is not None and (
        answers.pain_score is None or answers.pain_score < pattern.pain_min
    ):
        return False
    if pattern.pain_max is not None and (
        answers.pain_score is None or answers.pain_score > pattern.pain_max
    ):
        return False
    return not (pattern.either and not any(matches(p, answers) for p in pattern.either))


def supporting_findings(pattern: Pattern, answers: Answers) -> list[str]:
    """The findings answered yes that this (matching) pattern relies on, in pattern order."""
    out = [f for f in (*pattern.all, *pattern.any) if answers.present(f)]
    for sub in pattern.either:
        if matches(sub, answers):
            out.extend(f for f in supporting_findings(sub, answers) if f not in out)
    return list(dict.fromkeys(out))


def applicable(finding: Finding, answers: Answers) -> bool:
    """Whether the question makes sense for this person (no pregnancy question for a man)."""
    if finding.skip_when is not None and matches(finding.skip_when, answers):
        return False
    return finding.ask_when is None or matches(finding.ask_when, answers)
