"""Request and response shapes of the JSON API (they document the OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...core.answers import Answers
from ...core.assessment import Assessment
from ...knowledge.models import Disposition


class Req(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssessmentRequest(Req):
    """Give either ``answers`` (the same format as ``backspasm assess --answers``) or
    ``text`` (a description in the person's own words; needs the free-text intake)."""

    answers: Answers | None = Field(
        default=None,
        examples=[{"age": 44, "sex": "female", "location": "lower", "duration_days": 2,
                   "pain_score": 7, "findings": {"saddle_numbness": False, "fever": False}}],
    )
    text: str | None = Field(
        default=None, min_length=1, max_length=5000,
        examples=["My lower back locked up this morning when I bent over to pick up a box."],
    )

    @model_validator(mode="after")
    def _one_of(self) -> AssessmentRequest:
        if (self.answers is None) == (self.text is None):
            raise ValueError("give either 'answers' or 'text', not both and not neither")
        return self


class ExtractedFinding(BaseModel):
    id: str
    status: Literal["present", "absent", "uncertain"]
    text: str = Field(description="The words in the description that support it.")
    context: str | None = Field(
        default=None, description="Whose and when, e.g. current, family or historical."
    )


class ExtractionOut(BaseModel):
    """What the free-text intake understood from the description.

    ``answers`` holds only what the text settles; uncertain findings stay unknown, so a
    red flag among them is still listed as unanswered.
    """

    answers: Answers
    findings: list[ExtractedFinding]
    out_of_scope: bool
    message: str | None = None
    facts: dict[str, Any] | None = Field(
        default=None, description="Plain facts read from the text (age, duration, ...)."
    )


class AssessmentOut(Assessment):
    """The assessment (as ``backspasm assess --json``), plus what was read from the text."""

    extraction: ExtractionOut | None = Field(
        default=None, description="Only for text: what the free-text intake understood."
    )


class InterviewRequest(Req):
    answers: Answers = Field(default_factory=Answers, examples=[{"age": 44, "findings": {}}])
    skipped: list[str] = Field(
        default_factory=list, max_length=500,
        description=(
            "Finding ids the person chose not to answer (they stay unknown). Findings the "
            "person is not sure of go in answers.unsure instead: they count as present."
        ),
    )


class QuestionOut(BaseModel):
    finding: str = Field(description="The finding id to answer with true or false.")
    question: str
    help: str | None = None
    red_flag: bool
    why: Literal["red_flag", "escalation", "differential"]


class InterviewStep(BaseModel):
    done: bool = Field(description="True when no answer could change the result any more.")
    question: QuestionOut | None
    disposition_so_far: Disposition


class Health(BaseModel):
    status: Literal["ok"]
    knowledge_version: str


class KnowledgeSummary(BaseModel):
    version: str
    findings: int
    red_flags: int
    conditions: int
    rules: int
    sources: int
