"""The web app and JSON API: ``create_app(settings)`` builds a FastAPI application.

Nothing is created at import time. The HTML pages (:mod:`.pages`) and the JSON API
(:mod:`.api`) are thin: they call the same core functions as the ``backspasm`` command
(:func:`backspasm.batch.assess_input`, :func:`backspasm.core.interview.next_question`,
:func:`backspasm.core.assessment.assess`). FastAPI is imported only when this package is.
"""

from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
