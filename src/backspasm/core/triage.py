"""Triage: which rules fire for the answers, and the disposition they lead to.

The disposition is the most urgent one among the rules that fire; with none firing it is
``self_care``. Rules only ever look for findings that are present (or explicitly absent),
so a red flag answered yes can fire more rules but never fewer of the urgent ones: the
property tests hold the engine to that.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition, Rule
from .answers import Answers, AnswersError, parse_answers
from .patterns import applicable, matches, supporting_findings


@dataclass(frozen=True)
class Fired:
    rule: Rule
    findings: tuple[str, ...]


def fired_rules(knowledge: Knowledge, answers: Answers) -> list[Fired]:
    """Rules whose pattern holds, most urgent first (stable within a level)."""
    fired = [
        Fired(rule, tuple(supporting_findings(rule.when, answers)))
        for rule in knowledge.rules
        if matches(rule.when, answers)
    ]
    fired.sort(key=lambda f: -f.rule.disposition.rank)
    return fired


def disposition_of(fired: list[Fired]) -> Disposition:
    return fired[0].rule.disposition if fired else Disposition.self_care


def triage(knowledge: Knowledge, answers: Answers) -> Disposition:
    return disposition_of(fired_rules(knowledge, answers))


def disposition_if_yes(
    knowledge: Knowledge, answers: Answers, current: Disposition, finding_id: str
) -> Disposition:
    """The disposition that a "yes" to ``finding_id`` would lead to, given ``current``.

    Only rules that look for this finding can newly fire, so only those are evaluated,
    most urgent first.
    """
    trial: Answers | None = None
    for rule in knowledge.rules_by_finding.get(finding_id, ()):
        if rule.disposition.rank <= current.rank:
            break
        trial = trial or answers.with_finding(finding_id, True)
        if matches(rule.when, trial):
            return rule.disposition
    return current


def escalations(
    knowledge: Knowledge, answers: Answers, current: Disposition
) -> dict[str, Disposition]:
    """For each unanswered red flag, the disposition a yes would lead to, where it is higher.

    This is what "would change the advice": the interview asks these, and the result lists
    them so that nobody reads a self-care result as a clean bill of health.
    """
    out: dict[str, Disposition] = {}
    for finding in knowledge.red_flags:
        if answers.known(finding.id) or not applicable(finding, answers):
            continue
        raised = disposition_if_yes(knowledge, answers, current, finding.id)
        if raised.rank > current.rank:
            out[finding.id] = raised
    return out


#: Values tried for an unknown age, duration or pain score, to see whether knowing it could
#: make the advice more urgent (the extremes reach every threshold a rule can use).
PROBES: dict[str, tuple[float, ...]] = {
    "age": (10, 95),
    "duration_days": (365,),
    "pain_score": (10,),
}


def context_escalations(
    knowledge: Knowledge, answers: Answers, current: Disposition
) -> dict[str, Disposition]:
    """For each unknown age, duration or pain score, the most urgent disposition it could reach."""
    out: dict[str, Disposition] = {}
    for field, values in PROBES.items():
        if getattr(answers, field) is not None:
            continue
        best = current
        for value in values:
            level = triage(knowledge, answers.model_copy(update={field: value}))
            if level.rank > best.rank:
                best = level
        if best.rank > current.rank:
            out[field] = best
    return out


def unanswered_red_flags(knowledge: Knowledge, answers: Answers) -> list[str]:
    """Red flags not yet answered that apply to this person, in knowledge order."""
    return [f.id for f in knowledge.red_flags if not answers.known(f.id) and applicable(f, answers)]


def example_failures(knowledge: Knowledge) -> list[str]:
    """Every rule's worked examples that do not behave as written, as plain sentences."""
    failures: list[str] = []
    for rule in knowledge.rules:
        for index, example in enumerate(rule.examples, start=1):
            try:
                answers = parse_answers(example.answers, knowledge)
            except AnswersError as exc:
                failures.append(f"rule '{rule.id}' example {index}: {exc}")
                continue
            fires = matches(rule.when, answers)
            if fires != example.fires:
                want = "fire" if example.fires else "not fire"
                failures.append(f"rule '{rule.id}' example {index}: should {want} but does not.")
            elif fires and triage(knowledge, answers).rank < rule.disposition.rank:
                failures.append(
                    f"rule '{rule.id}' example {index}: fired but lost its disposition."
                )
    return failures
