"""HTML error pages: one plain sentence and a way back, never a traceback."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...core.assessment import DISCLAIMER

TITLES = {400: "That did not work", 404: "Page not found", 405: "Not allowed",
          409: "That clashes with your diary", 503: "The diary cannot be opened",
          500: "Something went wrong"}


def html_error(request: Request, status: int, message: str, back: str | None = None) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request,
        "error.html",
        {"title": TITLES.get(status, "Error"), "message": message, "back": back,
         "disclaimer": DISCLAIMER},
        status_code=status,
    )
    return response
