"""Import speed: a ten-year diary export read back by the core, the API and the page.

Run:  .venv/bin/python benchmarks/bench_import.py [--repeat 7]
Builds one diary in a throwaway SQLite file (3650 daily check-ins with every field, 20
episodes, 20 stored triage results), exports it as JSON (and CSV), then times, in one run,
importing that export into an empty diary:

- ``core``: ``raw_bundle_bytes`` + ``parse_bundle`` (read and check the file, no database);
- ``store``: ``Diary.import_bundle`` of the checked bundle (one transaction);
- ``API``: ``POST /api/v1/diary/import`` through the app in-process (FastAPI TestClient);
- ``page``: ``POST /diary/import`` with the file as a multipart upload, the same way;
- ``again``: the API import of the same export a second time (everything already there).

The diary is emptied (untimed) between repetitions. Prints medians and maxima, and each
time as a multiple of ``core + store`` measured in the same run (the figures go by hand into
the "Diary import" section of docs/benchmarks.md). Needs nothing from the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from backspasm.core.diary import Bundle, CheckIn, Episode, parse_bundle
from backspasm.core.diary_csv import to_csv
from backspasm.core.diary_file import raw_bundle_bytes
from backspasm.knowledge import default_knowledge
from backspasm.store import open_store
from backspasm.web import Settings, create_app

DAYS = 3650
LIMIT = 5_000_000


def build(url: str) -> tuple[bytes, bytes]:
    """The export (JSON, CSV) of a synthetic ten-year diary stored at ``url``."""
    knowledge = default_knowledge()
    store = open_store(url)
    try:
        diary = store.diary("source")
        first = dt.date(2016, 1, 1)
        checkins = tuple(CheckIn.model_validate({
            "day": first + dt.timedelta(days=i), "pain": i % 8, "function": 7,
            "sleep_hours": 6.5, "active_minutes": 30, "sitting_hours": 7, "stress": i % 6,
            "medicines": ["ibuprofen", "paracetamol"],
            "notes": "stiff in the morning, better after a walk"}) for i in range(DAYS))
        episodes = tuple(Episode.model_validate({
            "started": first + dt.timedelta(days=180 * j),
            "ended": first + dt.timedelta(days=180 * j + 6), "worst_pain": 7,
            "triggers": ["lifting"], "helped": ["walking", "heat"]}) for j in range(20))
        diary.import_bundle(Bundle(episodes=episodes, checkins=checkins))
        for j in range(20):
            diary.record_checkin(CheckIn.model_validate({
                "day": dt.date(2026, 1, 1) + dt.timedelta(days=j), "pain": 6,
                "red_flags": ["fever"]}), knowledge)
        data = json.dumps(diary.export(), indent=2, ensure_ascii=False).encode()
        csv = to_csv(diary.episodes(), diary.checkins()).encode()
        return data, csv
    finally:
        store.close()


def timed(fn: Callable[[], object], reset: Callable[[], None], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        reset()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    knowledge = default_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        data, csv = build(url)
        print(f"export: {len(data) / 1e6:.2f} MB JSON, {len(csv) / 1e6:.2f} MB CSV")
        store = open_store(url)
        target = store.diary("me")
        app = create_app(Settings(database_url=url, max_import_bytes=LIMIT))
        results: dict[str, list[float]] = {}
        with TestClient(app) as client:
            def core() -> Bundle:
                return parse_bundle(raw_bundle_bytes(data, fmt="json", limit=LIMIT), knowledge)

            bundle = core()

            def api() -> None:
                r = client.post("/api/v1/diary/import", content=data,
                                headers={"content-type": "application/json"})
                assert r.status_code == 200, r.text

            def page() -> None:
                r = client.post("/diary/import",
                                files={"file": ("diary.json", data, "application/json")})
                assert r.status_code == 200 and "Diary imported" in r.text, r.text[:500]

            def fill() -> None:
                target.delete_all()
                api()

            results["core"] = timed(core, lambda: None, args.repeat)
            results["store"] = timed(lambda: target.import_bundle(bundle), target.delete_all,
                                     args.repeat)
            results["API"] = timed(api, target.delete_all, args.repeat)
            results["page"] = timed(page, target.delete_all, args.repeat)
            fill()
            results["again"] = timed(api, lambda: None, args.repeat)
            checkins = len(target.checkins())
            assert checkins == DAYS + 20, checkins
        store.close()
    base = statistics.median(results["core"]) + statistics.median(results["store"])
    print(f"{'what':8} {'median ms':>10} {'max ms':>9} {'x (core+store)':>15}")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:8} {med:10.1f} {max(times):9.1f} {med / base:15.2f}")


if __name__ == "__main__":
    main()
