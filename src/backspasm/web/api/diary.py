"""``/api/v1/diary``: check-ins, episodes, insights, the chart, the export and the import.

Thin: each handler validates the request (the shapes below reuse the diary's own models, so
a bad field is named by the usual validation problem), calls one method of
:class:`backspasm.store.Diary` and returns what it gives. The clinical decisions (the triage
of a ticked danger sign, the course, the warnings, the triggers) are the core's.

Handlers are plain ``def``: the database is blocking I/O, so FastAPI runs them in its thread
pool. A write that clashes with the diary (:class:`~backspasm.core.diary.DiaryError`) is a
409 problem, an unusable database (:class:`~backspasm.store.StoreError`) a 503 problem; see
:mod:`backspasm.web.problems`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...care import CareInputError
from ...care.instruments import AnyScore, parse_score
from ...core.assessment import Assessment
from ...core.diary import (
    AssessmentRecord,
    Bundle,
    CheckIn,
    DiaryError,
    Episode,
    QuestionnaireRecord,
    parse_checkin,
    parse_episode,
)
from ...core.diary_file import DiaryFileTooLarge, Format, read_bundle_bytes, too_large
from ...core.insights import Insights
from ...knowledge.loader import Knowledge
from ...store import Diary, ImportReport
from ..deps import CareDep, KnowledgeDep, SettingsDep, get_diary
from ..problems import INVALID_ANSWERS, MEDIA_TYPE, PROBLEM_RESPONSES, Problem, ProblemError
from .bodies import documented_body, is_json, read_capped
from .care import Questionnaire

router = APIRouter(prefix="/diary", tags=["diary"])

DiaryDep = Annotated[Diary, Depends(get_diary)]

#: The diary's own errors, documented on every diary operation.
DIARY_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {"model": Problem, "description": "The diary database cannot be used.",
          "content": {MEDIA_TYPE: {}}},
}
QUERY_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: PROBLEM_RESPONSES[422], **DIARY_RESPONSES,
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    409: {"model": Problem, "description": "The write clashes with the diary; nothing changed.",
          "content": {MEDIA_TYPE: {}}},
    **DIARY_RESPONSES,
}


#: The earliest day a diary entry may name; a later bound is tomorrow (time zones differ).
EARLIEST = dt.date(1900, 1, 1)


def plausible_day(day: dt.date | None) -> dt.date | None:
    """A diary day is not in the future (tomorrow allowed, for time zones) nor before 1900."""
    if day is None:
        return None
    if day > dt.date.today() + dt.timedelta(days=1):
        raise ValueError("a diary entry cannot be dated in the future")
    if day < EARLIEST:
        raise ValueError("a diary entry cannot be dated before 1900")
    return day


class CheckInRequest(CheckIn):
    """A check-in: only ``pain`` is required; ``day`` defaults to today (the server's date).

    ``red_flags`` lists finding ids of danger signs noticed (see
    ``/api/v1/knowledge/findings``); ticking one runs the triage at once.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={
        "examples": [{"pain": 6, "function": 4, "sleep_hours": 5.5, "stress": 6,
                      "medicines": ["ibuprofen"], "notes": "stiff after the drive"}]})

    day: dt.date | None = None  # type: ignore[assignment]
    replace: bool = Field(default=False,
                          description="Overwrite a different check-in already stored for the day.")

    _day = field_validator("day")(plausible_day)


class CheckInResult(BaseModel):
    """What was stored. ``triage`` comes first: when a danger sign was ticked it is the
    assessment to show before anything else (it is stored in the diary too)."""

    triage: Assessment | None = Field(
        description="The triage of the ticked danger signs, or null when none was ticked.")
    outcome: Literal["added", "replaced", "unchanged"]
    checkin: CheckIn


class EpisodeRequest(Episode):
    """An episode: when it started, and optionally when it ended, where, how bad at worst,
    suspected triggers and what helped."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={
        "examples": [{"started": "2026-03-02", "worst_pain": 8, "location": "lower",
                      "triggers": ["lifting"], "helped": ["walking"]}]})

    replace: bool = Field(default=False,
                          description="Overwrite a different episode with the same start.")

    _days = field_validator("started", "ended")(plausible_day)

    @field_validator("ended")
    @classmethod
    def _after_start(cls, ended: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """Checked here too (Episode checks it for the whole model) to name the field."""
        started = info.data.get("started")
        if ended is not None and started is not None and ended < started:
            raise ValueError("the end date is before the start date")
        return ended


class EpisodeResult(BaseModel):
    outcome: Literal["added", "replaced", "unchanged"]
    episode: Episode


class EndEpisodeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: dt.date | None = Field(default=None,
                                description="The last day of the episode; default today.")

    _day = field_validator("day")(plausible_day)


class DiaryExport(BaseModel):
    """Everything in the diary, in the format ``backspasm import`` reads."""

    format: Literal["backspasm-diary"]
    version: int
    exported: dt.datetime
    episodes: list[Episode]
    checkins: list[CheckIn]
    assessments: list[AssessmentRecord]
    questionnaires: list[QuestionnaireRecord]


def _invalid(message: str, field: str | None) -> ProblemError:
    text = message[:1].upper() + message[1:]
    return ProblemError(422, "Invalid diary entry", text, field=field)


def _flag_field(flags: tuple[str, ...], knowledge: Knowledge) -> str:
    """The index of the first listed sign the knowledge does not know as a danger sign."""
    for i, flag in enumerate(flags):
        finding = knowledge.findings.get(flag)
        if finding is None or not finding.red_flag:
            return f"red_flags[{i}]"
    return "red_flags"


def to_checkin(raw: dict[str, Any], knowledge: Knowledge) -> CheckIn:
    """A validated check-in from form or JSON values, or a 422 problem naming the field."""
    try:
        return parse_checkin(raw, knowledge)
    except DiaryError as exc:
        flags = raw.get("red_flags") or ()
        field = _flag_field(tuple(flags), knowledge) if "danger sign" in str(exc) else None
        raise _invalid(str(exc), field) from None


@router.post("/checkins", status_code=201, response_model=CheckInResult,
             responses={200: {"model": CheckInResult,
                              "description": "The same check-in was already stored, or it "
                                             "replaced a different one."},
                        **WRITE_RESPONSES})
def post_checkin(body: CheckInRequest, diary: DiaryDep, knowledge: KnowledgeDep,
                 response: Response) -> CheckInResult:
    """Record a day's check-in. A ticked danger sign puts the triage result first."""
    raw = body.model_dump(exclude={"replace"})
    raw["day"] = body.day or dt.date.today()
    done = diary.record_checkin(to_checkin(raw, knowledge), knowledge, replace=body.replace)
    if done.outcome != "added":
        response.status_code = 200
    return CheckInResult(triage=done.assessment, outcome=done.outcome, checkin=done.checkin)


@router.get("/checkins", response_model=list[CheckIn], responses=QUERY_RESPONSES)
def get_checkins(
    diary: DiaryDep,
    since: Annotated[dt.date | None, Query(description="First day (inclusive).")] = None,
    until: Annotated[dt.date | None, Query(description="Last day (inclusive).")] = None,
) -> list[CheckIn]:
    """The check-ins, oldest first, optionally between two days."""
    return diary.checkins(since, until)


@router.get("/episodes", response_model=list[Episode], responses=DIARY_RESPONSES)
def get_episodes(diary: DiaryDep) -> list[Episode]:
    """The episodes, oldest first."""
    return diary.episodes()


@router.post("/episodes", status_code=201, response_model=EpisodeResult,
             responses={200: {"model": EpisodeResult,
                              "description": "Already stored, or replaced."},
                        **WRITE_RESPONSES})
def post_episode(body: EpisodeRequest, diary: DiaryDep, response: Response) -> EpisodeResult:
    """Record an episode (a spell of back pain); it may not overlap another one."""
    try:
        episode = parse_episode(body.model_dump(exclude={"replace"}))
    except DiaryError as exc:
        # the one check Episode makes across fields: the end before the start
        raise _invalid(str(exc), "ended" if "end date" in str(exc) else None) from None
    outcome = diary.add_episode(episode, replace=body.replace)
    if outcome != "added":
        response.status_code = 200
    return EpisodeResult(outcome=outcome, episode=episode)


@router.post("/episodes/end", response_model=Episode, responses=WRITE_RESPONSES)
def end_episode(body: EndEpisodeRequest, diary: DiaryDep) -> Episode:
    """End the open episode on ``day`` (default today)."""
    return diary.end_episode(body.day or dt.date.today())


@router.get("/insights", response_model=Insights, responses=DIARY_RESPONSES)
def get_insights(diary: DiaryDep, knowledge: KnowledgeDep) -> Insights:
    """The course of the latest episode against the typical one, warnings (most urgent
    first, each with the disposition it calls for) and possible triggers."""
    return diary.insights(knowledge, dt.date.today())


@router.get("/chart.svg", response_class=Response,
            responses={200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}},
                             "description": "An SVG chart of pain and function."},
                       **QUERY_RESPONSES})
def get_chart(
    diary: DiaryDep,
    since: Annotated[dt.date | None, Query(description="First day shown.")] = None,
) -> Response:
    """Pain and function over time, episodes shaded, the typical course dotted."""
    return Response(diary.chart(since=since), media_type="image/svg+xml")


@router.get("/export", response_model=DiaryExport, responses=DIARY_RESPONSES)
def get_export(diary: DiaryDep, response: Response) -> dict[str, Any]:
    """The whole diary as JSON (what ``backspasm import`` reads back)."""
    response.headers["Content-Disposition"] = 'attachment; filename="backspasm-diary.json"'
    return diary.export()


# -- import ----------------------------------------------------------------------------------

class DiaryImport(BaseModel):
    """A diary to import: what ``GET /api/v1/diary/export`` returns. Every section is
    optional; ``format``, ``version`` and ``exported`` are accepted and checked when given."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"format": "backspasm-diary", "version": 1,
                      "episodes": [{"started": "2026-03-02", "ended": "2026-03-09",
                                    "worst_pain": 8, "triggers": ["lifting"]}],
                      "checkins": [{"day": "2026-03-03", "pain": 6, "function": 4}]}]})

    format: Literal["backspasm-diary"] = "backspasm-diary"
    version: int | None = None
    exported: dt.datetime | None = None
    person: str | None = None
    episodes: list[Episode] = []
    checkins: list[CheckIn] = []
    assessments: list[AssessmentRecord] = []
    questionnaires: list[QuestionnaireRecord] = []


class ImportCount(BaseModel):
    added: int = Field(description="Records stored by this import.")
    already_there: int = Field(description="Records equal to ones already in the diary, "
                                           "left as they were.")


class ImportResult(BaseModel):
    """What an import stored. It is all or nothing: a problem anywhere in the file (or a
    record that clashes with a different one already stored) stores none of it."""

    episodes: ImportCount
    checkins: ImportCount
    assessments: ImportCount
    questionnaires: ImportCount
    summary: list[str] = Field(description="The same counts in words, one line per kind.")

    @classmethod
    def of(cls, report: ImportReport) -> ImportResult:
        def count(kind: str) -> ImportCount:
            return ImportCount(added=getattr(report, f"{kind}_added"),
                               already_there=getattr(report, f"{kind}_duplicate"))

        return cls(episodes=count("episodes"), checkins=count("checkins"),
                   assessments=count("assessments"), questionnaires=count("questionnaires"),
                   summary=report.lines())


def read_import(data: bytes, knowledge: Knowledge, *, filename: str = "",
                fmt: Format | None = None, source: str, limit: int) -> Bundle:
    """The checked bundle in an uploaded file or a request body (the same steps as
    ``backspasm import``); :class:`DiaryError` with one sentence when it cannot be used."""
    return read_bundle_bytes(data, knowledge, filename=filename, fmt=fmt, source=source,
                             limit=limit)


IMPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WRITE_RESPONSES,
    409: {"model": Problem, "description": "A record clashes with a different one already "
                                           "stored; nothing was imported.",
          "content": {MEDIA_TYPE: {}}},
    413: {"model": Problem, "description": "The body is larger than the import limit "
                                           "(5 MB unless the server says otherwise).",
          "content": {MEDIA_TYPE: {}}},
    415: {"model": Problem, "description": "The body is not sent as JSON.",
          "content": {MEDIA_TYPE: {}}},
    422: {"model": Problem, "description": "The body is not a diary export (the detail names "
                                           "the entry and field); nothing was imported.",
          "content": {MEDIA_TYPE: {}}},
}

_BODY = "the request body"


@router.post("/import", response_model=ImportResult, responses=IMPORT_RESPONSES,
             openapi_extra=documented_body(DiaryImport))
async def post_import(request: Request, diary: DiaryDep, knowledge: KnowledgeDep,
                      settings: SettingsDep) -> ImportResult:
    """Import a diary export (JSON): checked in full first, then all of it is added or none.

    Records equal to ones already stored are counted and skipped, so sending the same
    export twice adds nothing the second time.
    """
    if not is_json(request.headers.get("content-type", "")):
        raise ProblemError(415, "Unsupported Media Type",
                           "The diary to import must be sent as JSON (application/json).")
    limit = settings.max_import_bytes
    try:
        data = await read_capped(request, limit, lambda: too_large(_BODY, limit))
        bundle = await run_in_threadpool(read_import, data, knowledge, fmt="json",
                                         source=_BODY, limit=limit)
    except DiaryFileTooLarge as exc:
        raise ProblemError(413, "Too large", _capital(str(exc))) from None
    except DiaryError as exc:
        raise ProblemError(422, "Invalid diary import",
                           _capital(f"{str(exc).removesuffix('.')}; nothing was imported."))\
            from None
    # a clash with what is stored is a DiaryError too: the app's 409 problem
    report = await run_in_threadpool(diary.import_bundle, bundle)
    return ImportResult.of(report)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- questionnaire scores ----------------------------------------------------------------------

class SavedScore(BaseModel):
    """A questionnaire score kept in the diary, as it was worked out and shown."""

    id: int = Field(description="The stored score's number in this diary.")
    score: AnyScore


@router.post("/scores/{questionnaire}", status_code=201, response_model=SavedScore,
             responses={415: {"model": Problem, "description": "The body is not JSON.",
                              "content": {MEDIA_TYPE: {}}}, **WRITE_RESPONSES})
async def post_score(
    questionnaire: Questionnaire, request: Request, diary: DiaryDep, knowledge: KnowledgeDep,
    care: CareDep,
    body: Annotated[Any, Body(
        description=('The answers, as for POST /api/v1/scores/{questionnaire}: {"items": '
                     '[...]} (startback, rmdq), {"sections": [...]} (odi) or {"score": 6} '
                     '(pain); "previous" judges the change.'),
        examples=[{"score": 6}])],
) -> SavedScore:
    """Score a questionnaire with its authors' rules and keep the score in the diary (what
    ``backspasm score --save`` does); it then appears in the report. Bad answers are a 422
    problem and nothing is stored."""
    if not is_json(request.headers.get("content-type", "")):
        raise ProblemError(415, "Unsupported Media Type",
                           "The answers must be sent as JSON (application/json).")
    try:
        result = parse_score(questionnaire.value, body, care)
    except CareInputError as exc:
        raise ProblemError(422, "Invalid questionnaire answers", str(exc),
                           type=INVALID_ANSWERS) from None
    saved = await run_in_threadpool(diary.save_score, result, knowledge.version)
    return SavedScore(id=saved, score=result)
