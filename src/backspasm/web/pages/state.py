"""The interview's state, carried in the address (query string) and hidden form fields.

No server session: every page's address holds all the answers, so the browser's back
button, a reload or a bookmark never lose them. The format::

    /interview?age=44&sex=female&f=fever:m&d=fever&f=saddle_numbness:n&f=cancer_history:u&at=0

``age``, ``sex``, ``location``, ``duration_days`` and ``pain_score`` are the basics (empty
means unknown); each ``f`` is one answer in the order given: ``y`` (yes), ``n`` (no),
``u`` (not sure: counts as a yes for the triage, is named "not sure" in the result and is
not asked again) or ``m`` (the description said "maybe": counts as a yes too, and is asked
once to confirm). Each ``d`` names a finding whose answer came from the person's
description rather than from a question on screen (those are not numbered as questions).
``at`` revisits an earlier answer. This module only encodes and decodes; the answers are
validated by :func:`backspasm.core.answers.parse_answers` and the "not sure" policy is
:mod:`backspasm.core.interview`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

BASICS = ("age", "sex", "location", "duration_days", "pain_score")
VALUES = {"y": True, "n": False, "u": None, "m": None}
#: The answers a person can give on screen ("m" only comes from the description).
CHOICES = ("y", "n", "u")
#: More steps than there are findings cannot come from the interview.
MAX_STEPS = 300
MAX_VALUE = 40


class StateError(ValueError):
    """The address does not hold a readable interview state; the message is plain."""


@dataclass(frozen=True)
class State:
    basics: tuple[tuple[str, str], ...] = ()
    steps: tuple[tuple[str, str], ...] = ()
    #: Findings whose step came from the description, not from a question on screen.
    described: frozenset[str] = frozenset()

    @classmethod
    def from_params(cls, params: Any) -> State:
        """Read from a Starlette ``QueryParams``/``FormData`` (anything with getlist)."""
        basics: list[tuple[str, str]] = []
        for key in BASICS:
            value = (params.get(key) or "").strip()
            if len(value) > MAX_VALUE:
                raise StateError(f"The value given for {key.replace('_', ' ')} is too long.")
            if value:
                basics.append((key, value))
        steps: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        tokens = params.getlist("f")
        if len(tokens) > MAX_STEPS:
            raise StateError("The address holds more answers than there are questions.")
        for token in tokens:
            fid, sep, value = str(token).partition(":")
            if not sep or value not in VALUES or not fid or len(fid) > 80:
                shown = str(token)[:80]
                raise StateError(f"The answer {shown!r} in the address is not understood.")
            if fid in seen:
                steps[seen[fid]] = (fid, value)
            else:
                seen[fid] = len(steps)
                steps.append((fid, value))
        marks = params.getlist("d")
        if len(marks) > MAX_STEPS:
            raise StateError("The address holds more answers than there are questions.")
        described = frozenset(str(m) for m in marks) & seen.keys()
        return cls(tuple(basics), tuple(steps), described)

    def raw_answers(self) -> dict[str, Any]:
        """The answers in the shared format, for ``parse_answers``."""
        findings = {fid: VALUES[v] for fid, v in self.steps if VALUES[v] is not None}
        unsure = [fid for fid, v in self.steps if v in ("u", "m")]
        return {**dict(self.basics), "findings": findings, "unsure": unsure}

    def pending(self) -> frozenset[str]:
        """Findings the description only said "maybe" about, not yet asked on screen."""
        return frozenset(fid for fid, v in self.steps if v == "m")

    def number_of(self, index: int) -> int | None:
        """The question number of the step at ``index``; None for one from the description."""
        fid = self.steps[index][0]
        if fid in self.described:
            return None
        return 1 + sum(1 for f, _ in self.steps[:index] if f not in self.described)

    def next_number(self) -> int:
        """The number of the next question asked on screen."""
        return 1 + sum(1 for f, _ in self.steps if f not in self.described)

    def answer_of(self, finding_id: str) -> str | None:
        return dict(self.steps).get(finding_id)

    def index_of(self, finding_id: str) -> int | None:
        for i, (fid, _) in enumerate(self.steps):
            if fid == finding_id:
                return i
        return None

    def with_answer(self, finding_id: str, value: str) -> State:
        """Record an answer; an earlier answer to the same question is replaced in place."""
        i = self.index_of(finding_id)
        if i is None:
            return State(self.basics, (*self.steps, (finding_id, value)), self.described)
        steps = list(self.steps)
        steps[i] = (finding_id, value)
        return State(self.basics, tuple(steps), self.described)

    def with_asked(self, finding_id: str, value: str) -> State:
        """Record the answer to a question just asked on screen.

        A "maybe" from the description that is now asked becomes a numbered question in
        the order asked; any other earlier answer is replaced in place.
        """
        if self.answer_of(finding_id) != "m":
            return self.with_answer(finding_id, value)
        steps = tuple(s for s in self.steps if s[0] != finding_id)
        return State(self.basics, (*steps, (finding_id, value)), self.described - {finding_id})

    def with_described(self, finding_id: str, value: str) -> State:
        """Record an answer read from the description."""
        added = self.with_answer(finding_id, value)
        return State(added.basics, added.steps, self.described | {finding_id})

    def with_basics(self, basics: Mapping[str, str]) -> State:
        clean = tuple((k, basics[k]) for k in BASICS if basics.get(k))
        return State(clean, self.steps, self.described)

    def pairs(self) -> list[tuple[str, str]]:
        """(name, value) pairs for hidden form fields and the query string."""
        marks = [("d", fid) for fid, _ in self.steps if fid in self.described]
        return [*self.basics, *((("f", f"{fid}:{v}")) for fid, v in self.steps), *marks]

    def query(self, **extra: object) -> str:
        pairs = self.pairs() + [(k, str(v)) for k, v in extra.items() if v is not None]
        return urlencode(pairs)
