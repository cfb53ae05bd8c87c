"""The HTML pages: describe, about you, one question per screen, result, sources.

Server-rendered with Jinja2 and one small stylesheet shipped in the package; nothing is
loaded from the internet and no JavaScript is needed. The interview's state lives in the
address (see :mod:`.state`), never in a server session.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.templating import Jinja2Templates

TEMPLATES = Path(__file__).parent.parent / "templates"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES)
    templates.env.filters["percent"] = _percent
    templates.env.trim_blocks = True
    templates.env.lstrip_blocks = True
    return templates


def _percent(p: float) -> str:
    value = round(p * 100)
    return "under 1%" if value < 1 and p > 0 else f"{value}%"


def build_router() -> APIRouter:
    from . import routes

    return routes.router
