"""The rules blind round 5 added or widened, checked through the whole assessment.

* ``inflammatory_back_pain_with_family_or_arthritis`` (NICE NG65): long morning stiffness
  under 45 with a close relative who has spondyloarthritis is a GP visit, not self-care;
* ``child_night_or_constant_pain`` (NICE NG12): a child's back pain that wakes them at
  night or keeps getting worse needs a doctor within a day or two;
* ``arm_or_jaw_pain_upper_back`` now also covers pain "in the middle of my back".
"""

from __future__ import annotations

from backspasm.core.answers import parse_answers
from backspasm.core.assessment import assess
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition


def _disposition(knowledge: Knowledge, raw: dict[str, object]) -> Disposition:
    return assess(knowledge, parse_answers(raw, knowledge)).disposition


def test_morning_stiffness_with_family_history_is_a_gp_visit(knowledge: Knowledge) -> None:
    raw = {"age": 34, "findings": {"morning_stiffness_long": True,
                                   "family_history_spondyloarthritis": True}}
    assert _disposition(knowledge, raw) is Disposition.routine
    result = assess(knowledge, parse_answers(raw, knowledge))
    assert result.conditions[0].id == "axial_spondyloarthritis"


def test_morning_stiffness_alone_stays_self_care(knowledge: Knowledge) -> None:
    raw = {"age": 34, "findings": {"morning_stiffness_long": True}}
    assert _disposition(knowledge, raw) is Disposition.self_care


def test_older_stiffness_with_family_history_is_not_called_inflammatory(
    knowledge: Knowledge,
) -> None:
    raw = {"age": 70, "findings": {"morning_stiffness_long": True,
                                   "family_history_spondyloarthritis": True}}
    assert _disposition(knowledge, raw) is Disposition.self_care


def test_a_child_woken_by_back_pain_is_seen_urgently(knowledge: Knowledge) -> None:
    assert _disposition(knowledge, {"age": 12, "findings": {"night_pain": True}}) is (
        Disposition.urgent
    )
    assert _disposition(knowledge, {"age": 8, "findings": {"constant_progressive_pain": True}}) is (
        Disposition.urgent
    )


def test_a_child_with_a_sports_strain_is_still_routine(knowledge: Knowledge) -> None:
    raw = {"age": 12, "findings": {"night_pain": False, "lifting_or_bending_onset": True}}
    assert _disposition(knowledge, raw) is Disposition.routine


def test_an_adult_with_night_pain_alone_is_not_raised_by_the_child_rule(
    knowledge: Knowledge,
) -> None:
    assert _disposition(knowledge, {"age": 40, "findings": {"night_pain": True}}) is (
        Disposition.routine
    )


def test_jaw_pain_with_middle_back_pain_is_an_emergency(knowledge: Knowledge) -> None:
    """People call the area between the shoulder blades "the middle of my back"."""
    raw = {"age": 59, "location": "middle", "findings": {"pain_to_arm_or_jaw": True}}
    assert _disposition(knowledge, raw) is Disposition.emergency
    raw = {"age": 59, "location": "lower", "findings": {"pain_to_arm_or_jaw": True}}
    assert _disposition(knowledge, raw) is not Disposition.emergency
