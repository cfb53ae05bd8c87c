"""Report speed: ten years of a diary into the clinician's report, as HTML and as FHIR.

Run:  .venv/bin/python benchmarks/bench_report.py [--repeat 15]
Builds one person's diary in a throwaway SQLite file (3650 daily check-ins, one episode a
quarter, 40 saved assessments, 40 questionnaire scores), then times, in one run: reading it
and building the report (``gather``), rendering HTML, building the FHIR Bundle, the same
with a window of the last 90 days (``since``), and, for scale, ``Diary.insights`` alone over
the same diary. Prints medians, maxima and the ratios
against ``insights`` (the figures go by hand into the "Report" section of
docs/benchmarks.md). Needs nothing from the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from backspasm.care.instruments import parse_score
from backspasm.core.answers import Answers
from backspasm.core.assessment import assess
from backspasm.core.diary import AssessmentRecord, CheckIn, Episode, QuestionnaireRecord
from backspasm.core.fhir import to_fhir
from backspasm.knowledge import default_knowledge
from backspasm.knowledge.care import default_care_knowledge
from backspasm.report import gather
from backspasm.report.html import render_html
from backspasm.store import open_store

DAYS = 3650


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(7)
    knowledge = default_knowledge()
    care = default_care_knowledge()
    today = dt.date(2026, 11, 1)
    first = today - dt.timedelta(days=DAYS - 1)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        diary = store.diary("bench")
        episodes = [Episode(started=first + dt.timedelta(days=d), ended=first + dt.timedelta(
            days=d + rng.randint(5, 30)), worst_pain=rng.randint(5, 9), triggers=("lifting",))
            for d in range(0, DAYS - 30, 90)]
        from backspasm.core.diary import Bundle

        checkins = [CheckIn(day=first + dt.timedelta(days=i), pain=rng.randint(0, 8),
                            function=rng.randint(3, 10), sleep_hours=rng.choice([5, 6.5, 8]),
                            stress=rng.randint(0, 9)) for i in range(DAYS)]
        # the assessments and scores are spread over the ten years (one a quarter), as an
        # import would bring them, so a date window leaves most of them out
        assessments, scores = [], []
        for n in range(40):
            when = dt.datetime.combine(today - dt.timedelta(days=n * 91), dt.time(9),
                                       dt.UTC)
            findings = {f.id: False for f in rng.sample(knowledge.red_flags, 10)}
            a = assess(knowledge, Answers(pain_score=rng.randint(2, 9), findings=findings))
            assessments.append(AssessmentRecord(
                created_at=when, disposition=a.disposition,
                knowledge_version=a.knowledge_version, result=a.model_dump(mode="json")))
            items = [rng.random() < 0.4 for _ in range(8)] + ["moderately"]
            sb = parse_score("startback", {"items": items}, care)
            scores.append(QuestionnaireRecord(
                created_at=when, instrument="startback", score=float(sb.score),
                band=str(sb.risk), answers=sb.model_dump(mode="json"),
                knowledge_version=knowledge.version))
        diary.import_bundle(Bundle(episodes=tuple(episodes), checkins=tuple(checkins),
                                   assessments=tuple(assessments),
                                   questionnaires=tuple(scores)))
        report = gather(diary, knowledge, person="bench", today=today)
        html = render_html(report)
        bundle = to_fhir(report, care, bundle_id=uuid.uuid4())
        since = today - dt.timedelta(days=89)
        recent = gather(diary, knowledge, person="bench", today=today, since=since)
        recent_html = render_html(recent)
        recent_bundle = to_fhir(recent, care, bundle_id=uuid.uuid4())
        rows = [
            ("Diary.insights (read + insights), for scale",
             timed(lambda: diary.insights(knowledge, today), args.repeat)),
            ("gather (read everything + build_report)",
             timed(lambda: gather(diary, knowledge, person="bench", today=today), args.repeat)),
            ("render_html (standalone)", timed(lambda: render_html(report), args.repeat)),
            ("to_fhir + json.dumps",
             timed(lambda: json.dumps(to_fhir(report, care, bundle_id=uuid.uuid4())),
                   args.repeat)),
            ("gather, last 90 days (since)",
             timed(lambda: gather(diary, knowledge, person="bench", today=today, since=since),
                   args.repeat)),
            ("render_html, last 90 days", timed(lambda: render_html(recent), args.repeat)),
            ("to_fhir + json.dumps, last 90 days",
             timed(lambda: json.dumps(to_fhir(recent, care, bundle_id=uuid.uuid4())),
                   args.repeat)),
        ]
        store.close()
    base = rows[0][1][0]
    print(f"{DAYS} check-ins, {len(episodes)} episodes, 40 assessments, 40 scores; "
          f"HTML {len(html) / 1024:.0f} KiB, FHIR {len(json.dumps(bundle)) / 1024:.0f} KiB "
          f"with {len(bundle['entry'])} resources; {args.repeat} repetitions")
    print(f"last 90 days: {len(recent.checkins)} check-ins, {len(recent.episodes)} episodes, "
          f"{len(recent.assessments)} assessments, {len(recent.questionnaires)} scores; HTML "
          f"{len(recent_html) / 1024:.0f} KiB, FHIR {len(json.dumps(recent_bundle)) / 1024:.0f} "
          f"KiB with {len(recent_bundle['entry'])} resources")
    print(f"{'what':48} {'median ms':>10} {'max ms':>8} {'x insights':>10}")
    for name, (median, worst) in rows:
        print(f"{name:48} {median:10.1f} {worst:8.1f} {median / base:10.1f}")


if __name__ == "__main__":
    main()
