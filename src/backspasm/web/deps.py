"""Request dependencies: the knowledge base and settings live on ``app.state``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..care.models import CareKnowledge
from ..knowledge.loader import Knowledge
from .settings import Settings

# Dependencies are async so FastAPI does not hop to a worker thread for a dict lookup.


async def get_knowledge(request: Request) -> Knowledge:
    knowledge: Knowledge = request.app.state.knowledge
    return knowledge


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_care(request: Request) -> CareKnowledge:
    care: CareKnowledge = request.app.state.care
    return care


KnowledgeDep = Annotated[Knowledge, Depends(get_knowledge)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CareDep = Annotated[CareKnowledge, Depends(get_care)]
