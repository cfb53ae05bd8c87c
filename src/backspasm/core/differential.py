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

from dataclasses import dataclass

from ..knowledge.loader import Knowledge
from ..knowledge.models import Condition
from .answers import Answers
from .patterns import matches


@dataclass(frozen=True)
class Ranked:
    condition: Condition
    probability: float
    evidence: tuple[str, ...]  # findings answered yes that raised this condition's odds


def posterior_odds(
    knowledge: Knowledge, condition: Condition, answers: Answers
) -> tuple[float, tuple[str, ...]]:
    odds = condition.prior / (1.0 - condition.prior)
    raised: list[str] = []
    for finding_id, value in answers.findings.items():
        lr = condition.likelihood_ratios.get(finding_id)
        if lr is None:
            if value:
                odds *= knowledge.findings[finding_id].unrelated_lr
            continue
        ratio = lr.present if value else lr.absent
        odds *= ratio
        if value and ratio > 1.0:
            raised.append(finding_id)
    for modifier in condition.modifiers:
        if matches(modifier.when, answers):
            odds *= modifier.factor
    return odds, tuple(raised)


def rank_conditions(knowledge: Knowledge, answers: Answers) -> list[Ranked]:
    """All conditions, most probable first; ties broken by seriousness then id."""
    scored = [(c, *posterior_odds(knowledge, c, answers)) for c in knowledge.conditions.values()]
    # Odds to probability of "this condition is present", then shares of the total.
    probs = [(c, odds / (1.0 + odds), ev) for c, odds, ev in scored]
    total = sum(p for _, p, _ in probs) or 1.0
    ranked = [Ranked(c, p / total, ev) for c, p, ev in probs]
    ranked.sort(key=lambda r: (-r.probability, -r.condition.seriousness.rank, r.condition.id))
    return ranked
