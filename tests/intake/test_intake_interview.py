"""The interactive interview starts with the person's own words and asks only what is open."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console

from backspasm.cli import interview
from backspasm.knowledge import Knowledge


class Script:
    """Answers the prompts in order and records every prompt shown."""

    def __init__(self, replies: list[str]) -> None:
        self.replies: Iterator[str] = iter(replies)
        self.prompts: list[str] = []

    def __call__(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        self.prompts.append(prompt)
        # when the script runs out: "not sure" to questions, Enter (skip) to the rest
        return next(self.replies, "?" if "y / n" in prompt else "")


def run(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge, replies: list[str]
) -> tuple[Any, Script, str]:
    script = Script(replies)
    monkeypatch.setattr(interview.Prompt, "ask", script)
    out = io.StringIO()
    result = interview.run_interview(knowledge, Console(file=out, width=120))
    return result, script, out.getvalue()


def test_it_starts_with_describe_and_skips_what_the_text_settled(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    text = "I'm 40, male. My lower back locked when I bent over. No fever, no numbness down below."
    result, script, shown = run(monkeypatch, knowledge, [text])
    assert script.prompts[0].startswith("Describe what is happening")
    assert "What I understood" in shown
    asked = " ".join(script.prompts[1:])
    assert "How old are you" not in asked and "Sex:" not in asked
    assert "Where is the pain" not in asked
    questions = shown.split("What I understood")[1]
    assert knowledge.findings["fever"].question not in questions
    assert knowledge.findings["saddle_numbness"].question not in questions
    # red flags the text did not settle are asked first
    first = knowledge.findings["urinary_retention"].question
    assert first[:40] in " ".join(questions.split())
    assert result.answers.age == 40 and result.answers.findings["fever"] is False


def test_an_uncertain_red_flag_from_the_text_is_asked(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    _, _, shown = run(monkeypatch, knowledge, ["back went, maybe numb down below? not sure"])
    after = " ".join(shown.split("What I understood")[1].split())
    assert knowledge.findings["saddle_numbness"].question[:40] in after


def test_an_emergency_in_the_text_stops_the_questions(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    result, script, _ = run(
        monkeypatch, knowledge, ["I can't feel the toilet paper and I wet myself", "", ""]
    )
    assert result.disposition.value == "emergency"
    assert not any("y / n" in p for p in script.prompts)


def test_unreadable_text_is_explained_and_asked_again(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    _, script, shown = run(monkeypatch, knowledge, ["Me duele mucho la espalda", ""])
    assert "English" in shown
    assert script.prompts[1].startswith("Describe what is happening")
    assert any("How old are you" in p for p in script.prompts)


def test_skipping_the_description_gives_the_full_interview(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    _, script, _ = run(monkeypatch, knowledge, [""])
    assert script.prompts[1].startswith("How old are you")


def by_question(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge, text: str, fever: str
) -> tuple[Any, list[str], str]:
    """Describe ``text``, skip the basics, reply ``fever`` to the fever question, no to others."""
    from backspasm.core.interview import next_to_ask

    asked: list[str] = []

    def choose(*args: Any, **kwargs: Any) -> Any:
        q = next_to_ask(*args, **kwargs)
        if q is not None:
            asked.append(q.finding.id)
        return q

    replies = iter([text])

    def prompt(p: str, *args: Any, **kwargs: Any) -> str:
        if p.startswith("y / n"):
            return fever if asked[-1] == "fever" else "n"
        return next(replies, "")

    monkeypatch.setattr(interview.Prompt, "ask", prompt)
    monkeypatch.setattr(interview, "next_to_ask", choose)
    out = io.StringIO()
    result = interview.run_interview(knowledge, Console(file=out, width=120))
    return result, asked, " ".join(out.getvalue().split())


@pytest.mark.parametrize(("reply", "disposition"), [("n", "self_care"), ("y", "urgent")])
def test_a_maybe_in_the_text_is_asked_once_and_the_answer_replaces_it(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge, reply: str, disposition: str
) -> None:
    result, asked, shown = by_question(
        monkeypatch, knowledge, "my back went yesterday, I might have a fever", reply
    )
    assert "count as a yes for now" in shown
    assert asked.count("fever") == 1
    assert "You said you might have this" in shown
    assert result.answers.findings["fever"] is (reply == "y")
    assert result.answers.unsure == []
    assert result.disposition.value == disposition


def test_a_maybe_answered_not_sure_stays_unsure_and_escalates(
    monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    result, asked, _ = by_question(
        monkeypatch, knowledge, "my back went yesterday, I might have a fever", "?"
    )
    assert asked.count("fever") == 1
    assert result.answers.unsure == ["fever"] and "fever" not in result.answers.findings
    assert result.disposition.value == "urgent"
