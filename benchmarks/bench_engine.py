"""Engine speed: one assessment in the pure core, and `backspasm --help` wall time.

Run:  .venv/bin/python benchmarks/bench_engine.py [--write docs/benchmarks.md]
Targets (issue: triage core): median assessment <= 1 ms; `backspasm --help` <= 0.3 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from backspasm.core.answers import Answers
from backspasm.core.assessment import assess
from backspasm.core.interview import next_question
from backspasm.knowledge import default_knowledge


def random_answers(rng: random.Random, finding_ids: list[str]) -> Answers:
    known = rng.sample(finding_ids, rng.randint(0, 20))
    return Answers(
        age=rng.choice([None, rng.randint(16, 95)]),
        location=rng.choice([None, "lower", "middle", "upper"]),
        duration_days=rng.choice([None, rng.uniform(0, 200)]),
        pain_score=rng.choice([None, rng.randint(0, 10)]),
        findings={f: rng.random() < 0.2 for f in known},
    )


def time_calls(fn, inputs) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for x in inputs:
        t0 = time.perf_counter()
        fn(x)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--write", type=Path, help="Update the engine section of this file.")
    args = parser.parse_args()
    k = default_knowledge()
    rng = random.Random(7)
    inputs = [random_answers(rng, list(k.findings)) for _ in range(args.n)]
    for x in inputs[:50]:  # warm up
        assess(k, x)
    assess_t = time_calls(lambda a: assess(k, a), inputs)
    question_t = time_calls(lambda a: next_question(k, a), inputs[:300])
    exe = shutil.which("backspasm") or str(Path(sys.executable).parent / "backspasm")
    help_t = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        help_t.append(time.perf_counter() - t0)
    py_t = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
        py_t.append(time.perf_counter() - t0)

    def ms(xs: list[float], q: float) -> float:
        return 1000 * statistics.quantiles(xs, n=100)[int(q) - 1] if q < 100 else 1000 * max(xs)

    lines = [
        f"- `assess()` over {args.n} random answer sets: "
        f"median {1000 * statistics.median(assess_t):.3f} ms, "
        f"p95 {ms(assess_t, 95):.3f} ms (target: median <= 1 ms)",
        f"- `next_question()` (the interview's choice, 300 sets): median "
        f"{1000 * statistics.median(question_t):.2f} ms, p95 {ms(question_t, 95):.2f} ms",
        f"- `backspasm --help` wall: median {statistics.median(help_t):.3f} s over 7 runs "
        f"(bare `python -c pass`: {statistics.median(py_t):.3f} s; target <= 0.3 s)",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        text = args.write.read_text()
        head = "## Triage engine (issue: triage core)\n"
        start = text.index(head) + len(head)
        end = text.index("\n## ", start)
        stamp = time.strftime("%Y-%m-%d")
        body = f"\n`benchmarks/bench_engine.py`, {stamp}:\n\n{report}\n"
        args.write.write_text(text[:start] + body + text[end:])


if __name__ == "__main__":
    main()
