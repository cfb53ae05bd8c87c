"""Triage: which rules fire for the answers, and the disposition they lead to.

The disposition is the most urgent one among the rules that fire; with none firing it is
``self_care``. Rules only ever look for findings that are present (or explicitly absent),
so a red flag answered yes can fire more rules but never fewer of the urgent ones: the
property tests hold the engine to that.
"""

from __future__ import annotations

from typing import NamedTuple

from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition, Rule
from .answers import Answers, AnswersError, parse_answers
from .engine import CompiledRule, as_facts, compiled
from .patterns import Facts, matches


class Fired(NamedTuple):
    """A rule that holds, and the findings answered yes that it relies on."""

    rule: Rule
    findings: tuple[str, ...]


def fired_rules(knowledge: Knowledge, answers: Answers | Facts) -> list[Fired]:
    """Rules whose pattern holds, most urgent first (stable within a level).

    Only rules with no trigger, or with a trigger among the findings answered yes, can
    hold (see :func:`~backspasm.core.patterns.triggers`), so only those are evaluated.
    """
    engine, facts = compiled(knowledge), as_facts(answers)
    candidates = set(engine.unconditional)
    for finding_id in facts.present:
        candidates.update(engine.by_trigger.get(finding_id, ()))
    rules = engine.rules
    holding = [rules[i] for i in sorted(candidates) if rules[i].check(facts)]
    holding.sort(key=lambda r: -r.rank)
    return [Fired(r.rule, tuple(r.support(facts))) for r in holding]


def disposition_of(fired: list[Fired]) -> Disposition:
    return fired[0].rule.disposition if fired else Disposition.self_care


def triage(knowledge: Knowledge, answers: Answers | Facts) -> Disposition:
    return disposition_of(fired_rules(knowledge, answers))


def disposition_if_yes(
    knowledge: Knowledge, answers: Answers | Facts, current: Disposition, finding_id: str
) -> Disposition:
    """The disposition that a "yes" to ``finding_id`` would lead to, given ``current``.

    ``current`` is the disposition of ``answers``. Only rules that look for this finding
    can newly fire, so only those are evaluated, most urgent first.
    """
    rules = compiled(knowledge).by_finding.get(finding_id, ())
    if not rules or rules[0].rank <= current.rank:
        return current
    return _raised(rules, as_facts(answers).with_finding(finding_id, True), current)


def _raised(rules: tuple[CompiledRule, ...], trial: Facts, current: Disposition) -> Disposition:
    """The most urgent of ``rules`` (most urgent first) holding for ``trial`` and more urgent
    than ``current``; else ``current``."""
    floor = current.rank
    for rule in rules:
        if rule.rank <= floor:
            break
        if rule.check(trial):
            return rule.disposition
    return current


def escalations(
    knowledge: Knowledge,
    answers: Answers | Facts,
    current: Disposition,
    unanswered: list[str] | None = None,
) -> dict[str, Disposition]:
    """For each unanswered red flag, the disposition a yes would lead to, where it is higher.

    This is what "would change the advice": the interview asks these, and the result lists
    them so that nobody reads a self-care result as a clean bill of health. ``current`` is
    the disposition of ``answers``; ``unanswered``, when given, is
    :func:`unanswered_red_flags` of the same answers (saves finding it again).
    """
    engine, facts = compiled(knowledge), as_facts(answers)
    if unanswered is None:
        unanswered = unanswered_red_flags(knowledge, facts)
    floor = current.rank
    by_finding = engine.by_finding
    out: dict[str, Disposition] = {}
    for finding_id in unanswered:
        rules = by_finding.get(finding_id)
        if not rules or rules[0].rank <= floor:  # a yes could fire nothing more urgent
            continue
        raised = _raised(rules, facts.with_finding(finding_id, True), current)
        if raised is not current:
            out[finding_id] = raised
    return out


def context_escalations(
    knowledge: Knowledge, answers: Answers | Facts, current: Disposition
) -> dict[str, Disposition]:
    """For each unknown age, duration or pain score, the most urgent disposition it could reach.

    ``current`` is the disposition of ``answers``. Knowing a value can only newly fire the
    rules that test it, so only those are tried.
    """
    engine, facts = compiled(knowledge), as_facts(answers)
    out: dict[str, Disposition] = {}
    for field, values in engine.context_probes.items():
        if getattr(facts, field) is not None:
            continue
        best = current
        for value in values:
            trial = facts.with_context(field, value)
            for rule in engine.by_context.get(field, ()):
                if rule.rank <= best.rank:
                    break
                if rule.check(trial):
                    best = rule.disposition
                    break
        if best.rank > current.rank:
            out[field] = best
    return out


def unanswered_red_flags(knowledge: Knowledge, answers: Answers | Facts) -> list[str]:
    """Red flags not yet answered that apply to this person, in knowledge order."""
    engine, facts = compiled(knowledge), as_facts(answers)
    return [
        f for f in engine.red_flags
        if f not in facts.findings and engine.applicable(f, facts)
    ]


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
