"""Speed of the free-text intake (issue 3). Prints a Markdown section for docs/benchmarks.md.

Measures, in one run on this machine:

1. ``backspasm --help`` wall time (median of 7 runs), next to ``python -c pass`` as a ratio;
2. a cold batch: ``backspasm assess --batch`` on 100 narratives of 3-4 sentences each, in a
   fresh process (spaCy import, pipeline build, reading and assessing), median of 3 runs;
3. after loading: milliseconds per complaint for ``extract`` and ``assess_text`` over the
   labelled complaints (median and 95th percentile).

Usage: python benchmarks/bench_intake.py  (targets: help <= 0.3 s, batch <= 10 s, median
<= 20 ms per complaint).
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DATA = ROOT / "tests" / "intake" / "data"
ENV = {**os.environ, "PYTHONPATH": str(SRC)}
CLI = [sys.executable, "-m", "backspasm"]


CPU: dict[str, float] = {}


def wall(cmd: list[str], runs: int, name: str = "") -> float:
    """Median wall time of ``runs`` runs; the median CPU time (user + system) goes to CPU."""
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=ENV, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    CPU[name] = statistics.median(cpus)
    return statistics.median(times)


def narratives(n: int = 100) -> list[str]:
    texts = [
        json.loads(line)["text"]
        for name in ("complaints.jsonl", "complaints_heldout.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(3)
    out = []
    for _ in range(n):
        parts = [t.rstrip(".") + "." for t in rng.sample(texts, rng.randint(3, 4))]
        out.append(" ".join(p[0].upper() + p[1:] for p in parts))
    return out


LOAD = os.getloadavg()[0]


def main() -> int:
    sys.path.insert(0, str(SRC))
    baseline = wall([sys.executable, "-c", "pass"], 7)
    typer_s = wall([sys.executable, "-c", "import typer, rich"], 7)
    help_s = wall([*CLI, "--help"], 7, "help")
    with_spacy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from backspasm.cli import app; from typer.testing import "
            "CliRunner; CliRunner().invoke(app, ['--help']); print('spacy' in sys.modules)",
        ],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "narratives.jsonl"
        stories = narratives()
        batch.write_text(
            "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(stories)),
            encoding="utf-8",
        )
        batch_s = wall([*CLI, "assess", "--batch", str(batch), "--json"], 3, "batch")
        words = statistics.mean(len(t.split()) for t in stories)

    from backspasm.intake import assess_text, extract
    from backspasm.knowledge import default_knowledge

    knowledge = default_knowledge()
    t0 = time.perf_counter()
    extract("warm up: no fever", knowledge)
    load_s = time.perf_counter() - t0
    texts = [
        json.loads(line)["text"]
        for line in (DATA / "complaints.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    per: dict[str, list[float]] = {"extract": [], "assess_text": []}
    for _ in range(3):
        for text in texts:
            for name, fn in (("extract", extract), ("assess_text", assess_text)):
                t0 = time.perf_counter()
                fn(text, knowledge)
                per[name].append((time.perf_counter() - t0) * 1000)

    def q(xs: list[float], p: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]

    cpu = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(
        f"_Measured by `benchmarks/bench_intake.py` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {cpu}._\n"
    )
    load = os.getloadavg()[0]
    print(f"Load average at the start: {LOAD:.1f}; at the end: {load:.1f} (2 cores shared).\n")
    print("| what | measured | target |")
    print("|---|---:|---:|")
    print(
        f"| `backspasm --help` (median of 7; spaCy imported: {with_spacy}) | {help_s:.2f} s "
        f"wall, {CPU['help']:.2f} s CPU "
        f"(`python -c pass` {baseline:.2f} s; `import typer, rich` alone {typer_s:.2f} s, "
        f"{help_s / typer_s:.2f}x) | <= 0.3 s |"
    )
    print(
        f"| cold batch: 100 narratives ({words:.0f} words each on average), fresh process, "
        f"median of 3 | {batch_s:.1f} s wall, {CPU['batch']:.1f} s CPU | <= 10 s |"
    )
    print(f"| first text in a process (spaCy import + pipeline build) | {load_s:.2f} s | - |")
    for name, xs in per.items():
        print(
            f"| `{name}` after loading, per complaint ({len(xs)} calls): median / p95 | "
            f"{statistics.median(xs):.1f} / {q(xs, 0.95):.1f} ms | median <= 20 ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
