"""Every cause, risk factor, warning sign and look-alike named by the seed pages has a home.

The map lives in ``seed_coverage.yaml`` beside this file. Covered items must name at least
one finding, condition or rule id that exists; the known gaps carry a proposal, and a gap
whose proposal has been adopted must be moved into the covered items.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from backspasm.knowledge import Knowledge

MAP = yaml.safe_load(Path(__file__).with_name("seed_coverage.yaml").read_text(encoding="utf-8"))
ITEMS: list[dict[str, Any]] = MAP["items"]
GAPS: list[dict[str, Any]] = MAP["gaps"]
KINDS = {"cause", "risk_factor", "warning_sign", "look_alike"}
SEEDS = {"000", "001", "002", "003", "004"}


def _known_ids(knowledge: Knowledge) -> set[str]:
    return set(knowledge.findings) | set(knowledge.conditions) | {r.id for r in knowledge.rules}


def _check_common(entry: dict[str, Any]) -> None:
    assert isinstance(entry["item"], str) and entry["item"].strip()
    assert entry["kind"] in KINDS, entry["item"]
    assert entry["seeds"] and set(entry["seeds"]) <= SEEDS, entry["item"]


@pytest.mark.parametrize("entry", ITEMS, ids=[e["item"] for e in ITEMS])
def test_covered_item_has_existing_ids(knowledge: Knowledge, entry: dict[str, Any]) -> None:
    _check_common(entry)
    ids = entry["ids"]
    assert ids, f"'{entry['item']}' has no knowledge id"
    unknown = [i for i in ids if i not in _known_ids(knowledge)]
    assert not unknown, f"'{entry['item']}' maps to ids not in the knowledge: {unknown}"


def test_gaps_have_proposals_not_yet_adopted(knowledge: Knowledge) -> None:
    """Today every seed item has a home (gaps is empty); a new gap must carry a proposal."""
    for entry in GAPS:
        _check_gap(knowledge, entry)


def _check_gap(knowledge: Knowledge, entry: dict[str, Any]) -> None:
    _check_common(entry)
    assert all(i in _known_ids(knowledge) for i in entry["nearest"]), entry["item"]
    proposal = entry["proposal"]
    if proposal["kind"] == "lay_phrase":
        finding = knowledge.findings[proposal["id"]]
        phrases = {p.lower() for p in finding.lay_phrases}
        assert proposal["phrase"].lower() not in phrases, (
            f"'{entry['item']}' is now covered; move it into items"
        )
    else:
        assert proposal["kind"] in {"finding", "condition"}
        assert proposal["id"] not in _known_ids(knowledge), (
            f"'{entry['item']}' is now covered by {proposal['id']}; move it into items"
        )
        if proposal["kind"] == "finding":
            assert proposal["question"].endswith("?")
            assert isinstance(proposal["red_flag"], bool)


def test_items_are_not_listed_twice() -> None:
    names = [e["item"] for e in ITEMS + GAPS]
    assert len(names) == len(set(names))
    assert len(ITEMS) >= 40
