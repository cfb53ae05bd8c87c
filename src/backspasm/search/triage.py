"""The triage step of ``ask``: free text in, an assessment out.

It is the free-text intake (``backspasm.intake.assess_text``): the same reading of a
person's words, with negation, uncertainty and other people's history, as
``backspasm assess --text``. The intake (spaCy) is imported on the first question, not
before.
"""

from __future__ import annotations

from ..core.assessment import Assessment
from ..knowledge.loader import Knowledge
from .ask import TriageFn


def default_triage(knowledge: Knowledge) -> TriageFn:
    def run(text: str) -> Assessment | None:
        from ..intake import assess_text

        assessment, extraction = assess_text(text, knowledge)
        return assessment if extraction.readable else None

    return run
