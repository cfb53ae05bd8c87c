"""One "not sure" policy for every interview: the terminal, the web pages and the JSON API.

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

:func:`backspasm.core.interview.next_question` and :func:`backspasm.core.triage.triage`
read ``findings`` only, so this module hands them the answers with the settled unsure
findings counted as present. Pure: no I/O, no frameworks.
"""

from __future__ import annotations

from collections.abc import Collection

from .core.answers import Answers
from .core.interview import Question, next_question
from .core.triage import triage
from .knowledge.loader import Knowledge
from .knowledge.models import Disposition


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

