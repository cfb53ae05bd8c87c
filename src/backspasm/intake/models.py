"""What the intake hands back: the findings it read in a person's own words.

Pure pydantic models, no spaCy: importing them is cheap.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..core.answers import Answers

Status = Literal["present", "absent", "uncertain"]
Context = Literal["current", "family", "historical", "hypothetical"]
Side = Literal["left", "right", "both", "central"]
Onset = Literal["sudden", "gradual"]


class ExtractedFinding(BaseModel):
    """One finding read from the text, with the words that support it.

    ``context`` tells whose and when: ``current`` (the person, now), ``family`` (someone
    else, such as "my mum had cancer") or ``historical`` (old and resolved or unchanged,
    such as "a little leakage since my kids were born, no change").
    """

    model_config = ConfigDict(frozen=True)

    id: str
    status: Status
    text: str
    context: Context = "current"


class Facts(BaseModel):
    """The plain facts read from the text (each None when the text does not say)."""

    model_config = ConfigDict(frozen=True)

    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None
    duration_days: float | None = Field(default=None, ge=0, le=36500)
    location: Literal["lower", "middle", "upper"] | None = None
    side: Side | None = None
    onset: Onset | None = None
    pain_score: int | None = Field(default=None, ge=0, le=10)


class Extraction(BaseModel):
    """The result of reading one free-text complaint.

    ``answers`` holds only what the text settles for the person now: present findings are
    true, denied findings false. Uncertain findings, other people's and old unchanged ones
    are listed in ``findings`` but left unknown in ``answers``, so a red flag among them is
    still asked. ``message`` is a plain sentence when the text could not be used as it is
    (empty, too long, not English, not about the back). ``readable`` is False when nothing
    could be read at all (empty, too long or not English).
    """

    model_config = ConfigDict(frozen=True)

    answers: Answers
    findings: list[ExtractedFinding]
    out_of_scope: bool
    message: str | None = None
    facts: Facts = Field(default_factory=Facts)
    readable: bool = True
