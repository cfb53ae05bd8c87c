"""Assess many inputs in one process: one JSON object per line in, one per line out.

Each input line is ``{"id": ..., "answers": {...}}`` or ``{"id": ..., "text": "..."}`` (a
person's own words, read by the free-text intake; its language pipeline is loaded once, on
the first text line). A bad line yields an error object ``{"id": ..., "error": "..."}`` for
that line and the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .core.answers import AnswersError, parse_answers
from .core.assessment import Assessment, assess
from .knowledge.loader import Knowledge


class InputError(ValueError):
    """One input cannot be assessed; the message is a plain sentence."""


def assess_input(obj: Any, knowledge: Knowledge) -> Assessment:
    """Assess one decoded input object ``{"answers": {...}}`` or ``{"text": "..."}``."""
    result = assess_object(obj, knowledge)
    return result if isinstance(result, Assessment) else result[0]


def assess_object(obj: Any, knowledge: Knowledge) -> Assessment | tuple[Assessment, Any]:
    """Assess answers (giving an Assessment) or a text (giving the Assessment and Extraction)."""
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object")
    if "answers" in obj:
        try:
            return assess(knowledge, parse_answers(obj["answers"], knowledge))
        except AnswersError as exc:
            raise InputError(str(exc)) from None
    if "text" in obj:
        text = obj["text"]
        if not isinstance(text, str):
            raise InputError("'text' must be a string")
        from .intake import assess_text  # loads spaCy on first use only

        assessment, extraction = assess_text(text, knowledge)
        if not extraction.readable:
            raise InputError(extraction.message or "the text cannot be read")
        return assessment, extraction
    raise InputError("the object has neither 'answers' nor 'text'")


def output(result: Assessment | tuple[Assessment, Any]) -> dict[str, Any]:
    """The JSON object for one result; a text result adds what was read from the text."""
    if isinstance(result, Assessment):
        return result.model_dump(mode="json")
    assessment, extraction = result
    return {
        **assessment.model_dump(mode="json"),
        "findings": [f.model_dump(mode="json") for f in extraction.findings],
        "facts": extraction.facts.model_dump(mode="json"),
        "out_of_scope": extraction.out_of_scope,
        "message": extraction.message,
    }


def run_batch(lines: Iterable[str], knowledge: Knowledge) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident: Any = None
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {number} is not valid JSON ({exc.msg})") from None
            ident = obj.get("id") if isinstance(obj, dict) else None
            result = assess_object(obj, knowledge)
        except InputError as exc:
            yield {"id": ident, "line": number, "error": str(exc)}
            continue
        yield {"id": ident, **output(result)}
