"""Diary benchmarks.

1. insights: the whole insights computation (recovery, alerts, triggers) and the SVG chart
   over ten years of daily check-ins, pure and read from a SQLite store. Target: <= 200 ms.
2. writers: N concurrent check-in writers (threads, one person each) for S seconds against
   the store on SQLite (a file) and on PostgreSQL (a throwaway local cluster over loopback
   TCP). Every acknowledged write is then read back. Target: zero errors, zero lost writes.

Run:  PYTHONPATH=src python benchmarks/bench_diary.py [--seconds 30] [--writers 200]
      [--backend sqlite|postgresql|both] [--skip-insights] [--skip-writers]
Bounded in time: the writers stop after --seconds and are joined with a timeout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from backspasm.core.chart import svg_chart
from backspasm.core.diary import CheckIn, Episode
from backspasm.core.insights import insights
from backspasm.knowledge import default_knowledge
from backspasm.knowledge.diary import default_diary_knowledge

D0 = dt.date(2016, 1, 1)


def ten_years(seed: int = 1) -> tuple[list[Episode], list[CheckIn]]:
    rng = random.Random(seed)
    episodes: list[Episode] = []
    checkins: list[CheckIn] = []
    i = 0
    days = 3650
    while i < days:
        sleep = rng.choice([4.5, 5.5, 6.5, 7, 7.5, 8])
        checkins.append(CheckIn(
            day=D0 + dt.timedelta(days=i), pain=rng.randint(0, 2), function=rng.randint(7, 10),
            sleep_hours=sleep, active_minutes=rng.randint(0, 90),
            sitting_hours=rng.choice([3, 5, 7, 9, 10]), stress=rng.randint(0, 10),
            medicines=(),
        ))
        if rng.random() < (0.03 if sleep < 6 else 0.005) and i + 15 < days - 40:
            length = rng.randint(5, 14)
            episodes.append(Episode(
                started=D0 + dt.timedelta(days=i + 1),
                ended=D0 + dt.timedelta(days=i + 1 + length), worst_pain=rng.randint(5, 9),
                triggers=tuple(rng.sample(["lifting", "sitting", "stress", "sleep"], 2)),
            ))
            for k in range(1, length + 2):
                checkins.append(CheckIn(
                    day=D0 + dt.timedelta(days=i + k), pain=max(0, 8 - k // 2),
                    function=min(10, 3 + k // 2), sleep_hours=7, stress=4,
                ))
            i += length + 2
            continue
        i += 1
    return episodes, checkins


def bench_insights(repeats: int = 30) -> dict[str, float]:
    dk, kn = default_diary_knowledge(), default_knowledge()
    episodes, checkins = ten_years()
    today = checkins[-1].day
    # an open episode at the end, so recovery and alerts are computed too
    episodes.append(Episode(started=today - dt.timedelta(days=20), worst_pain=7))
    times, chart_times = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = insights(dk, kn, episodes, checkins, today)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        svg_chart(checkins, episodes)
        chart_times.append(time.perf_counter() - t0)
    assert any(t.enough for t in result.triggers)

    from backspasm.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'ten.sqlite3'}")
        diary = store.diary()
        from backspasm.core.diary import Bundle

        diary.import_bundle(Bundle(episodes=tuple(episodes), checkins=tuple(checkins)))
        e2e = []
        for _ in range(max(5, repeats // 3)):
            t0 = time.perf_counter()
            insights(dk, kn, diary.episodes(), diary.checkins(), today)
            e2e.append(time.perf_counter() - t0)
        store.close()
    ms = 1000.0
    return {
        "checkins": len(checkins), "episodes": len(episodes),
        "insights_median_ms": statistics.median(times) * ms,
        "insights_max_ms": max(times) * ms,
        "chart_median_ms": statistics.median(chart_times) * ms,
        "store_read_plus_insights_median_ms": statistics.median(e2e) * ms,
        "store_read_plus_insights_max_ms": max(e2e) * ms,
    }


def bench_writers(url: str, writers: int, seconds: float, **engine_kw: object) -> dict[str, float]:
    from backspasm.store import open_store

    store = open_store(url, **engine_kw)  # type: ignore[arg-type]
    diaries = [store.diary(f"writer{i}") for i in range(writers)]
    acked: list[list[int]] = [[] for _ in range(writers)]
    latencies: list[list[float]] = [[] for _ in range(writers)]
    errors: list[str] = []
    start_gate = threading.Barrier(writers + 1)
    stop = threading.Event()

    def write(i: int) -> None:
        diary = diaries[i]
        start_gate.wait()
        n = 0
        while not stop.is_set():
            c = CheckIn(day=D0 + dt.timedelta(days=n), pain=n % 11, stress=i % 11,
                        notes=f"w{i}n{n}")
            t0 = time.perf_counter()
            try:
                diary.add_checkin(c)
            except Exception as exc:  # counted, reported
                errors.append(f"{type(exc).__name__}: {str(exc)[:120]}")
                continue
            latencies[i].append(time.perf_counter() - t0)
            acked[i].append(n)
            n += 1

    threads = [threading.Thread(target=write, args=(i,), daemon=True) for i in range(writers)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=max(0.0, 120 - (time.perf_counter() - t0)))
    elapsed = time.perf_counter() - t0
    hung = sum(t.is_alive() for t in threads)
    # read back every acknowledged write
    lost = 0
    for i, diary in enumerate(diaries):
        stored = {c.day: c for c in diary.checkins()}
        for n in acked[i]:
            c = stored.get(D0 + dt.timedelta(days=n))
            if c is None or c.notes != f"w{i}n{n}":
                lost += 1
    store.close()
    flat = sorted(x for lat in latencies for x in lat)
    total = len(flat)

    def pct(p: float) -> float:
        return flat[min(total - 1, int(p * total))] * 1000 if total else float("nan")

    return {
        "writers": writers, "seconds": round(elapsed, 1), "acknowledged": total,
        "per_second": total / elapsed, "errors": len(errors), "lost": lost, "hung": hung,
        "min_per_writer": min(len(a) for a in acked),
        "p50_ms": pct(0.5), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
        "first_error": errors[0] if errors else "",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--writers", type=int, default=200)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--skip-insights", action="store_true")
    ap.add_argument("--skip-writers", action="store_true")
    args = ap.parse_args()
    ok = True
    if not args.skip_insights:
        r = bench_insights()
        print("insights over ten years:", {k: round(v, 2) for k, v in r.items()})
        ok &= r["insights_max_ms"] <= 200 and r["store_read_plus_insights_max_ms"] <= 200
    if not args.skip_writers:
        if args.backend in ("sqlite", "both"):
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{Path(tmp) / 'writers.sqlite3'}"
                r = bench_writers(url, args.writers, args.seconds,
                                  pool_size=16, max_overflow=0, pool_timeout=120)
            print("sqlite writers:", {k: (round(v, 2) if isinstance(v, float) else v)
                                      for k, v in r.items()})
            ok &= r["errors"] == 0 and r["lost"] == 0 and r["hung"] == 0
        if args.backend in ("postgresql", "both"):
            from backspasm.store.testing import PgCluster

            with PgCluster(max_connections=args.writers + 50) as cluster:
                r = bench_writers(cluster.url, args.writers, args.seconds,
                                  pool_size=args.writers, max_overflow=0, pool_timeout=120)
            print("postgresql writers:", {k: (round(v, 2) if isinstance(v, float) else v)
                                          for k, v in r.items()})
            ok &= r["errors"] == 0 and r["lost"] == 0 and r["hung"] == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
