"""Score the intake against labelled complaints: precision, recall and F1 per status.

Each labelled line is ``{"id", "text", "findings": [{"id", "status", "context"}]}``; the
findings listed are all the findings the sentence holds (anything else the intake reports
counts as a false positive). A finding is right only when its id, status and context all
match. Items are grouped by label: ``present``, ``absent`` and ``uncertain`` for the
person now, ``family`` and ``historical`` for the findings kept apart.

Run it as ``python -m backspasm.intake.evaluation [FILE.jsonl]``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Item = tuple[str, str, str]  # (finding id, status, context)
LABELS = ("present", "absent", "uncertain", "family", "historical")


def label_of(item: Item) -> str:
    return item[1] if item[2] == "current" else item[2]


@dataclass
class Scores:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    red_flags_present: int = 0
    red_flags_found: int = 0
    errors: list[str] = field(default_factory=list)
    cases: int = 0

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        if label is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def red_flag_recall(self) -> float:
        return self.red_flags_found / self.red_flags_present if self.red_flags_present else 1.0

    def table(self) -> str:
        rows = ["| label | support | precision | recall | F1 |", "|---|---:|---:|---:|---:|"]
        for label in (*LABELS, None):
            p, r, f = self.prf(label)
            support = (
                self.tp[label] + self.fn[label]
                if label
                else sum(self.tp.values()) + sum(self.fn.values())
            )
            name = label or "**all (micro)**"
            rows.append(f"| {name} | {support} | {p:.3f} | {r:.3f} | {f:.3f} |")
        rows.append(
            f"\nPresent red flags found: {self.red_flags_found}/{self.red_flags_present} "
            f"({self.red_flag_recall:.1%}) over {self.cases} sentences."
        )
        return "\n".join(rows)


def read_cases(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def score(
    cases: Iterable[dict[str, Any]],
    predict: Callable[[str], Iterable[Item]],
    red_flags: set[str],
) -> Scores:
    s = Scores()
    for case in cases:
        s.cases += 1
        want = {(f["id"], f["status"], f.get("context", "current")) for f in case["findings"]}
        got = set(predict(case["text"]))
        for item in got & want:
            s.tp[label_of(item)] += 1
        for item in got - want:
            s.fp[label_of(item)] += 1
        for item in want - got:
            s.fn[label_of(item)] += 1
        for fid, status, context in want:
            if status == "present" and context == "current" and fid in red_flags:
                s.red_flags_present += 1
                s.red_flags_found += (fid, status, context) in got
        if got != want:
            s.errors.append(
                f"{case['id']}: {case['text']!r}\n    missing {sorted(want - got)}\n"
                f"    extra   {sorted(got - want)}"
            )
    return s


def run(path: Path) -> Scores:
    from ..knowledge import default_knowledge
    from . import extract

    knowledge = default_knowledge()

    def predict(text: str) -> list[Item]:
        return [(f.id, f.status, f.context) for f in extract(text, knowledge).findings]

    return score(read_cases(path), predict, {f.id for f in knowledge.red_flags})


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    default = Path(__file__).resolve().parents[3] / "tests" / "intake" / "data" / "complaints.jsonl"
    path = Path(args[0]) if args else default
    scores = run(path)
    if verbose:
        print("\n".join(scores.errors))
    print(scores.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
