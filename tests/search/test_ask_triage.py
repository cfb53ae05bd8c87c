"""ask puts a question that describes danger signs through the real intake first."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.core.answers import Answers
from backspasm.core.assessment import assess
from backspasm.intake.prefilter import could_find, triage_ages, triage_findings
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition
from backspasm.search.ask import needs_triage_first
from backspasm.search.triage import default_triage


def test_a_red_flag_in_the_question_gives_triage_first(knowledge: Knowledge) -> None:
    result = default_triage(knowledge)("my back hurts and I cannot pee")
    assert result is not None
    assert result.answers.findings.get("urinary_retention") is True
    assert result.disposition is Disposition.emergency
    assert needs_triage_first(result, knowledge)


def test_a_denied_red_flag_gives_no_triage_first(knowledge: Knowledge) -> None:
    result = default_triage(knowledge)("my back hurts but I can pee fine, is that ok")
    assert result is None or not needs_triage_first(result, knowledge)


def test_a_plain_question_gives_no_triage_first(knowledge: Knowledge) -> None:
    result = default_triage(knowledge)("how long does a back spasm last")
    assert result is None or not needs_triage_first(result, knowledge)


# --- the pre-filter that lets ask skip the intake ------------------------------------------


_SKIP_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SKIP_SETTINGS
@given(data=st.data())
def test_without_a_triage_finding_the_triage_never_comes_first(
    data: st.DataObject, knowledge: Knowledge
) -> None:
    """What makes skipping the intake safe: whatever the intake could still have read
    (any other findings, yes, no or unsure, and any age outside triage_ages, sex, place,
    duration or pain score), the triage would not have been shown first."""
    ranges = triage_ages(knowledge)
    others = sorted(set(knowledge.findings) - triage_findings(knowledge))
    chosen = data.draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others)))
    values = {f: data.draw(st.sampled_from(["yes", "no", "unsure"])) for f in chosen}
    answers = Answers(
        age=data.draw(
            st.none()
            | st.integers(0, 120).filter(lambda a: not any(lo <= a <= hi for lo, hi in ranges))
        ),
        sex=data.draw(st.none() | st.sampled_from(["female", "male"])),
        location=data.draw(st.none() | st.sampled_from(["lower", "middle", "upper"])),
        duration_days=data.draw(st.none() | st.floats(0, 36500)),
        pain_score=data.draw(st.none() | st.integers(0, 10)),
        findings={f: v == "yes" for f, v in values.items() if v != "unsure"},
        unsure=[f for f, v in values.items() if v == "unsure"],
    )
    assert not needs_triage_first(assess(knowledge, answers), knowledge)


def test_an_age_that_calls_for_prompt_care_puts_the_triage_first(knowledge: Knowledge) -> None:
    """The other half of the promise: an age in triage_ages (a child under five) puts the
    triage first by itself, so the pre-filter must send such a question to the intake."""
    ranges = triage_ages(knowledge)
    assert (0, 4) in ranges
    for lo, hi in ranges:
        for age in {lo, hi}:
            assert needs_triage_first(assess(knowledge, Answers(age=age)), knowledge)
    question = "my 3 year old has back pain, which stretches help?"
    assert could_find(question, knowledge, triage_only=True)
    result = default_triage(knowledge)(question)
    assert result is not None and result.disposition.rank >= Disposition.urgent.rank
    assert not could_find("I am 40, which stretches help?", knowledge, triage_only=True)


def test_every_non_triage_finding_at_once_never_puts_the_triage_first(
    knowledge: Knowledge,
) -> None:
    others = set(knowledge.findings) - triage_findings(knowledge)
    assert others  # most lay findings ("spasm", "stiff") are not triage findings
    for age in (None, 5, 30, 55, 90):
        for duration in (None, 0.5, 10, 100, 1000):
            answers = Answers(
                age=age, duration_days=duration, pain_score=10, findings=dict.fromkeys(others, True)
            )
            assert not needs_triage_first(assess(knowledge, answers), knowledge)


def test_a_plain_question_skips_the_intake_without_importing_spacy() -> None:
    code = (
        "import sys\n"
        "from backspasm.knowledge import default_knowledge\n"
        "from backspasm.search.triage import default_triage\n"
        "k = default_knowledge()\n"
        "assert default_triage(k)('how do I loosen tight middle back muscles') is None\n"
        "assert 'spacy' not in sys.modules, 'spaCy was imported'\n"
        "result = default_triage(k)('my back hurts and I cannot pee')\n"
        "assert result is not None and result.answers.findings['urinary_retention']\n"
        "assert 'spacy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
