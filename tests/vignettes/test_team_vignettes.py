"""The team's own vignettes, written from clinical truth, run through the engine.

Two safety properties are held for every vignette:

* never under-triaged: the disposition is at least as urgent as the least urgent accepted one;
* every vignette whose only safe answer is ``emergency`` gets ``emergency``.

Vignettes that the current knowledge under-triages are listed in ``KNOWN_UNSAFE`` with the
reason; they are strict xfails, so the test starts failing (and the entry must be removed)
as soon as the knowledge is fixed. Any other under-triage fails at once.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backspasm.cli import app
from backspasm.core.answers import parse_answers
from backspasm.core.assessment import assess
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

FILE = Path(__file__).with_name("team_vignettes.jsonl")
VIGNETTES: list[dict[str, Any]] = [
    json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines() if line.strip()
]

#: Vignettes the knowledge under-triages today, with the clinical reason (see the QA report).
KNOWN_UNSAFE: dict[str, str] = {}


def _lowest(accept: list[str]) -> Disposition:
    return min((Disposition(d) for d in accept), key=lambda d: d.rank)


def _case(v: dict[str, Any]) -> Any:
    marks = []
    if v["id"] in KNOWN_UNSAFE:
        marks.append(pytest.mark.xfail(reason=KNOWN_UNSAFE[v["id"]], strict=True))
    return pytest.param(v, id=v["id"], marks=marks)


@pytest.mark.parametrize("vignette", [_case(v) for v in VIGNETTES])
def test_never_under_triaged(knowledge: Knowledge, vignette: dict[str, Any]) -> None:
    result = assess(knowledge, parse_answers(vignette["answers"], knowledge))
    lowest = _lowest(vignette["accept"])
    assert result.disposition.rank >= lowest.rank, (
        f"{vignette['id']} got {result.disposition.value}, needs at least {lowest.value}: "
        f"{vignette['text']}"
    )
    if lowest is Disposition.emergency:
        assert result.disposition is Disposition.emergency
        assert result.what_to_do_now[0] == knowledge.dispositions[Disposition.emergency].action


def test_file_is_well_formed_and_covers_the_knowledge(knowledge: Knowledge) -> None:
    ids = [v["id"] for v in VIGNETTES]
    assert len(ids) >= 75
    assert len(set(ids)) == len(ids), "vignette ids must be unique"
    seen: Counter[str] = Counter()
    dispositions: set[Disposition] = set()
    for v in VIGNETTES:
        assert v["text"].strip(), v["id"]
        assert v["accept"], v["id"]
        dispositions.update(Disposition(d) for d in v["accept"])
        parse_answers(v["answers"], knowledge)  # raises on an unknown finding or bad value
        if v["condition"] is not None:
            assert v["condition"] in knowledge.conditions, v["id"]
            seen[v["condition"]] += 1
    assert dispositions == set(Disposition)
    missing = {c: seen[c] for c in knowledge.conditions if seen[c] < 2}
    assert not missing, f"conditions with fewer than two vignettes: {missing}"
    locations = {v["answers"].get("location") for v in VIGNETTES}
    assert {"lower", "middle", "upper"} <= locations


def test_evaluate_command_reports_exactly_the_known_unsafe_cases() -> None:
    result = CliRunner().invoke(app, ["evaluate", str(FILE), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(result.output)
    assert report["cases"] == len(VIGNETTES)
    unsafe_ids = {
        line.split(" ", 1)[0].rstrip(":")
        for line in report["failures"]
        if "[UNSAFE]" in line or "no assessment" in line
    }
    assert unsafe_ids == set(KNOWN_UNSAFE)
    assert report["unsafe"] == len(KNOWN_UNSAFE)
    missed = report["emergency_total"] - report["emergency_hit"]
    emergency_only = {v["id"] for v in VIGNETTES if _lowest(v["accept"]) is Disposition.emergency}
    assert missed == len(emergency_only & set(KNOWN_UNSAFE))
    assert result.exit_code == (1 if KNOWN_UNSAFE else 0)
