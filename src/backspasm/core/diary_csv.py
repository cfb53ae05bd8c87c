"""The diary as one CSV table (a row per episode or check-in) and back. Pure string work.

Columns: ``record`` (episode or checkin), ``date`` (the day, or the episode's start), ``end``,
``location``, ``pain`` (the day's pain, or the episode's worst), the check-in fields, and the
list fields joined with ``;``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from .diary import CheckIn, DiaryError, Episode

COLUMNS = (
    "record",
    "date",
    "end",
    "location",
    "pain",
    "function",
    "sleep_hours",
    "active_minutes",
    "sitting_hours",
    "stress",
    "medicines",
    "red_flags",
    "triggers",
    "helped",
    "notes",
)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    return str(value)


def to_csv(episodes: Sequence[Episode], checkins: Sequence[CheckIn]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for e in episodes:
        w.writerow(
            {
                "record": "episode",
                "date": e.started.isoformat(),
                "end": _fmt(e.ended),
                "location": e.location.value,
                "pain": e.worst_pain,
                "triggers": _fmt(e.triggers),
                "helped": _fmt(e.helped),
                "notes": e.notes,
            }
        )
    for c in checkins:
        w.writerow(
            {
                "record": "checkin",
                "date": c.day.isoformat(),
                "pain": c.pain,
                "function": _fmt(c.function),
                "sleep_hours": _fmt(c.sleep_hours),
                "active_minutes": _fmt(c.active_minutes),
                "sitting_hours": _fmt(c.sitting_hours),
                "stress": _fmt(c.stress),
                "medicines": _fmt(c.medicines),
                "red_flags": _fmt(c.red_flags),
                "notes": c.notes,
            }
        )
    return buf.getvalue()


_EPISODE_MAP = {
    "date": "started",
    "end": "ended",
    "location": "location",
    "pain": "worst_pain",
    "triggers": "triggers",
    "helped": "helped",
    "notes": "notes",
}
_CHECKIN_MAP = {
    "date": "day",
    "pain": "pain",
    "function": "function",
    "sleep_hours": "sleep_hours",
    "active_minutes": "active_minutes",
    "sitting_hours": "sitting_hours",
    "stress": "stress",
    "medicines": "medicines",
    "red_flags": "red_flags",
    "notes": "notes",
}


def from_csv(text: str) -> dict[str, list[dict[str, Any]]]:
    """Read a CSV made by :func:`to_csv` into the raw form :func:`parse_bundle` validates."""
    return from_csv_lines(text)[0]


def from_csv_lines(text: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[int]]]:
    """:func:`from_csv`, and the line of the file each episode and check-in came from."""
    lines: dict[str, list[int]] = {"episodes": [], "checkins": []}
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("record", "date", "pain") if c not in header]
    if missing:
        raise DiaryError(f"the CSV file has no '{missing[0]}' column.")
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise DiaryError(f"the CSV file has a column '{unknown[0]}' the diary does not know.")
    out: dict[str, list[dict[str, Any]]] = {"episodes": [], "checkins": []}
    for line, row in enumerate(reader, start=2):
        kind = (row.get("record") or "").strip()
        if kind == "episode":
            mapping, target, at = _EPISODE_MAP, out["episodes"], lines["episodes"]
        elif kind == "checkin":
            mapping, target, at = _CHECKIN_MAP, out["checkins"], lines["checkins"]
        else:
            raise DiaryError(
                f"CSV line {line}: record must be 'episode' or 'checkin', not {kind!r}."
            )
        item: dict[str, Any] = {}
        for col, name in mapping.items():
            value = (row.get(col) or "").strip()
            if value or name == "notes":
                item[name] = value
        for col in COLUMNS:
            if col not in mapping and col != "record" and (row.get(col) or "").strip():
                raise DiaryError(f"CSV line {line}: a row of kind {kind} has no '{col}' field.")
        target.append(item)
        at.append(line)
    return out, lines
