"""Crash tests: every write the store acknowledged is still there after a hard kill.

PostgreSQL: concurrent writer threads; the server and all its backends are SIGKILLed
mid-way, restarted on the same data, and the writers carry on. SQLite: writer processes;
one is SIGKILLed mid-way while the others keep writing.

A write is acknowledged when ``Diary.add_checkin`` has returned. Writes whose call raised are
unknown (the commit may or may not have happened) and are retried, which is harmless
because the same check-in twice is recognised as unchanged.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from backspasm.core.diary import CheckIn
from backspasm.store import open_store
from backspasm.store.testing import PgCluster

D0 = dt.date(2000, 1, 1)


def checkin_for(n: int) -> CheckIn:
    return CheckIn(day=D0 + dt.timedelta(days=n), pain=n % 11, stress=(n * 7) % 11,
                   notes=f"write {n}")


def test_postgres_sigkill_during_concurrent_writes_loses_no_acknowledged_write(
    own_cluster: PgCluster,
) -> None:
    writers = 8
    store = open_store(own_cluster.url, pool_size=writers, max_overflow=0, pool_timeout=30)
    acked: dict[str, list[int]] = {f"w{i}": [] for i in range(writers)}
    errors = [0]
    stop = threading.Event()

    def write(name: str) -> None:
        diary = store.diary(name)
        n = 0
        while not stop.is_set():
            try:
                diary.add_checkin(checkin_for(n))
            except Exception:  # server gone: the write is unknown, retry it
                errors[0] += 1
                time.sleep(0.05)
                continue
            acked[name].append(n)
            n += 1

    threads = [threading.Thread(target=write, args=(name,)) for name in acked]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + 20
        while sum(map(len, acked.values())) < 200 and time.monotonic() < deadline:
            time.sleep(0.02)
        before = sum(map(len, acked.values()))
        own_cluster.kill()  # mid-way: writers are inside transactions right now
        time.sleep(0.5)
        own_cluster.start()
        deadline = time.monotonic() + 20
        while sum(map(len, acked.values())) < before + 200 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    after = sum(map(len, acked.values()))
    assert before >= 200, "the writers never got going"
    assert after >= before + 200, "the writers did not recover after the restart"
    assert errors[0] > 0, "the kill did not interrupt any write"
    for name, numbers in acked.items():
        stored = {c.day: c for c in store.diary(name).checkins()}
        for n in numbers:
            assert stored.get(checkin_for(n).day) == checkin_for(n), f"{name} lost write {n}"
    store.close()


WRITER = """
import sys
from backspasm.store import open_store
from backspasm.core.diary import CheckIn
import datetime as dt
url, person, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
diary = open_store(url).diary(person)
for n in range(count):
    c = CheckIn(day=dt.date(2000, 1, 1) + dt.timedelta(days=n), pain=n % 11,
                stress=(n * 7) % 11, notes=f"write {n}")
    diary.add_checkin(c)
    print(n, flush=True)
"""


def test_sqlite_sigkill_of_a_writer_process_loses_no_acknowledged_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    open_store(url).close()  # create and migrate first
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    count = 400
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", WRITER, url, name, str(count)],
            stdout=subprocess.PIPE, text=True, env=env,
        )
        for name in ("victim", "a", "b")
    }
    acked: dict[str, list[int]] = {name: [] for name in procs}

    def read(name: str) -> None:
        out = procs[name].stdout
        assert out is not None
        for line in out:
            acked[name].append(int(line))

    readers = [threading.Thread(target=read, args=(n,)) for n in procs]
    for r in readers:
        r.start()
    deadline = time.monotonic() + 60
    while len(acked["victim"]) < 100 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(procs["victim"].pid, signal.SIGKILL)
    for p in procs.values():
        p.wait(120)
    for r in readers:
        r.join(10)
    for p in procs.values():
        assert p.stdout is not None
        p.stdout.close()
    assert procs["victim"].returncode == -signal.SIGKILL
    assert 100 <= len(acked["victim"]) < count, "the writer was not killed mid-way"
    assert procs["a"].returncode == 0 and procs["b"].returncode == 0
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        for name, numbers in acked.items():
            stored = {c.day: c for c in store.diary(name).checkins()}
            for n in numbers:
                assert stored.get(checkin_for(n).day) == checkin_for(n), f"{name} lost write {n}"
        assert len(acked["a"]) == len(acked["b"]) == count
    finally:
        store.close()
