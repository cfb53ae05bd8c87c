"""Engine settings: SQLite pragmas, URL handling, the default location, lazy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from backspasm.store import StoreError, default_url, make_engine, url_for
from backspasm.store.engine import ENV_URL, _normalise


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a' / 'b.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    finally:
        engine.dispose()
    assert (tmp_path / "a" / "b.sqlite3").exists()


def test_urls() -> None:
    assert _normalise("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert _normalise("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert url_for("x.sqlite3").startswith("sqlite:////")
    assert default_url({ENV_URL: "postgresql://u@h/db"}) == "postgresql://u@h/db"
    assert default_url({}).startswith("sqlite:///") and default_url({}).endswith("diary.sqlite3")
    with pytest.raises(StoreError, match="SQLite or PostgreSQL, not mysql"):
        make_engine("mysql://u@h/db")
    with pytest.raises(StoreError, match="not a database URL"):
        make_engine("::nonsense::")


def test_help_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys; from backspasm.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'psycopg', 'fastapi', 'spacy', 'onnxruntime')]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": ":".join(sys.path), "PATH": "/usr/bin"})
    assert "HEAVY []" in out.stdout
