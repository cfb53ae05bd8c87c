"""The report as one printable HTML document (Jinja2; no script, no external asset).

Standalone (``backspasm report``) the stylesheet is inlined, so the file can be mailed or
printed as it is. On the web (``/report``) the same template links the same stylesheet,
served by the app, because the site's Content-Security-Policy forbids inline styles.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.report import ANSWER_WORDS, Report

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STYLESHEET = HERE / "report.css"
#: Where the web app serves :data:`STYLESHEET`.
STYLESHEET_URL = "/report/report.css"

DISPOSITION_CLASS = {"emergency": "emergency", "urgent": "urgent", "routine": "routine",
                     "self_care": "self-care"}


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["percent"] = lambda p: "under 1%" if 0 < p < 0.005 else f"{round(p * 100)}%"
    env.filters["num"] = lambda v: f"{v:g}" if isinstance(v, float) else str(v)
    return env


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The whole HTML document. ``standalone`` inlines the stylesheet and leaves out the
    links back into the web app."""
    refs = {s.id: n for n, s in enumerate(report.sources, start=1)}
    return _environment().get_template("report.html").render(
        r=report,
        refs=refs,
        words=ANSWER_WORDS,
        css=stylesheet() if standalone else None,
        css_url=STYLESHEET_URL,
        standalone=standalone,
        kind=DISPOSITION_CLASS,
        recent=report.checkins[-28:][::-1],
        query=window_query(report),
    )


def window_query(report: Report) -> str:
    """The report's window as query parameters to append (``&since=...&until=...``)."""
    parts = [f"&{k}={v.isoformat()}" for k, v in (("since", report.since),
                                                   ("until", report.until)) if v]
    return "".join(parts)
