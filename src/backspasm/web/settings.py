"""Settings of the web app. Plain data: no environment is read at import time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class Settings:
    """How to run the app.

    ``knowledge_dir`` points at another knowledge folder (tests, reviewers); ``None`` uses
    the knowledge shipped in the package. ``database_url`` is where the diary is stored
    (a SQLAlchemy URL); ``None`` means ``BACKSPASM_DATABASE_URL`` when set, else a SQLite
    file in the person's data folder. The database is opened on the first diary request.
    """

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    knowledge_dir: Path | None = None
    database_url: str | None = None
    #: Whose diary the pages and ``/api/v1/diary`` read and write (as ``--person``).
    diary_person: str = "me"
    #: Longest free-text description accepted, in characters.
    max_text_chars: int = 5000
    #: Largest diary file (page) or body (API) an import accepts, in bytes.
    max_import_bytes: int = 5_000_000
