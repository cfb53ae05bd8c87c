"""The application factory: ``create_app(settings) -> FastAPI``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..knowledge.loader import Knowledge, default_knowledge, load_knowledge
from . import problems
from .headers import SecurityHeaders
from .settings import Settings

HERE = Path(__file__).parent

DESCRIPTION = (
    "Decision support for a back that has just locked up: how urgent it is, why, the likely "
    "causes and what to do now. Not a diagnosis. Errors are RFC 9457 problem documents "
    "(application/problem+json) whose `detail` names the field at fault."
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("backspasm")
    except PackageNotFoundError:
        return "0+unknown"


def _care_knowledge(settings: Settings, knowledge: Knowledge) -> Any:
    """The care-plan knowledge (exercises, recommendations), checked against ``knowledge``."""
    from ..knowledge.care import CARE_DIR, load_care_knowledge

    directory = settings.knowledge_dir / "care" if settings.knowledge_dir else CARE_DIR
    return load_care_knowledge(knowledge.sources, directory, knowledge.findings)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The diary's store is opened on first use (see :func:`.deps.get_diary`), closed here."""
    yield
    from .deps import close_diary

    close_diary(app.state)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: knowledge loaded once, the JSON API, the HTML pages, the stylesheet."""
    settings = settings or Settings()
    knowledge = (
        load_knowledge(settings.knowledge_dir) if settings.knowledge_dir else default_knowledge()
    )
    app = FastAPI(
        title="backspasm",
        version=_version(),
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        # Swagger UI and ReDoc load scripts from a CDN; nothing may come from the internet.
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.knowledge = knowledge
    # Compile the engine's form of the knowledge now, not on the first person's request.
    from ..core.engine import compiled

    compiled(knowledge)
    app.state.care = _care_knowledge(settings, knowledge)

    app.add_exception_handler(RequestValidationError, problems.validation_handler)
    app.add_exception_handler(problems.ProblemError, problems.problem_handler)
    app.add_exception_handler(StarletteHTTPException, problems.http_error_handler)
    app.add_exception_handler(Exception, problems.internal_error_handler)
    from ..core.diary import DiaryError
    from ..store.engine import StoreError

    app.add_exception_handler(DiaryError, problems.diary_conflict_handler)
    app.add_exception_handler(StoreError, problems.store_error_handler)

    from .api import build_router
    from .pages import build_router as build_pages
    from .pages import make_templates

    app.state.templates = make_templates()

    app.include_router(build_router())
    app.include_router(build_pages(), include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _problem_media_type_in_schema(app)
    app.add_middleware(SecurityHeaders)
    return app


def _problem_media_type_in_schema(app: FastAPI) -> None:
    """Document error bodies under application/problem+json, the type they are sent as.

    FastAPI files a response ``model`` under application/json; move it for 4xx/5xx.
    """
    from .api import body_models
    from .api.bodies import add_body_schemas

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            add_body_schemas(schema, body_models())
            for item in schema.get("paths", {}).values():
                for operation in item.values():
                    for code, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if code[0] in "45" and problems.MEDIA_TYPE in content:
                            moved = content.pop("application/json", None)
                            if moved:
                                content[problems.MEDIA_TYPE] = moved
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
