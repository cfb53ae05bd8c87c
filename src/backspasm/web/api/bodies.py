"""A JSON request body parsed and validated in one step, for the busiest routes.

FastAPI decodes a body with the standard library's ``json`` and then validates the Python
objects; pydantic-core can do both at once from the bytes, which saves a good share of
what an assessment request costs the web layer beyond the engine itself. A route that
reads its body this way documents it with :func:`documented_body` and answers bad input
with the same problem documents as FastAPI's own body handling (the tests hold both to
the same sentences).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..problems import MEDIA_TYPE, Problem

M = TypeVar("M", bound=BaseModel)

#: The 413 answer of a route that reads its body with :func:`json_body`, for its docs.
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": Problem, "description": "The body is larger than the route accepts.",
          "content": {MEDIA_TYPE: {}}},
}

#: Largest JSON body :func:`json_body` reads (an assessment request is about a kilobyte;
#: a description is at most a few thousand characters).
MAX_JSON_BYTES = 1_000_000


async def read_capped(
    request: Request, limit: int, too_large: Callable[[], Exception]
) -> bytes:
    """The request body, refusing (before or while reading it) one over ``limit`` bytes
    with the exception ``too_large`` makes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def is_json(content_type: str) -> bool:
    """``application/json`` or any ``application/*+json`` type, parameters ignored."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


async def json_body(request: Request, model: type[M], limit: int = MAX_JSON_BYTES) -> M:
    """The request body validated as ``model``, or the 4xx problem FastAPI would give
    (and 413 for a body over ``limit`` bytes, which is never read in full)."""
    raw = await read_capped(request, limit, lambda: HTTPException(
        413, f"The request body is larger than the {limit:,}-byte limit."))
    if not raw:
        raise RequestValidationError(
            [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
        )
    if not is_json(request.headers.get("content-type", "")):
        # Like FastAPI with strict content types: a body not sent as JSON is not read.
        raise RequestValidationError([{
            "type": "model_attributes_type", "loc": ("body",), "input": None,
            "msg": "Input should be a valid dictionary or object to extract fields from",
        }])
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "There was an error parsing the body") from None
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


def documented_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads ``model`` with :func:`json_body`; the model
    itself is added to the schema's components by :func:`add_body_schemas`."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                }
            },
        }
    }


def add_body_schemas(schema: dict[str, Any], models: list[type[BaseModel]]) -> None:
    """Put each model's JSON schema (and those it refers to) into the components."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in models:
        found = model.model_json_schema(
            ref_template="#/components/schemas/{model}", mode="validation"
        )
        for name, sub in found.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components.setdefault(model.__name__, found)
