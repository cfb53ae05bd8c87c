"""``/api/v1/assessments``, ``/api/v1/interview/next`` and ``/api/v1/health``.

Each handler validates the request, then calls the same core function as the command:
:func:`backspasm.core.assessment.assess` for answers, ``backspasm.intake.assess_text`` for
text, :func:`backspasm.core.interview.next_to_ask` (over the core's ``next_question``) for the
interview.

The handlers are ``async``: the core is pure and takes a millisecond or two, less than a
hop to a worker thread costs; only the slower free-text path runs in the thread pool.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...core.answers import Answers, AnswersError, check_answers
from ...core.assessment import assess
from ...core.interview import disposition_so_far, next_to_ask
from ...knowledge.loader import Knowledge
from ..deps import KnowledgeDep
from ..intake import NOT_INSTALLED, load_intake
from ..problems import INVALID_ANSWERS, PROBLEM_RESPONSES, TEXT_NOT_SUPPORTED, ProblemError
from .bodies import TOO_LARGE, documented_body, json_body
from .models import (
    AssessmentOut,
    AssessmentRequest,
    ExtractionOut,
    Health,
    InterviewRequest,
    InterviewStep,
    QuestionOut,
)

router = APIRouter()


def json_model(model: BaseModel, status_code: int = 200) -> Response:
    """Serialise a model once with pydantic, straight to bytes (the response_model
    documents the shape)."""
    return Response(model.__pydantic_serializer__.to_json(model), status_code=status_code,
                    media_type="application/json")


def invalid_answers(message: str, answers: Answers, knowledge: Knowledge) -> ProblemError:
    """A problem naming the field: the first unknown finding id, else the answers."""
    unknown = [k for k in answers.findings if k not in knowledge.findings]
    doubtful = [i for i, k in enumerate(answers.unsure) if k not in knowledge.findings]
    if unknown:
        field = f"answers.findings.{unknown[0]}"
    elif doubtful:
        field = f"answers.unsure[{doubtful[0]}]"
    else:
        field = "answers"
    return ProblemError(422, "Invalid answers", message, type=INVALID_ANSWERS, field=field)


@router.get("/health", response_model=Health, tags=["meta"])
async def health(knowledge: KnowledgeDep) -> Response:
    """A trivial endpoint: the service is up and which knowledge version it serves."""
    return json_model(Health(status="ok", knowledge_version=knowledge.version))


@router.post(
    "/assessments",
    response_model=AssessmentOut,
    responses={**PROBLEM_RESPONSES, **TOO_LARGE},
    tags=["assessments"],
    openapi_extra=documented_body(AssessmentRequest),
)
async def create_assessment(request: Request, knowledge: KnowledgeDep) -> Response:
    """Assess a back spasm from answers, or from a description in the person's own words.

    The result is the same as ``backspasm assess --json``: the disposition and its action
    first, the reasons, the likely causes, what to do now and the safety-net advice. From
    text, ``extraction`` shows what was understood.
    """
    # The busiest route: JSON parsed and validated in one step (see .bodies).
    body = await json_body(request, AssessmentRequest)
    if body.answers is not None:
        # The framework has validated the shape; only the knowledge check remains.
        try:
            answers = check_answers(body.answers, knowledge)
        except AnswersError as exc:
            raise invalid_answers(str(exc), body.answers, knowledge) from None
        return json_model(assess(knowledge, answers))
    text = body.text or ""
    intake = load_intake()
    if intake is None:
        raise ProblemError(422, "Free text not supported", NOT_INSTALLED,
                           type=TEXT_NOT_SUPPORTED, field="text")
    # Reading text is slower (clinical NLP): keep it off the event loop.
    try:
        assessment, extraction = await run_in_threadpool(intake.assess_text, text, knowledge)
    except ImportError:
        # The intake is there but its language libraries are not (spaCy loads lazily).
        raise ProblemError(422, "Free text not supported", NOT_INSTALLED,
                           type=TEXT_NOT_SUPPORTED, field="text") from None
    if not getattr(extraction, "readable", True):
        raise ProblemError(422, "Unreadable text", extraction.message or "The text cannot be read.",
                           field="text")
    read = extraction.model_dump(mode="json")
    out = AssessmentOut.model_validate({
        **assessment.model_dump(),
        "extraction": ExtractionOut.model_validate(
            {k: read[k] for k in ExtractionOut.model_fields if k in read}
        ),
    })
    return json_model(out)


@router.post(
    "/interview/next",
    response_model=InterviewStep,
    responses=PROBLEM_RESPONSES,
    tags=["interview"],
)
async def interview_next(body: InterviewRequest, knowledge: KnowledgeDep) -> Response:
    """The next question to ask given the answers so far (red flags first), or done.

    Findings in ``answers.unsure`` (the person is not sure) count as present, so
    ``disposition_so_far`` is what a yes would give, and they are not asked again;
    findings in ``skipped`` stay unknown and are not asked again either.
    """
    for index, fid in enumerate(body.skipped):
        if fid not in knowledge.findings:
            raise ProblemError(
                422, "Invalid request",
                f"{fid!r} in skipped is not a known finding id (see /api/v1/knowledge/findings).",
                field=f"skipped[{index}]",
            )
    try:
        answers = check_answers(body.answers, knowledge)
    except AnswersError as exc:
        raise invalid_answers(str(exc), body.answers, knowledge) from None
    question = next_to_ask(knowledge, answers, body.skipped)
    step = InterviewStep(
        done=question is None,
        question=None if question is None else QuestionOut(
            finding=question.finding.id,
            question=question.finding.question,
            help=question.finding.help,
            red_flag=question.finding.red_flag,
            why=question.why,
        ),
        disposition_so_far=disposition_so_far(knowledge, answers),
    )
    return json_model(step)
