"""The interview: which question to ask next, and when to stop.

Order of questions:

1. Red flags whose "yes" would make the advice more urgent, the most serious first.
2. Any other finding whose "yes" would make the advice more urgent.
3. The finding that would most change the ranking of likely causes, until the leading
   cause is clear (its share reaches ``CLEAR_LEAD``) or no question would change it.

Once the disposition is ``emergency`` nothing can raise it, so the interview stops at
once: a person with an emergency sign is not kept answering questions.

"Not sure": one policy for every interview (the terminal, the web pages, the JSON API).

A finding the person is not sure of sits in ``Answers.unsure`` (never also in
``findings``). It counts as present for the triage, because an engine that is unsure
escalates, and the result names it "(you were not sure)". In an interview:

- a "not sure" answer is that interview's answer: the question is not asked again, the
  advice is what a "yes" would give, and going back to change it to yes or no works;
- a finding that the person's own description only said "maybe" about is *pending*: it
  counts as present straight away (a result shown before it is asked names it "not sure"),
  and it is asked once so that the person can confirm it, as any unknown finding would be;
- "skip" (prefer not to say, terminal only) leaves the finding unknown: it is not asked
  again and does not count as present; an unknown red flag stays listed in the result.

:func:`next_question` and :func:`~backspasm.core.triage.triage` read ``findings`` only;
:func:`next_to_ask` and :func:`disposition_so_far` apply this policy over them, and every
front end calls those.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition, Finding
from .answers import Answers
from .differential import rank_conditions
from .engine import compiled
from .patterns import Facts
from .triage import disposition_if_yes, escalations, triage

#: The leading cause counts as clear once it holds this share of the differential.
CLEAR_LEAD = 0.6
#: A question is worth asking for the differential if either answer moves a share this much.
MIN_SHIFT = 0.05


@dataclass(frozen=True)
class Question:
    finding: Finding
    why: str  # "red_flag", "escalation" or "differential"


def _distribution(knowledge: Knowledge, facts: Facts) -> dict[str, float]:
    return {r.condition.id: r.probability for r in rank_conditions(knowledge, facts)}


def _shift(before: dict[str, float], after: dict[str, float]) -> float:
    """Total variation distance between two differentials."""
    return 0.5 * sum(abs(before[k] - after[k]) for k in before)


def next_question(
    knowledge: Knowledge, answers: Answers, skipped: frozenset[str] = frozenset()
) -> Question | None:
    """The next question to ask, or None when the answer could no longer change the result.

    ``skipped`` holds findings the person chose not to answer (they stay unknown and the
    red flags among them stay listed in the result).
    """
    engine, facts = compiled(knowledge), Facts.of(answers)
    current = triage(knowledge, facts)
    if current is Disposition.emergency:
        return None
    raised = {k: v for k, v in escalations(knowledge, facts, current).items() if k not in skipped}
    if raised:
        # escalations() walks red flags in knowledge order; the most serious go first.
        best = max(raised, key=lambda fid: raised[fid].rank)
        return Question(knowledge.findings[best], "red_flag")

    candidates = [
        f
        for f in knowledge.findings.values()
        if not f.red_flag
        and f.id not in facts.findings
        and f.id not in skipped
        and engine.applicable(f.id, facts)
    ]
    for f in candidates:
        if disposition_if_yes(knowledge, facts, current, f.id).rank > current.rank:
            return Question(f, "escalation")

    before = _distribution(knowledge, facts)
    if max(before.values()) >= CLEAR_LEAD:
        return None
    best_f: Finding | None = None
    best_shift = MIN_SHIFT
    for f in candidates:
        if not any(f.id in c.likelihood_ratios for c in knowledge.conditions.values()):
            continue
        shift = max(
            _shift(before, _distribution(knowledge, facts.with_finding(f.id, value)))
            for value in (True, False)
        )
        if shift > best_shift:
            best_f, best_shift = f, shift
    return Question(best_f, "differential") if best_f else None


def disposition_so_far(knowledge: Knowledge, answers: Answers) -> Disposition:
    """The disposition the answers lead to, unsure findings counted as present."""
    return triage(knowledge, answers.assuming_unsure_present())


def next_to_ask(
    knowledge: Knowledge,
    answers: Answers,
    skipped: Collection[str] = (),
    pending: Collection[str] = (),
) -> Question | None:
    """The next question, or None when no answer could change the result any more.

    ``answers.unsure`` holds every finding the person is not sure of; those in ``pending``
    (only "maybe" in the description, not asked yet) may be asked, the others are not
    asked again. ``skipped`` findings stay unknown and are not asked again.
    An emergency ends the interview at once, also when it rests on a "not sure" answer;
    a pending emergency sign is asked first (the result meanwhile counts it as present).
    """
    waiting = set(pending)
    settled = [f for f in answers.unsure if f not in waiting]
    asking = answers.model_copy(update={"unsure": settled}).assuming_unsure_present()
    return next_question(knowledge, asking, frozenset(skipped) | frozenset(settled))

