"""Coughing up blood (NICE NG158, NG12) and back pain in a child under five: the knowledge
added for them, through the triage and the interview."""

from __future__ import annotations

from backspasm.core.answers import Answers
from backspasm.core.assessment import assess
from backspasm.core.interview import next_question
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def _asked(knowledge: Knowledge, answers: Answers) -> list[str]:
    """Every question the interview would ask, answering no to each."""
    asked: list[str] = []
    while (q := next_question(knowledge, answers)) is not None:
        asked.append(q.finding.id)
        answers = answers.with_finding(q.finding.id, False)
    return asked


def test_coughing_blood_is_asked_only_where_it_can_point_somewhere(knowledge: Knowledge) -> None:
    plain = Answers(age=35, location="lower", findings={"lifting_or_bending_onset": True})
    assert "coughing_blood" not in _asked(knowledge, plain)
    for answers in (
        Answers(age=35, location="upper", findings={"lifting_or_bending_onset": True}),
        Answers(age=35, location="lower", findings={"smoker": True}),
    ):
        assert "coughing_blood" in _asked(knowledge, answers)


def test_coughing_blood_points_to_a_clot_or_a_cancer(knowledge: Knowledge) -> None:
    breathless = assess(
        knowledge,
        Answers(
            age=45, location="upper", findings={"coughing_blood": True, "short_of_breath": True}
        ),
    )
    assert breathless.disposition is Disposition.emergency
    assert breathless.conditions[0].id == "pulmonary_embolism"
    smoker = assess(
        knowledge,
        Answers(
            age=64,
            location="middle",
            findings={"coughing_blood": True, "smoker": True, "weight_loss": True},
        ),
    )
    assert smoker.disposition is Disposition.urgent
    assert "spinal_malignancy" in [c.id for c in smoker.conditions[:3]]


def test_back_pain_before_five_is_seen_today_and_after_it_by_the_child_rule(
    knowledge: Knowledge,
) -> None:
    for age in (0, 2, 4):
        assert assess(knowledge, Answers(age=age)).disposition is Disposition.urgent
    assert assess(knowledge, Answers(age=5)).disposition is Disposition.routine
