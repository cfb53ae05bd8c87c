"""The report page, ``/report``: the same printable document as ``backspasm report``.

The page is the report's own HTML document (not the site layout), linking its stylesheet
at ``/report/report.css`` because the site's Content-Security-Policy forbids inline styles.
An empty diary gets a short page in the site layout that says so and points to the diary.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from ...core.report import ReportEmpty
from ...report import gather, require_data
from ...report.html import render_html, stylesheet
from ..deps import CareDep, KnowledgeDep, SettingsDep
from .diary import DiaryDep
from .routes import render

router = APIRouter()


@router.get("/report")
def report_page(request: Request, diary: DiaryDep, knowledge: KnowledgeDep, care: CareDep,
                settings: SettingsDep) -> Response:
    """Screening, scores and history in one printable page."""
    try:
        report = require_data(gather(diary, knowledge, person=settings.diary_person,
                                     today=dt.date.today(), care=care))
    except ReportEmpty:
        return render(request, "report_empty.html", {"title": "Nothing to report yet"})
    return HTMLResponse(render_html(report, standalone=False))


@router.get("/report/report.css")
def report_stylesheet() -> Response:
    return Response(stylesheet(), media_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})
