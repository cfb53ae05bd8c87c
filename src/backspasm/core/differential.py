"""The differential: which conditions best explain the answers, with probabilities.

Each condition starts from its prior (how common it is among people presenting with back
pain), its odds are multiplied by the likelihood ratio of every answered finding (the
``present`` ratio for a yes, the ``absent`` ratio for a no) and by every modifier whose
pattern holds (age, sex, place of the pain, duration). A yes to a finding that a condition
does not list multiplies its odds by the finding's ``unrelated_lr`` (1 unless the finding
points to particular conditions). The results are normalised over
the conditions in the knowledge base, so a probability reads as "the share of the
explanation", an estimate, not a diagnosis.
"""

from __future__ import annotations

from operator import mul
from typing import NamedTuple

from ..knowledge.loader import Knowledge
from ..knowledge.models import Condition
from .answers import Answers
from .engine import as_facts, compiled
from .patterns import Facts


class Ranked(NamedTuple):
    condition: Condition
    probability: float
    evidence: tuple[str, ...]  # findings answered yes that raised this condition's odds


def _odds(knowledge: Knowledge, facts: Facts) -> tuple[list[float], list[list[str]]]:
    """The posterior odds of each condition (knowledge order), and the findings that
    raised each. The answers are walked once in their order; each answer multiplies the
    odds of the conditions it affects (the compiled likelihood ratios and
    ``unrelated_lr``), then each condition's modifiers that hold multiply its odds."""
    engine = compiled(knowledge)
    odds = list(engine.prior_odds)
    raised: list[list[str]] = [[] for _ in odds]
    rows, raises, no = engine.yes_rows, engine.yes_raises, engine.no_effects
    for finding_id, value in facts.findings.items():
        if value:
            row = rows.get(finding_id)
            if row is not None:
                # Multiplying by 1.0 changes nothing, so this is the per-condition product.
                odds = list(map(mul, odds, row))
                for condition in raises[finding_id]:
                    raised[condition].append(finding_id)
        else:
            for condition, ratio, _ in no.get(finding_id, ()):
                odds[condition] *= ratio
    for index, check, factor in engine.modifiers:
        if check(facts):
            odds[index] *= factor
    return odds, raised


def posterior_odds(
    knowledge: Knowledge, answers: Answers | Facts
) -> list[tuple[Condition, float, tuple[str, ...]]]:
    """Each condition's posterior odds and the findings that raised them, in knowledge order."""
    odds, raised = _odds(knowledge, as_facts(answers))
    conditions = compiled(knowledge).conditions
    return [(c, odds[i], tuple(raised[i])) for i, c in enumerate(conditions)]


def ranking(
    knowledge: Knowledge, answers: Answers | Facts
) -> tuple[list[int], list[float], list[list[str]]]:
    """The differential in index form: condition indices (into the compiled knowledge's
    ``conditions``) most probable first, ties broken by seriousness then id; each
    condition's share; and the findings that raised each."""
    engine = compiled(knowledge)
    odds, raised = _odds(knowledge, as_facts(answers))
    # Odds to probability of "this condition is present", then shares of the total.
    probs = [o / (1.0 + o) for o in odds]
    total = sum(probs) or 1.0
    shares = [p / total for p in probs]
    # Most probable first; Python's sort is stable, so equal shares keep the tie order.
    order = sorted(engine.tie_order, key=shares.__getitem__, reverse=True)
    return order, shares, raised


def rank_conditions(knowledge: Knowledge, answers: Answers | Facts) -> list[Ranked]:
    """All conditions, most probable first; ties broken by seriousness then id."""
    order, shares, raised = ranking(knowledge, answers)
    conditions = compiled(knowledge).conditions
    return [Ranked(conditions[i], shares[i], tuple(raised[i])) for i in order]
