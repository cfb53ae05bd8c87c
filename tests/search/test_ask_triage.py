"""ask puts a question that describes danger signs through the real intake first."""

from __future__ import annotations

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
