"""A timed stretching session as a plain list of steps, for any player to run.

:func:`plan_session` is pure: exercises in, steps out. Each step says what to do and
for how many whole seconds; the terminal player (``backspasm stretch``) only counts down.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .models import Exercise

StepKind = Literal["ready", "hold", "rest"]

#: Seconds to read the instructions and get into position before each exercise.
READY_SECONDS = 10


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: StepKind
    exercise: str
    title: str
    text: str
    seconds: int
    rep: int
    reps: int
    side: Literal["left", "right"] | None = None
    index: int
    of: int


def plan_session(exercises: Sequence[Exercise], ready_seconds: int = READY_SECONDS) -> list[Step]:
    """Get ready, then hold and rest for every repetition (and side) of every exercise."""
    steps: list[Step] = []
    n = len(exercises)
    for index, ex in enumerate(exercises, start=1):
        common = {"exercise": ex.id, "title": ex.name, "reps": ex.reps, "index": index, "of": n}
        how = " ".join(f"{i}. {s}" for i, s in enumerate(ex.steps, start=1))
        steps.append(
            Step(kind="ready", text=f"{ex.position}. {how}", seconds=ready_seconds, rep=0, **common)
        )
        sides: list[Literal["left", "right"] | None] = ["left", "right"] if ex.each_side else [None]
        holds = [(rep, side) for rep in range(1, ex.reps + 1) for side in sides]
        for k, (rep, side) in enumerate(holds):
            steps.append(
                Step(
                    kind="hold",
                    text=f"Hold. You should feel: {ex.feel} Stop if: {ex.stop_if}",
                    seconds=ex.hold_seconds,
                    rep=rep,
                    side=side,
                    **common,
                )
            )
            last = k == len(holds) - 1
            if not last and ex.rest_seconds > 0:
                nxt = holds[k + 1][1]
                where = f" Next: {nxt} side." if nxt else ""
                steps.append(
                    Step(
                        kind="rest",
                        text=f"Relax and breathe.{where}",
                        seconds=ex.rest_seconds,
                        rep=rep,
                        side=side,
                        **common,
                    )
                )
    return steps


def total_seconds(steps: Sequence[Step]) -> int:
    return sum(s.seconds for s in steps)
