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

from pathlib import Path

import pytest

from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

from . import blind

VIGNETTES = blind.load(Path(__file__).with_name("blind4_vignettes.jsonl"))

#: Floors per mode: (correct disposition, expected condition first, expected in top three).
#: Reached when added: answers 97.5% / 97.3% / 100%, text 97.5% / 94.6% / 100%.
FLOORS = {"answers": (0.95, 0.92, 0.97), "text": (0.95, 0.90, 0.97)}


@pytest.fixture(scope="module")
def results(knowledge: Knowledge) -> blind.Results:
    return blind.run(knowledge, VIGNETTES)


@pytest.mark.parametrize("mode", blind.MODES)
def test_no_vignette_is_under_triaged(
    knowledge: Knowledge, results: blind.Results, mode: str
) -> None:
    found = blind.unsafe(knowledge, VIGNETTES, results[mode])
    assert not found, found


@pytest.mark.parametrize("mode", blind.MODES)
def test_accuracy_and_ranking_hold_their_floors(results: blind.Results, mode: str) -> None:
    reached = blind.scores(VIGNETTES, results[mode])
    assert all(r >= f for r, f in zip(reached, FLOORS[mode], strict=True)), reached


def test_file_is_well_formed(knowledge: Knowledge) -> None:
    blind.check_well_formed(knowledge, VIGNETTES, 40)
    lowest = [blind.lowest(v["accept"]) for v in VIGNETTES]
    controls = sum(d in (Disposition.self_care, Disposition.routine) for d in lowest)
    assert controls >= 10, "about a quarter are self-care or routine controls"
    urgent_or_worse = sum(d.rank >= Disposition.urgent.rank for d in lowest)
    assert urgent_or_worse >= 25, "the set is about urgent and emergency signs"
