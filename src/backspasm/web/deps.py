"""Request dependencies: the knowledge base and settings live on ``app.state``."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

from ..care.models import CareKnowledge
from ..knowledge.loader import Knowledge
from .settings import Settings

if TYPE_CHECKING:
    from ..store import Diary

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


_OPENING = threading.Lock()


def get_diary(request: Request) -> Diary:
    """The diary, its store opened once per app on first use and closed at shutdown.

    Opening lazily keeps pages that do not need the diary working when the database cannot
    be used (a :class:`~backspasm.store.StoreError` becomes a problem document). A plain
    ``def``: FastAPI runs it in the thread pool, off the event loop, like the diary routes.
    """
    state = request.app.state
    diary: Diary | None = getattr(state, "diary", None)
    if diary is None:
        with _OPENING:
            diary = getattr(state, "diary", None)
            if diary is None:
                from ..store import open_store

                store = open_store(state.settings.database_url)
                try:
                    diary = store.diary(state.settings.diary_person)
                except BaseException:
                    store.close()
                    raise
                state.store, state.diary = store, diary
    return diary


def close_diary(state: Any) -> None:
    """Close the store opened by :func:`get_diary`, if any (the app's shutdown)."""
    with _OPENING:
        store = getattr(state, "store", None)
        state.diary = None
        state.store = None
    if store is not None:
        store.close()

