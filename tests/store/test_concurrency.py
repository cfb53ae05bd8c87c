"""Concurrency on one store: fair queueing of writers, reads that never wait on SQLite, and
many writer threads losing nothing (the 30-second, 200-writer version is a benchmark)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from backspasm.core.diary import CheckIn
from backspasm.store import Store
from backspasm.store.service import FairLock

D0 = dt.date(2020, 1, 1)


def test_fair_lock_serves_in_arrival_order_and_excludes() -> None:
    lock = FairLock()
    order: list[int] = []
    inside = [0]
    worst = [0]
    lock.__enter__()  # hold it while the others queue up one by one

    def worker(i: int) -> None:
        with lock:
            inside[0] += 1
            worst[0] = max(worst[0], inside[0])
            order.append(i)
            time.sleep(0.001)
            inside[0] -= 1

    threads = []
    for i in range(20):
        t = threading.Thread(target=worker, args=(i,))
        t.start()
        threads.append(t)
        deadline = time.monotonic() + 5
        while len(lock._waiters) < i + 1 and time.monotonic() < deadline:
            time.sleep(0.001)
    lock.__exit__(None, None, None)
    for t in threads:
        t.join(10)
    assert order == list(range(20))
    assert worst[0] == 1


def test_sqlite_reads_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    from backspasm.store import open_store

    store = open_store(f"sqlite:///{tmp_path}/r.sqlite3")
    diary = store.diary()
    diary.add_checkin(CheckIn(day=D0, pain=3))
    try:
        with store.session() as s:  # an open write transaction holding SQLite's write lock
            s.connection()
            t0 = time.monotonic()
            seen = store.diary().checkins()  # from another thread's view: a new connection
            assert time.monotonic() - t0 < 2
            assert [c.pain for c in seen] == [3]
    finally:
        store.close()


def test_concurrent_writers_lose_nothing(store: Store) -> None:
    writers, each = 12, 15
    errors: list[BaseException] = []

    def write(i: int) -> None:
        diary = store.diary(f"c{i}")
        for n in range(each):
            try:
                diary.add_checkin(CheckIn(day=D0 + dt.timedelta(days=n), pain=(i + n) % 11))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    for i in range(writers):
        got = [c.pain for c in store.diary(f"c{i}").checkins()]
        assert got == [(i + n) % 11 for n in range(each)]


def test_racing_writers_of_the_same_day_agree(store: Store) -> None:
    """Many threads add the same new check-in at once: one adds it, the rest see it."""
    outcomes: list[str] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(8)
    diary = store.diary("race")

    def write() -> None:
        gate.wait()
        try:
            outcomes.append(diary.add_checkin(CheckIn(day=D0, pain=4)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(outcomes) == ["added"] + ["unchanged"] * 7
    assert diary.checkins() == [CheckIn(day=D0, pain=4)]
