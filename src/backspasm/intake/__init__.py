"""Free-text intake: a person's own words become findings (clinical NLP with medspaCy).

    >>> from backspasm.intake import extract
    >>> extraction = extract("my lower back locked up, no fever", knowledge)

spaCy and medspaCy are imported only when the first text is read; the pipeline is then
kept for the life of the process. Importing this package is cheap.
"""

from __future__ import annotations

from .extract import MAX_CHARS, assess_text, extract
from .models import ExtractedFinding, Extraction, Facts

__all__ = ["MAX_CHARS", "ExtractedFinding", "Extraction", "Facts", "assess_text", "extract"]
