"""`backspasm --help` must not pay for the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = [
    "spacy",
    "medspacy",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "uvicorn",
    "onnxruntime",
    "bm25s",
    "numpy",
]

PROBE = """
import sys
from backspasm.cli import app
try:
    app(["--help"], prog_name="backspasm")
except SystemExit:
    pass
heavy = {heavy!r}
print("LOADED:" + ",".join(m for m in heavy if m in sys.modules))
"""


def test_help_imports_no_heavy_library() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded = out.rsplit("LOADED:", 1)[1].strip()
    assert loaded == "", f"imported on --help: {loaded}"
