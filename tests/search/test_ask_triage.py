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
