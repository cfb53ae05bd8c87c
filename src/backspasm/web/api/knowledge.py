"""``/api/v1/knowledge``: the findings, conditions, rules and sources the engine uses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import TypeAdapter
from starlette.responses import Response

from ...knowledge.models import Condition, Finding, Rule, Source
from ..deps import KnowledgeDep
from ..problems import PROBLEM_RESPONSES, Problem, ProblemError
from .assessments import json_model
from .models import KnowledgeSummary

router = APIRouter(prefix="/knowledge", tags=["knowledge"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    404: {"model": Problem, "description": "No such entry.",
          "content": {"application/problem+json": {}}},
}


def _list(items: list[object], model: type) -> Response:
    data = TypeAdapter(list[model]).dump_json(items)  # type: ignore[valid-type]
    return Response(data, media_type="application/json")


def _missing(kind: str, ident: str) -> ProblemError:
    return ProblemError(404, "Not found", f"There is no {kind} with the id '{ident}'.",
                        type="about:blank", field="id")


@router.get("", response_model=KnowledgeSummary)
async def summary(knowledge: KnowledgeDep) -> Response:
    """The knowledge version (content hash) and how many entries of each kind it holds."""
    return json_model(KnowledgeSummary(
        version=knowledge.version,
        findings=len(knowledge.findings),
        red_flags=len(knowledge.red_flags),
        conditions=len(knowledge.conditions),
        rules=len(knowledge.rules),
        sources=len(knowledge.sources),
    ))


@router.get("/findings", response_model=list[Finding])
async def findings(knowledge: KnowledgeDep) -> Response:
    """Every finding: a yes/no question in plain words; red flags are marked."""
    return _list(list(knowledge.findings.values()), Finding)


@router.get("/findings/{id}", response_model=Finding, responses=_NOT_FOUND)
async def finding(id: str, knowledge: KnowledgeDep) -> Response:
    if id not in knowledge.findings:
        raise _missing("finding", id)
    return json_model(knowledge.findings[id])


@router.get("/conditions", response_model=list[Condition])
async def conditions(knowledge: KnowledgeDep) -> Response:
    """Every condition with its explanation, prior and likelihood ratios (estimates marked)."""
    return _list(list(knowledge.conditions.values()), Condition)


@router.get("/conditions/{id}", response_model=Condition, responses=_NOT_FOUND)
async def condition(id: str, knowledge: KnowledgeDep) -> Response:
    if id not in knowledge.conditions:
        raise _missing("condition", id)
    return json_model(knowledge.conditions[id])


@router.get("/rules", response_model=list[Rule])
async def rules(knowledge: KnowledgeDep) -> Response:
    """Every triage rule with its pattern, message, sources and worked examples."""
    return _list(list(knowledge.rules), Rule)


@router.get("/sources", response_model=list[Source])
async def sources(knowledge: KnowledgeDep) -> Response:
    """The full bibliography: guidelines, reviews and trials cited by the knowledge."""
    return _list(list(knowledge.sources.values()), Source)
