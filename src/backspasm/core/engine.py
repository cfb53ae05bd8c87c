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

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from ..knowledge.loader import Knowledge
from ..knowledge.models import Condition, Disposition, Pattern, Rule
from .answers import Answers
from .patterns import Check, Facts, compile_pattern, context_fields, triggers


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    check: Check
    disposition: Disposition
    rank: int


class Effect(NamedTuple):
    """What one answer does to one condition's odds."""

    condition: int  # index into Compiled.conditions
    ratio: float
    raises: bool  # a yes that the condition lists with a ratio above 1 (its evidence)


class Compiled:
    """Indexes and compiled patterns of one knowledge base (see the module docstring)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._checks: dict[int, Check] = {}

        self.rules = tuple(
            CompiledRule(r, self.check(r.when), r.disposition, r.disposition.rank)
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
        #: The red flags a yes to which can make some rule fire, with those rules.
        self.red_flag_rules = tuple(
            (f, self.by_finding[f]) for f in self.red_flags if self.by_finding.get(f)
        )
        self._compile_differential(tuple(knowledge.conditions.values()))

    def _compile_differential(self, conditions: tuple[Condition, ...]) -> None:
        self.conditions = conditions
        self.prior_odds = tuple(c.prior / (1.0 - c.prior) for c in conditions)
        #: Condition indices in tie-break order (the more serious first, then by id): a
        #: stable sort of this order by probability breaks ties this way.
        self.tie_order = tuple(
            sorted(range(len(conditions)),
                   key=lambda i: (-conditions[i].seriousness.rank, conditions[i].id))
        )
        yes: dict[str, list[Effect]] = {}
        no: dict[str, list[Effect]] = {}
        for finding in self.knowledge.findings.values():
            yes[finding.id], no[finding.id] = [], []
            for index, condition in enumerate(conditions):
                lr = condition.likelihood_ratios.get(finding.id)
                if lr is None:
                    if finding.unrelated_lr != 1.0:
                        yes[finding.id].append(Effect(index, finding.unrelated_lr, False))
                    continue
                if lr.present != 1.0:
                    yes[finding.id].append(Effect(index, lr.present, lr.present > 1.0))
                if lr.absent != 1.0:
                    no[finding.id].append(Effect(index, lr.absent, False))
        #: For each finding, how a yes (and a no) multiplies the conditions' odds; a
        #: multiplication by exactly 1 is left out, which changes no result.
        self.yes_effects = {f: tuple(e) for f, e in yes.items()}
        self.no_effects = {f: tuple(e) for f, e in no.items()}
        #: A yes as one ratio per condition (1.0 where it changes nothing), and the
        #: conditions it counts as evidence for: a yes touches most conditions (through
        #: ``unrelated_lr``), so the engine multiplies the whole row at once.
        self.yes_rows: dict[str, tuple[float, ...]] = {}
        self.yes_raises: dict[str, tuple[int, ...]] = {}
        for finding_id, effects in self.yes_effects.items():
            if effects:
                row = [1.0] * len(conditions)
                for e in effects:
                    row[e.condition] = e.ratio
                self.yes_rows[finding_id] = tuple(row)
                self.yes_raises[finding_id] = tuple(e.condition for e in effects if e.raises)
        #: Every modifier as (condition index, compiled pattern, factor), in knowledge order.
        self.modifiers = tuple(
            (index, self.check(m.when), m.factor)
            for index, condition in enumerate(conditions)
            for m in condition.modifiers
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


def compiled(knowledge: Knowledge) -> Compiled:
    """The compiled form of ``knowledge``, built on first use and kept with it."""
    found: Compiled | None = knowledge.derived.get("engine")
    if found is None:
        found = knowledge.derived["engine"] = Compiled(knowledge)
    return found


def as_facts(answers: Answers | Facts) -> Facts:
    return answers if isinstance(answers, Facts) else Facts.of(answers)
