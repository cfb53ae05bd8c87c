"""What every blind vignette set is held to, in both input modes.

* ``answers``: the structured answers of each vignette go straight to the assessment;
* ``text``: the vignette's own words go through the free-text intake first, as
  ``backspasm assess --batch`` does for ``{"id", "text"}`` lines.

In both modes no vignette may be under-triaged, and every vignette whose only safe answer
is ``emergency`` must get it with the emergency action shown first. Accuracy and the
ranking of the expected condition are held to floors a little below what the knowledge
reached when the set was added, so a change that loses ground fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backspasm.core.answers import parse_answers
from backspasm.core.assessment import Assessment, assess
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

MODES = ("answers", "text")
Vignette = dict[str, Any]
Results = dict[str, dict[str, Assessment]]


def load(path: Path) -> list[Vignette]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def lowest(accept: list[str]) -> Disposition:
    return min((Disposition(d) for d in accept), key=lambda d: d.rank)


def run(knowledge: Knowledge, vignettes: list[Vignette]) -> Results:
    """Each vignette's assessment in each mode."""
    from backspasm.intake import assess_text

    out: Results = {mode: {} for mode in MODES}
    for v in vignettes:
        out["answers"][v["id"]] = assess(knowledge, parse_answers(v["answers"], knowledge))
        out["text"][v["id"]] = assess_text(v["text"], knowledge)[0]
    return out


def unsafe(knowledge: Knowledge, vignettes: list[Vignette], results: dict[str, Assessment]
           ) -> list[str]:
    """Under-triaged vignettes, and emergencies missed or not shown first, as sentences."""
    emergency = knowledge.dispositions[Disposition.emergency].action
    found = []
    for v in vignettes:
        result, least = results[v["id"]], lowest(v["accept"])
        if result.disposition.rank < least.rank:
            found.append(f"{v['id']} got {result.disposition.value}, needs {least.value}")
        if (
            least is Disposition.emergency
            and result.disposition is Disposition.emergency
            and result.what_to_do_now[0] != emergency
        ):
            found.append(f"{v['id']}: the emergency action is not shown first")
    return found


def scores(vignettes: list[Vignette], results: dict[str, Assessment]
           ) -> tuple[float, float, float]:
    """Share correct, expected condition first, expected condition in the top three."""
    correct = top1 = top3 = expected = 0
    for v in vignettes:
        result = results[v["id"]]
        correct += result.disposition.value in v["accept"]
        if v["condition"] is not None:
            expected += 1
            ids = [c.id for c in result.conditions[:3]]
            top1 += ids[:1] == [v["condition"]]
            top3 += v["condition"] in ids
    return correct / len(vignettes), top1 / max(expected, 1), top3 / max(expected, 1)


def check_well_formed(knowledge: Knowledge, vignettes: list[Vignette], size: int) -> None:
    ids = [v["id"] for v in vignettes]
    assert len(ids) == size
    assert len(set(ids)) == len(ids), "vignette ids must be unique"
    for v in vignettes:
        assert v["text"].strip(), v["id"]
        assert v["accept"], v["id"]
        parse_answers(v["answers"], knowledge)  # raises on an unknown finding or bad value
        assert v["condition"] is None or v["condition"] in knowledge.conditions, v["id"]
