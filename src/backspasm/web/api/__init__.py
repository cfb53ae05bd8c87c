"""The JSON API under ``/api/v1``: assessments, the interview, care plans, the knowledge and
the diary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter

if TYPE_CHECKING:
    from pydantic import BaseModel


def build_router() -> APIRouter:
    from . import ask, assessments, care, diary, knowledge, plans, report

    router = APIRouter(prefix="/api/v1")
    router.include_router(assessments.router)
    router.include_router(knowledge.router)
    router.include_router(plans.router)
    router.include_router(care.router)
    router.include_router(ask.router)
    router.include_router(diary.router)
    router.include_router(report.router)
    return router


def body_models() -> list[type[BaseModel]]:
    """Request models that routes read with :func:`.bodies.json_body` (FastAPI does not see
    them, so the OpenAPI schema gets them from here)."""
    from .diary import DiaryImport
    from .models import AssessmentRequest

    return [AssessmentRequest, DiaryImport]
