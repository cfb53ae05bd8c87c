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

from collections import Counter
from pathlib import Path

import pytest

from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

from . import blind

VIGNETTES = blind.load(Path(__file__).with_name("blind3_vignettes.jsonl"))

#: Floors per mode: (correct disposition, expected condition first, expected in top three).
#: Reached when added: answers 100% / 91.7% / 97.2%, text 100% / 90.3% / 98.6%.
FLOORS = {"answers": (0.97, 0.88, 0.95), "text": (0.95, 0.86, 0.95)}


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


def test_file_is_well_formed_and_spread_across_the_knowledge(knowledge: Knowledge) -> None:
    blind.check_well_formed(knowledge, VIGNETTES, 80)
    lowest = Counter(blind.lowest(v["accept"]) for v in VIGNETTES)
    seen = Counter(v["condition"] for v in VIGNETTES if v["condition"] is not None)
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
