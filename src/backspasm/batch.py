"""Assess many inputs in one process: one JSON object per line in, one per line out.

Each input line is ``{"id": ..., "answers": {...}}``. A bad line yields an error object
``{"id": ..., "error": "..."}`` for that line and the rest go on.
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
    """Assess one decoded input object ``{"answers": {...}}``."""
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object")
    if "answers" not in obj:
        raise InputError("the object has no 'answers'")
    try:
        return assess(knowledge, parse_answers(obj["answers"], knowledge))
    except AnswersError as exc:
        raise InputError(str(exc)) from None


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
            result = assess_input(obj, knowledge)
        except InputError as exc:
            yield {"id": ident, "line": number, "error": str(exc)}
            continue
        yield {"id": ident, **result.model_dump(mode="json")}
