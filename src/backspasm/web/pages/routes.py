"""Page routes. Each reads the state from the address, calls the core, renders a template."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...care.plan import build_plan
from ...core.answers import Answers, AnswersError, parse_answers
from ...core.assessment import DISCLAIMER, assess
from ...core.interview import next_to_ask
from ...knowledge.loader import Knowledge
from ...knowledge.models import Finding
from ..deps import KnowledgeDep, SettingsDep
from ..intake import NOT_INSTALLED, load_intake
from .errors import html_error
from .state import BASICS, CHOICES, State, StateError

router = APIRouter()

EMERGENCY_NOTE = (
    "If you think this is an emergency, stop and call emergency services now "
    "(999 in the UK, 112 in Europe, 911 in North America)."
)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(
        request, name, {"disclaimer": DISCLAIMER, "emergency_note": EMERGENCY_NOTE, **context},
        status_code=status,
    )
    return response


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


#: What a person reads when a basic answer is not usable (the core's messages name fields).
BASIC_ERRORS = {
    "age": "Please give your age as a whole number of years, from 0 to 120.",
    "sex": "Please choose female, male or other, or leave it unanswered.",
    "location": "Please choose lower, middle or upper back, or leave it unanswered.",
    "duration_days": "Please give the number of days since it started, such as 0, 2 or 14.",
    "pain_score": "Please give the pain as a whole number from 0 (none) to 10 (worst).",
}


def basics_errors(state: State, knowledge: Knowledge) -> dict[str, str]:
    """Check each basic answer on its own, so an error sits next to its field."""
    errors: dict[str, str] = {}
    for key, value in state.basics:
        try:
            parse_answers({key: value}, knowledge)
        except AnswersError as exc:
            errors[key] = BASIC_ERRORS.get(key, str(exc))
    return errors


def read_state(request: Request, knowledge: Knowledge) -> tuple[State, Answers] | Response:
    """The state and validated answers from the address, or an error page."""
    try:
        state = State.from_params(request.query_params)
    except StateError as exc:
        return html_error(request, 400, str(exc), back="/")
    errors = basics_errors(state, knowledge)
    if errors:
        return render(request, "about.html", about_context(state, knowledge, errors), 400)
    try:
        answers = parse_answers(state.raw_answers(), knowledge)
    except AnswersError as exc:
        return html_error(request, 400, str(exc), back="/")
    return state, answers


def about_context(
    state: State, knowledge: Knowledge, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    understood = [
        (knowledge.findings[fid], value)
        for fid, value in state.steps
        if fid in knowledge.findings and fid in state.described
    ]
    return {
        "title": "Error: About you" if errors else "About you",
        "state": state,
        "values": dict(state.basics),
        "errors": errors or {},
        "understood": understood,
        "step_fields": [p for p in state.pairs() if p[0] in ("f", "d")],
    }


@router.get("/")
def start(request: Request) -> Response:
    """The start page: describe what is happening, or go straight to the questions."""
    return render(request, "start.html", {
        "title": "What is happening with your back?",
        "intake_available": load_intake() is not None,
        "not_installed": NOT_INSTALLED,
        "text": "",
        "error": None,
    })


@router.get("/describe")
def describe_again() -> Response:
    """A reload or bookmark of the describe step goes back to the start page."""
    return redirect("/")


@router.post("/describe")
def describe(
    request: Request, knowledge: KnowledgeDep, settings: SettingsDep,
    text: Annotated[str, Form()] = "",
) -> Response:
    """Read the description with the free-text intake, then continue with the questions."""
    intake = load_intake()
    if intake is None:
        return redirect("/about")
    text = text.strip()
    error = None
    if not text:
        error = "Please write a few words about what is happening, or start the questions."
    elif len(text) > settings.max_text_chars:
        error = (f"The description is {len(text)} characters long; please keep it under "
                 f"{settings.max_text_chars}.")
    if error:
        return render(request, "start.html", {
            "title": "What is happening with your back?", "intake_available": True,
            "not_installed": NOT_INSTALLED, "text": text[: settings.max_text_chars],
            "error": error,
        }, 400)
    try:
        extraction = intake.extract(text, knowledge)
    except ImportError:
        # The intake is there but its language libraries are not (spaCy loads lazily).
        return render(request, "start.html", {
            "title": "What is happening with your back?", "intake_available": False,
            "not_installed": NOT_INSTALLED, "text": "", "error": None,
        }, 200)
    if not getattr(extraction, "readable", True):
        return render(request, "start.html", {
            "title": "What is happening with your back?", "intake_available": True,
            "not_installed": NOT_INSTALLED, "text": text[: settings.max_text_chars],
            "error": extraction.message or "That description could not be read.",
        }, 400)
    if extraction.out_of_scope:
        return render(request, "out_of_scope.html", {
            "title": "This may not be a back problem", "message": extraction.message,
        })
    answers = extraction.answers
    basics = {k: getattr(answers, k) for k in BASICS if getattr(answers, k) is not None}
    state = State().with_basics({k: str(getattr(v, "value", v)) for k, v in basics.items()})
    for fid, value in answers.findings.items():
        state = state.with_described(fid, "y" if value else "n")
    for fid in answers.unsure:
        # "maybe" in the description: counts as a yes until it is asked
        state = state.with_described(fid, "m")
    if next_to_ask(knowledge, answers, pending=answers.unsure) is None:
        # Nothing left to ask (an emergency sign ends the interview): the advice comes first.
        return redirect(f"/result?{state.query()}")
    return redirect(f"/about?{state.query(from_text=1)}")


@router.get("/about")
def about(request: Request, knowledge: KnowledgeDep) -> Response:
    """Age, sex, where the pain is, how long and how bad: every field optional."""
    try:
        state = State.from_params(request.query_params)
    except StateError as exc:
        return html_error(request, 400, str(exc), back="/")
    context = about_context(state, knowledge)
    context["from_text"] = request.query_params.get("from_text") == "1"
    return render(request, "about.html", context)


@router.get("/interview")
def interview(request: Request, knowledge: KnowledgeDep) -> Response:
    """One question per screen, warning signs first. Answers live in the address."""
    read = read_state(request, knowledge)
    if isinstance(read, Response):
        return read
    state, answers = read
    params = request.query_params
    at_raw = params.get("at")
    at: int | None = None
    if at_raw is not None:
        if not re.fullmatch(r"[0-9]{1,4}", at_raw) or int(at_raw) >= len(state.steps):
            return html_error(request, 400, "The address points at a question that was not asked.",
                              back=f"/interview?{state.query()}")
        at = int(at_raw)

    q, a = params.get("q"), params.get("a")
    if q is not None or a is not None:
        if q not in knowledge.findings or a not in CHOICES:
            return html_error(request, 400, "That answer was not understood; please try again.",
                              back=f"/interview?{state.query()}")
        assert q is not None and a is not None
        state = state.with_answer(q, a) if at is not None else state.with_asked(q, a)
        one = params.get("one") == "1"  # changing one answer from the result page
        if at is not None and at + 1 < len(state.steps) and not one:
            # Reviewing earlier answers: go on to the next one, unless the interview is
            # over now (an emergency sign ends it), in which case the advice comes first.
            changed = parse_answers(state.raw_answers(), knowledge)
            if next_to_ask(knowledge, changed, pending=state.pending()) is not None:
                return redirect(f"/interview?{state.query(at=at + 1)}")
        return redirect(f"/interview?{state.query()}")

    finding: Finding
    number: int | None
    if at is not None:
        finding = knowledge.findings.get(state.steps[at][0])  # type: ignore[assignment]
        if finding is None:
            return html_error(request, 400, "The address points at an unknown question.", back="/")
        number, why, previous = state.number_of(at), "review", at - 1
    else:
        question = next_to_ask(knowledge, answers, pending=state.pending())
        if question is None:
            return redirect(f"/result?{state.query()}")
        finding, number, why = question.finding, state.next_number(), question.why
        # (a "maybe" from the description being asked now is itself among the steps)
        previous = max((i for i, (f, _) in enumerate(state.steps) if f != finding.id), default=-1)

    # Back goes to the previous answer (also one read from the description), else "About you".
    back = f"/interview?{state.query(at=previous)}" if previous >= 0 else f"/about?{state.query()}"
    return render(request, "question.html", {
        "title": finding.question,
        "finding": finding,
        "why": why,
        "number": number,
        "at": at,
        "current": state.answer_of(finding.id),
        "one": at is not None and params.get("one") == "1",
        "state": state,
        "back": back,
        "result_url": f"/result?{state.query()}",
    })


@router.get("/result")
def result(request: Request, knowledge: KnowledgeDep) -> Response:
    """The disposition and its action first, then why, likely causes, safety net."""
    read = read_state(request, knowledge)
    if isinstance(read, Response):
        return read
    state, answers = read
    assessment = assess(knowledge, answers)
    care = request.app.state.care
    plan = build_plan(knowledge, care, state.raw_answers()) if care is not None else None
    if state.steps:
        change = f"/interview?{state.query(at=len(state.steps) - 1)}"
    else:
        change = f"/about?{state.query()}"
    unsure = [
        (knowledge.findings[fid], f"/interview?{state.query(at=state.index_of(fid), one=1)}")
        for fid in answers.unsure if fid in knowledge.findings
    ]
    doubtful = set(answers.unsure)
    # "You said yes to" only what the person was sure of; the rest is named "not sure".
    said = {
        r.rule: (
            [findings_label(knowledge, f) for f in r.findings if f not in doubtful],
            [findings_label(knowledge, f) for f in r.findings if f in doubtful],
        )
        for r in assessment.reasons
    }
    reason_texts = {r.text for r in assessment.reasons}
    now = [t for t in assessment.what_to_do_now[1:] if t not in reason_texts]
    cited = sorted(
        {s for r in assessment.reasons for s in r.sources}
        | {s for c in assessment.conditions for s in c.sources}
        | set(knowledge.dispositions[assessment.disposition].sources)
    )
    return render(request, "result.html", {
        "title": assessment.label,
        "a": assessment,
        "now": now,
        "change": change,
        "answer_remaining": f"/interview?{state.query()}" if next_to_ask(
            knowledge, answers, pending=state.pending()) is not None else None,
        "unsure": unsure,
        "said": said,
        "answer_basics": f"/about?{state.query()}" if any(
            q.finding in BASICS for q in assessment.would_change_advice) else None,
        "cited": [knowledge.sources[s] for s in cited if s in knowledge.sources],
        "findings": knowledge.findings,
        "plan": plan if plan is not None and plan.self_care else None,
        "exercises": care.exercises if care is not None else {},
    })


def findings_label(knowledge: Knowledge, finding_id: str) -> str:
    finding = knowledge.findings.get(finding_id)
    return finding.label if finding is not None else finding_id


@router.get("/sources")
def sources(request: Request, knowledge: KnowledgeDep) -> Response:
    """The full bibliography and the disclaimer."""
    items = sorted(knowledge.sources.values(), key=lambda s: (s.authors.lower(), s.year))
    return render(request, "sources.html", {"title": "Sources", "sources": items})


@router.get("/ask")
def ask_page(request: Request, knowledge: KnowledgeDep, q: str | None = None) -> Response:
    """A question in plain words; danger signs in it put the triage result first."""
    from ..asking import AskUnavailable, answer

    question = " ".join((q or "").split())
    context: dict[str, Any] = {"title": "Ask a question", "question": question, "r": None,
                               "error": None, "unavailable": None}
    if q is None:
        return render(request, "ask.html", context)
    if not question:
        context["error"] = "Please type a question, for example: how long does a spasm last?"
        return render(request, "ask.html", context, 400)
    if len(question) > 1000:
        context["error"] = "Please keep the question under 1000 characters."
        context["question"] = question[:1000]
        return render(request, "ask.html", context, 400)
    try:
        result = answer(question, knowledge)
    except AskUnavailable as exc:
        context["unavailable"] = str(exc)
        return render(request, "ask.html", context)
    context["r"] = result
    if result.triage is not None:
        context["title"] = result.triage.label
    return render(request, "ask.html", context)


@router.get("/questionnaires")
def questionnaires_page(request: Request) -> Response:
    care = request.app.state.care
    return render(request, "questionnaires.html", {
        "title": "Questionnaires", "instruments": list(care.instruments.values()),
    })


@router.get("/questionnaires/{questionnaire}")
def questionnaire_page(request: Request, questionnaire: str, knowledge: KnowledgeDep) -> Response:
    """One questionnaire: the form, and its score with the authors' rules once submitted
    (with a button that saves it in the diary, :mod:`.scores`)."""
    care = request.app.state.care
    ins = care.instruments.get(questionnaire)
    if ins is None:
        return html_error(request, 404, "There is no such questionnaire.", back="/questionnaires")
    params = request.query_params
    context = questionnaire_context(ins, params, knowledge)
    if params.get("submitted") != "1":
        return render(request, "questionnaire.html", context)
    result, error = score_form(ins, params, care)
    context.update(result=result, error=error)
    return render(request, "questionnaire.html", context, 400 if error else 200)


#: The form fields a questionnaire page reads (and the save button posts back).
FIELDS = (*(f"i{n}" for n in range(1, 10)), "score", "previous")


def questionnaire_context(ins: Any, params: Any, knowledge: Knowledge) -> dict[str, Any]:
    values = {k: str(v)[:40] for k, v in params.items() if k in FIELDS or k == "submitted"}
    return {"title": ins.name, "ins": ins, "values": values, "result": None, "error": None,
            "saved": None, "sources": knowledge.sources,
            "answers": {k: v for k, v in values.items() if k in FIELDS and v}}


def score_form(ins: Any, params: Any, care: Any) -> tuple[Any, str | None]:
    """The score of a submitted questionnaire form with the authors' rules (the same
    :func:`~backspasm.care.instruments.parse_score` as ``backspasm score``), or one
    sentence saying what to correct."""
    from ...care import CareInputError
    from ...care.instruments import parse_score

    raw: dict[str, Any]
    if ins.id == "startback":
        missing = [str(n) for n in range(1, 10) if not params.get(f"i{n}")]
        if missing:
            return None, f"Please answer every statement (not yet: {', '.join(missing)})."
        raw = {"items": [str(params[f"i{n}"])[:40] for n in range(1, 10)]}
    else:
        if not params.get("score"):
            return None, "Please give a score."
        try:
            raw = {"score": float(str(params["score"])[:40])}
            if params.get("previous"):
                raw["previous"] = float(str(params["previous"])[:40])
        except ValueError:
            return None, "Please give the scores as numbers."
        if ins.id in ("pain", "rmdq") and raw["score"].is_integer():
            raw["score"] = int(raw["score"])
    try:
        return parse_score(ins.id, raw, care), None
    except CareInputError as exc:
        return None, str(exc)


@router.get("/exercises")
def exercises_page(request: Request, knowledge: KnowledgeDep) -> Response:
    """The exercise library with steps, holds and when to stop."""
    care = request.app.state.care
    return render(request, "exercises.html", {
        "title": "Exercises and stretches",
        "exercises": list(care.exercises.values()),
        "sources": knowledge.sources,
    })


@router.get("/knowledge")
def knowledge_page(request: Request, knowledge: KnowledgeDep) -> Response:
    """What the engine knows: the warning signs it asks about and the causes it weighs."""
    return render(request, "knowledge.html", {
        "title": "What backspasm knows",
        "red_flags": knowledge.red_flags,
        "conditions": sorted(knowledge.conditions.values(), key=lambda c: c.name),
        "sources": knowledge.sources,
        "version": knowledge.version,
    })
