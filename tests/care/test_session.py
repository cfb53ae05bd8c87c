"""The timed-session planner."""

from __future__ import annotations

from backspasm.care.models import CareKnowledge
from backspasm.care.session import READY_SECONDS, plan_session, total_seconds


def test_one_sided_exercise(care: CareKnowledge) -> None:
    ex = care.exercises["pelvic_tilt"]  # 5 s x 10, rest 3
    steps = plan_session([ex])
    kinds = [s.kind for s in steps]
    assert kinds[0] == "ready" and kinds.count("hold") == 10 and kinds.count("rest") == 9
    assert steps[-1].kind == "hold"  # no rest after the last hold
    assert total_seconds(steps) == READY_SECONDS + 10 * 5 + 9 * 3


def test_each_side_alternates(care: CareKnowledge) -> None:
    ex = care.exercises["seated_twist"]  # 25 s x 2 each side, rest 5
    holds = [s for s in plan_session([ex]) if s.kind == "hold"]
    assert [(h.rep, h.side) for h in holds] == [
        (1, "left"),
        (1, "right"),
        (2, "left"),
        (2, "right"),
    ]
    assert all(h.seconds == ex.hold_seconds for h in holds)
    assert total_seconds(plan_session([ex])) == READY_SECONDS + 4 * 25 + 3 * 5


def test_routine_keeps_order_and_counts(care: CareKnowledge) -> None:
    routine = care.routines["recovery"]
    exercises = [care.exercises[e] for e in routine.exercises]
    steps = plan_session(exercises)
    readies = [s for s in steps if s.kind == "ready"]
    assert [s.exercise for s in readies] == routine.exercises
    assert all(s.of == len(exercises) for s in steps)
    assert all(s.seconds > 0 for s in steps)
