"""The report page, ``/report``: the same printable document as ``backspasm report``.

The page is the report's own HTML document (not the site layout), linking its stylesheet
at ``/report/report.css`` because the site's Content-Security-Policy forbids inline styles.
An empty diary gets a short page in the site layout that says so and points to the diary.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import HTMLResponse, Response

from ...core.report import ReportEmpty, ReportWindowError, parse_window
from ...report import gather, require_data
from ...report.html import render_html, stylesheet
from ..deps import CareDep, KnowledgeDep, SettingsDep
from .diary import DiaryDep
from .routes import render

router = APIRouter()


@router.get("/report")
def report_page(request: Request, diary: DiaryDep, knowledge: KnowledgeDep, care: CareDep,
                settings: SettingsDep,
                since: Annotated[str, Query(max_length=40)] = "",
                until: Annotated[str, Query(max_length=40)] = "") -> Response:
    """Screening, scores and history in one printable page, optionally for some days only
    (a small form at the top; a bad date shows the form again with one sentence, 400)."""
    values = {"since": since[:40], "until": until[:40]}
    try:
        first, last = parse_window(since, until)
    except ReportWindowError as exc:
        return render(request, "report_empty.html", {
            "title": "Error: Report", "error": page_words(exc), "windowed": True,
            "values": values}, 400)
    try:
        report = require_data(gather(diary, knowledge, person=settings.diary_person,
                                     today=dt.date.today(), care=care, since=first,
                                     until=last))
    except ReportEmpty:
        windowed = first is not None or last is not None
        return render(request, "report_empty.html", {
            "title": "Nothing to report for these days" if windowed else
            "Nothing to report yet", "windowed": windowed, "values": values, "error": None})
    return HTMLResponse(render_html(report, standalone=False))


def page_words(exc: ReportWindowError) -> str:
    """The window error in the words of the page's form ("first day", not "since")."""
    text = str(exc)
    if " is after until " in text:
        return ("The first day comes after the last day; choose a first day on or before "
                "the last one.")
    name = "first day" if exc.field == "since" else "last day"
    return f"The {name}{text[len(exc.field):]}"


@router.get("/report/report.css")
def report_stylesheet() -> Response:
    return Response(stylesheet(), media_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})
