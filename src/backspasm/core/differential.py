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


def posterior_odds(
    knowledge: Knowledge, answers: Answers | Facts
) -> list[tuple[Condition, float, tuple[str, ...]]]:
    """Each condition's posterior odds and the findings that raised them, in knowledge order.

    The answers are walked once in their order; each answer multiplies the odds of the
    conditions it affects (the compiled form of the likelihood ratios and ``unrelated_lr``),
    then each condition's modifiers that hold multiply its odds.
    """
    engine, facts = compiled(knowledge), as_facts(answers)
    odds = list(engine.prior_odds)
    raised: list[list[str]] = [[] for _ in odds]
    yes, no = engine.yes_effects, engine.no_effects
    for finding_id, value in facts.findings.items():
        for condition, ratio, raises in (yes if value else no).get(finding_id, ()):
            odds[condition] *= ratio
            if raises:
                raised[condition].append(finding_id)
    for index, check, factor in engine.modifiers:
        if check(facts):
            odds[index] *= factor
    return [(c, odds[i], tuple(raised[i])) for i, c in enumerate(engine.conditions)]


def rank_conditions(knowledge: Knowledge, answers: Answers | Facts) -> list[Ranked]:
    """All conditions, most probable first; ties broken by seriousness then id."""
    scored = posterior_odds(knowledge, answers)
    # Odds to probability of "this condition is present", then shares of the total.
    probs = [odds / (1.0 + odds) for _, odds, _ in scored]
    total = sum(probs) or 1.0
    shares = [p / total for p in probs]
    tie_break = compiled(knowledge).tie_break
    order = sorted(range(len(shares)), key=lambda i: (-shares[i], tie_break[i]))
    return [Ranked(scored[i][0], shares[i], scored[i][2]) for i in order]
