"""The triage step of ``ask``: free text in, an assessment out.

It is the free-text intake (``backspasm.intake.assess_text``): the same reading of a
person's words, with negation, uncertainty and other people's history, as
``backspasm assess --text``. Building the intake (spaCy) costs seconds, so a pure-Python
pre-filter (``backspasm.intake.prefilter``) looks first: when no target phrase of any
finding that can put the triage first (a red flag, or a finding an urgent or emergency
rule looks at) can match the question, the intake could not change what ``ask`` shows,
and it is skipped. Otherwise spaCy is imported on that first question, not before.
"""

from __future__ import annotations

from ..core.assessment import Assessment
from ..knowledge.loader import Knowledge
from .ask import TriageFn


def default_triage(knowledge: Knowledge) -> TriageFn:
    def run(text: str) -> Assessment | None:
        from ..intake.prefilter import could_find

        if not could_find(text, knowledge, triage_only=True):
            return None
        from ..intake import assess_text

        assessment, extraction = assess_text(text, knowledge)
        return assessment if extraction.readable else None

    return run
