"""default_triage(knowledge, question): the intake loads in the background, same results."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from backspasm.intake import pipeline
from backspasm.knowledge import Knowledge, KnowledgeError
from backspasm.search.triage import default_triage

DANGER = "I can't feel my bum when I wipe and my back hurts, what should I do?"
PLAIN = "how do I loosen tight middle back muscles"


@pytest.mark.parametrize("question", [DANGER, "my back hurts and I can't pee", PLAIN])
def test_a_head_start_gives_the_same_triage(knowledge: Knowledge, question: str) -> None:
    assert default_triage(knowledge, question)(question) == default_triage(knowledge)(question)


def test_only_a_question_that_needs_the_intake_loads_it(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.get_pipeline
    calls: list[str] = []

    def counting(k: Knowledge, *args: Any, **kwargs: Any) -> Any:
        calls.append("built")
        return real(k, *args, **kwargs)

    monkeypatch.setattr(pipeline, "get_pipeline", counting)
    assert default_triage(knowledge, PLAIN)(PLAIN) is None
    assert calls == []
    result = default_triage(knowledge, DANGER)(DANGER)
    assert calls == ["built"]
    assert result is not None and result.answers.findings.get("saddle_numbness") is True


def test_a_failure_in_the_background_is_retried_in_the_caller(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KnowledgeError("intake/targets.yaml: broken on purpose.")

    monkeypatch.setattr(pipeline, "get_pipeline", broken)  # only the background thread's
    result = default_triage(knowledge, DANGER)(DANGER)
    assert result is not None and result.answers.findings.get("saddle_numbness") is True

    extract_module = importlib.import_module("backspasm.intake.extract")  # not the function
    monkeypatch.setattr(extract_module, "get_pipeline", broken)  # now the caller's too
    with pytest.raises(KnowledgeError, match="broken on purpose"):
        default_triage(knowledge, DANGER)(DANGER)
