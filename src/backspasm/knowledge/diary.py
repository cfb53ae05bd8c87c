"""The diary's own knowledge: the expected course of an episode, thresholds and trigger factors.

Read from ``data/diary/course.yaml`` and checked against the bibliography, so every number
the insights use has a source id next to it.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .loader import DATA_DIR, Knowledge, KnowledgeError, default_knowledge, read_yaml

COURSE_FILE = DATA_DIR / "diary" / "course.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CoursePoint(_Strict):
    day: int = Field(ge=0)
    mean: float = Field(ge=0, le=100)
    low: float = Field(ge=0, le=100)
    high: float = Field(ge=0, le=100)


class ExpectedCourse(_Strict):
    source: str
    note: str
    points: tuple[CoursePoint, ...] = Field(min_length=2)

    @model_validator(mode="before")
    @classmethod
    def _points_from_lists(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("points"), list):
            pts = []
            for p in data["points"]:
                if isinstance(p, list) and len(p) == 4:
                    pts.append({"day": p[0], "mean": p[1], "low": p[2], "high": p[3]})
                else:
                    pts.append(p)
            data = {**data, "points": pts}
        return data

    def _at(self, day: float, which: str) -> float:
        pts = self.points
        start = pts[0].mean
        if day <= pts[0].day:
            return float(getattr(pts[0], which)) / start
        for a, b in itertools.pairwise(pts):
            if day <= b.day:
                t = (day - a.day) / (b.day - a.day)
                va, vb = float(getattr(a, which)), float(getattr(b, which))
                return (va + t * (vb - va)) / start
        return float(getattr(pts[-1], which)) / start

    def proportion(self, day: float) -> float:
        """Expected pain as a proportion of the pain at onset, ``day`` days in (interpolated)."""
        return self._at(day, "mean")

    def interval(self, day: float) -> tuple[float, float]:
        """The 95% CI of the pooled mean at ``day``, as proportions of the mean at onset
        (interpolated between the measured points: an estimate)."""
        return self._at(day, "low"), self._at(day, "high")


class NotImproving(_Strict):
    after_days: int = Field(ge=1)
    min_drop: float = Field(gt=0, lt=1)
    sources: tuple[str, ...] = Field(min_length=1)


class Slower(_Strict):
    margin: float = Field(gt=0, lt=1)
    sources: tuple[str, ...] = Field(min_length=1)


class GettingWorse(_Strict):
    rise: float = Field(gt=0)
    window_days: int = Field(ge=1)
    sources: tuple[str, ...] = Field(min_length=1)


class LongEpisode(_Strict):
    after_days: int = Field(ge=1)
    sources: tuple[str, ...] = Field(min_length=1)


class Recurrence(_Strict):
    window_days: int = Field(ge=1)
    min_episodes: int = Field(ge=2)
    sources: tuple[str, ...] = Field(min_length=1)


class Thresholds(_Strict):
    not_improving: NotImproving
    slower_than_expected: Slower
    getting_worse: GettingWorse
    recurrence: Recurrence
    long_episode: LongEpisode


class TriggerFactor(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    field: Literal["sleep_hours", "sitting_hours", "stress", "active_minutes", "pain"]
    below: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one_test(self) -> TriggerFactor:
        if (self.below is None) == (self.at_least is None):
            raise ValueError("give exactly one of 'below' or 'at_least'")
        return self


class Triggers(_Strict):
    min_days_each: int = Field(ge=1)
    min_episodes: int = Field(ge=1)
    sources: tuple[str, ...] = Field(min_length=1)
    factors: tuple[TriggerFactor, ...] = Field(min_length=1)


class DiaryKnowledge(_Strict):
    expected_course: ExpectedCourse
    thresholds: Thresholds
    triggers: Triggers

    def source_ids(self) -> set[str]:
        t = self.thresholds
        ids = {self.expected_course.source, *self.triggers.sources}
        parts = (t.not_improving, t.slower_than_expected, t.getting_worse, t.recurrence,
                 t.long_episode)
        for part in parts:
            ids.update(part.sources)
        return ids


def load_diary_knowledge(
    path: Path | None = None, knowledge: Knowledge | None = None
) -> DiaryKnowledge:
    """Read and validate the diary knowledge; every source id must exist in the bibliography."""
    path = path or COURSE_FILE
    raw = read_yaml(path)
    try:
        dk = DiaryKnowledge.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(f"diary/{path.name}: field '{loc}': {first['msg']}.") from None
    sources = (knowledge or default_knowledge()).sources
    for sid in sorted(dk.source_ids()):
        if sid not in sources:
            raise KnowledgeError(f"diary/{path.name}: unknown source '{sid}'.")
    return dk


@cache
def default_diary_knowledge() -> DiaryKnowledge:
    return load_diary_knowledge()
