"""Throughput and latency of POST /api/v1/assessments against GET /api/v1/health.

Loopback only and bounded in time. One uvicorn server (one process, the app from
``create_app``) runs in a subprocess on a free 127.0.0.1 port; a small asyncio HTTP/1.1
keep-alive client in this process holds CONNECTIONS connections open and sends requests
back to back. The two endpoints alternate in ROUNDS rounds of DURATION seconds (each
after a short warm-up), so a change in machine load hits both alike. The assessments cycle
through a fixed pool of varied, valid answer sets (seeded), so no two consecutive
requests are the same.

Reported: requests per second, p50 and p99 latency, and the assessment's throughput as a
share of the trivial endpoint's in the same run (target: at least 70%, p99 under 50 ms).

    python benchmarks/bench_web.py            # print the figures
    python benchmarks/bench_web.py --write    # also update docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Web app and JSON API"

CONNECTIONS = 32
WARMUP = 0.5
DURATION = 2.0
ROUNDS = 4
POOL = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answer_pool(seed: int = 7) -> list[bytes]:
    """Varied answer sets: random basics, a random subset of findings answered yes/no."""
    sys.path.insert(0, str(ROOT / "src"))
    from backspasm.knowledge import default_knowledge

    knowledge = default_knowledge()
    rng = random.Random(seed)
    ids = list(knowledge.findings)
    bodies = []
    for _ in range(POOL):
        chosen = rng.sample(ids, rng.randint(0, len(ids)))
        findings = {fid: rng.random() < 0.15 for fid in chosen}
        answers = {
            "age": rng.randint(18, 90),
            "sex": rng.choice(["female", "male", "other"]),
            "location": rng.choice(["lower", "middle", "upper"]),
            "duration_days": rng.choice([0, 1, 2, 5, 14, 60]),
            "pain_score": rng.randint(0, 10),
            "findings": findings,
        }
        bodies.append(json.dumps({"answers": answers}).encode())
    return bodies


def request_bytes(method: str, path: str, body: bytes | None) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + (body or b"")


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    await reader.readexactly(length)
    return status


async def worker(port: int, requests: list[bytes], offset: int, stop_at: float,
                 record_from: float, latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while True:
            start = time.perf_counter()
            if start >= stop_at:
                break
            writer.write(requests[i % len(requests)])
            status = await read_response(reader)
            end = time.perf_counter()
            i += 1
            if start >= record_from:
                latencies.append(end - start)
                if status != 200:
                    errors.append(status)
    finally:
        writer.close()
        await writer.wait_closed()


async def load(port: int, requests: list[bytes], latencies: list[float],
               errors: list[int]) -> None:
    begin = time.perf_counter()
    record_from = begin + WARMUP
    stop_at = record_from + DURATION
    await asyncio.gather(*(
        worker(port, requests, n * 7, stop_at, record_from, latencies, errors)
        for n in range(CONNECTIONS)
    ))


def summarise(latencies: list[float], errors: list[int]) -> dict[str, float]:
    latencies = sorted(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / (DURATION * ROUNDS),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
        "errors": len(errors),
    }


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "backspasm.web:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log"],
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 30 s")


def write_section(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start = doc.index(SECTION)
    nxt = doc.find("\n## ", start + len(SECTION))
    end = len(doc) if nxt == -1 else nxt + 1
    DOC.write_text(doc[:start] + text.rstrip() + "\n\n" + doc[end:].lstrip("\n"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()

    bodies = answer_pool()
    port = free_port()
    proc = start_server(port)
    plans = {
        "health": [request_bytes("GET", "/api/v1/health", None)],
        "assess": [request_bytes("POST", "/api/v1/assessments", b) for b in bodies],
    }
    seen: dict[str, tuple[list[float], list[int]]] = {k: ([], []) for k in plans}
    try:
        for _ in range(ROUNDS):
            for key, requests in plans.items():
                asyncio.run(load(port, requests, *seen[key]))
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    health = summarise(*seen["health"])
    assess = summarise(*seen["assess"])
    ratio = assess["rps"] / health["rps"]
    rows = [("GET /api/v1/health (trivial)", health), ("POST /api/v1/assessments", assess)]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        SECTION,
        "",
        f"_`benchmarks/bench_web.py`, {when}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, one uvicorn process (h11) on loopback, {CONNECTIONS} "
        f"keep-alive connections, the two endpoints alternating in {ROUNDS} rounds of "
        f"{DURATION:g} s each (after {WARMUP:g} s warm-up); the client runs on the same "
        f"machine, which was shared with other work (load average {os.getloadavg()[0]:.1f}). Assessments cycle through {POOL} varied "
        "answer sets._",
        "",
        "| endpoint | requests/s | p50 ms | p99 ms | non-200 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                     f"{r['errors']:.0f} |")
    verdict_ratio = "meets" if ratio >= 0.70 else "misses"
    verdict_p99 = "meets" if assess["p99_ms"] < 50 else "misses"
    lines += [
        "",
        f"Assessment throughput is **{ratio:.0%}** of the trivial endpoint's "
        f"({verdict_ratio} the 70% target); assessment p99 is **{assess['p99_ms']:.1f} ms** "
        f"({verdict_p99} the 50 ms target).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(text)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
