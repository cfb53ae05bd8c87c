"""200 concurrent check-in writers over HTTP on loopback, on SQLite and on PostgreSQL.

The real app (``create_app`` under uvicorn, one process, 127.0.0.1 on a free port) is
started on a fresh SQLite file, then on a throwaway PostgreSQL cluster
(:class:`backspasm.store.testing.PgCluster`). WRITERS keep-alive connections (the asyncio
HTTP/1.1 client of ``bench_web.py``) each POST ``/api/v1/diary/checkins`` back to back for
SECONDS seconds. The app writes one person's diary, so each writer owns its own range of
days in that diary and never repeats a day. Acknowledged writes are HTTP 201 (added) or
200 (the same check-in already stored); anything else, a timeout or a dropped connection is
an error. Afterwards every acknowledged check-in is read back through the store and
compared (day and notes); one missing or different is a lost write.

    PYTHONPATH=src python benchmarks/bench_diary_http.py [--seconds 30] [--writers 200]
        [--backend sqlite|postgresql|both]

Bounded in time: each run stops after --seconds; a request gets at most TIMEOUT seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import free_port, read_response, request_bytes, start_server

PATH = "/api/v1/diary/checkins"
D0 = dt.date(1900, 1, 1)
#: days owned by each writer: 200 x 230 days stays between 1900 and today (the API takes no
#: future day); a writer that used all its days stops (reported as ran_out_of_days)
SPAN = 230
TIMEOUT = 30.0


def body(writer: int, n: int) -> bytes:
    day = D0 + dt.timedelta(days=writer * SPAN + n)
    return json.dumps({"day": day.isoformat(), "pain": n % 11, "function": (writer + n) % 11,
                       "stress": writer % 11, "notes": f"w{writer}n{n}"}).encode()


async def writer(port: int, i: int, stop_at: float, acked: list[list[int]],
                 latencies: list[float], errors: list[str], statuses: dict[int, int]) -> None:
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    n = 0
    while time.perf_counter() < stop_at and n < SPAN:
        start = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", port), TIMEOUT)
            reader, w = conn
            w.write(request_bytes("POST", PATH, body(i, n)))
            status = await asyncio.wait_for(read_response(reader), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
            errors.append(f"writer {i}: {type(exc).__name__} {exc}"[:160])
            if conn is not None:
                conn[1].close()
            conn = None
            n += 1  # the day may or may not be stored: never reuse it
            continue
        latencies.append(time.perf_counter() - start)
        statuses[status] = statuses.get(status, 0) + 1
        if status in (200, 201):
            acked[i].append(n)
        else:
            errors.append(f"writer {i}: HTTP {status}")
        n += 1
    if conn is not None:
        conn[1].close()
        await conn[1].wait_closed()


async def load(port: int, writers: int, seconds: float) -> dict[str, object]:
    acked: list[list[int]] = [[] for _ in range(writers)]
    latencies: list[float] = []
    errors: list[str] = []
    statuses: dict[int, int] = {}
    t0 = time.perf_counter()
    await asyncio.gather(*(writer(port, i, t0 + seconds, acked, latencies, errors, statuses)
                           for i in range(writers)))
    return {"acked": acked, "latencies": latencies, "errors": errors, "statuses": statuses,
            "elapsed": time.perf_counter() - t0}


def warm_up(port: int) -> None:
    """One read, so the store is opened (and migrated) before the clock starts."""
    async def get() -> int:
        reader, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(request_bytes("GET", PATH, None))
        status = await read_response(reader)
        w.close()
        await w.wait_closed()
        return status

    status = asyncio.run(get())
    if status != 200:
        raise SystemExit(f"the diary API answered {status} to the warm-up read")


def run(url: str, writers: int, seconds: float) -> dict[str, object]:
    port = free_port()
    old = os.environ.get("BACKSPASM_DATABASE_URL")
    os.environ["BACKSPASM_DATABASE_URL"] = url
    try:
        proc = start_server(port)
    finally:
        if old is None:
            del os.environ["BACKSPASM_DATABASE_URL"]
        else:
            os.environ["BACKSPASM_DATABASE_URL"] = old
    try:
        warm_up(port)
        res = asyncio.run(load(port, writers, seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    from backspasm.store import open_store

    store = open_store(url)
    try:
        stored = {c.day: c.notes for c in store.diary("me").checkins()}
    finally:
        store.close()
    acked: list[list[int]] = res["acked"]  # type: ignore[assignment]
    lost = sum(
        1 for i, ns in enumerate(acked) for n in ns
        if stored.get(D0 + dt.timedelta(days=i * SPAN + n)) != f"w{i}n{n}"
    )
    flat = sorted(res["latencies"])  # type: ignore[call-overload]
    total = sum(len(a) for a in acked)
    elapsed: float = res["elapsed"]  # type: ignore[assignment]
    errors: list[str] = res["errors"]  # type: ignore[assignment]

    def pct(p: float) -> float:
        return flat[min(len(flat) - 1, int(p * len(flat)))] * 1000 if flat else float("nan")

    return {
        "writers": writers, "seconds": round(elapsed, 1), "acknowledged": total,
        "per_second": round(total / elapsed, 1), "errors": len(errors), "lost": lost,
        "stored": len(stored), "statuses": res["statuses"],
        "fewest_by_one_writer": min(len(a) for a in acked),
        "ran_out_of_days": sum(len(a) >= SPAN for a in acked),
        "p50_ms": round(pct(0.5), 1), "p95_ms": round(pct(0.95), 1),
        "p99_ms": round(pct(0.99), 1),
        "first_error": errors[0] if errors else "",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--writers", type=int, default=200)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = ap.parse_args()
    if D0 + dt.timedelta(days=args.writers * SPAN) > dt.date.today():
        raise SystemExit(f"at most {(dt.date.today() - D0).days // SPAN} writers fit "
                         "between 1900 and today")
    ok = True
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            r = run(f"sqlite:///{Path(tmp) / 'http.sqlite3'}", args.writers, args.seconds)
        print("sqlite over http:", r)
        ok &= r["errors"] == 0 and r["lost"] == 0
    if args.backend in ("postgresql", "both"):
        from backspasm.store.testing import PgCluster

        with PgCluster(max_connections=args.writers + 50) as cluster:
            r = run(cluster.url, args.writers, args.seconds)
        print("postgresql over http:", r)
        ok &= r["errors"] == 0 and r["lost"] == 0
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
