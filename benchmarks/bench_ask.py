"""Benchmark `backspasm ask`: per-question latency after loading, and a cold CLI run.

    python benchmarks/bench_ask.py [--runs 5] [--compare-src OTHER/src]

Prints the figures for docs/benchmarks.md (section "Ask"). Targets from the issue:
p95 <= 30 ms per question after loading, cold `backspasm ask` <= 2 s. Also prints the
retrieval quality on tests/search/questions.yaml so both land in the docs from one run.

Cold runs are timed for three kinds of question (COLD): one that names no symptom, one
that the intake reads a finding in that cannot put the triage first, and two with a
danger sign (the only kind that still loads the spaCy intake). ``--compare-src`` times
the same cold runs with another checkout's ``src`` first on the path (e.g. an export of
main before a change), interleaved with ours so both see the same machine load.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "search" / "questions.yaml"
HOLDOUT = ROOT / "tests" / "search" / "questions_holdout.yaml"


#: Cold-run questions: (label, question).
COLD = [
    ("plain", "how do I loosen tight middle back muscles"),
    ("spasm", "how long does a back spasm last"),
    ("danger", "my back hurts and I can't pee"),
    ("saddle", "I can't feel my bum when I wipe and my back hurts, what should I do?"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


CPU: list[float] = []  # CPU seconds (user + system) of each run_cli child, in order


def run_cli(args: list[str], env: dict[str, str]) -> float:
    """Wall seconds for one `backspasm ARGS...` in a new process (CPU seconds go to CPU)."""
    # What this tree's `backspasm` console script runs (the installed script may belong to
    # another checkout of the shared virtualenv, with another entry point).
    launcher = [sys.executable, "-c", "import backspasm.cli as c; c.main()"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*launcher, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="cold CLI runs to time")
    parser.add_argument("--compare-src", type=Path, help="another checkout's src, timed too")
    args = parser.parse_args()

    from backspasm.knowledge import default_knowledge
    from backspasm.search.ask import ask
    from backspasm.search.evaluation import evaluate, load_cases
    from backspasm.search.index import build_index
    from backspasm.search.triage import default_triage

    cache = Path(tempfile.mkdtemp(prefix="bench-ask-"))
    # In this process too, so the in-process runs below leave the intake's compiled rules
    # in the same cache as the vectors: every cold run then finds both (as after a first run).
    os.environ["BACKSPASM_CACHE_DIR"] = str(cache)
    env = {**os.environ, "BACKSPASM_CACHE_DIR": str(cache)}
    try:
        knowledge = default_knowledge()
        t0 = time.perf_counter()
        first = build_index(knowledge, cache_dir=cache)
        build_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = build_index(knowledge, cache_dir=cache)
        build_warm = time.perf_counter() - t0
        assert index.stats["from_cache"] and not first.stats["from_cache"]

        cases, out_of_scope = load_cases(QUESTIONS)
        questions = [c.question for c in cases] + out_of_scope
        triage = default_triage(knowledge)
        for q in questions[:20]:  # warm-up
            ask(q, index, triage=triage)
        times = []
        cpu_times = []
        for q in questions:
            t0 = time.perf_counter()
            c0 = time.process_time()
            ask(q, index, triage=triage)
            cpu_times.append((time.process_time() - c0) * 1000)
            times.append((time.perf_counter() - t0) * 1000)

        report = evaluate(index, cases, out_of_scope)
        held = evaluate(index, *load_cases(HOLDOUT))

        ours = {**env, "PYTHONPATH": str(ROOT / "src")}
        variants = {"this": ours}
        if args.compare_src:
            variants["compared"] = {**env, "PYTHONPATH": str(args.compare_src.resolve())}
        cold: dict[tuple[str, str], list[tuple[float, float]]] = {}
        help_: list[float] = []
        help_cpu: list[float] = []
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            help_.append(run_cli(["--help"], ours))
            help_cpu.append(CPU[-1])
            for label, question in COLD:
                for name, venv in variants.items():
                    wall = run_cli(["ask", question], venv)
                    cold.setdefault((name, label), []).append((wall, CPU[-1]))
        cli = [w for w, _ in cold[("this", "spasm")]]
        empty = Path(tempfile.mkdtemp(prefix="bench-ask-empty-"))
        try:
            empty_env = {**env, "BACKSPASM_CACHE_DIR": str(empty)}
            first_ever = run_cli(["ask", "heat or ice"], empty_env)
        finally:
            shutil.rmtree(empty, ignore_errors=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    s = index.stats
    print(f"passages {s['passages']}, questions {s['questions']}, sentences {s['sentences']}")
    print(f"index build, empty cache: {build_cold:.2f} s; from cache: {build_warm:.2f} s")
    print(
        f"per question after loading ({len(times)} questions, triage fallback included): "
        f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
        f"max {max(times):.1f} ms (target p95 <= 30 ms); CPU time p50 "
        f"{statistics.median(cpu_times):.1f} ms, p95 {percentile(cpu_times, 95):.1f} ms"
    )
    for (name, label), runs in cold.items():
        walls = [w for w, _ in runs]
        question = dict(COLD)[label]
        print(
            f"cold `backspasm ask {question!r}` ({name} src; new process, vector cache on "
            f"disk), {args.runs} runs: median {statistics.median(walls):.2f} s, "
            f"min {min(walls):.2f} s, max {max(walls):.2f} s (target <= 2 s); CPU time median "
            f"{statistics.median([c for _, c in runs]):.2f} s"
        )
    print(
        f"`backspasm --help` in the same runs (baseline: Python, Typer, Rich): median "
        f"{statistics.median(help_):.2f} s (CPU {statistics.median(help_cpu):.2f} s); "
        f"ask ('spasm' question)/help ratio "
        f"{statistics.median(cli) / statistics.median(help_):.2f}"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"very first `backspasm ask` (empty cache, builds and saves vectors): {first_ever:.2f} s")
    print(f"quality, tuning set: {report.figures()}")
    print(f"quality, held-out set: {held.figures()}")


if __name__ == "__main__":
    main()
