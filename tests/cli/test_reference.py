"""docs/cli.md is generated from the commands; it must not drift."""

from __future__ import annotations

from pathlib import Path

from backspasm.cli.reference import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `python -m backspasm.cli.reference > docs/cli.md`"
    )
