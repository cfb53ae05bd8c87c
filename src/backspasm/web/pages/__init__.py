"""The HTML pages: describe, about you, one question per screen, result, sources.

Server-rendered with Jinja2 and one small stylesheet shipped in the package; nothing is
loaded from the internet and no JavaScript is needed. The interview's state lives in the
address (see :mod:`.state`), never in a server session.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent.parent / "templates"


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    templates = Jinja2Templates(env=env)
    templates.env.filters["percent"] = _percent
    return templates


def _percent(p: float) -> str:
    value = round(p * 100)
    return "under 1%" if value < 1 and p > 0 else f"{value}%"


def build_router() -> APIRouter:
    from . import diary, report, routes, scores

    router = APIRouter()
    router.include_router(routes.router)
    router.include_router(diary.router)
    router.include_router(report.router)
    router.include_router(scores.router)
    return router
