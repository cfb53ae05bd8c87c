"""The CI gate on the team-written labelled complaints (see docs/intake.md).

Fails below F1 0.90 overall (micro, over present/absent/uncertain/family/historical
items) or when any present red flag is missed. ``complaints.jsonl`` was used while the
rules were written; ``complaints_heldout.jsonl`` and then ``complaints_blind2.jsonl`` were
written afterwards and each scored once before its misses were used (the first-run
figures are in docs/intake.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backspasm.intake.evaluation import read_cases, run, score
from backspasm.knowledge import Knowledge

DATA = Path(__file__).parent / "data"
SETS = ["complaints.jsonl", "complaints_heldout.jsonl", "complaints_blind2.jsonl"]


def test_the_labelled_set_is_large_and_well_formed(knowledge: Knowledge) -> None:
    cases = [c for name in SETS for c in read_cases(DATA / name)]
    assert len(cases) >= 300
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert case["text"].strip()
        for f in case["findings"]:
            assert f["id"] in knowledge.findings, (case["id"], f["id"])
            assert f["status"] in {"present", "absent", "uncertain"}
            assert f["context"] in {"current", "family", "historical"}
    sections = {c["section"] for c in cases}
    for kind in ("negations", "uncertainty", "family", "past history", "two people"):
        assert any(kind in s for s in sections), kind


@pytest.mark.parametrize("name", SETS)
def test_f1_and_red_flag_recall(name: str) -> None:
    scores = run(DATA / name)
    _precision, _recall, f1 = scores.prf()
    assert f1 >= 0.90, scores.table() + "\n" + "\n".join(scores.errors)
    assert scores.red_flags_found == scores.red_flags_present, "\n".join(scores.errors)
    for label in ("present", "absent", "uncertain"):
        assert scores.tp[label] > 0, label


def test_the_scorer_counts_by_id_status_and_context() -> None:
    cases = [
        {"id": "a", "text": "x", "findings": [{"id": "fever", "status": "absent"}]},
        {
            "id": "b",
            "text": "y",
            "findings": [{"id": "cancer_history", "status": "present", "context": "family"}],
        },
    ]
    answers = {
        "x": [("fever", "present", "current")],
        "y": [("cancer_history", "present", "family")],
    }
    s = score(cases, lambda t: answers[t], {"fever"})
    assert (s.tp["family"], s.fp["present"], s.fn["absent"]) == (1, 1, 1)
    assert s.prf() == (0.5, 0.5, 0.5)
    assert s.red_flags_present == 0
