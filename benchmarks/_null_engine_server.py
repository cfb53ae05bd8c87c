"""The web app under uvicorn with the engine replaced by a table of precomputed results.

Used by bench_web.py to measure what the web layer alone costs an assessment request:
the route, validation and JSON of the same responses, without the triage engine. Not a
way to run backspasm: it only knows the answer sets of the benchmark's pool.

    python benchmarks/_null_engine_server.py PORT
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import uvicorn

import backspasm.web.api.assessments as route
from backspasm.core.answers import Answers
from backspasm.core.assessment import Assessment, assess
from backspasm.knowledge import Knowledge
from backspasm.web import create_app
from backspasm.web.api.models import AssessmentRequest


def key(answers: Answers) -> tuple[object, ...]:
    """The answers as a table key (cheap: a few microseconds of the request's cost)."""
    return (tuple(answers.findings.items()), tuple(answers.unsure), answers.age, answers.sex,
            answers.location, answers.duration_days, answers.pain_score)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_web import interview_pool

    app = create_app()
    knowledge = app.state.knowledge
    table: dict[tuple[object, ...], Assessment] = {}
    for body in interview_pool():
        answers = AssessmentRequest.model_validate_json(body).answers
        assert answers is not None
        table[key(answers)] = assess(knowledge, answers)

    def looked_up(knowledge: Knowledge, answers: Answers) -> Assessment:
        return table[key(answers)]

    vars(route)["assess"] = looked_up  # the route calls assess() through its module
    gc.collect()
    gc.freeze()  # as `backspasm serve` does
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
