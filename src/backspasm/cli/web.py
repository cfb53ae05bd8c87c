"""``backspasm serve``: run the web app and JSON API (FastAPI and uvicorn load lazily)."""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from ._common import fail

if TYPE_CHECKING:
    from ..knowledge import Knowledge


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")
    ] = 8000,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="BACKSPASM_DATABASE_URL",
        help="The diary's database URL or SQLite file (default: a file in your data folder).",
    )] = None,
    person: Annotated[str, typer.Option(
        "--person", envvar="BACKSPASM_PERSON", help="Whose diary the pages show (default: me).",
    )] = "me",
) -> None:
    """Start the web app on http://127.0.0.1:8000 (pages for people, JSON under /api/v1).

    Only this computer can reach it unless you pass --host 0.0.0.0.
    """
    try:
        import uvicorn

        from ..knowledge import KnowledgeError
        from ..web import Settings, create_app
    except ImportError as exc:
        fail(f"the web app needs FastAPI and uvicorn, which are not installed ({exc.name}).")
    _check_free(host, port)
    from ..store.engine import url_for

    settings = Settings(host=host, port=port, database_url=url_for(db) if db else None,
                        diary_person=person)
    try:
        application = create_app(settings)
    except KnowledgeError as exc:
        fail(f"the knowledge base is broken: {exc}")
    _warm_intake(application.state.knowledge)
    _freeze_startup_objects()
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"backspasm is running at http://{shown}:{port}/ (press Ctrl+C to stop)")
    # Warnings only: no access log (nothing about who asked what is written anywhere).
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)


def _freeze_startup_objects() -> None:
    """Leave what the server built at start (the app, the knowledge, the compiled engine),
    which lives as long as the process, out of the garbage collector's scans: otherwise
    each collection that the requests' short-lived objects trigger walks it again
    (``gc.freeze``; about 6% of an assessment request's server time, see
    docs/benchmarks.md)."""
    gc.collect()
    gc.freeze()


def _warm_intake(knowledge: Knowledge) -> threading.Thread:
    """Build the free-text intake in the background while the server starts, so that the
    first person's description is not kept waiting for spaCy (about a second); a request
    arriving meanwhile waits for the same build. Without the intake, nothing happens."""
    def build() -> None:
        try:
            from ..intake.pipeline import get_pipeline

            get_pipeline(knowledge)
        except Exception:  # the first free-text request builds it again and reports
            pass

    thread = threading.Thread(target=build, name="backspasm-intake-warm", daemon=True)
    thread.start()
    return thread


def _check_free(host: str, port: int) -> None:
    """Fail with one sentence when the address cannot be listened on (e.g. port in use)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        fail(f"{host!r} is not an address this computer can listen on.")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}).")
