"""Score assessments against vignettes with accepted dispositions and an expected condition.

Pure: the caller reads the vignette file and produces the assessments; this module only
compares. The figures match ``shared/eval/score.py`` so the two can be read side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..knowledge.models import Disposition

LEVELS = [d for d in Disposition]  # least to most urgent, by declaration order


@dataclass(frozen=True)
class Case:
    id: str
    accept: tuple[Disposition, ...]
    condition: str | None
    disposition: Disposition | None  # None: the assessment failed
    conditions: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class Report:
    cases: int = 0
    correct: int = 0
    unsafe: int = 0
    over_triage: int = 0
    emergency_total: int = 0
    emergency_hit: int = 0
    condition_total: int = 0
    top1: int = 0
    top3: int = 0
    failures: list[str] = field(default_factory=list)

    @staticmethod
    def pct(x: int, y: int) -> str:
        return f"{100.0 * x / y:.1f}%" if y else "n/a"

    def summary(self) -> str:
        p = self.pct
        return (
            f"cases {self.cases} | correct {p(self.correct, self.cases)} | "
            f"unsafe {p(self.unsafe, self.cases)} | "
            f"over-triage {p(self.over_triage, self.cases)} | "
            f"emergency sensitivity {p(self.emergency_hit, self.emergency_total)} | "
            f"top-1 {p(self.top1, self.condition_total)} | "
            f"top-3 {p(self.top3, self.condition_total)}"
        )


def score(cases: Sequence[Case]) -> Report:
    report = Report(cases=len(cases))
    for c in cases:
        lo = min(d.rank for d in c.accept)
        hi = max(d.rank for d in c.accept)
        if c.condition:
            report.condition_total += 1
        if lo == Disposition.emergency.rank:
            report.emergency_total += 1
        if c.disposition is None:
            report.unsafe += 1
            report.failures.append(f"{c.id}: no assessment ({c.error})")
            continue
        level = c.disposition.rank
        ok = c.disposition in c.accept
        report.correct += ok
        if level < lo:
            report.unsafe += 1
        elif level > hi:
            report.over_triage += 1
        if lo == Disposition.emergency.rank and c.disposition is Disposition.emergency:
            report.emergency_hit += 1
        if c.condition:
            report.top1 += c.conditions[:1] == (c.condition,)
            report.top3 += c.condition in c.conditions[:3]
        cond_miss = c.condition is not None and c.condition not in c.conditions[:3]
        if not ok or cond_miss:
            accepted = "/".join(d.value for d in c.accept)
            kind = "UNSAFE" if level < lo else ("over-triage" if level > hi else "condition")
            report.failures.append(
                f"{c.id} [{kind}]: got {c.disposition.value} {list(c.conditions[:3])}; "
                f"want {accepted} {c.condition}"
            )
    return report
