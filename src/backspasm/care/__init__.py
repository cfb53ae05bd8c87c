"""The care plan: questionnaires, evidence-graded self-care, medicine safety and exercises.

Everything in this package is pure: it receives validated knowledge
(:class:`~backspasm.care.models.CareKnowledge`, loaded by
:mod:`backspasm.knowledge.care`) and plain values, and returns pydantic models.

Errors a person can cause raise :class:`CareInputError` (a ``ValueError``) with one plain
sentence naming the problem::

    ValueError
     └── CareInputError          bad questionnaire answers or plan input
"""

from __future__ import annotations


class CareInputError(ValueError):
    """Input that cannot be used; the message is one plain sentence naming the problem."""


__all__ = ["CareInputError"]
