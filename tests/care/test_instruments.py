"""Scoring against worked examples written from the authors' rules, and properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.care import CareInputError
from backspasm.care.instruments import (
    BOTHERSOME,
    interpret_change,
    parse_score,
    score_odi,
    score_rmdq,
    score_startback,
    startback_from_scores,
)
from backspasm.care.models import CareKnowledge, InstrumentExample, Risk
from backspasm.knowledge.care import default_care_knowledge

#: Module-level knowledge for hypothesis tests (fixtures would be repr'd with each example).
CARE = default_care_knowledge()

RANK = {Risk.low: 0, Risk.medium: 1, Risk.high: 2}

# ---------------------------------------------------------------- STarT Back (Hill 2008)


@pytest.mark.parametrize(
    ("agree", "bother", "total", "distress", "risk"),
    [
        # nothing positive
        ([0, 0, 0, 0, 0, 0, 0, 0], "not at all", 0, 0, Risk.low),
        # physical items only: total 4 > 3, distress 0 -> medium
        ([1, 1, 1, 1, 0, 0, 0, 0], "moderately", 4, 0, Risk.medium),
        # total 3 is low even with 3 distress points
        ([0, 0, 0, 0, 1, 1, 1, 0], "slightly", 3, 3, Risk.low),
        # 'very much' scores 1: distress 4 -> high
        ([0, 0, 0, 0, 1, 1, 1, 0], "very much", 4, 4, Risk.high),
        # 'extremely' scores 1 as well
        ([1, 0, 0, 0, 1, 1, 0, 1], "extremely", 5, 4, Risk.high),
        # 'moderately' scores 0: distress 3 with total 6 -> medium
        ([1, 1, 1, 0, 1, 1, 1, 0], "moderately", 6, 3, Risk.medium),
        # everything positive
        ([1, 1, 1, 1, 1, 1, 1, 1], "extremely", 9, 5, Risk.high),
    ],
)
def test_startback_worked_examples(
    care: CareKnowledge, agree: list[int], bother: str, total: int, distress: int, risk: Risk
) -> None:
    result = score_startback([bool(a) for a in agree], bother, care)
    assert (result.total, result.distress, result.risk) == (total, distress, risk)
    assert result.loinc == "91351-7"  # the total score's code, not the panel's (91349-1)


def test_startback_from_file_format(care: CareKnowledge) -> None:
    raw = {"items": ["agree", "disagree", True, 1, "agree", "no", "yes", False, "Very_much"]}
    result = parse_score("startback", raw, care)
    assert result.item_scores == [1, 0, 1, 1, 1, 0, 1, 0, 1]
    assert result.risk == Risk.medium  # total 5, distress 3


@pytest.mark.parametrize(
    "raw",
    [
        {"items": [1, 0, 1]},
        {"items": [1, 0, 1, 0, 1, 0, 1, 0, "a lot"]},
        {"items": [1, 0, 1, 0, 1, 0, 1, "maybe", "slightly"]},
        {"total": 3, "distress": 4},
        {"total": 9, "distress": 2},
        {"total": 5},
        {"total": 5, "distress": 4, "risk": "low"},
    ],
)
def test_startback_rejects_bad_answers(care: CareKnowledge, raw: dict[str, object]) -> None:
    with pytest.raises(CareInputError):
        parse_score("startback", raw, care)


def test_startback_scores_only(care: CareKnowledge) -> None:
    assert startback_from_scores(6, 4, care).risk == Risk.high
    assert startback_from_scores(6, 3, care).risk == Risk.medium
    assert startback_from_scores(3, 3, care).risk == Risk.low


@settings(max_examples=200)
@given(st.lists(st.booleans(), min_size=8, max_size=8), st.sampled_from(BOTHERSOME), st.data())
def test_startback_ranges_and_monotonic(
    agree: list[bool], bother: str, data: st.DataObject
) -> None:
    before = score_startback(agree, bother, CARE)
    assert 0 <= before.total <= 9 and 0 <= before.distress <= 5
    assert before.distress <= before.total
    # Turning one more answer positive never lowers any score or the risk group.
    i = data.draw(st.integers(min_value=0, max_value=8))
    if i < 8:
        after = score_startback([*agree[:i], True, *agree[i + 1 :]], bother, CARE)
    else:
        worse = BOTHERSOME[max(BOTHERSOME.index(bother), data.draw(st.integers(0, 4)))]
        after = score_startback(agree, worse, CARE)
    assert after.total >= before.total and after.distress >= before.distress
    assert RANK[after.risk] >= RANK[before.risk]


# ----------------------------------------------------- Oswestry 2.1a (Fairbank 2000)


def test_odi_complete(care: CareKnowledge) -> None:
    r = score_odi([3, 2, 1, 2, 3, 1, 2, 0, 1, 3], care)
    assert (r.raw, r.answered, r.score) == (18, 10, 36.0)
    assert r.band == "moderate disability"


def test_odi_one_missing_section_divides_by_45(care: CareKnowledge) -> None:
    # 16 points over the nine answered sections: 16 / 45 = 35.6 %
    r = score_odi([3, 2, 1, 2, 3, 1, 2, None, 1, 1], care)
    assert (r.raw, r.answered, r.score) == (16, 9, 35.6)
    assert r.missing_sections == [8]
    assert r.notes


def test_odi_two_missing_sections_is_refused(care: CareKnowledge) -> None:
    with pytest.raises(CareInputError, match="more than one section missing"):
        score_odi([3, None, 1, 2, 3, 1, 2, None, 1, 1], care)


def test_odi_double_mark_counts_the_highest(care: CareKnowledge) -> None:
    r = score_odi([[1, 4], 0, 0, 0, 0, 0, 0, 0, 0, 0], care)
    assert r.raw == 4 and r.score == 8.0
    assert r.double_marked_sections == [1]


@pytest.mark.parametrize(
    ("sections", "band"),
    [
        ([2] * 5 + [0] * 5, "minimal disability"),  # exactly 20 %
        ([2] * 5 + [1] + [0] * 4, "moderate disability"),  # 22 %
        ([4] * 5 + [0] * 5, "moderate disability"),  # 40 %
        ([3] * 10, "severe disability"),  # 60 %
        ([4] * 10, "very severe disability: back pain affects every part of daily life"),
        ([5] * 10, "bed-bound, or the symptoms may be overstated"),
    ],
)
def test_odi_bands(care: CareKnowledge, sections: list[int], band: str) -> None:
    assert score_odi(sections, care).band == band


@pytest.mark.parametrize(
    "bad",
    [[6] + [0] * 9, [-1] + [0] * 9, [0] * 9, [True] + [0] * 9, [2.0] + [0] * 9, ["2"] + [0] * 9],
)
def test_odi_rejects_bad_sections(care: CareKnowledge, bad: list[int]) -> None:
    with pytest.raises(CareInputError):
        score_odi(bad, care)


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 5), min_size=10, max_size=10),
    st.one_of(st.none(), st.integers(0, 9)),
    st.integers(0, 9),
)
def test_odi_range_and_monotonic(marks: list[int], missing: int | None, i: int) -> None:
    sections: list[int | None] = [None if n == missing else m for n, m in enumerate(marks)]
    before = score_odi(sections, CARE)
    assert 0 <= before.score <= 100
    current = sections[i]
    if current is None or current == 5:
        return
    after = score_odi([*sections[:i], current + 1, *sections[i + 1 :]], CARE)
    assert after.score > before.score


# ---------------------------------------- Roland-Morris (Roland & Morris 1983)


def test_rmdq_counts_ticks(care: CareKnowledge) -> None:
    r = parse_score("rmdq", {"ticked": [1, 3, 5, 24]}, care)
    assert r.score == 4


def test_rmdq_unanswered_scores_zero_and_is_reported(care: CareKnowledge) -> None:
    items: list[bool | None] = [True] * 10 + [None] * 2 + [False] * 12
    r = score_rmdq(items, care)
    assert r.score == 10
    assert r.unanswered_items == [11, 12]
    assert "understate" in r.notes[0]


@pytest.mark.parametrize(
    "raw", [{"items": [True] * 23}, {"ticked": [0]}, {"ticked": [25]}, {"score": 25}, {}]
)
def test_rmdq_rejects_bad_answers(care: CareKnowledge, raw: dict[str, object]) -> None:
    with pytest.raises(CareInputError):
        parse_score("rmdq", raw, care)


@given(st.lists(st.one_of(st.none(), st.booleans()), min_size=24, max_size=24))
def test_rmdq_range_and_monotonic(items: list[bool | None]) -> None:
    r = score_rmdq(items, CARE)
    assert 0 <= r.score <= 24
    assert score_rmdq([True, *items[1:]], CARE).score >= r.score


# ------------------------------------------------------------------------ pain NPRS


@pytest.mark.parametrize("value", [0, 5, 10])
def test_pain_scores(care: CareKnowledge, value: int) -> None:
    r = parse_score("pain", {"score": value}, care)
    assert r.score == value and r.loinc == "72514-3"


@pytest.mark.parametrize("value", [-1, 11, 4.5, True, "7"])
def test_pain_rejects(care: CareKnowledge, value: object) -> None:
    with pytest.raises(CareInputError):
        parse_score("pain", {"score": value}, care)


# ------------------------------------- minimal important change (Ostelo 2008)


@pytest.mark.parametrize(
    ("kind", "before", "after", "improved", "worse"),
    [
        ("pain", 8, 6, True, False),  # 2 points
        ("pain", 5, 4, False, False),  # 1 point, 20 %
        ("pain", 3, 2, True, False),  # 1 point but 33 %
        ("pain", 4, 6, False, True),  # 2 points worse
        ("pain", 4, 4, False, False),
        ("rmdq", 12, 7, True, False),  # 5 points
        ("rmdq", 12, 8, True, False),  # 4 points but 33 %
        ("rmdq", 20, 16, False, False),  # 4 points, 20 %
        ("rmdq", 6, 11, False, True),
        ("odi", 40, 30, True, False),  # 10 points
        ("odi", 40, 32, False, False),  # 8 points, 20 %
        ("odi", 20, 14, True, False),  # 6 points but 30 %
        ("odi", 30, 41, False, True),
    ],
)
def test_minimal_important_change(
    care: CareKnowledge, kind: str, before: float, after: float, improved: bool, worse: bool
) -> None:
    change = interpret_change(care.instruments[kind], before, after)
    assert change.meaningful_improvement is improved
    assert change.meaningful_worsening is worse
    assert "ostelo_2008_mic" in change.sources


def test_change_from_answers_file(care: CareKnowledge) -> None:
    r = parse_score("odi", {"score": 24, "previous": 46}, care)
    assert r.change is not None and r.change.meaningful_improvement
    assert r.change.difference == -22


def test_startback_has_no_change_threshold(care: CareKnowledge) -> None:
    with pytest.raises(CareInputError):
        interpret_change(care.instruments["startback"], 5, 2)


EXAMPLES = [
    (ins_id, n, ex)
    for ins_id, ins in default_care_knowledge().instruments.items()
    for n, ex in enumerate(ins.examples, start=1)
]


@pytest.mark.parametrize(
    ("kind", "number", "example"), EXAMPLES, ids=[f"{k}-{n}" for k, n, _ in EXAMPLES]
)
def test_worked_examples_in_the_data(
    care: CareKnowledge, kind: str, number: int, example: InstrumentExample
) -> None:
    result = parse_score(kind, example.answers, care).model_dump(mode="json")
    for field, expected in example.expect.items():
        value: Any = result
        for part in field.split("."):  # "change.meaningful_improvement"
            value = value[part]
        assert value == expected, (kind, number, field)
