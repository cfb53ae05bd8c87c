"""An export file's text (or bytes) to a checked :class:`~.diary.Bundle`, ready to import.

One step shared by ``backspasm import``, the page ``/diary/import`` and
``POST /api/v1/diary/import``: decide JSON or CSV, decode it, and say in one plain sentence
why a file cannot be read. Pure: the caller reads the file or the request; nothing here
touches a disk or a database.

Errors::

    DiaryError                     (core.diary) one plain sentence
    └── DiaryFileError             the file as a whole cannot be read; names the file itself
        └── DiaryFileTooLarge      larger than the caller's limit (a web answer says 413)

Errors about one entry inside a readable file (``CSV line 3: ...``, ``checkins entry 2: ...``)
stay plain :class:`~.diary.DiaryError`; the CLI puts the file's name in front of those.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import PurePath
from typing import Any, Literal

from ..knowledge.loader import Knowledge
from .diary import Bundle, DiaryError, parse_bundle
from .diary_csv import from_csv_lines

Format = Literal["json", "csv"]

_BOM = "\ufeff"


class DiaryFileError(DiaryError):
    """A whole file (or request body) that cannot be read as a diary export."""


class DiaryFileTooLarge(DiaryFileError):
    """A file larger than the limit the caller set; nothing of it was read."""


def file_format(text: str, filename: str = "") -> Format:
    """JSON or CSV: by the file's extension when it says, else by the first character."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix == ".csv":
        return "csv"
    if suffix == ".json":
        return "json"
    return "json" if text.lstrip(_BOM + " \t\r\n")[:1] in ("{", "[") else "csv"


def megabytes(size: int) -> str:
    """A byte count as a person reads it: 5000000 -> '5 MB'."""
    mb = size / 1_000_000
    return f"{mb:g} MB" if mb >= 1 else f"{max(1, round(size / 1000))} kB"


def too_large(source: str, limit: int) -> DiaryFileTooLarge:
    """The error for an input over ``limit`` bytes (also raised before reading all of it)."""
    return DiaryFileTooLarge(
        f"{source} is larger than {megabytes(limit)}, the most the diary imports at once."
    )


def raw_bundle(
    text: str, *, filename: str = "", fmt: Format | None = None, source: str = "the file"
) -> Any:
    """The raw import document in ``text``: a dict from a CSV export, anything from JSON.

    ``fmt`` forces the format (the API takes JSON only); otherwise :func:`file_format`
    decides. ``source`` names the input in messages ("the file diary.json", "the request
    body"). Raises :class:`DiaryFileError` for an empty input or invalid JSON, and
    :class:`~.diary.DiaryError` for a CSV problem (the line and column named).
    """
    return _decode(text, filename, fmt, source)[0]


def raw_bundle_bytes(
    data: bytes, *, filename: str = "", fmt: Format | None = None, source: str = "the file",
    limit: int | None = None,
) -> Any:
    """:func:`raw_bundle` for bytes (an upload, a request body): size and UTF-8 checked first."""
    return raw_bundle(_text(data, source, limit), filename=filename, fmt=fmt, source=source)


def read_bundle(
    text: str, knowledge: Knowledge, *, filename: str = "", fmt: Format | None = None,
    source: str = "the file",
) -> Bundle:
    """The checked bundle in an export file: :func:`raw_bundle`, then
    :func:`~.diary.parse_bundle`. A problem in one entry of a CSV file names its line
    (``CSV line 3: ...``) rather than its place among the check-ins or episodes."""
    raw, lines = _decode(text, filename, fmt, source)
    try:
        return parse_bundle(raw, knowledge)
    except DiaryError as exc:
        found = _ENTRY.match(str(exc))
        if found is None or not lines:
            raise
        line = lines[found[1]][int(found[2]) - 1]
        raise DiaryError(f"CSV line {line}: {str(exc)[found.end():]}") from None


def read_bundle_bytes(
    data: bytes, knowledge: Knowledge, *, filename: str = "", fmt: Format | None = None,
    source: str = "the file", limit: int | None = None,
) -> Bundle:
    """:func:`read_bundle` for bytes (an upload, a request body): size and UTF-8 first."""
    return read_bundle(_text(data, source, limit), knowledge, filename=filename, fmt=fmt,
                       source=source)


_ENTRY = re.compile(r"^(episodes|checkins) entry (\d+): ")


def _text(data: bytes, source: str, limit: int | None) -> str:
    if limit is not None and len(data) > limit:
        raise too_large(source, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DiaryFileError(
            f"{source} is not UTF-8 text; a diary export is a JSON or CSV file."
        ) from None


def _decode(
    text: str, filename: str, fmt: Format | None, source: str
) -> tuple[Any, dict[str, list[int]]]:
    """The raw document, and for a CSV file the line each episode and check-in is on."""
    text = text.removeprefix(_BOM)
    if not text.strip():
        raise DiaryFileError(f"{source} is empty (a diary export is JSON or CSV text).")
    kind = fmt or file_format(text, filename)
    if kind == "csv":
        guessed = fmt is None and PurePath(filename).suffix.lower() != ".csv"
        try:
            return from_csv_lines(text)
        except csv.Error as exc:
            raise DiaryFileError(f"{source} is not a diary CSV file ({exc}).") from None
        except DiaryError as exc:
            if guessed and str(exc).startswith("the CSV file"):  # its columns are wrong
                raise DiaryFileError(
                    f"{source} is neither JSON nor a diary CSV file ({exc.args[0][:-1]})."
                ) from None
            raise
    try:
        return json.loads(text), {}
    except json.JSONDecodeError as exc:
        raise DiaryFileError(
            f"{source} is not valid JSON ({exc.msg} at line {exc.lineno})."
        ) from None
    except RecursionError:
        raise DiaryFileError(f"{source} is not a diary export (its JSON is nested too deeply).") \
            from None
