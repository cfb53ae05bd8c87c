"""Typed shapes of the clinical knowledge base.

Every YAML file in ``knowledge/data`` is validated into these models when it is loaded.
Unknown keys are refused (``extra="forbid"``) so a misspelt key is an error rather than a
silently ignored rule. Cross-references (a rule naming a finding, a condition citing a
source) are checked by :mod:`backspasm.knowledge.loader` once every file is read.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Disposition(StrEnum):
    """How soon the person needs care, from least to most urgent."""

    self_care = "self_care"
    routine = "routine"
    urgent = "urgent"
    emergency = "emergency"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {
    Disposition.self_care: 0,
    Disposition.routine: 1,
    Disposition.urgent: 2,
    Disposition.emergency: 3,
}


class Location(StrEnum):
    LOWER = "lower"
    MIDDLE = "middle"
    UPPER = "upper"


class Sex(StrEnum):
    female = "female"
    male = "male"
    other = "other"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """One entry of the bibliography: a guideline, review, trial or official advice page."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3)
    authors: str = Field(min_length=2)
    year: int = Field(ge=1950, le=2100)
    kind: Literal[
        "guideline",
        "systematic_review",
        "trial",
        "cohort",
        "diagnostic_study",
        "instrument",
        "patient_information",
        "textbook",
    ]
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    note: str | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> Source:
        if not self.doi and not self.url:
            raise ValueError("needs a doi or a url")
        return self

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else str(self.url)


class Finding(Strict):
    """Something a person can report: a yes/no question in plain language."""

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=3)
    question: str = Field(min_length=10)
    help: str | None = None
    type: Literal["boolean"] = "boolean"
    red_flag: bool
    category: Literal[
        "neurological",
        "trauma",
        "cardiovascular",
        "systemic",
        "risk_factor",
        "urinary",
        "abdominal",
        "skin",
        "medicine",
        "pregnancy",
        "pain_pattern",
        "onset",
        "lifestyle",
    ]
    lay_phrases: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    #: Likelihood ratio of a "yes" for conditions that do not list this finding: below 1
    #: for signs that point to particular conditions, so a yes lowers the unrelated ones.
    unrelated_lr: float = Field(default=1.0, gt=0, le=1)
    #: Ask only when this holds (e.g. pregnancy warning signs only in pregnancy).
    ask_when: Pattern | None = None
    #: Never ask when this holds (e.g. pregnancy when the person is male).
    skip_when: Pattern | None = None


class Pattern(Strict):
    """A pattern over the answers, the shared condition language of rules and modifiers.

    Every clause given must hold. ``all``/``any``/``none`` look at findings answered yes;
    ``absent`` needs an explicit no. A finding that was not answered is never present.
    """

    all: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    any_min: int = Field(default=1, ge=1)
    none: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    either: list[Pattern] = Field(default_factory=list)
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    sex: list[Sex] = Field(default_factory=list)
    location: list[Location] = Field(default_factory=list)
    #: Holds unless the place of the pain is known to be one of these: an unknown place
    #: counts as possible, the safe side for rules about danger signs felt high in the back.
    unless_location: list[Location] = Field(default_factory=list)
    duration_min_days: float | None = Field(default=None, ge=0)
    duration_max_days: float | None = Field(default=None, ge=0)
    #: Holds unless the duration is known to be longer: an unknown duration counts as
    #: short, the safe side for rules about new symptoms.
    unless_duration_over_days: float | None = Field(default=None, ge=0)
    pain_min: int | None = Field(default=None, ge=0, le=10)
    pain_max: int | None = Field(default=None, ge=0, le=10)

    @model_validator(mode="after")
    def _not_empty(self) -> Pattern:
        if not self.model_dump(exclude_defaults=True):
            raise ValueError("a pattern needs at least one clause")
        if self.any_min > max(1, len(self.any)):
            raise ValueError("any_min is larger than the number of findings in any")
        for clause in ("all", "any", "none", "absent"):
            ids = getattr(self, clause)
            if len(set(ids)) != len(ids):
                raise ValueError(f"a finding is listed twice in '{clause}'")
        return self

    def finding_ids(self) -> set[str]:
        ids = set(self.all) | set(self.any) | set(self.none) | set(self.absent)
        for sub in self.either:
            ids |= sub.finding_ids()
        return ids

    def positive_finding_ids(self) -> set[str]:
        """Findings whose being present can make this pattern match."""
        ids = set(self.all) | set(self.any)
        for sub in self.either:
            ids |= sub.positive_finding_ids()
        return ids


Finding.model_rebuild()


class LikelihoodRatio(Strict):
    """How much a yes (``present``) or a no (``absent``) multiplies the odds of a condition."""

    present: float = Field(default=1.0, gt=0, le=1000)
    absent: float = Field(default=1.0, gt=0, le=1000)
    estimate: bool


class Modifier(Strict):
    """Multiplies a condition's odds when a pattern of age, sex, place or findings holds."""

    when: Pattern
    factor: float = Field(gt=0, le=1000)
    estimate: bool
    note: str | None = None


class Condition(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3)
    explanation: str = Field(min_length=20)
    icd10: str = Field(pattern=r"^[A-Z]\d{2}(\.\d{1,2})?$")
    category: Literal[
        "mechanical",
        "nerve_root",
        "inflammatory",
        "serious_spinal",
        "visceral",
        "vascular",
        "infection",
        "skin",
        "pregnancy",
        "medicine_harm",
    ]
    seriousness: Disposition
    prior: float = Field(gt=0, lt=1)
    prior_is_estimate: bool
    likelihood_ratios: dict[str, LikelihoodRatio] = Field(default_factory=dict)
    modifiers: list[Modifier] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)


class RuleExample(Strict):
    """A worked example: these answers must (or must not) make the rule fire."""

    answers: dict[str, Any]
    fires: bool
    note: str | None = None


class Rule(Strict):
    """A triage rule: when the pattern holds, care is needed at least this soon."""

    id: str = Field(pattern=ID_PATTERN)
    disposition: Disposition
    when: Pattern
    message: str = Field(min_length=10)
    suspects: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    examples: list[RuleExample] = Field(min_length=2)

    @field_validator("examples")
    @classmethod
    def _both_ways(cls, examples: list[RuleExample]) -> list[RuleExample]:
        if not any(e.fires for e in examples) or all(e.fires for e in examples):
            raise ValueError("needs at least one example that fires and one that does not")
        return examples


class DispositionInfo(Strict):
    id: Disposition
    label: str
    action: str = Field(min_length=10)
    safety_net: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
