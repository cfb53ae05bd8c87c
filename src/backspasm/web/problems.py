"""RFC 9457 problem documents for every error the API can return.

A problem document is JSON served as ``application/problem+json`` with ``type``, ``title``,
``status`` and ``detail`` (one plain sentence naming the field), plus the extension member
``field`` when one field is at fault. HTML pages get an HTML error page instead; see
:mod:`backspasm.web.pages`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger("backspasm.web")

MEDIA_TYPE = "application/problem+json"

INVALID_REQUEST = "urn:backspasm:problem:invalid-request"
INVALID_ANSWERS = "urn:backspasm:problem:invalid-answers"
TEXT_NOT_SUPPORTED = "urn:backspasm:problem:text-not-supported"
INTERNAL = "urn:backspasm:problem:internal-error"
DIARY_CONFLICT = "urn:backspasm:problem:diary-conflict"
DIARY_UNAVAILABLE = "urn:backspasm:problem:diary-unavailable"


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(default="about:blank", description="A URI identifying the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="One plain sentence explaining this occurrence.")
    field: str | None = Field(
        default=None, description="The request field at fault, e.g. 'answers.age'."
    )


class ProblemError(Exception):
    """Raised by a route to answer with a problem document."""

    def __init__(
        self, status: int, title: str, detail: str, *, type: str = INVALID_REQUEST,
        field: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.problem = Problem(type=type, title=title, status=status, detail=detail, field=field)


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


#: Documented error responses for routes that take input.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The body cannot be read (e.g. not UTF-8 JSON).",
          "content": {MEDIA_TYPE: {}}},
    422: {"model": Problem, "description": "The input is not valid.",
          "content": {MEDIA_TYPE: {}}},
}


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out


def describe_validation(errors: list[Any]) -> tuple[str, str | None]:
    """One plain sentence for the first validation error, and the field it names."""
    if not errors:
        return "The request is not valid.", None
    first = errors[0]
    kind = first.get("type", "")
    field = _field_name(first.get("loc", ()))
    msg = str(first.get("msg", "is not valid"))
    if kind == "json_invalid":
        reason = (first.get("ctx") or {}).get("error")
        extra = f" ({reason})" if reason else ""
        return f"The request body is not valid JSON{extra}.", None
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if not field:
        if kind == "missing":
            return "The request needs a JSON body.", None
        return f"The request body is not valid: {msg}.", None
    if kind == "missing":
        return f"The field '{field}' is required.", field
    if kind == "extra_forbidden":
        return f"The field '{field}' is not recognised.", field
    return f"The field '{field}' is not valid: {msg}.", field


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


async def validation_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    detail, field = describe_validation(list(exc.errors()))
    return problem_response(
        Problem(type=INVALID_REQUEST, title="Invalid request", status=422, detail=detail,
                field=field)
    )


async def problem_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.problem)


_PLAIN = {
    400: "The request is not valid.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The request is too large.",
    415: "The request body must be JSON.",
}


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_html(request):
        from .pages.errors import html_error

        return html_error(request, exc.status_code, _PLAIN.get(exc.status_code, str(exc.detail)))
    from http import HTTPStatus

    try:
        title = HTTPStatus(exc.status_code).phrase
    except ValueError:
        title = "Error"
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
    if detail == "There was an error parsing the body":
        detail = "The request body cannot be read as JSON text."
    return problem_response(
        Problem(status=exc.status_code, title=title,
                detail=detail or _PLAIN.get(exc.status_code, title + ".")),
        headers=getattr(exc, "headers", None),
    )


#: The diary's messages name command-line options; on the web the same choice is made otherwise.
_WEB_WORDS = {
    "use --replace to overwrite it": 'send "replace": true to overwrite it',
    "(backspasm log --end DATE)": "(POST /api/v1/diary/episodes/end)",
}


def web_words(message: str, page: bool = False) -> str:
    for cli, web in _WEB_WORDS.items():
        if page and cli.startswith("use"):
            web = "tick \"replace\" to overwrite it"
        elif page:
            web = "(the \"It is over\" button on the diary page)"
        message = message.replace(cli, web)
    return message[:1].upper() + message[1:]


async def diary_conflict_handler(request: Request, exc: Exception) -> Response:
    """A diary write that conflicts with what is stored (DiaryError): 409, nothing changed."""
    detail = web_words(str(exc), page=_wants_html(request))
    if _wants_html(request):
        from .pages.errors import html_error

        return html_error(request, 409, detail, back="/diary")
    return problem_response(Problem(type=DIARY_CONFLICT, title="Conflict with the diary",
                                    status=409, detail=detail))


async def store_error_handler(request: Request, exc: Exception) -> Response:
    """The diary database cannot be used (StoreError): 503, with the plain reason."""
    log.warning("diary store unavailable on %s %s: %s", request.method, request.url.path, exc)
    detail = str(exc)
    detail = detail[:1].upper() + detail[1:]
    if _wants_html(request):
        from .pages.errors import html_error

        return html_error(request, 503, detail, back="/")
    return problem_response(Problem(type=DIARY_UNAVAILABLE, title="Diary unavailable",
                                    status=503, detail=detail))


async def internal_error_handler(request: Request, exc: Exception) -> Response:
    """Last resort: an unexpected error still gets a problem document, never a traceback."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    problem = Problem(
        type=INTERNAL, title="Internal error", status=500,
        detail="Something went wrong inside backspasm; the error has been logged.",
    )
    if _wants_html(request):
        from .pages.errors import html_error

        return html_error(request, 500, problem.detail)
    return problem_response(problem)
