"""The fourth blind vignette set (blind4), run through the engine in both input modes.

40 short free-text vignettes written before the intake vocabulary, rules or other vignette
files were read, aimed only at free-text under-triage: urgent and emergency signs put the
way people write them (slang and euphemism for bladder, bowel and genital numbness, "my
legs have gone", "grey and sweaty", "I use needles"), with typos, no punctuation and
reassuring context; ten are self-care or routine controls. First-run figures are in the
commit that added the file and in docs/knowledge.md.

No vignette may be under-triaged in either mode. (B4-020, breathlessness after an
operation, found a gap in the rules that the rule breathless_with_clot_risk closed.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backspasm.core.answers import parse_answers
from backspasm.core.assessment import Assessment, assess
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

FILE = Path(__file__).with_name("blind4_vignettes.jsonl")
VIGNETTES: list[dict[str, Any]] = [
    json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines() if line.strip()
]

#: Breathlessness with a clot risk (an operation ten days ago) and lower or unplaced back
#: pain: rules.yaml has breathlessness as an emergency only with upper or middle back pain,
#: pregnancy, cancer, pain on breathing, sweating or fainting, and pain on breathing with a
#: clot risk, but not breathlessness with a clot risk, so it comes out urgent. NICE NG158
#: asks for immediate assessment of a suspected pulmonary embolism. Reported to the lead.
#: Floors per mode: (correct disposition, expected condition first, expected in top three).
#: Reached when added: answers 97.5% / 97.3% / 100%, text 97.5% / 94.6% / 100%.
FLOORS = {"answers": (0.95, 0.92, 0.97), "text": (0.95, 0.90, 0.97)}


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


def test_file_is_well_formed(knowledge: Knowledge) -> None:
    ids = [v["id"] for v in VIGNETTES]
    assert len(ids) == 40
    assert len(set(ids)) == len(ids), "vignette ids must be unique"
    lowest = []
    for v in VIGNETTES:
        assert v["text"].strip(), v["id"]
        assert v["accept"], v["id"]
        lowest.append(_lowest(v["accept"]))
        parse_answers(v["answers"], knowledge)  # raises on an unknown finding or bad value
        if v["condition"] is not None:
            assert v["condition"] in knowledge.conditions, v["id"]
    controls = sum(d in (Disposition.self_care, Disposition.routine) for d in lowest)
    assert controls >= 10, "about a quarter are self-care or routine controls"
    urgent_or_worse = sum(d.rank >= Disposition.urgent.rank for d in lowest)
    assert urgent_or_worse >= 25, "the set is about urgent and emergency signs"
