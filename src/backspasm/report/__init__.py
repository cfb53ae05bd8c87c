"""The clinician's report, read from a diary and rendered as HTML, JSON or FHIR.

The content is built by the pure :func:`backspasm.core.report.build_report`; this package only
reads the diary (:func:`gather`) and renders (:mod:`.html`). ``backspasm report``, the page
``/report`` and ``GET /api/v1/report`` all call these functions.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any, Literal

from ..core.report import (
    Report,
    ReportEmpty,
    ReportWindowError,
    build_report,
    parse_window,
    require_data,
)

if TYPE_CHECKING:
    from ..care.models import CareKnowledge
    from ..knowledge.diary import DiaryKnowledge
    from ..knowledge.loader import Knowledge
    from ..store import Diary

Format = Literal["html", "fhir", "json"]
FORMATS: tuple[Format, ...] = ("html", "fhir", "json")

__all__ = ["FORMATS", "Format", "Report", "ReportEmpty", "ReportWindowError", "gather",
           "parse_window", "render", "require_data"]


def gather(
    diary: Diary,
    knowledge: Knowledge,
    *,
    person: str,
    today: dt.date | None = None,
    generated: dt.datetime | None = None,
    diary_knowledge: DiaryKnowledge | None = None,
    care: CareKnowledge | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Report:
    """Read what the diary holds for this person and build the report, limited to the days
    ``since``..``until`` (inclusive) when given. The whole diary is read either way: the
    warnings always come from all of it."""
    from ..knowledge.care import default_care_knowledge
    from ..knowledge.diary import default_diary_knowledge

    return build_report(
        knowledge,
        diary_knowledge or default_diary_knowledge(),
        care or default_care_knowledge(),
        person=person,
        episodes=diary.episodes(),
        checkins=diary.checkins(),
        assessments=diary.assessments(),
        questionnaires=diary.questionnaires(),
        today=today or dt.date.today(),
        generated=generated or dt.datetime.now(dt.UTC).replace(microsecond=0),
        since=since,
        until=until,
    )


def fhir_bundle(report: Report, care: CareKnowledge | None = None,
                bundle_id: uuid.UUID | None = None) -> dict[str, Any]:
    from ..core.fhir import to_fhir
    from ..knowledge.care import default_care_knowledge

    return to_fhir(report, care or default_care_knowledge(), bundle_id=bundle_id or uuid.uuid4())


def render(report: Report, fmt: Format, *, standalone: bool = True) -> str:
    """The report as text in ``fmt``: a whole HTML document, FHIR JSON or the report's JSON."""
    if fmt == "html":
        from .html import render_html

        return render_html(report, standalone=standalone)
    if fmt == "fhir":
        return json.dumps(fhir_bundle(report), indent=2, ensure_ascii=False) + "\n"
    return report.model_dump_json(indent=2) + "\n"
