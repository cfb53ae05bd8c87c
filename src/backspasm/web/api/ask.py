"""``/api/v1/ask``: a short cited answer from the passages, triage first (``backspasm ask``)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field
from starlette.responses import Response

from ...search.ask import AskResult
from ..asking import AskUnavailable, answer
from ..deps import KnowledgeDep
from ..problems import PROBLEM_RESPONSES, ProblemError
from .assessments import json_model
from .models import Req

router = APIRouter(tags=["ask"])


class AskRequest(Req):
    question: str = Field(min_length=1, max_length=1000,
                          examples=["How long does a back spasm last?"])


@router.post("/ask", response_model=AskResult, responses=PROBLEM_RESPONSES)
def ask(body: AskRequest, knowledge: KnowledgeDep) -> Response:
    """Answer a question from cited passages; questions they do not cover get "I don't
    know". If the question describes danger signs, ``triage`` holds the assessment."""
    if not body.question.strip():
        raise ProblemError(422, "Invalid request", "The question is empty.", field="question")
    try:
        return json_model(answer(body.question, knowledge))
    except AskUnavailable as exc:
        raise ProblemError(422, "Answers unavailable", str(exc),
                           type="urn:backspasm:problem:ask-unavailable",
                           field="question") from None
