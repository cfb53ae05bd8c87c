"""The blind vignette sets, run through the engine in both input modes.

Each set was written from clinical guidance before the rules, conditions and intake
vocabulary were read; first-run figures are in docs/knowledge.md.

* blind2 (90): the spread of the knowledge, in varied styles;
* blind3 (80): the words of triage nurses, care-home staff, parents, partners, non-native
  speakers and voice-to-text, with red flags buried behind benign explanations;
* blind4 (40): free-text danger signs as people write them (slang and euphemism for
  bladder, bowel and genital numbness, "my legs have gone", "grey and sweaty"), with ten
  self-care or routine controls. B4-020 (breathlessness after an operation) found a gap in
  the rules that ``breathless_with_clot_risk`` closed;
* blind5 (70): typed as people type at 2 a.m. (no punctuation, misspellings, hedges, a
  relative writing, ages in words, the danger sign buried in a long message), half of it
  benign strains and spasms to catch over-triage;
* blind6 (60): the voices earlier rounds covered least (second-language English, text
  messages, rambling posts, carers, new mothers, manual workers, people on steroids,
  immunosuppressants or anticoagulants) and symptoms told by what no longer works ("I
  missed the toilet", "my legs won't do what I tell them"); about half benign;
* paraphrase (492): every urgent or emergency vignette of the team and blind2-5 sets told
  again twice, with the same facts and answers, in two other registers (terse phone text,
  a second-language writer, a relative, a long ramble, plain words instead of symptom
  names, hedges) and other words for the danger sign. Its first text run under-triaged
  27.2% (134 texts); the intake fixes it led to are in tests/intake/test_intake_paraphrase.py;
* paraphrase_heldout (30): written after those fixes, mostly long rambles, plain words for
  the sign and hedges; its first text run still under-triaged 66.7% (20 texts).

What every set is held to (no under-triage, the emergency action first, accuracy and
ranking floors) is described in :mod:`blind`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition

from . import blind

HERE = Path(__file__).parent
SETS = {name: blind.load(HERE / f"{name}_vignettes.jsonl")
        for name in ("blind2", "blind3", "blind4", "blind5", "blind6", "paraphrase",
                     "paraphrase_heldout")}
SIZES = {"blind2": 90, "blind3": 80, "blind4": 40, "blind5": 70, "blind6": 60,
         "paraphrase": 492, "paraphrase_heldout": 30}

#: Floors per set and mode: (correct disposition, expected condition first, in top three),
#: a little below what each set reached when it was added:
#: blind2 answers 100% / 96.5% / 100%, text 100% / 91.8% / 100%;
#: blind3 answers 100% / 91.7% / 97.2%, text 100% / 90.3% / 98.6%;
#: blind4 answers 97.5% / 97.3% / 100%, text 97.5% / 94.6% / 100%;
#: blind5 answers 100% / 94.0% / 100%, text 97.1% / 85.1% / 98.5%;
#: blind6 answers 98.3% / 98.3% / 100%, text 96.7% / 87.9% / 100%;
#: paraphrase answers 100% / 95.6% / 99.6%, text 99.6% / 89.8% / 97.8% (after the fixes;
#: its first text run: 72.4% / 66.2% / 79.8%);
#: paraphrase_heldout answers 100% / 96.0% / 100%, text 100% / 92.0% / 96.0% (first text
#: run: 33.3% / 36.0% / 40.0%).
FLOORS = {
    "blind2": {"answers": (0.97, 0.93, 0.97), "text": (0.95, 0.87, 0.95)},
    "blind3": {"answers": (0.97, 0.88, 0.95), "text": (0.95, 0.86, 0.95)},
    "blind4": {"answers": (0.95, 0.92, 0.97), "text": (0.95, 0.90, 0.97)},
    "blind5": {"answers": (0.97, 0.90, 0.97), "text": (0.95, 0.82, 0.95)},
    "blind6": {"answers": (0.95, 0.95, 0.97), "text": (0.93, 0.84, 0.95)},
    "paraphrase": {"answers": (0.98, 0.93, 0.97), "text": (0.97, 0.86, 0.95)},
    "paraphrase_heldout": {"answers": (0.95, 0.90, 0.95), "text": (0.95, 0.85, 0.90)},
}

RUNS = [(name, mode) for name in SETS for mode in blind.MODES]


@pytest.fixture(scope="module")
def results(knowledge: Knowledge) -> dict[str, blind.Results]:
    return {name: blind.run(knowledge, vignettes) for name, vignettes in SETS.items()}


@pytest.mark.parametrize(("name", "mode"), RUNS)
def test_no_vignette_is_under_triaged(
    knowledge: Knowledge, results: dict[str, blind.Results], name: str, mode: str
) -> None:
    found = blind.unsafe(knowledge, SETS[name], results[name][mode])
    assert not found, found


@pytest.mark.parametrize(("name", "mode"), RUNS)
def test_accuracy_and_ranking_hold_their_floors(
    results: dict[str, blind.Results], name: str, mode: str
) -> None:
    reached = blind.scores(SETS[name], results[name][mode])
    assert all(r >= f for r, f in zip(reached, FLOORS[name][mode], strict=True)), reached


@pytest.mark.parametrize("name", list(SETS))
def test_file_is_well_formed(knowledge: Knowledge, name: str) -> None:
    blind.check_well_formed(knowledge, SETS[name], SIZES[name])


@pytest.mark.parametrize("name", ["blind2", "blind3"])
def test_set_is_spread_across_the_knowledge(name: str) -> None:
    lowest = Counter(blind.lowest(v["accept"]) for v in SETS[name])
    seen = Counter(v["condition"] for v in SETS[name] if v["condition"] is not None)
    assert set(lowest) == set(Disposition)
    assert lowest[Disposition.self_care] >= 20, "about a quarter should be self-care"
    assert len(seen) >= 20, f"conditions covered: {sorted(seen)}"


def test_blind3_has_the_voices_it_was_written_in() -> None:
    """The set exists to test how clinicians, carers and non-native writers put things."""
    texts = [v["text"] for v in SETS["blind3"]]
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


def test_blind4_is_about_urgent_signs_with_controls() -> None:
    lowest = [blind.lowest(v["accept"]) for v in SETS["blind4"]]
    controls = sum(d in (Disposition.self_care, Disposition.routine) for d in lowest)
    assert controls >= 10, "about a quarter are self-care or routine controls"
    urgent_or_worse = sum(d.rank >= Disposition.urgent.rank for d in lowest)
    assert urgent_or_worse >= 25, "the set is about urgent and emergency signs"


def test_blind5_is_half_benign_and_half_danger() -> None:
    """Half ordinary spasms and strains (over-triage), half danger signs and mimics."""
    lowest = [blind.lowest(v["accept"]) for v in SETS["blind5"]]
    benign = sum(d in (Disposition.self_care, Disposition.routine) for d in lowest)
    assert 28 <= benign <= 42
    texts = [v["text"] for v in SETS["blind5"]]
    assert sum(t == t.lower() for t in texts) >= 30, "most are typed without capitals"
    assert sum(len(t) > 200 for t in texts) >= 2, "some long messages bury the sign"


def test_blind6_is_half_benign_in_the_voices_it_was_written_in() -> None:
    """Half benign (over-triage counts), written by others, in shorthand and at length."""
    lowest = [blind.lowest(v["accept"]) for v in SETS["blind6"]]
    benign = sum(d in (Disposition.self_care, Disposition.routine) for d in lowest)
    assert 24 <= benign <= 36
    texts = [v["text"] for v in SETS["blind6"]]
    proxies = ("my mum", "my husband", "dad is", "mother-in-law", "nan is", "my 9 year old",
               "my son", "my daughter")
    assert sum(any(p in t.lower() for p in proxies) for t in texts) >= 5
    assert sum(len(t) > 300 for t in texts) >= 2, "some long posts bury the sign"
    assert sum(len(t) < 80 for t in texts) >= 5, "some are terse text messages"
def test_paraphrase_set_retells_every_urgent_case_twice() -> None:
    """Two re-tellings of each urgent or emergency team and blind vignette, same facts,
    in two different registers; the ids name the vignette told again."""
    originals = {v["id"]: v for name in ("blind2", "blind3", "blind4", "blind5")
                 for v in SETS[name]}
    originals |= {v["id"]: v for v in blind.load(HERE / "team_vignettes.jsonl")}
    urgent = {i for i, v in originals.items() if "self_care" not in v["accept"]}
    told: dict[str, list[dict[str, object]]] = {}
    for v in SETS["paraphrase"]:
        told.setdefault(v["id"].removeprefix("PP-")[:-2], []).append(v)
    assert set(told) == urgent
    for original_id, retold in told.items():
        original = originals[original_id]
        assert len(retold) == 2
        assert len({v["register"] for v in retold}) == 2, original_id
        for v in retold:
            assert v["register"] in set("abcdef")
            assert v["answers"] == original["answers"], v["id"]
            assert v["accept"] == original["accept"], v["id"]
            assert v["condition"] == original["condition"], v["id"]
            assert v["text"] != original["text"], v["id"]
