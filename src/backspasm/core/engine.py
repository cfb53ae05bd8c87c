"""The knowledge base compiled for the engine: built once per knowledge base, then reused.

Assessing a person asks the same questions of the knowledge every time: which rules can
fire given the findings answered yes, which rules a yes to one red flag could make fire,
which rules look at the age, how each answer moves each condition's odds. This module
answers them once, when a knowledge base is first assessed, as indexes and compiled
patterns (:func:`~backspasm.core.patterns.compile_pattern`), so an assessment is a few set
operations and multiplications. The meaning stays in the patterns and the triage and
differential modules; this is only their fast form, and the tests hold it to the plain one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ..knowledge.loader import Knowledge
from ..knowledge.models import Condition, Disposition, Pattern, Rule
from .answers import Answers
from .patterns import (
    CONTEXT_BOUNDS,
    Check,
    Facts,
    bounds,
    compile_pattern,
    compile_support,
    context_fields,
    triggers,
)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    check: Check
    disposition: Disposition
    rank: int
    #: The findings answered yes that the rule relies on, when it holds
    #: (:func:`~backspasm.core.patterns.compile_support`).
    support: Callable[[Facts], list[str]]


class Compiled:
    """Indexes and compiled patterns of one knowledge base (see the module docstring)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._checks: dict[int, Check] = {}

        self.rules = tuple(
            CompiledRule(r, self.check(r.when), r.disposition, r.disposition.rank,
                         compile_support(r.when, self.check))
            for r in knowledge.rules
        )
        # A rule is evaluated only when one of its triggers is present (or it has none).
        unconditional: list[int] = []
        by_trigger: defaultdict[str, list[int]] = defaultdict(list)
        by_context: defaultdict[str, list[CompiledRule]] = defaultdict(list)
        for index, rule in enumerate(knowledge.rules):
            found = triggers(rule.when)
            if found is None:
                unconditional.append(index)
            else:
                for finding_id in found:
                    by_trigger[finding_id].append(index)
            for field in context_fields(rule.when):
                by_context[field].append(self.rules[index])
        self.unconditional = tuple(unconditional)
        self.by_trigger = {f: tuple(ids) for f, ids in by_trigger.items()}
        #: For age, duration and pain score, the rules that test it, most urgent first.
        self.by_context = {
            f: tuple(sorted(rules, key=lambda r: -r.rank)) for f, rules in by_context.items()
        }
        #: For age, duration and pain score, the values to try when it is unknown, to see
        #: whether knowing it could make the advice more urgent: every bound a rule uses
        #: (a rule that holds for some value holds at one of its bounds).
        rule_patterns = [r.when for r in knowledge.rules]
        self.context_probes = {
            field: _sorted_bounds(rule_patterns, lower + upper)
            for field, (lower, upper) in CONTEXT_BOUNDS.items()
        }
        #: For each finding, the rules a yes to it can make fire, most urgent first.
        by_id = {r.rule.id: r for r in self.rules}
        self.by_finding = {
            f: tuple(by_id[r.id] for r in rules) for f, rules in knowledge.rules_by_finding.items()
        }
        #: Whether to ask a finding: its skip_when and ask_when, compiled (None when absent).
        self.asked_when = {
            f.id: (
                None if f.skip_when is None else self.check(f.skip_when),
                None if f.ask_when is None else self.check(f.ask_when),
            )
            for f in knowledge.findings.values()
        }
        self.red_flags = tuple(f.id for f in knowledge.red_flags)
        self._compile_differential(tuple(knowledge.conditions.values()))

    def _compile_differential(self, conditions: tuple[Condition, ...]) -> None:
        self.conditions = conditions
        self.condition_ids = tuple(c.id for c in conditions)
        #: Each finding's place in the knowledge: the differential multiplies the answers'
        #: ratios in this order, so the same answers give the same odds in any order.
        self.finding_order = {f: i for i, f in enumerate(self.knowledge.findings)}
        self.prior_odds = tuple(c.prior / (1.0 - c.prior) for c in conditions)
        #: Condition indices in tie-break order (the more serious first, then by id): a
        #: stable sort of this order by probability breaks ties this way.
        self.tie_order = tuple(
            sorted(range(len(conditions)),
                   key=lambda i: (-conditions[i].seriousness.rank, conditions[i].id))
        )
        # A yes as one ratio per condition (``unrelated_lr`` where the condition does not
        # list the finding; a yes touches most conditions that way, so the engine multiplies
        # the whole row at once); a no only where a condition's ``absent`` ratio is not 1.
        rows: dict[str, tuple[float, ...]] = {}
        no: dict[str, list[tuple[int, float]]] = {}
        evidence: list[set[str]] = [set() for _ in conditions]
        for finding in self.knowledge.findings.values():
            row = [finding.unrelated_lr] * len(conditions)
            for index, condition in enumerate(conditions):
                lr = condition.likelihood_ratios.get(finding.id)
                if lr is None:
                    continue
                row[index] = lr.present
                if lr.present > 1.0:
                    evidence[index].add(finding.id)
                if lr.absent != 1.0:
                    no.setdefault(finding.id, []).append((index, lr.absent))
            if any(ratio != 1.0 for ratio in row):
                rows[finding.id] = tuple(row)
        #: For each finding whose yes moves some odds, its ratio per condition.
        self.yes_rows = rows
        #: For each finding whose no moves some odds, (condition index, ratio) pairs.
        self.no_effects = {f: tuple(effects) for f, effects in no.items()}
        self.yes_keys = frozenset(self.yes_rows)
        self.no_keys = frozenset(self.no_effects)
        #: For each condition, the findings whose yes counts as its evidence (a ratio above 1).
        self.evidence_for = tuple(frozenset(found) for found in evidence)
        #: Every modifier as (condition index, compiled pattern, factor), in knowledge order.
        self.modifiers = tuple(
            (index, self.check(m.when), m.factor)
            for index, condition in enumerate(conditions)
            for m in condition.modifiers
        )
        self._compile_modifier_table(
            [m.when for condition in conditions for m in condition.modifiers]
        )

    def _compile_modifier_table(self, patterns: list[Pattern]) -> None:
        """Prepare :meth:`modifier_factors`: a modifier that tests only the context (age,
        sex, place, duration, pain) holds or not by where each value falls among the
        bounds that such modifiers use, so the ones that hold are looked up by those
        places (the table fills as contexts are met; it is bounded by the knowledge)."""
        context_only = [
            not (p.all or p.any or p.none or p.absent or p.either) for p in patterns
        ]
        self._context_modifiers = tuple(
            m for m, only in zip(self.modifiers, context_only, strict=True) if only
        )
        self._other_modifiers = tuple(
            m for m, only in zip(self.modifiers, context_only, strict=True) if not only
        )
        chosen = [p for p, only in zip(patterns, context_only, strict=True) if only]
        # A value's place: how many lower bounds it reaches (bisect_right) and how many
        # upper bounds it passes (bisect_left); values at the same place meet every bound
        # of these modifiers alike.
        self._place_bounds = {
            field: (_sorted_bounds(chosen, lower), _sorted_bounds(chosen, upper))
            for field, (lower, upper) in CONTEXT_BOUNDS.items()
        }
        self._table: dict[tuple[object, ...], tuple[tuple[int, float], ...]] = {}

    def modifier_factors(self, facts: Facts) -> tuple[tuple[int, float], ...]:
        """The modifiers that hold for ``facts``, as (condition index, factor), those that
        test only the context first, each group in knowledge order."""
        limits = self._place_bounds
        place = (
            _place(facts.age, limits["age"]), facts.sex, facts.location,
            _place(facts.duration_days, limits["duration_days"]),
            _place(facts.pain_score, limits["pain_score"]),
        )
        found = self._table.get(place)
        if found is None:
            found = self._table[place] = tuple(
                (index, factor) for index, check, factor in self._context_modifiers
                if check(facts)
            )
        if not self._other_modifiers:
            return found
        return found + tuple(
            (index, factor) for index, check, factor in self._other_modifiers if check(facts)
        )

    def check(self, pattern: Pattern) -> Check:
        """The compiled form of a pattern of this knowledge base (compiled once)."""
        found = self._checks.get(id(pattern))
        if found is None:
            found = self._checks[id(pattern)] = compile_pattern(pattern)
        return found

    def applicable(self, finding_id: str, facts: Facts) -> bool:
        skip, ask = self.asked_when[finding_id]
        if skip is not None and skip(facts):
            return False
        return ask is None or ask(facts)


def _sorted_bounds(patterns: list[Pattern], names: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(sorted(set().union(*(bounds(p, names) for p in patterns))))


def _place(
    value: float | None, bounds: tuple[tuple[float, ...], tuple[float, ...]]
) -> tuple[int, int] | None:
    if value is None:
        return None
    lower, upper = bounds
    return bisect_right(lower, value), bisect_left(upper, value)


def compiled(knowledge: Knowledge) -> Compiled:
    """The compiled form of ``knowledge``, built on first use and kept with it."""
    found: Compiled | None = knowledge.derived.get("engine")
    if found is None:
        found = knowledge.derived["engine"] = Compiled(knowledge)
    return found


def as_facts(answers: Answers | Facts) -> Facts:
    return answers if isinstance(answers, Facts) else Facts.of(answers)
