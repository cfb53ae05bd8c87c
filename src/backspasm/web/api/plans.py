"""``/api/v1/plans``: the personal care plan, as ``backspasm plan --json``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from starlette.responses import Response

from ...care import CareInputError
from ...care.plan import CarePlan, build_plan
from ..deps import CareDep, KnowledgeDep
from ..problems import INVALID_ANSWERS, PROBLEM_RESPONSES, ProblemError
from .assessments import json_model

router = APIRouter(tags=["care plan"])

EXAMPLE = {
    "age": 38, "location": "lower", "duration_days": 1, "pain_score": 6,
    "findings": {"saddle_numbness": False, "fever": False},
    "context": {"kidney_disease": False},
    "questionnaires": {"pain": {"score": 6}},
}


@router.post("/plans", response_model=CarePlan, responses=PROBLEM_RESPONSES)
def create_plan(
    knowledge: KnowledgeDep,
    care: CareDep,
    body: Annotated[dict[str, Any], Body(
        description=(
            "The triage answers (as for /assessments) plus optional 'context' (pregnancy, "
            "kidney_disease, blood_thinners, current_medicines, ...) and 'questionnaires' "
            "(startback, odi, rmdq, pain)."
        ),
        examples=[EXAMPLE],
    )],
) -> Response:
    """Triage first; with a self-care result, the plan by phase with graded evidence.

    With an emergency or urgent result only the action is given (``self_care`` false).
    """
    try:
        plan = build_plan(knowledge, care, body)
    except CareInputError as exc:
        raise ProblemError(422, "Invalid plan input", str(exc), type=INVALID_ANSWERS) from None
    return json_model(plan)
