"""Scoring of the back pain questionnaires, exactly as their authors describe.

- Keele STarT Back (Hill 2008): nine items scored 0/1; items 1-8 score 1 for "agree",
  item 9 (bothersomeness) scores 1 for "very much" or "extremely". Total 0-9; distress
  subscore = items 5-9 (0-5). Total 0-3: low risk; otherwise distress 4-5: high risk;
  otherwise medium risk. All nine items are needed.
- Oswestry Disability Index 2.1a (Fairbank & Pynsent 2000): ten sections scored 0-5. The
  score is the sum as a percentage of the maximum possible for the sections answered
  (sum / (5 x answered) x 100). One section may be missing; with two or more the index
  is not calculated. If two statements are marked in a section, the higher counts.
- Roland-Morris (Roland & Morris 1983; Roland & Fairbank 2000): the number of the 24
  statements ticked, 0-24. It is a tick list: a statement left unmarked, or marked as not
  applicable, scores 0 (the authors' rule); we report how many were left unanswered.
- Numeric pain rating: one whole number 0-10.

Change between two scores is judged against the minimal important change (Ostelo 2008):
pain 2 points, Roland-Morris 5, Oswestry 10, or a 30% improvement from the first score.

Parsing functions (``parse_*``) turn decoded JSON into scores and raise
:class:`~backspasm.care.CareInputError` with one plain sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from . import CareInputError
from .models import CareKnowledge, Instrument, Risk

InstrumentId = Literal["startback", "odi", "rmdq", "pain"]
INSTRUMENTS: tuple[InstrumentId, ...] = ("startback", "odi", "rmdq", "pain")

#: STarT Back item 9 answers, in order; the last two score 1.
BOTHERSOME = ("not at all", "slightly", "moderately", "very much", "extremely")
DISTRESS_ITEMS = range(5, 10)

ODI_SECTIONS = 10
RMDQ_ITEMS = 24

#: Oswestry bands (Fairbank & Pynsent 2000), upper bound inclusive, in our own words.
ODI_BANDS: tuple[tuple[float, str], ...] = (
    (20, "minimal disability"),
    (40, "moderate disability"),
    (60, "severe disability"),
    (80, "very severe disability: back pain affects every part of daily life"),
    (100, "bed-bound, or the symptoms may be overstated"),
)


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Change(Out):
    """How a score moved between two occasions, judged by the minimal important change."""

    before: float
    after: float
    difference: float
    percent_change: float | None
    meaningful_improvement: bool
    meaningful_worsening: bool
    verdict: str
    threshold: str
    sources: list[str]


class Score(Out):
    instrument: InstrumentId
    name: str
    #: The LOINC code of the total score (``loinc_score`` in instruments.yaml), None when
    #: none is confirmed; never the questionnaire's panel code.
    loinc: str | None
    #: The LOINC code of the questionnaire as a whole (a panel), for reference.
    loinc_panel: str | None = None
    score: float
    score_range: tuple[int, int]
    interpretation: str
    notes: list[str] = []
    change: Change | None = None
    sources: list[str]


class StartBackScore(Score):
    instrument: Literal["startback"] = "startback"
    total: int
    distress: int
    risk: Risk
    item_scores: list[int] | None = None


class OdiScore(Score):
    instrument: Literal["odi"] = "odi"
    raw: int | None
    answered: int | None
    missing_sections: list[int]
    double_marked_sections: list[int]
    band: str


class RmdqScore(Score):
    instrument: Literal["rmdq"] = "rmdq"
    unanswered_items: list[int]


class PainScore(Score):
    instrument: Literal["pain"] = "pain"


AnyScore = StartBackScore | OdiScore | RmdqScore | PainScore

# ---------------------------------------------------------------------------------------
# Pure scoring


def startback_risk(total: int, distress: int) -> Risk:
    """Risk group from the total (0-9) and distress subscore (0-5), Hill 2008."""
    if total <= 3:
        return Risk.low
    if distress >= 4:
        return Risk.high
    return Risk.medium


def startback_item_scores(agree: Sequence[bool], bothersome: str) -> list[int]:
    """Item scores 0/1 for items 1-8 (agree = 1) and item 9 (very much/extremely = 1)."""
    if len(agree) != 8:
        raise CareInputError(f"STarT Back needs answers to items 1 to 8, not {len(agree)} answers.")
    b = bothersome.strip().lower().replace("_", " ")
    if b not in BOTHERSOME:
        raise CareInputError(
            f"STarT Back item 9 must be one of: {', '.join(BOTHERSOME)} (not {bothersome!r})."
        )
    return [1 if a else 0 for a in agree] + [1 if BOTHERSOME.index(b) >= 3 else 0]


def score_startback(
    agree: Sequence[bool], bothersome: str, knowledge: CareKnowledge
) -> StartBackScore:
    items = startback_item_scores(agree, bothersome)
    total = sum(items)
    distress = sum(items[i - 1] for i in DISTRESS_ITEMS)
    return _startback(total, distress, knowledge, items)


def startback_from_scores(total: int, distress: int, knowledge: CareKnowledge) -> StartBackScore:
    """A STarT Back result given as its two scores rather than item answers."""
    if not 0 <= distress <= 5 or not 0 <= total <= 9 or distress > total or total - distress > 4:
        raise CareInputError(
            f"A STarT Back total of {total} with a distress subscore of {distress} is impossible "
            "(total 0-9, distress 0-5, at most 4 points outside the distress items)."
        )
    return _startback(total, distress, knowledge, None)


def _startback(
    total: int, distress: int, knowledge: CareKnowledge, items: list[int] | None
) -> StartBackScore:
    ins = knowledge.instruments["startback"]
    risk = startback_risk(total, distress)
    pathway = {
        Risk.low: "low risk: advice and self-management",
        Risk.medium: "medium risk: physiotherapy",
        Risk.high: "high risk: psychologically informed physiotherapy",
    }[risk]
    return StartBackScore(
        name=ins.name,
        loinc=ins.loinc_score,
        loinc_panel=ins.loinc_panel,
        score=total,
        score_range=ins.score_range,
        interpretation=f"Total {total}/9, distress subscore {distress}/5: {pathway}.",
        total=total,
        distress=distress,
        risk=risk,
        item_scores=items,
        sources=list(ins.sources),
    )


def odi_band(percent: float) -> str:
    for upper, label in ODI_BANDS:
        if percent <= upper:
            return label
    raise CareInputError(f"An Oswestry score of {percent} is outside 0-100.")


def score_odi(sections: Sequence[int | Sequence[int] | None], knowledge: CareKnowledge) -> OdiScore:
    """Oswestry 2.1a: percentage of the maximum for the sections answered (Fairbank 2000)."""
    if len(sections) != ODI_SECTIONS:
        raise CareInputError(
            f"The Oswestry has {ODI_SECTIONS} sections; {len(sections)} answers were given."
        )
    raw = 0
    missing: list[int] = []
    doubled: list[int] = []
    for number, value in enumerate(sections, start=1):
        given: list[object] = (
            [] if value is None else list(value) if isinstance(value, list | tuple) else [value]
        )
        marks: list[int] = []
        for m in given:
            if isinstance(m, bool) or not isinstance(m, int) or not 0 <= m <= 5:
                raise CareInputError(
                    f"Oswestry section {number} must be a statement number from 0 to 5, not {m!r}."
                )
            marks.append(m)
        if not marks:
            missing.append(number)
            continue
        if len(set(marks)) > 1:
            doubled.append(number)
        raw += max(marks)
    if len(missing) > 1:
        raise CareInputError(
            "The Oswestry cannot be scored with more than one section missing "
            f"(sections {', '.join(map(str, missing))} are missing)."
        )
    answered = ODI_SECTIONS - len(missing)
    percent = round(raw / (5 * answered) * 100, 1)
    return _odi(percent, knowledge, raw, answered, missing, doubled)


def odi_from_score(percent: float, knowledge: CareKnowledge) -> OdiScore:
    if not 0 <= percent <= 100:
        raise CareInputError(
            f"An Oswestry score must be a percentage from 0 to 100, not {percent}."
        )
    return _odi(float(percent), knowledge, None, None, [], [])


def _odi(
    percent: float,
    knowledge: CareKnowledge,
    raw: int | None,
    answered: int | None,
    missing: list[int],
    doubled: list[int],
) -> OdiScore:
    ins = knowledge.instruments["odi"]
    band = odi_band(percent)
    notes = []
    if missing:
        notes.append(f"Section {missing[0]} was not answered; the score uses the other 9 sections.")
    for n in doubled:
        notes.append(f"Section {n} had more than one statement marked; the highest was counted.")
    return OdiScore(
        name=ins.name,
        loinc=ins.loinc_score,
        loinc_panel=ins.loinc_panel,
        score=percent,
        score_range=ins.score_range,
        interpretation=f"{percent:g}%: {band}.",
        notes=notes,
        raw=raw,
        answered=answered,
        missing_sections=missing,
        double_marked_sections=doubled,
        band=band,
        sources=list(ins.sources),
    )


def score_rmdq(items: Sequence[bool | None], knowledge: CareKnowledge) -> RmdqScore:
    """Roland-Morris: number of statements ticked; unmarked statements score 0."""
    if len(items) != RMDQ_ITEMS:
        raise CareInputError(
            f"The Roland-Morris has {RMDQ_ITEMS} statements; {len(items)} answers were given."
        )
    score = sum(1 for i in items if i is True)
    unanswered = [n for n, i in enumerate(items, start=1) if i is None]
    return _rmdq(score, knowledge, unanswered)


def rmdq_from_score(score: int, knowledge: CareKnowledge) -> RmdqScore:
    if not 0 <= score <= RMDQ_ITEMS:
        raise CareInputError(
            f"A Roland-Morris score must be a whole number from 0 to 24, not {score}."
        )
    return _rmdq(score, knowledge, [])


def _rmdq(score: int, knowledge: CareKnowledge, unanswered: list[int]) -> RmdqScore:
    ins = knowledge.instruments["rmdq"]
    notes = []
    if unanswered:
        notes.append(
            f"{len(unanswered)} statement(s) were left unanswered and count as not applying, "
            "as the authors score an unmarked statement; the score may understate disability."
        )
    return RmdqScore(
        name=ins.name,
        loinc=ins.loinc_score,
        loinc_panel=ins.loinc_panel,
        score=score,
        score_range=ins.score_range,
        interpretation=f"{score}/24 (higher means more disability).",
        notes=notes,
        unanswered_items=unanswered,
        sources=list(ins.sources),
    )


def score_pain(value: int, knowledge: CareKnowledge) -> PainScore:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise CareInputError(f"The pain score must be a whole number from 0 to 10, not {value!r}.")
    ins = knowledge.instruments["pain"]
    return PainScore(
        name=ins.name,
        loinc=ins.loinc_score,
        loinc_panel=ins.loinc_panel,
        score=value,
        score_range=ins.score_range,
        interpretation=f"{value}/10.",
        sources=list(ins.sources),
    )


def interpret_change(instrument: Instrument, before: float, after: float) -> Change:
    """Judge a change against the minimal important change (Ostelo 2008).

    All three scales score higher for worse. A meaningful improvement is a fall of at
    least the MIC in points, or of at least 30% of the first score. The MIC was set for
    improvement; we use the same number of points to call a rise a meaningful worsening
    (an assumption, said so in the threshold text).
    """
    if instrument.mic is None:
        raise CareInputError(f"{instrument.short} has no published minimal important change.")
    low, high = instrument.score_range
    for label, value in (("previous", before), ("current", after)):
        if not low <= value <= high:
            raise CareInputError(
                f"The {label} {instrument.short} score must be from {low} to {high}, not {value}."
            )
    mic = instrument.mic
    fall = before - after
    percent = round(fall / before * 100, 1) if before > 0 else None
    eps = 1e-9
    improved = fall >= mic.points - eps or (
        percent is not None and fall * 100 >= mic.percent * before - eps
    )
    improved = improved and fall > 0
    worse = -fall >= mic.points - eps
    if improved:
        verdict = "a meaningful improvement"
    elif worse:
        verdict = "a meaningful worsening"
    elif fall > 0:
        verdict = "a little better, but less than the minimal important change"
    elif fall < 0:
        verdict = "a little worse, but less than the minimal important change"
    else:
        verdict = "no change"
    return Change(
        before=before,
        after=after,
        difference=round(after - before, 1),
        percent_change=None if percent is None else -percent,
        meaningful_improvement=improved,
        meaningful_worsening=worse,
        verdict=verdict,
        threshold=(
            f"Minimal important change: {mic.points:g} points or a {mic.percent:g}% improvement "
            f"(Ostelo 2008); a rise of {mic.points:g} points is read as a meaningful worsening "
            "(our assumption: the MIC was set for improvement)."
        ),
        sources=list(mic.sources),
    )


# ---------------------------------------------------------------------------------------
# Parsing decoded JSON


def _agree(value: Any, number: int) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("agree", "disagree", "yes", "no"):
        return value.strip().lower() in ("agree", "yes")
    raise CareInputError(
        f"STarT Back item {number} must be agree or disagree (or true/false), not {value!r}."
    )


def _number(raw: dict[str, Any], key: str, what: str) -> float:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CareInputError(f"The {what} '{key}' must be a number, not {value!r}.")
    return float(value)


def _whole(raw: dict[str, Any], key: str, what: str) -> int:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise CareInputError(f"The {what} '{key}' must be a whole number, not {value!r}.")
    return value


def _only(raw: dict[str, Any], allowed: set[str], what: str) -> None:
    extra = sorted(set(raw) - allowed)
    if extra:
        raise CareInputError(
            f"{extra[0]!r} is not a recognised field of the {what} answers "
            f"(use {', '.join(sorted(allowed))})."
        )


def parse_score(kind: str, raw: Any, knowledge: CareKnowledge) -> AnyScore:
    """Score one questionnaire from decoded JSON; a "previous" score adds a change."""
    if kind not in INSTRUMENTS:
        raise CareInputError(
            f"{kind!r} is not a questionnaire; use one of {', '.join(INSTRUMENTS)}."
        )
    if isinstance(raw, int) and not isinstance(raw, bool) and kind == "pain":
        raw = {"score": raw}
    if not isinstance(raw, dict):
        raise CareInputError(f"The {kind} answers must be a JSON object.")
    result: AnyScore
    if kind == "startback":
        _only(raw, {"items", "total", "distress", "risk"}, "STarT Back")
        if "items" in raw:
            items = raw["items"]
            if not isinstance(items, list) or len(items) != 9:
                raise CareInputError("STarT Back 'items' must be a list of 9 answers.")
            agree = [_agree(v, n) for n, v in enumerate(items[:8], start=1)]
            if not isinstance(items[8], str):
                raise CareInputError(
                    f"STarT Back item 9 must be one of: {', '.join(BOTHERSOME)} (not {items[8]!r})."
                )
            result = score_startback(agree, items[8], knowledge)
        elif "total" in raw and "distress" in raw:
            result = startback_from_scores(
                _whole(raw, "total", "STarT Back"), _whole(raw, "distress", "STarT Back"), knowledge
            )
        else:
            raise CareInputError(
                "STarT Back answers need 'items' (9 answers) or both 'total' and 'distress'."
            )
        if "risk" in raw and raw["risk"] != result.risk.value:
            raise CareInputError(
                f"The STarT Back risk given ({raw['risk']!r}) does not match the scores "
                f"({result.risk.value})."
            )
        return result
    _only(raw, {"sections", "items", "ticked", "score", "previous"}, kind)
    if kind == "odi":
        if "sections" in raw:
            sections = raw["sections"]
            if not isinstance(sections, list):
                raise CareInputError("Oswestry 'sections' must be a list of 10 answers.")
            result = score_odi(sections, knowledge)
        elif "score" in raw:
            result = odi_from_score(_number(raw, "score", "Oswestry"), knowledge)
        else:
            raise CareInputError("Oswestry answers need 'sections' (10 answers) or 'score'.")
    elif kind == "rmdq":
        if "items" in raw:
            items = raw["items"]
            if not isinstance(items, list) or any(
                v is not None and not isinstance(v, bool) for v in items
            ):
                raise CareInputError(
                    "Roland-Morris 'items' must be a list of 24 true, false or null."
                )
            result = score_rmdq(items, knowledge)
        elif "ticked" in raw:
            ticked = raw["ticked"]
            if not isinstance(ticked, list) or any(
                isinstance(t, bool) or not isinstance(t, int) or not 1 <= t <= RMDQ_ITEMS
                for t in ticked
            ):
                raise CareInputError(
                    "Roland-Morris 'ticked' must be a list of statement numbers 1 to 24."
                )
            result = score_rmdq([n in ticked for n in range(1, RMDQ_ITEMS + 1)], knowledge)
        elif "score" in raw:
            result = rmdq_from_score(_whole(raw, "score", "Roland-Morris"), knowledge)
        else:
            raise CareInputError("Roland-Morris answers need 'items', 'ticked' or 'score'.")
    else:
        if "score" not in raw:
            raise CareInputError("The pain answers need 'score' (0 to 10).")
        result = score_pain(raw["score"], knowledge)
    if "previous" in raw:
        before = _number(raw, "previous", kind)
        change = interpret_change(knowledge.instruments[kind], before, result.score)
        result = result.model_copy(update={"change": change})
    return result
