"""Engines: SQLite by default (a file in the person's data directory), PostgreSQL on request.

No engine exists at import time; :func:`make_engine` builds one for a URL.

SQLite is opened in WAL mode with ``synchronous=FULL`` (a committed check-in survives a crash
of the process and of the machine), foreign keys on and a 30 second busy timeout; every
write transaction starts with ``BEGIN IMMEDIATE`` so two writers queue for the lock instead
of one failing half-way with "database is locked"; read transactions start with a plain
``BEGIN`` and, in WAL mode, never wait for a writer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_URL = "BACKSPASM_DATABASE_URL"


class StoreError(RuntimeError):
    """The database cannot be used; the message is one plain sentence."""


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("backspasm", appauthor=False) / "diary.sqlite3"


def default_url(env: dict[str, str] | None = None) -> str:
    """``BACKSPASM_DATABASE_URL`` when set, else a SQLite file in the data directory."""
    env = dict(os.environ) if env is None else env
    url = env.get(ENV_URL, "").strip()
    if url:
        return url
    return f"sqlite:///{default_path()}"


def url_for(value: str) -> str:
    """Accept a URL, or a plain file path meaning a SQLite file."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _normalise(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the settings the diary relies on."""
    url = _normalise(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"{url!r} is not a database URL the diary understands.") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        db = parsed.database or ""
        if db and db != ":memory:" and not db.startswith("file:"):
            path = Path(db)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder {path.parent} ({exc.strerror})."
                ) from None
        connect_args = {"timeout": 30, "check_same_thread": False}
        connect_args.update(kwargs.pop("connect_args", {}))
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _sqlite_events(engine, memory=db in ("", ":memory:"))
        return engine
    if backend == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    raise StoreError(f"the diary stores data in SQLite or PostgreSQL, not {backend}.")


def _sqlite_events(engine: Engine, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # reads (engine.execution_options(backspasm_read=True)) never block in WAL mode
        read = conn.get_execution_options().get("backspasm_read", False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")
