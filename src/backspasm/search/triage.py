"""The triage step of ``ask``: free text in, an assessment (or None) out.

The real step is the free-text intake (``backspasm.intake.assess_text``), which is built
separately; :func:`default_triage` uses it when it can be imported. Until then it falls
back to :func:`phrase_triage`: a plain look-up of each finding's lay phrases (from
findings.yaml) in the question, which is enough to put "my back hurts and I can't pee"
through the triage rules. Negations are not understood by the fallback, so it can only
err towards showing triage, never towards hiding it.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, cast

from ..core.answers import Answers
from ..core.assessment import Assessment, assess
from ..knowledge.loader import Knowledge
from .ask import TriageFn


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"\bcan ?not\b", "can't", text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return f" {' '.join(text.split())} "


def phrase_triage(knowledge: Knowledge) -> TriageFn:
    phrases = [
        (_norm(phrase), finding.id)
        for finding in knowledge.findings.values()
        for phrase in finding.lay_phrases
        if len(phrase) >= 4
    ]

    def run(text: str) -> Assessment | None:
        haystack = _norm(text)
        found = {fid: True for phrase, fid in phrases if phrase in haystack}
        if not found:
            return None
        return assess(knowledge, Answers(findings=found))

    return run


def default_triage(knowledge: Knowledge) -> TriageFn:
    """The intake's ``assess_text`` when it is installed, else the lay-phrase fallback."""
    try:
        intake: Any = importlib.import_module("backspasm.intake")
        assess_text = intake.assess_text
    except (ImportError, AttributeError):
        return phrase_triage(knowledge)

    def run(text: str) -> Assessment | None:
        assessment, _extraction = assess_text(text, knowledge)
        return cast(Assessment, assessment)

    return run
