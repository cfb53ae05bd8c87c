"""The answers a person gives, validated against the knowledge base.

The format is shared by files, the API and the interview::

    {"age": 44, "sex": "female", "location": "lower", "duration_days": 2,
     "pain_score": 7, "findings": {"saddle_numbness": true, "fever": false}}

A finding that is left out (or given as null) is unknown. ``"unsure": ["fever"]`` lists
findings the person mentioned but was not sure of: they stay unanswered (and are asked),
but the triage treats them as present, because an engine that is unsure escalates.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..knowledge.loader import Knowledge
from ..knowledge.models import Location, Sex


class AnswersError(ValueError):
    """Answers that cannot be used; the message is one plain sentence naming the problem."""


class Answers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    age: int | None = Field(default=None, ge=0, le=120)
    sex: Sex | None = None
    location: Location | None = None
    duration_days: float | None = Field(default=None, ge=0, le=36500)
    pain_score: int | None = Field(default=None, ge=0, le=10)
    findings: dict[str, bool] = Field(default_factory=dict)
    #: Findings mentioned but not sure of; never also in ``findings``.
    unsure: list[str] = Field(default_factory=list)

    def present(self, finding_id: str) -> bool:
        return self.findings.get(finding_id) is True

    def absent(self, finding_id: str) -> bool:
        return self.findings.get(finding_id) is False

    def known(self, finding_id: str) -> bool:
        return finding_id in self.findings

    def with_finding(self, finding_id: str, value: bool) -> Answers:
        return self.model_copy(update={"findings": {**self.findings, finding_id: value}})

    def assuming_unsure_present(self) -> Answers:
        """These answers with every unsure finding counted as a yes (for the triage)."""
        if not self.unsure:
            return self
        extra = {f: True for f in self.unsure}
        return self.model_copy(update={"findings": {**self.findings, **extra}, "unsure": []})


_FIELD_WORDS = {
    "age": "age must be a whole number of years from 0 to 120",
    "sex": "sex must be female, male or other",
    "location": "location must be lower, middle or upper",
    "duration_days": "duration_days must be a number of days from 0 upwards",
    "pain_score": "pain_score must be a whole number from 0 to 10",
}


def _unknown(key: str) -> AnswersError:
    return AnswersError(f"{key!r} is not a known finding id (see `backspasm knowledge findings`).")


def check_answers(answers: Answers, knowledge: Knowledge) -> Answers:
    """Answers already of the right shape (say, validated by the web framework), checked
    against the knowledge as :func:`parse_answers` checks them; a repeated unsure id is
    dropped. Raises AnswersError naming the first problem."""
    known = knowledge.findings
    for key in answers.findings:
        if key not in known:
            raise _unknown(key)
    for key in answers.unsure:
        if key not in known:
            raise _unknown(key)
        if key in answers.findings:
            raise AnswersError(f"{key!r} cannot be both answered and unsure.")
    if len(set(answers.unsure)) != len(answers.unsure):
        return answers.model_copy(update={"unsure": list(dict.fromkeys(answers.unsure))})
    return answers


def parse_answers(raw: Any, knowledge: Knowledge) -> Answers:
    """Validate raw answers (decoded JSON) into :class:`Answers`, or raise AnswersError."""
    if not isinstance(raw, dict):
        raise AnswersError('The answers must be a JSON object such as {"age": 40, "findings": {}}.')
    findings = raw.get("findings", {})
    if findings is None:
        findings = {}
    if not isinstance(findings, dict):
        raise AnswersError("'findings' must be an object mapping finding ids to true or false.")
    clean: dict[str, bool] = {}
    for key, value in findings.items():
        if key not in knowledge.findings:
            raise _unknown(key)
        if value is None:
            continue
        if not isinstance(value, bool):
            raise AnswersError(f"The finding '{key}' must be true, false or null, not {value!r}.")
        clean[key] = value
    unsure = raw.get("unsure", [])
    if not isinstance(unsure, list) or not all(isinstance(u, str) for u in unsure):
        raise AnswersError("'unsure' must be a list of finding ids.")
    for key in unsure:
        if key not in knowledge.findings:
            raise _unknown(key)
    try:
        answers = Answers.model_validate({**raw, "findings": clean, "unsure": unsure})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        if first["type"] == "extra_forbidden":
            raise AnswersError(f"{field!r} is not a recognised field of the answers.") from None
        words = _FIELD_WORDS.get(field, f"{field}: {first['msg']}")
        value = first.get("input")
        raise AnswersError(f"The value {value!r} is not allowed: {words}.") from None
    return check_answers(answers, knowledge)
