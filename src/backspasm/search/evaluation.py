"""Score ``ask`` on a labelled question set: top-1/top-3 accuracy and declines.

A question counts as answered correctly at top-k when ``ask`` answers it (does not
decline) and one of its labelled passages is among the first k passages shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..knowledge.loader import read_yaml
from .ask import ask
from .index import AskIndex


@dataclass(frozen=True)
class Case:
    question: str
    expect: tuple[str, ...]
    seed: bool = False


@dataclass
class Report:
    total: int = 0
    top1: int = 0
    top3: int = 0
    answered: int = 0
    seed_total: int = 0
    seed_top1: int = 0
    out_of_scope: int = 0
    declined: int = 0
    misses: list[str] = field(default_factory=list)
    wrongly_answered: list[str] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    def figures(self) -> dict[str, Any]:
        return {
            "in_scope": self.total,
            "top1": round(self.rate(self.top1, self.total), 4),
            "top3": round(self.rate(self.top3, self.total), 4),
            "answered": round(self.rate(self.answered, self.total), 4),
            "seed_top1": f"{self.seed_top1}/{self.seed_total}",
            "out_of_scope": self.out_of_scope,
            "declined": round(self.rate(self.declined, self.out_of_scope), 4),
        }


def load_cases(path: Path) -> tuple[list[Case], list[str]]:
    raw = read_yaml(path)
    cases = [
        Case(str(e["q"]), tuple(str(x) for x in e["expect"]), bool(e.get("seed", False)))
        for e in raw["in_scope"]
    ]
    return cases, [str(q) for q in raw["out_of_scope"]]


def evaluate(index: AskIndex, cases: list[Case], out_of_scope: list[str]) -> Report:
    report = Report()
    for case in cases:
        result = ask(case.question, index)
        shown = [p.id for p in result.passages] if result.answered else []
        report.total += 1
        report.answered += result.answered
        hit1 = bool(shown) and shown[0] in case.expect
        report.top1 += hit1
        report.top3 += any(pid in case.expect for pid in shown[:3])
        if case.seed:
            report.seed_total += 1
            report.seed_top1 += hit1
        if not hit1:
            report.misses.append(f"{case.question!r}: expected {case.expect[0]}, got {shown[:3]}")
    for question in out_of_scope:
        result = ask(question, index)
        report.out_of_scope += 1
        report.declined += not result.answered
        if result.answered:
            report.wrongly_answered.append(question)
    return report
