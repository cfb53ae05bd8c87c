"""``GET /api/v1/report``: the clinician's report of the diary, as JSON or a FHIR R4 Bundle.

Thin: the report is built by :func:`backspasm.report.gather` (the pure
:func:`backspasm.core.report.build_report` over what the diary holds). A diary with nothing
in it is a 404 problem document saying so.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from starlette.responses import Response

from ...core.report import Report, ReportEmpty, ReportWindowError, parse_window
from ...report import fhir_bundle, gather, require_data
from ..deps import CareDep, KnowledgeDep, SettingsDep
from ..problems import MEDIA_TYPE, PROBLEM_RESPONSES, Problem, ProblemError
from .diary import DIARY_RESPONSES, DiaryDep

router = APIRouter(tags=["report"])

REPORT_EMPTY = "urn:backspasm:problem:report-empty"
INVALID_WINDOW = "urn:backspasm:problem:invalid-report-window"
FHIR_MEDIA_TYPE = "application/fhir+json"

RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The report (format=json) or a FHIR R4 Bundle of type collection "
                         "(format=fhir, served as application/fhir+json).",
          "content": {FHIR_MEDIA_TYPE: {"schema": {"type": "object"}}}},
    404: {"model": Problem, "description": "The diary holds nothing to report yet.",
          "content": {MEDIA_TYPE: {}}},
    422: PROBLEM_RESPONSES[422],
    **DIARY_RESPONSES,
}


@router.get("/report", response_model=Report, responses=RESPONSES)
def get_report(
    diary: DiaryDep, knowledge: KnowledgeDep, care: CareDep, settings: SettingsDep,
    format: Annotated[Literal["json", "fhir"], Query(
        description="json: the report's own JSON; fhir: a FHIR R4 Bundle (collection).")] = "json",
    since: Annotated[str | None, Query(
        max_length=40, json_schema_extra={"format": "date"},
        description="First day covered, YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, Query(
        max_length=40, json_schema_extra={"format": "date"},
        description="Last day covered, YYYY-MM-DD (inclusive).")] = None,
) -> Any:
    """Screening, scores and history of the diary's person in one document.

    With ``since``/``until``: the episodes that overlap those days, and the check-ins,
    assessments and scores inside them; the warnings still come from the whole diary. A date
    that is not YYYY-MM-DD, or ``since`` after ``until``, is a 422 problem naming it."""
    try:
        first, last = parse_window(since, until)
    except ReportWindowError as exc:
        raise ProblemError(422, "Invalid report window", f"The parameter {exc}",
                           type=INVALID_WINDOW, field=exc.field) from None
    try:
        report = require_data(gather(diary, knowledge, person=settings.diary_person,
                                     today=dt.date.today(), care=care, since=first,
                                     until=last))
    except ReportEmpty as exc:
        raise ProblemError(404, "Nothing to report", f"{str(exc)[:1].upper()}{str(exc)[1:]}",
                           type=REPORT_EMPTY) from None
    if format == "fhir":
        response: Response = JSONResponse(fhir_bundle(report, care),
                                          media_type=FHIR_MEDIA_TYPE)
        return response
    return report
