"""Typed shapes of the care knowledge (``knowledge/data/care/*.yaml``).

Unknown keys are refused. Cross-references (a recommendation naming a medicine, a medicine
rule naming a context item, anything citing a source) are checked by
:func:`backspasm.knowledge.care.load_care_knowledge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator

from ..knowledge.models import ID_PATTERN, Location, Sex, Source, Strict


class Phase(StrEnum):
    """The stages of an episode, in order."""

    first_48_hours = "first_48_hours"
    days_3_to_14 = "days_3_to_14"
    after_two_weeks = "after_two_weeks"
    prevention = "prevention"

    @property
    def label(self) -> str:
        return _PHASE_LABELS[self]


_PHASE_LABELS = {
    Phase.first_48_hours: "The first 48 hours",
    Phase.days_3_to_14: "Days 3 to 14",
    Phase.after_two_weeks: "After two weeks",
    Phase.prevention: "Preventing the next episode",
}


class Risk(StrEnum):
    """Keele STarT Back risk group; it chooses the treatment pathway."""

    low = "low"
    medium = "medium"
    high = "high"


Stance = Literal["do", "consider", "do_not"]
Evidence = Literal["high", "moderate", "low", "very_low", "consensus", "none"]
Effect = Literal["avoid", "caution"]

EVIDENCE_WORDS: dict[str, str] = {
    "high": "high certainty",
    "moderate": "moderate certainty",
    "low": "low certainty",
    "very_low": "very low certainty",
    "consensus": "expert consensus, no trials",
    "none": "no research on this",
}


class ContextItem(Strict):
    """One fact about the person that can rule a medicine or exercise in or out."""

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=3)
    question: str = Field(min_length=10)
    from_findings: list[str] = Field(default_factory=list)
    medicine_names: list[str] = Field(default_factory=list)
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    #: Only asked of these sexes; for anyone else the answer is taken as no.
    only_sex: list[Sex] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)


class MedicineRule(Strict):
    when: str = Field(pattern=ID_PATTERN)
    effect: Effect
    reason: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)


class Medicine(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3)
    group: Literal["oral_nsaid", "topical_nsaid", "paracetamol", "weak_opioid", "muscle_relaxant"]
    supply: Literal["over_the_counter", "pharmacy", "prescription"]
    dose: str = Field(min_length=5)
    daily_max: str = Field(min_length=5)
    warnings: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    rules: list[MedicineRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_rule_per_item(self) -> Medicine:
        seen = [r.when for r in self.rules]
        if len(seen) != len(set(seen)):
            raise ValueError("a context item has more than one rule")
        return self


class Recommendation(Strict):
    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(min_length=3)
    phases: list[Phase] = Field(min_length=1)
    pathways: list[Risk] = Field(default_factory=list)
    stance: Stance
    what: str = Field(min_length=20)
    why: str = Field(min_length=20)
    evidence: Evidence
    sources: list[str] = Field(min_length=1)
    medicine: str | None = None
    only_if_unsuitable: list[str] = Field(default_factory=list)
    not_when: list[str] = Field(default_factory=list)


class HelpItem(Strict):
    id: str = Field(pattern=ID_PATTERN)
    urgency: Literal["emergency", "urgent", "routine"]
    when: str = Field(min_length=10)
    action: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)


class InstrumentItem(Strict):
    number: int = Field(ge=1)
    topic: str = Field(min_length=2)
    text: str | None = None
    loinc: str | None = Field(default=None, pattern=r"^\d{1,7}-\d$")
    distress: bool = False
    options: list[str] = Field(default_factory=list)


class MinimalImportantChange(Strict):
    points: float = Field(gt=0)
    percent: float = Field(gt=0, le=100)
    sources: list[str] = Field(min_length=1)


class InstrumentExample(Strict):
    """A worked example: these answers (file format) must give these result fields."""

    answers: dict[str, Any]
    expect: dict[str, Any] = Field(min_length=1)
    note: str | None = None


class Instrument(Strict):
    id: Literal["startback", "odi", "rmdq", "pain"]
    name: str
    short: str
    #: The LOINC code of the questionnaire as a whole, a panel ("order") code: it never
    #: codes a result. Use :attr:`loinc_score` for a total.
    loinc_panel: str | None = Field(default=None, pattern=r"^\d{1,7}-\d$")
    #: The LOINC code of the total score: what every front end shows with a total and what
    #: an Observation of the total is coded with.
    loinc_score: str | None = Field(default=None, pattern=r"^\d{1,7}-\d$")
    #: LOINC codes of other results of the instrument (e.g. a subscore), by result name.
    loinc_parts: dict[str, str] = Field(default_factory=dict)
    #: LOINC answer codes of a result given in words, by result name then word.
    loinc_answers: dict[str, dict[str, str]] = Field(default_factory=dict)
    wording_shipped: bool
    copyright: str | None
    licence: str = Field(min_length=10)
    recall: str
    score_range: tuple[int, int]
    mic: MinimalImportantChange | None = None
    sources: list[str] = Field(min_length=1)
    items: list[InstrumentItem] = Field(min_length=1)
    examples: list[InstrumentExample] = Field(min_length=2)

    @model_validator(mode="after")
    def _wording_matches_licence(self) -> Instrument:
        for part, code in self.loinc_parts.items():
            if not re.fullmatch(r"\d{1,7}-\d", code):
                raise ValueError(f"loinc_parts.{part} is not a LOINC code: {code!r}")
        for part, answers in self.loinc_answers.items():
            if part not in self.loinc_parts:
                raise ValueError(f"loinc_answers.{part} answers a result with no LOINC code")
            for word, code in answers.items():
                if not re.fullmatch(r"LA\d{1,8}-\d", code):
                    raise ValueError(f"loinc_answers.{part}.{word} is not a LOINC answer code: "
                                     f"{code!r}")
        numbers = [i.number for i in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("items must be numbered 1, 2, 3, ... in order")
        has_text = any(i.text for i in self.items)
        if has_text and not self.wording_shipped:
            raise ValueError("item text is given although wording_shipped is false")
        if self.wording_shipped and self.copyright is None and self.id != "pain":
            raise ValueError("shipped wording needs its copyright notice")
        return self


class Exercise(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3)
    aliases: list[str] = Field(default_factory=list)
    regions: list[Location] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)
    position: str = Field(min_length=3)
    steps: list[str] = Field(min_length=2)
    hold_seconds: int = Field(ge=1, le=1800)
    reps: int = Field(ge=1, le=30)
    rest_seconds: int = Field(ge=0, le=300)
    each_side: bool = False
    feel: str = Field(min_length=5)
    stop_if: str = Field(min_length=5)
    not_for: list[str] = Field(default_factory=list)
    avoid_when: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)


class Routine(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3)
    phases: list[Phase] = Field(min_length=1)
    exercises: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class CareKnowledge:
    """The validated care knowledge. Build it with ``backspasm.knowledge.care``."""

    instruments: dict[str, Instrument]
    recommendations: tuple[Recommendation, ...]
    medicines: dict[str, Medicine]
    context: dict[str, ContextItem]
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    help: tuple[HelpItem, ...]
    sources: dict[str, Source]
