"""Care-plan speed: building a plan compared with the triage it starts from, and scoring.

Run:  .venv/bin/python benchmarks/bench_care.py
Prints medians and the ratio plan/assess from one run (the figures go by hand into the
"Care plan" section of docs/benchmarks.md).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from backspasm.care.instruments import parse_score
from backspasm.care.plan import build_plan
from backspasm.care.session import plan_session
from backspasm.core.answers import parse_answers
from backspasm.core.assessment import assess
from backspasm.knowledge import default_knowledge
from backspasm.knowledge.care import default_care_knowledge

SAFE = ["lifting_or_bending_onset", "brief_cramp", "stress_related", "awkward_sleep_position"]


def random_input(rng: random.Random, context_ids: list[str]) -> dict[str, Any]:
    return {
        "age": rng.randint(16, 90),
        "sex": rng.choice(["female", "male"]),
        "location": rng.choice(["lower", "middle", "upper"]),
        "duration_days": rng.uniform(0, 60),
        "pain_score": rng.randint(0, 10),
        "findings": {f: rng.random() < 0.5 for f in SAFE},
        "context": {
            **{c: rng.random() < 0.15 for c in rng.sample(context_ids, 8)},
            "current_medicines": rng.sample(
                ["warfarin", "sertraline", "ramipril", "omeprazole"], 2
            ),
        },
        "questionnaires": {
            "startback": {"items": [rng.random() < 0.4 for _ in range(8)] + ["moderately"]},
            "odi": {"sections": [rng.randint(0, 5) for _ in range(10)], "previous": 50},
        },
    }


def median_ms(fn: Callable[[Any], object], inputs: list[Any]) -> float:
    times = []
    for x in inputs:
        t0 = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    k = default_knowledge()
    t0 = time.perf_counter()
    care = default_care_knowledge()
    load_ms = (time.perf_counter() - t0) * 1000
    rng = random.Random(11)
    inputs = [random_input(rng, list(care.context)) for _ in range(500)]
    for x in inputs[:30]:
        build_plan(k, care, x)
    answers = [
        parse_answers(
            {key: v for key, v in x.items() if key not in ("context", "questionnaires")}, k
        )
        for x in inputs
    ]
    plan_ms = median_ms(lambda x: build_plan(k, care, x), inputs)
    assess_ms = median_ms(lambda a: assess(k, a), answers)
    odi_ms = median_ms(lambda x: parse_score("odi", x["questionnaires"]["odi"], care), inputs)
    routine = [care.exercises[e] for e in care.routines["recovery"].exercises]
    session_ms = median_ms(lambda _: plan_session(routine), list(range(200)))
    print(f"care knowledge load (core already loaded): {load_ms:.1f} ms")
    print(
        f"build_plan median {plan_ms:.3f} ms; assess median {assess_ms:.3f} ms; "
        f"ratio plan/assess {plan_ms / assess_ms:.2f}"
    )
    print(f"ODI scoring median {odi_ms:.4f} ms; recovery session plan median {session_ms:.3f} ms")


if __name__ == "__main__":
    main()
