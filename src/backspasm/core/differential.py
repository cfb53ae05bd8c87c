"""The differential: which conditions best explain the answers, with probabilities.

Each condition starts from its prior (how common it is among people presenting with back
pain), its odds are multiplied by the likelihood ratio of every answered finding (the
``present`` ratio for a yes, the ``absent`` ratio for a no; in the findings' knowledge
order, so the order of the answers changes nothing) and by every modifier whose pattern
holds (age, sex, place of the pain, duration). A yes to a finding that a condition
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
from .engine import Compiled, as_facts, compiled
from .patterns import Facts


class Ranked(NamedTuple):
    condition: Condition
    probability: float
    evidence: tuple[str, ...]  # findings answered yes that raised this condition's odds


def _odds(engine: Compiled, facts: Facts) -> tuple[list[float], list[str]]:
    """The posterior odds of each condition (knowledge order), and the findings answered
    yes that move some odds, in knowledge order. Each answer that moves some odds
    multiplies them, in the findings' knowledge order (so the order the answers came in
    changes nothing): a yes by its row of ratios (``unrelated_lr`` where the condition does
    not list it), a no by the conditions' ``absent`` ratios; then each condition's modifiers
    that hold multiply its odds (:meth:`~backspasm.core.engine.Compiled.modifier_factors`)."""
    odds = list(engine.prior_odds)
    place = engine.finding_order.__getitem__
    yes = sorted(facts.present & engine.yes_keys, key=place)
    rows = engine.yes_rows
    for finding_id in yes:
        # Multiplying by 1.0 changes nothing, so this is the per-condition product.
        odds = list(map(mul, odds, rows[finding_id]))
    no = facts.absent & engine.no_keys
    if no:
        effects = engine.no_effects
        for finding_id in sorted(no, key=place):
            for condition, ratio in effects[finding_id]:
                odds[condition] *= ratio
    for index, factor in engine.modifier_factors(facts):
        odds[index] *= factor
    return odds, yes


def evidence(engine: Compiled, yes: list[str], condition: int) -> list[str]:
    """The findings among ``yes`` (as :func:`ranking` gives them) that raised the odds of
    the condition at index ``condition``, in knowledge order."""
    raising = engine.evidence_for[condition]
    return [f for f in yes if f in raising]


def posterior_odds(
    knowledge: Knowledge, answers: Answers | Facts
) -> list[tuple[Condition, float, tuple[str, ...]]]:
    """Each condition's posterior odds and the findings that raised them, in knowledge order."""
    engine = compiled(knowledge)
    odds, yes = _odds(engine, as_facts(answers))
    return [
        (c, odds[i], tuple(evidence(engine, yes, i))) for i, c in enumerate(engine.conditions)
    ]


def ranking(
    knowledge: Knowledge, answers: Answers | Facts
) -> tuple[list[int], list[float], list[str]]:
    """The differential in index form: condition indices (into the compiled knowledge's
    ``conditions``) most probable first, ties broken by seriousness then id; each
    condition's share; and the findings answered yes that move some odds, for
    :func:`evidence`."""
    engine = compiled(knowledge)
    odds, yes = _odds(engine, as_facts(answers))
    # Odds to probability of "this condition is present", then shares of the total.
    probs = [o / (1.0 + o) for o in odds]
    total = sum(probs) or 1.0
    shares = [p / total for p in probs]
    # Most probable first; Python's sort is stable, so equal shares keep the tie order.
    order = sorted(engine.tie_order, key=shares.__getitem__, reverse=True)
    return order, shares, yes


def rank_conditions(knowledge: Knowledge, answers: Answers | Facts) -> list[Ranked]:
    """All conditions, most probable first; ties broken by seriousness then id."""
    engine = compiled(knowledge)
    order, shares, yes = ranking(knowledge, answers)
    return [
        Ranked(engine.conditions[i], shares[i], tuple(evidence(engine, yes, i))) for i in order
    ]
