"""The third blind vignette set (blind3), run through the engine in both input modes.

The 80 vignettes were written from clinical guidance before the rules, conditions and intake
vocabulary were read, in the words of triage nurses, care-home staff, parents, partners,
non-native speakers and voice-to-text, with red flags buried behind benign explanations
(first-run figures in docs/knowledge.md). Both modes are held here:

* ``answers``: the structured answers of each vignette go straight to the assessment;
* ``text``: the vignette's own words go through the free-text intake first, as
  ``backspasm assess --batch`` does for ``{"id", "text"}`` lines.

In both modes no vignette may be under-triaged, and every vignette whose only safe answer is
``emergency`` must get it with the emergency action shown first. Overall accuracy and the
ranking of the expected condition are held to floors a little below what the knowledge
reached when this file was added, so a change that loses ground fails here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from backspasm.core.answers import parse_answers
from backspasm.core.assessment import Assessment, assess
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

FILE = Path(__file__).with_name("blind3_vignettes.jsonl")
VIGNETTES: list[dict[str, Any]] = [
    json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines() if line.strip()
]

#: Floors per mode: (correct disposition, expected condition first, expected in top three).
#: Reached when added: answers 100% / 91.7% / 97.2%, text 100% / 90.3% / 98.6%.
FLOORS = {"answers": (0.97, 0.88, 0.95), "text": (0.95, 0.86, 0.95)}


def _lowest(accept: list[str]) -> Disposition:
    return min((Disposition(d) for d in accept), key=lambda d: d.rank)


def _run(knowledge: Knowledge, vignette: dict[str, Any], mode: str) -> Assessment:
    if mode == "answers":
        return assess(knowledge, parse_answers(vignette["answers"], knowledge))
    from backspasm.intake import assess_text

    return assess_text(vignette["text"], knowledge)[0]


@pytest.fixture(scope="module")
def results(knowledge: Knowledge) -> dict[str, dict[str, Assessment]]:
    return {
        mode: {v["id"]: _run(knowledge, v, mode) for v in VIGNETTES} for mode in ("answers", "text")
    }


@pytest.mark.parametrize("mode", ["answers", "text"])
def test_no_vignette_is_under_triaged(
    knowledge: Knowledge, results: dict[str, dict[str, Assessment]], mode: str
) -> None:
    unsafe = []
    for v in VIGNETTES:
        result = results[mode][v["id"]]
        lowest = _lowest(v["accept"])
        if result.disposition.rank < lowest.rank:
            unsafe.append(f"{v['id']} got {result.disposition.value}, needs {lowest.value}")
        if lowest is Disposition.emergency:
            emergency = knowledge.dispositions[Disposition.emergency].action
            if result.disposition is not Disposition.emergency:
                unsafe.append(f"{v['id']}: emergency missed")
            elif result.what_to_do_now[0] != emergency:
                unsafe.append(f"{v['id']}: the emergency action is not shown first")
    assert not unsafe, unsafe


@pytest.mark.parametrize("mode", ["answers", "text"])
def test_accuracy_and_ranking_hold_their_floors(
    results: dict[str, dict[str, Assessment]], mode: str
) -> None:
    correct = top1 = top3 = expected = 0
    for v in VIGNETTES:
        result = results[mode][v["id"]]
        correct += result.disposition.value in v["accept"]
        if v["condition"] is not None:
            expected += 1
            ids = [c.id for c in result.conditions[:3]]
            top1 += ids[:1] == [v["condition"]]
            top3 += v["condition"] in ids
    floor_correct, floor_top1, floor_top3 = FLOORS[mode]
    assert correct / len(VIGNETTES) >= floor_correct
    assert top1 / expected >= floor_top1
    assert top3 / expected >= floor_top3


def test_file_is_well_formed_and_spread_across_the_knowledge(knowledge: Knowledge) -> None:
    ids = [v["id"] for v in VIGNETTES]
    assert len(ids) == 80
    assert len(set(ids)) == len(ids), "vignette ids must be unique"
    seen: Counter[str] = Counter()
    lowest: Counter[Disposition] = Counter()
    for v in VIGNETTES:
        assert v["text"].strip(), v["id"]
        assert v["accept"], v["id"]
        lowest[_lowest(v["accept"])] += 1
        parse_answers(v["answers"], knowledge)  # raises on an unknown finding or bad value
        if v["condition"] is not None:
            assert v["condition"] in knowledge.conditions, v["id"]
            seen[v["condition"]] += 1
    assert set(lowest) == set(Disposition)
    assert lowest[Disposition.self_care] >= 20, "about a quarter should be self-care"
    assert len(seen) >= 20, f"conditions covered: {sorted(seen)}"


def test_set_has_the_voices_it_was_written_in() -> None:
    """The set exists to test how clinicians, carers and non-native writers put things."""
    texts = [v["text"] for v in VIGNETTES]
    shorthand = ("c/o", "LBP", "PMH", "/7", "/52", "/12")
    assert sum(any(s in t for s in shorthand) for t in texts) >= 10
    proxies = ("my son", "my daughter", "my wife", "my husband", "my dad", "my mum", "mum (")
    assert (
        sum(
            t.lower().startswith(("he", "she"))
            or any(p in t.lower() for p in proxies)
            or "resident" in t.lower()
            for t in texts
        )
        >= 12
    )
