"""Diary records (episodes and daily check-ins), their validation, and triage of a check-in.

Pure: no storage, no I/O. The store saves these models; the CLI, the web pages and the API
build them with :func:`parse_checkin` / :func:`parse_episode` / :func:`parse_bundle`, which
raise :class:`DiaryError` carrying one plain sentence that names the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition, Location
from .answers import Answers
from .assessment import Assessment, assess

EXPORT_FORMAT = "backspasm-diary"
EXPORT_VERSION = 1


class DiaryError(ValueError):
    """Diary input that cannot be stored; the message is one plain sentence."""


def _words(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        word = " ".join(str(item).split()).lower()
        if word and word not in out:
            out.append(word)
    return tuple(out)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: Dates a diary can hold: wide enough for any real diary, narrow enough that charts and
#: insights never step outside the calendar (year 1 or 9999).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


class CheckIn(Record):
    """One day of the diary. Only the date and the pain are required."""

    day: dt.date = Field(ge=EARLIEST, le=LATEST)
    pain: int = Field(ge=0, le=10)
    function: int | None = Field(default=None, ge=0, le=10)
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    active_minutes: int | None = Field(default=None, ge=0, le=1440)
    sitting_hours: float | None = Field(default=None, ge=0, le=24)
    stress: int | None = Field(default=None, ge=0, le=10)
    medicines: tuple[str, ...] = ()
    notes: str = Field(default="", max_length=4000)
    red_flags: tuple[str, ...] = ()

    @field_validator("medicines", "red_flags", mode="before")
    @classmethod
    def _clean_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in value.replace(";", ",").split(",")]
        if isinstance(value, list | tuple):
            return _words(value)
        return value


class Episode(Record):
    """A spell of back pain, from the day it started to the day it ended (None: still going)."""

    started: dt.date = Field(ge=EARLIEST, le=LATEST)
    ended: dt.date | None = Field(default=None, ge=EARLIEST, le=LATEST)
    location: Location = Location("lower")
    worst_pain: int = Field(ge=0, le=10)
    triggers: tuple[str, ...] = ()
    helped: tuple[str, ...] = ()
    notes: str = Field(default="", max_length=4000)

    @field_validator("triggers", "helped", mode="before")
    @classmethod
    def _clean_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if isinstance(value, list | tuple):
            return _words(value)
        return value

    @model_validator(mode="after")
    def _order(self) -> Episode:
        if self.ended is not None and self.ended < self.started:
            raise ValueError("the end date is before the start date")
        return self

    def covers(self, day: dt.date, today: dt.date) -> bool:
        return self.started <= day <= (self.ended or today)


def utc(moment: dt.datetime) -> dt.datetime:
    """The same moment in UTC; a naive time is taken to be UTC already (as stored)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


class AssessmentRecord(Record):
    """An assessment as it was shown, kept with the knowledge version that produced it."""

    created_at: dt.datetime
    day: dt.date | None = None
    disposition: Disposition
    knowledge_version: str = Field(min_length=1, max_length=64)
    result: dict[str, Any]

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return utc(value)


class QuestionnaireRecord(Record):
    """A questionnaire score, kept with the knowledge version that scored it."""

    created_at: dt.datetime
    instrument: str = Field(min_length=1, max_length=40)
    score: float
    band: str | None = Field(default=None, max_length=40)
    answers: dict[str, Any] = Field(default_factory=dict)
    knowledge_version: str = Field(min_length=1, max_length=64)

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return utc(value)


class Bundle(Record):
    """A validated set of records to import."""

    episodes: tuple[Episode, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    assessments: tuple[AssessmentRecord, ...] = ()
    questionnaires: tuple[QuestionnaireRecord, ...] = ()


_FIELD_WORDS = {
    "day": "a date from 1900 to 2200 written as YYYY-MM-DD",
    "started": "a date from 1900 to 2200 written as YYYY-MM-DD",
    "ended": "a date from 1900 to 2200 written as YYYY-MM-DD, or empty",
    "pain": "a whole number from 0 to 10",
    "worst_pain": "a whole number from 0 to 10",
    "function": "a whole number from 0 (can do nothing) to 10 (can do everything as usual)",
    "sleep_hours": "a number of hours from 0 to 24",
    "sitting_hours": "a number of hours from 0 to 24",
    "active_minutes": "a whole number of minutes from 0 to 1440",
    "stress": "a whole number from 0 to 10",
    "location": "lower, middle or upper",
    "notes": "text of at most 4000 characters",
    "created_at": "a date and time such as 2026-01-31T08:00:00+00:00",
    "disposition": "self_care, routine, urgent or emergency",
    "knowledge_version": "the knowledge version (1 to 64 characters)",
    "result": "an object (the assessment as shown)",
    "score": "a number",
}


def _sentence(exc: ValidationError, where: str) -> str:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    prefix = f"{where}: " if where else ""
    if first["type"] == "extra_forbidden":
        return f"{prefix}'{field}' is not a field the diary knows."
    if first["type"] == "missing":
        return f"{prefix}'{field}' is required."
    if not field:
        return f"{prefix}{first['msg'].removeprefix('Value error, ')}."
    words = _FIELD_WORDS.get(field, first["msg"])
    return f"{prefix}{field} must be {words}, not {first.get('input')!r}."


def _check_red_flags(checkin: CheckIn, knowledge: Knowledge, where: str) -> None:
    prefix = f"{where}: " if where else ""
    for flag in checkin.red_flags:
        finding = knowledge.findings.get(flag)
        if finding is None or not finding.red_flag:
            raise DiaryError(
                f"{prefix}'{flag}' is not a known danger sign (see `backspasm knowledge findings`)."
            )


def parse_checkin(raw: Mapping[str, Any], knowledge: Knowledge, where: str = "") -> CheckIn:
    try:
        checkin = CheckIn.model_validate(dict(raw))
    except ValidationError as exc:
        raise DiaryError(_sentence(exc, where)) from None
    _check_red_flags(checkin, knowledge, where)
    return checkin


def parse_episode(raw: Mapping[str, Any], where: str = "") -> Episode:
    try:
        return Episode.model_validate(dict(raw))
    except ValidationError as exc:
        raise DiaryError(_sentence(exc, where)) from None


def parse_bundle(raw: Any, knowledge: Knowledge) -> Bundle:
    """Validate a whole import document; the first problem found is reported, nothing else."""
    if not isinstance(raw, dict):
        raise DiaryError(
            "a diary export must hold a JSON object with 'episodes' and 'checkins' lists."
        )
    unknown = set(raw) - {
        "format",
        "version",
        "episodes",
        "checkins",
        "assessments",
        "questionnaires",
        "person",
        "exported",
    }
    if unknown:
        raise DiaryError(f"{sorted(unknown)[0]!r} is not a section the diary knows.")
    fmt = raw.get("format", EXPORT_FORMAT)
    if fmt != EXPORT_FORMAT:
        raise DiaryError(f"the file's format is {fmt!r}, not {EXPORT_FORMAT!r}.")
    episodes: list[Episode] = []
    checkins: list[CheckIn] = []
    assessments: list[AssessmentRecord] = []
    questionnaires: list[QuestionnaireRecord] = []
    for name in ("episodes", "checkins", "assessments", "questionnaires"):
        items = raw.get(name)
        if items is None:
            items = []
        if not isinstance(items, list):
            raise DiaryError(f"{name!r} must be a list.")
        for i, item in enumerate(items, start=1):
            where = f"{name} entry {i}"
            if not isinstance(item, dict):
                raise DiaryError(f"{where}: must be an object.")
            if name == "episodes":
                episodes.append(parse_episode(item, where))
            elif name == "checkins":
                checkins.append(parse_checkin(item, knowledge, where))
            else:
                model = AssessmentRecord if name == "assessments" else QuestionnaireRecord
                try:
                    record = model.model_validate(item)
                except ValidationError as exc:
                    raise DiaryError(_sentence(exc, where)) from None
                if isinstance(record, AssessmentRecord):
                    assessments.append(record)
                else:
                    questionnaires.append(record)
    seen: dict[dt.date, int] = {}
    for i, c in enumerate(checkins, start=1):
        if c.day in seen and checkins[seen[c.day] - 1] != c:
            raise DiaryError(
                f"checkins entry {i}: {c.day} appears twice in the file with different values."
            )
        seen.setdefault(c.day, i)
    return Bundle(
        episodes=tuple(dict.fromkeys(episodes)),
        checkins=tuple(dict.fromkeys(checkins)),
        assessments=tuple(assessments),
        questionnaires=tuple(questionnaires),
    )


def episode_on(episodes: Sequence[Episode], day: dt.date) -> Episode | None:
    """The latest episode that had started by ``day`` and had not ended before it."""
    best: Episode | None = None
    for e in episodes:
        if e.covers(day, day) and (best is None or e.started > best.started):
            best = e
    return best


def triage_checkin(
    knowledge: Knowledge, checkin: CheckIn, episode: Episode | None, age: int | None = None
) -> Assessment | None:
    """Run the triage at once when a check-in ticks a danger sign; None when it ticks none.

    Only ticked signs are passed as present: the others stay unknown, so the assessment still
    asks about them rather than assuming them away.
    """
    if not checkin.red_flags:
        return None
    answers = Answers(
        age=age,
        location=episode.location if episode else None,
        duration_days=float((checkin.day - episode.started).days) if episode else None,
        pain_score=checkin.pain,
        findings={flag: True for flag in checkin.red_flags},
    )
    return assess(knowledge, answers)
