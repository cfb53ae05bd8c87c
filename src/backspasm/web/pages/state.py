"""The interview's state, carried in the address (query string) and hidden form fields.

No server session: every page's address holds all the answers, so the browser's back
button, a reload or a bookmark never lose them. The format::

    /interview?age=44&sex=female&location=lower&f=saddle_numbness:n&f=fever:u&at=0

``age``, ``sex``, ``location``, ``duration_days`` and ``pain_score`` are the basics (empty
means unknown); each ``f`` is one answered question in the order asked, ``y`` (yes), ``n``
(no) or ``u`` (not sure: stays unknown); ``at`` revisits an earlier question. This module
only encodes and decodes; the answers are validated by :func:`backspasm.core.answers.parse_answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

BASICS = ("age", "sex", "location", "duration_days", "pain_score")
VALUES = {"y": True, "n": False, "u": None}
#: More steps than there are findings cannot come from the interview.
MAX_STEPS = 300
MAX_VALUE = 40


class StateError(ValueError):
    """The address does not hold a readable interview state; the message is plain."""


@dataclass(frozen=True)
class State:
    basics: tuple[tuple[str, str], ...] = ()
    steps: tuple[tuple[str, str], ...] = ()

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
        return cls(tuple(basics), tuple(steps))

    def raw_answers(self) -> dict[str, Any]:
        """The answers in the shared format, for ``parse_answers``."""
        findings = {fid: VALUES[v] for fid, v in self.steps if VALUES[v] is not None}
        return {**dict(self.basics), "findings": findings}

    def skipped(self) -> frozenset[str]:
        return frozenset(fid for fid, v in self.steps if v == "u")

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
            return State(self.basics, (*self.steps, (finding_id, value)))
        steps = list(self.steps)
        steps[i] = (finding_id, value)
        return State(self.basics, tuple(steps))

    def with_basics(self, basics: Mapping[str, str]) -> State:
        clean = tuple((k, basics[k]) for k in BASICS if basics.get(k))
        return State(clean, self.steps)

    def pairs(self) -> list[tuple[str, str]]:
        """(name, value) pairs for hidden form fields and the query string."""
        return [*self.basics, *((("f", f"{fid}:{v}")) for fid, v in self.steps)]

    def query(self, **extra: object) -> str:
        pairs = self.pairs() + [(k, str(v)) for k, v in extra.items() if v is not None]
        return urlencode(pairs)
