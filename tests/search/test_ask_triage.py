from __future__ import annotations

import sys

import pytest

from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition
from backspasm.search.triage import default_triage, phrase_triage


def test_lay_phrase_of_a_red_flag_triggers_triage(knowledge: Knowledge) -> None:
    result = phrase_triage(knowledge)("my back hurts and I cannot pee")
    assert result is not None
    assert result.answers.findings == {"urinary_retention": True}
    assert result.disposition == Disposition.emergency


def test_a_plain_question_gives_no_triage(knowledge: Knowledge) -> None:
    assert phrase_triage(knowledge)("how long does a back spasm last") is None


def test_default_triage_falls_back_without_the_intake(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "backspasm.intake", None)  # import now fails
    run = default_triage(knowledge)
    result = run("back pain and I can't pee")
    assert result is not None and result.disposition == Disposition.emergency


def test_default_triage_uses_the_intake_when_it_is_installed(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import ModuleType

    from backspasm.core.answers import Answers
    from backspasm.core.assessment import assess

    calls: list[str] = []

    def assess_text(text: str, k: Knowledge):  # type: ignore[no-untyped-def]
        calls.append(text)
        return assess(k, Answers(findings={"saddle_numbness": True})), object()

    fake = ModuleType("backspasm.intake")
    fake.assess_text = assess_text  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backspasm.intake", fake)
    result = default_triage(knowledge)("numb between my legs")
    assert calls == ["numb between my legs"]
    assert result is not None and result.answers.findings == {"saddle_numbness": True}
