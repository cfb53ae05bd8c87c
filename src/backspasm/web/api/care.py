"""``/api/v1/scores`` and ``/api/v1/exercises``: questionnaire scoring and the exercise
library, the same functions as ``backspasm score`` and ``backspasm stretch``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import TypeAdapter
from starlette.responses import Response

from ...care import CareInputError
from ...care.instruments import AnyScore, parse_score
from ...care.models import Exercise
from ..deps import CareDep
from ..problems import INVALID_ANSWERS, PROBLEM_RESPONSES, Problem, ProblemError
from .assessments import json_model

router = APIRouter(tags=["care plan"])


class Questionnaire(StrEnum):
    startback = "startback"
    odi = "odi"
    rmdq = "rmdq"
    pain = "pain"


_SCORE = TypeAdapter(AnyScore)
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    404: {"model": Problem, "description": "No such exercise.",
          "content": {"application/problem+json": {}}},
}


@router.post("/scores/{questionnaire}", response_model=AnyScore, responses=PROBLEM_RESPONSES)
def score(
    questionnaire: Questionnaire,
    care: CareDep,
    body: Annotated[Any, Body(
        description=(
            '{"items": [...]} (startback, rmdq), {"sections": [...]} (odi) or {"score": 6} '
            '(pain); add "previous" to judge the change against the minimal important change.'
        ),
        examples=[{"score": 6, "previous": 8}],
    )],
) -> Response:
    """Score a questionnaire with its authors' rules (item wording is not shipped where
    its licence does not allow it)."""
    try:
        result = parse_score(questionnaire.value, body, care)
    except CareInputError as exc:
        raise ProblemError(422, "Invalid questionnaire answers", str(exc),
                           type=INVALID_ANSWERS) from None
    return Response(_SCORE.dump_json(result), media_type="application/json")


@router.get("/exercises", response_model=list[Exercise])
async def exercises(care: CareDep) -> Response:
    """The exercise library: steps, holds, repetitions, what it should feel like, when to stop."""
    data = TypeAdapter(list[Exercise]).dump_json(list(care.exercises.values()))
    return Response(data, media_type="application/json")


@router.get("/exercises/{id}", response_model=Exercise, responses=_NOT_FOUND)
async def exercise(id: str, care: CareDep) -> Response:
    if id not in care.exercises:
        raise ProblemError(404, "Not found", f"There is no exercise with the id '{id}'.",
                           type="about:blank", field="id")
    return json_model(care.exercises[id])
