"""Helpers shared by the commands: plain one-sentence errors and file reading."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer


def fail(message: str) -> NoReturn:
    """Print one plain sentence to stderr and exit with status 2."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


def write_output(text: str, output: Path | None, done: str) -> None:
    """Write ``text`` to standard output, or to ``output`` and then say ``done``."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output} ({exc.strerror}).")
    typer.echo(done)


def read_text(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"the file {path} does not exist.")
    except IsADirectoryError:
        fail(f"{path} is a folder, not a file.")
    except UnicodeDecodeError:
        fail(f"the file {path} is not UTF-8 text.")
    except OSError as exc:
        fail(f"the file {path} cannot be read ({exc.strerror}).")


def read_json(path: Path) -> Any:
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"the file {path} is not valid JSON ({exc.msg} at line {exc.lineno}).")


def load_knowledge_or_fail() -> Any:
    from ..knowledge import KnowledgeError, default_knowledge

    try:
        return default_knowledge()
    except KnowledgeError as exc:
        fail(f"the knowledge base is broken: {exc}")
