"""The diary pages: today's check-in, the history, the insights and importing a file.

Thin like the other pages: a form is read into the diary's own models
(:func:`backspasm.core.diary.parse_checkin` / ``parse_episode``), stored with one call to
:class:`backspasm.store.Diary`, and what the core says is shown. A danger sign ticked in a
check-in puts the triage result (computed and stored by ``record_checkin``) first on the page.
No JavaScript; plain ``def`` routes, so the database work runs in the thread pool.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...core.answers import Answers
from ...core.assessment import Assessment
from ...core.diary import CheckIn, DiaryError, parse_checkin, parse_episode
from ...core.diary_file import DiaryFileTooLarge, megabytes, too_large
from ...core.insights import Alert
from ...knowledge.loader import Knowledge
from ...store import Diary
from ..api.diary import plausible_day, read_import
from ..deps import KnowledgeDep, SettingsDep, get_diary
from .routes import redirect, render
from .state import BASICS, State

router = APIRouter()

DiaryDep = Annotated[Diary, Depends(get_diary)]

#: The optional fields of the check-in form: name, label, hint, input attributes.
OPTIONAL = (
    ("function", "What you can do today", "0 = nothing at all, 10 = everything as usual",
     {"min": 0, "max": 10, "step": 1, "inputmode": "numeric"}),
    ("sleep_hours", "Hours of sleep last night", "for example 6.5",
     {"min": 0, "max": 24, "step": 0.5, "inputmode": "decimal"}),
    ("stress", "Stress today", "0 = none, 10 = the most",
     {"min": 0, "max": 10, "step": 1, "inputmode": "numeric"}),
    ("active_minutes", "Minutes of walking or exercise", "for example 30",
     {"min": 0, "max": 1440, "step": 1, "inputmode": "numeric"}),
    ("sitting_hours", "Hours sitting", "for example 8",
     {"min": 0, "max": 24, "step": 0.5, "inputmode": "decimal"}),
)


def _day(value: str) -> dt.date:
    """The form's date, today when empty; ValueError with a plain sentence otherwise."""
    if not value.strip():
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("Please give the date as YYYY-MM-DD, for example "
                         f"{dt.date.today().isoformat()}.") from None
    try:
        plausible_day(day)
    except ValueError as exc:
        raise ValueError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
    return day


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _values(checkin: CheckIn | None) -> dict[str, str]:
    """The form's values for a stored check-in (empty strings for what was not given)."""
    if checkin is None:
        return {}
    out = {k: "" if v is None else str(v) for k, v in checkin.model_dump().items()
           if k not in ("medicines", "red_flags", "day")}
    for key in ("sleep_hours", "sitting_hours"):
        if out.get(key, "").endswith(".0"):
            out[key] = out[key][:-2]
    out["medicines"] = ", ".join(checkin.medicines)
    out["day"] = checkin.day.isoformat()
    return out


def result_link(assessment: Assessment) -> str:
    """The interview's address for the triage's answers: full advice, remaining questions."""
    return answers_query(assessment.answers)


def reassess_links(alerts: list[Alert]) -> list[str]:
    """For each warning, where to run the assessment again (with what the diary knows)."""
    return [f"/interview?{answers_query(a.answers)}" if a.answers is not None else "/about"
            for a in alerts]


def answers_query(answers: Answers) -> str:
    basics = {k: str(getattr(v, "value", v)) for k in BASICS
              if (v := getattr(answers, k)) is not None}
    state = State().with_basics(basics)
    for fid, present in answers.findings.items():
        state = state.with_answer(fid, "y" if present else "n")
    return state.query()


def diary_context(
    request: Request, diary: Diary, knowledge: Knowledge, *, day: dt.date | None = None,
    values: dict[str, str] | None = None, ticked: tuple[str, ...] = (),
) -> dict[str, Any]:
    day = day or dt.date.today()
    existing = diary.checkin_on(day)
    if values is None:
        values = _values(existing)
        ticked = existing.red_flags if existing else ()
    values.setdefault("day", day.isoformat())
    return {
        "title": "Today's check-in",
        "values": values,
        "ticked": set(ticked),
        "existing": existing,
        "red_flags": knowledge.red_flags,
        "optional": OPTIONAL,
        "open_episode": diary.open_episode(),
        "today": dt.date.today(),
        "error": None,
        "saved": None,
        "triage": None,
        "triage_link": None,
        "alerts": [],
        "links": [],
        "episode_error": None,
    }


@router.get("/diary")
def diary_page(request: Request, diary: DiaryDep, knowledge: KnowledgeDep) -> Response:
    """Today's check-in: the pain, a few optional fields, warning signs, save."""
    return render(request, "diary.html", diary_context(request, diary, knowledge))


@router.post("/diary")
def diary_save(
    request: Request, diary: DiaryDep, knowledge: KnowledgeDep,
    day: Annotated[str, Form(max_length=40)] = "",
    pain: Annotated[str, Form(max_length=40)] = "",
    function: Annotated[str, Form(max_length=40)] = "",
    sleep_hours: Annotated[str, Form(max_length=40)] = "",
    stress: Annotated[str, Form(max_length=40)] = "",
    active_minutes: Annotated[str, Form(max_length=40)] = "",
    sitting_hours: Annotated[str, Form(max_length=40)] = "",
    medicines: Annotated[str, Form(max_length=1000)] = "",
    notes: Annotated[str, Form(max_length=4000)] = "",
    red_flags: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save the check-in (replacing that day's earlier one) and show what was saved; a
    ticked danger sign shows the triage result first."""
    given = {"day": day, "pain": pain, "function": function, "sleep_hours": sleep_hours,
             "stress": stress, "active_minutes": active_minutes,
             "sitting_hours": sitting_hours, "medicines": medicines, "notes": notes}
    flags = tuple(red_flags or ())
    error: str | None = None
    checkin: CheckIn | None = None
    the_day = dt.date.today()
    try:
        the_day = _day(day)
    except ValueError as exc:
        error = str(exc)
    if error is None and not pain.strip():
        error = "Please choose how bad the pain is, from 0 (none) to 10 (worst)."
    if error is None:
        raw: dict[str, Any] = {k: v.strip() for k, v in given.items() if v.strip()}
        raw["day"] = the_day
        raw["red_flags"] = list(flags)
        try:
            checkin = parse_checkin(raw, knowledge)
        except DiaryError as exc:
            error = _sentence(str(exc))
    if error is not None or checkin is None:
        context = diary_context(request, diary, knowledge, day=the_day, values=given,
                                ticked=flags)
        context.update(title="Error: Today's check-in", error=error)
        return render(request, "diary.html", context, 400)
    done = diary.record_checkin(checkin, knowledge, replace=True)
    context = diary_context(request, diary, knowledge, day=checkin.day)
    context.update(saved=done, title="Check-in saved")
    context["alerts"] = diary.insights(knowledge, dt.date.today()).alerts
    context["links"] = reassess_links(context["alerts"])
    if done.assessment is not None:
        context["triage"] = done.assessment
        context["triage_link"] = result_link(done.assessment)
        context["title"] = done.assessment.label
    return render(request, "diary.html", context)


@router.post("/diary/episode")
def episode_start(
    request: Request, diary: DiaryDep, knowledge: KnowledgeDep,
    started: Annotated[str, Form(max_length=40)] = "",
    worst_pain: Annotated[str, Form(max_length=40)] = "",
    location: Annotated[str, Form(max_length=40)] = "lower",
    triggers: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Start an episode (the back has locked up); then back to the check-in."""
    try:
        day = _day(started)
        if not worst_pain.strip():
            raise ValueError("Please give the worst pain of this episode, from 0 to 10.")
        episode = parse_episode({"started": day, "worst_pain": worst_pain.strip(),
                                 "location": location or "lower", "triggers": triggers})
    except (ValueError, DiaryError) as exc:
        context = diary_context(request, diary, knowledge)
        context.update(title="Error: Today's check-in",
                       episode_error=_sentence(str(exc)))
        return render(request, "diary.html", context, 400)
    diary.add_episode(episode)  # a clash (DiaryError) is a 409 page
    return redirect("/diary")


@router.post("/diary/episode/end")
def episode_end(diary: DiaryDep) -> Response:
    """End the open episode today."""
    diary.end_episode(dt.date.today())
    return redirect("/diary")


@router.get("/diary/history")
def history_page(request: Request, diary: DiaryDep, knowledge: KnowledgeDep) -> Response:
    """Every check-in (newest first) and every episode, in tables."""
    return render(request, "diary_history.html", {
        "title": "Diary history",
        "checkins": list(reversed(diary.checkins())),
        "episodes": list(reversed(diary.episodes())),
        "findings": knowledge.findings,
    })


@router.get("/diary/insights")
def insights_page(request: Request, diary: DiaryDep, knowledge: KnowledgeDep) -> Response:
    """Warnings first, then the course against the typical one, the chart, the triggers."""
    found = diary.insights(knowledge, dt.date.today())
    return render(request, "diary_insights.html", {
        "title": "What your diary shows",
        "i": found,
        "links": reassess_links(found.alerts),
        "chart": diary.chart(),
        "cited": [knowledge.sources[s] for s in found.sources if s in knowledge.sources],
    })


#: Room for the multipart envelope around the file, when judging a request by its length.
_ENVELOPE = 64_000
_FILE = "the file"


def _import_context(limit: int, error: str | None = None) -> dict[str, Any]:
    return {"title": "Error: Import a diary file" if error else "Import a diary file",
            "error": error, "report": None, "limit": megabytes(limit)}


@router.get("/diary/import")
def import_page(request: Request, settings: SettingsDep) -> Response:
    """A form to upload a diary file made by an export (JSON or CSV)."""
    return render(request, "diary_import.html", _import_context(settings.max_import_bytes))


@router.post("/diary/import")
async def import_upload(request: Request, diary: DiaryDep, knowledge: KnowledgeDep,
                        settings: SettingsDep) -> Response:
    """Check the uploaded file in full, then add all of it or none; show what was added.

    A bad file shows the form again with one sentence naming the problem (400; 413 when too
    large; 409 when a record clashes with a different one already stored; 403 when posted
    from another site); nothing is stored.
    """
    limit = settings.max_import_bytes
    if cross_site(request):
        return _import_error(request, limit, 403, "This upload was sent from another website, "
                             "so it was refused; choose the file on this page instead.")
    try:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit + _ENVELOPE:
            raise too_large(_FILE, limit)  # refused before reading the upload
        async with request.form(max_files=1, max_fields=5) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not (upload.filename or upload.size):
                return _import_error(request, limit, 400,
                                     "Please choose a diary file (.json or .csv) to import.")
            data = await upload.read(limit + 1)
            filename = upload.filename or ""
        source = f"the file {filename[:80]}" if filename else _FILE
        bundle = await run_in_threadpool(read_import, data, knowledge, filename=filename,
                                         source=source, limit=limit)
    except DiaryFileTooLarge as exc:
        return _import_error(request, limit, 413, str(exc))
    except DiaryError as exc:
        return _import_error(request, limit, 400, str(exc))
    try:
        report = await run_in_threadpool(diary.import_bundle, bundle)
    except DiaryError as exc:  # a record clashes with a different one stored; none was added
        return _import_error(request, limit, 409, str(exc))
    context = _import_context(limit)
    context.update(title="Diary imported", report=report)
    return render(request, "diary_import.html", context)


def cross_site(request: Request) -> bool:
    """True when the browser says the form was posted from another site.

    A multipart form needs no CORS preflight, so any web page could post a file here and
    fill the diary; browsers say where a request came from (``Sec-Fetch-Site``, else
    ``Origin``). A request that says neither (curl, tests) is not refused.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False
    host = request.headers.get("host", "")
    return origin == "null" or origin.split("://", 1)[-1] != host


def _import_error(request: Request, limit: int, status: int, message: str) -> Response:
    context = _import_context(limit, _sentence(_page_words(message)))
    return render(request, "diary_import.html", context, status)


def _page_words(message: str) -> str:
    return message.replace("(see `backspasm knowledge findings`)",
                           '(see the list under "What it knows")')
