"""The bridge to the free-text intake, which is optional and imported lazily.

``backspasm.intake`` offers ``extract(text, knowledge) -> Extraction`` and
``assess_text(text, knowledge) -> (Assessment, Extraction)``. When it cannot be imported
(a broken install, e.g. spaCy failing to import), :func:`load_intake` returns ``None`` and
the front ends say so plainly and fall back to the questions.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NOT_INSTALLED = (
    "Free-text understanding is not installed in this copy of backspasm, so your words "
    "cannot be read; the questions will cover the same ground."
)


def load_intake() -> ModuleType | None:
    try:
        return importlib.import_module("backspasm.intake")
    except ImportError:
        return None
