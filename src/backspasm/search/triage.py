"""The triage step of ``ask``: free text in, an assessment out.

It is the free-text intake (``backspasm.intake.assess_text``): the same reading of a
person's words, with negation, uncertainty and other people's history, as
``backspasm assess --text``. Building the intake (spaCy) costs most of a second, so a
pure-Python pre-filter (``backspasm.intake.prefilter``) looks first: when no target
phrase of any finding that can put the triage first (a red flag, or a finding an urgent
or emergency rule looks at) can match the question, the intake could not change what
``ask`` shows, and it is skipped. Otherwise spaCy is imported on that first question, not
before.

A caller that knows the question before it loads the ask index (the CLI) passes it to
:func:`default_triage`: a background thread then runs the pre-filter and, when the
question needs the intake, loads it, overlapping with loading the index (numpy,
onnxruntime and the model, which partly runs outside Python's global lock). The triage
waits for that thread; if anything failed there, the triage does it again in the
caller's thread and the error surfaces there, as it would without the head start.
"""

from __future__ import annotations

import threading

from ..core.assessment import Assessment
from ..knowledge.loader import Knowledge
from .ask import TriageFn


def _prepare(question: str, knowledge: Knowledge) -> None:
    """Run the pre-filter on ``question`` and, when it says "maybe", build the intake."""
    from ..intake.prefilter import could_find

    try:
        if could_find(question, knowledge, triage_only=True):
            from ..intake.pipeline import get_pipeline

            get_pipeline(knowledge)
    except Exception:  # the triage does it again in the caller's thread, and raises there
        pass


def default_triage(knowledge: Knowledge, question: str | None = None) -> TriageFn:
    """The triage for ``ask``; ``question``: the question about to be asked, to run the
    pre-filter and load the intake (when needed) in the background meanwhile."""
    loading: threading.Thread | None = None
    if question is not None:
        loading = threading.Thread(
            target=_prepare, args=(question, knowledge), name="backspasm-intake-load"
        )
        loading.start()

    def run(text: str) -> Assessment | None:
        if loading is not None:
            loading.join()
        from ..intake.prefilter import could_find

        if not could_find(text, knowledge, triage_only=True):
            return None
        from ..intake import assess_text

        assessment, extraction = assess_text(text, knowledge)
        return assessment if extraction.readable else None

    return run
