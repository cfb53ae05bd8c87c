"""Speed of the free-text intake (issue 3). Prints a Markdown section for docs/benchmarks.md.

Measures, in one run on this machine:

1. ``backspasm --help`` wall time (median of 7 runs), next to ``python -c pass`` as a ratio;
2. a cold batch: ``backspasm assess --batch`` on 100 narratives of 3-4 sentences each, in a
   fresh process (spaCy import, pipeline build, reading and assessing), median of 3 runs;
3. after loading: milliseconds per complaint for ``extract`` and ``assess_text`` over the
   labelled complaints (median and 95th percentile);
4. cold start (section "Intake cold start"): ``backspasm assess --text TEXT --json`` in a
   fresh process, ``--runs`` times, with the compiled-rules cache warm (every run after the
   first ever) and empty (the first run ever), next to the same command with
   ``--compare-src`` (another checkout's ``src``, e.g. a ``git archive`` of main) first on
   the path, interleaved so both see the same machine load; and, in a fresh process, where
   the first text's time goes (CPU seconds per phase).

Usage: python benchmarks/bench_intake.py [--runs 7] [--compare-src OTHER/src]
(targets: help <= 0.3 s, batch <= 10 s, median <= 20 ms per complaint).
"""

from __future__ import annotations

import argparse
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
#: The danger-sign question of the cold-start issue (saddle numbness, a red flag).
COLD_TEXT = "I can't feel my bum when I wipe and my back hurts, what should I do?"
#: Where a fresh process spends the first text, phase by phase (CPU and wall seconds).
PHASES = """
import json, time
c0, w0 = time.process_time(), time.perf_counter()
out = {}
def lap(name):
    global c0, w0
    c, w = time.process_time(), time.perf_counter()
    out[name] = [c - c0, w - w0]
    c0, w0 = c, w
import backspasm.cli
lap("Python + CLI imports")
from backspasm.knowledge import default_knowledge
knowledge = default_knowledge()
lap("knowledge YAML")
from backspasm.intake.libraries import import_spacy
import_spacy()
lap("import spaCy + medspaCy (TargetMatcher, ConText)")
from backspasm.intake.pipeline import get_pipeline
get_pipeline(knowledge)
lap("build the pipeline (blank English, rules from the cache, matchers)")
from backspasm.intake import assess_text
assess_text(TEXT, knowledge)
lap("read and assess the text")
print(json.dumps(out))
"""
#: The web app's first free-text request in a fresh process (in-process ASGI client).
WEB_FIRST = """
import json, sys, time
t0 = time.perf_counter()
from fastapi.testclient import TestClient
from backspasm.web import Settings, create_app
client = TestClient(create_app(Settings(database_url="sqlite:///" + sys.argv[1])))
t1 = time.perf_counter()
first = client.post("/api/v1/assessments", json={"text": TEXT})
t2 = time.perf_counter()
second = client.post("/api/v1/assessments", json={"text": TEXT})
t3 = time.perf_counter()
assert first.status_code == second.status_code == 200, first.text
print(json.dumps({"app": t1 - t0, "first": t2 - t1, "second": t3 - t2}))
"""


CPU: dict[str, float] = {}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def cold_start(runs: int, compare: Path | None) -> None:
    """Section "Intake cold start": cold `assess --text`, interleaved with another src."""
    cmd = [*CLI, "assess", "--text", COLD_TEXT, "--json"]
    variants = {"this branch": SRC}
    if compare is not None:
        variants["compared"] = compare.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        warm = {**os.environ, "BACKSPASM_CACHE_DIR": str(Path(tmp) / "warm")}
        for src in variants.values():  # fill the warm cache (and the OS file cache)
            timed(cmd, {**warm, "PYTHONPATH": str(src)})
        results: dict[str, list[tuple[float, float]]] = {}
        for n in range(runs):
            for name, src in variants.items():
                env = {**warm, "PYTHONPATH": str(src)}
                results.setdefault(f"{name}, cache warm", []).append(timed(cmd, env))
            empty = {**os.environ, "PYTHONPATH": str(SRC)}
            empty["BACKSPASM_CACHE_DIR"] = str(Path(tmp) / f"empty{n}")
            results.setdefault("this branch, cache empty", []).append(timed(cmd, empty))
        web: dict[str, list[dict[str, float]]] = {}
        for n in range(max(3, runs // 2)):
            for name, src in variants.items():
                db = Path(tmp) / f"web{n}-{name.replace(' ', '_')}.sqlite3"
                done = subprocess.run(
                    [sys.executable, "-c", f"TEXT = {COLD_TEXT!r}\n{WEB_FIRST}", str(db)],
                    env={**warm, "PYTHONPATH": str(src)},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                web.setdefault(name, []).append(json.loads(done.stdout))
        phases = [
            json.loads(
                subprocess.run(
                    [sys.executable, "-c", f"TEXT = {COLD_TEXT!r}\n{PHASES}"],
                    env={**warm, "PYTHONPATH": str(SRC)},
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(3)
        ]
    print(f"\n### Intake cold start\n\n`benchmarks/bench_intake.py --runs {runs}`, {stamp()}.\n")
    print(f"Load average at the start: {LOAD:.1f}; at the end: {os.getloadavg()[0]:.1f}.\n")
    print(f"`backspasm assess --text {COLD_TEXT!r} --json`, new process each time:\n")
    print("| variant | wall median (min to max) | CPU median |")
    print("|---|---:|---:|")
    for name, xs in results.items():
        walls = [w for w, _ in xs]
        print(
            f"| {name} ({len(xs)} runs) | {statistics.median(walls):.2f} s "
            f"({min(walls):.2f} to {max(walls):.2f}) | "
            f"{statistics.median([c for _, c in xs]):.2f} s |"
        )
    if compare is not None:
        ours = statistics.median([w for w, _ in results["this branch, cache warm"]])
        theirs = statistics.median([w for w, _ in results["compared, cache warm"]])
        ours_cpu = statistics.median([c for _, c in results["this branch, cache warm"]])
        theirs_cpu = statistics.median([c for _, c in results["compared, cache warm"]])
        print(
            f"\nRatio this/compared, medians: wall {ours / theirs:.2f}, CPU "
            f"{ours_cpu / theirs_cpu:.2f}."
        )
    print(
        "\nWeb app, fresh process: POST /api/v1/assessments with the same text (in-process"
        " ASGI client), seconds, medians:\n"
    )
    print("| variant | app created | first request | second request |")
    print("|---|---:|---:|---:|")
    for name, xs in web.items():
        cells = " | ".join(
            f"{statistics.median(x[k] for x in xs):.2f} s" for k in ("app", "first", "second")
        )
        print(f"| {name} ({len(xs)} runs) | {cells} |")
    print("\nFirst text in a fresh process, by phase (median of 3; CPU / wall seconds):\n")
    print("| phase | CPU | wall |")
    print("|---|---:|---:|")
    for name in phases[0]:
        cpu = statistics.median(p[name][0] for p in phases)
        wall_s = statistics.median(p[name][1] for p in phases)
        print(f"| {name} | {cpu:.3f} s | {wall_s:.3f} s |")


def stamp() -> str:
    cpu = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {cpu}"


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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="cold `assess --text` runs")
    parser.add_argument("--compare-src", type=Path, help="another checkout's src, timed too")
    parser.add_argument(
        "--cold-only", action="store_true", help="only the cold-start section (item 4)"
    )
    args = parser.parse_args()
    if args.cold_only:
        cold_start(args.runs, args.compare_src)
        return 0
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
    cold_start(args.runs, args.compare_src)
    return 0


if __name__ == "__main__":
    sys.exit(main())
