"""The terminal interview's "not sure": counted as a yes, named in the result, never re-asked.

The person is played by a function that answers each question by its finding (the test
wraps the interview's choice of question to know which finding is on screen).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from backspasm.cli import app, interview
from backspasm.core.interview import Question, next_to_ask

runner = CliRunner()

#: Enter for the description, then age 40, sex skipped, lower back, 2 days, pain 5.
BASICS = ["", "40", "", "lower", "2", "5"]


class Person:
    """Answers the prompts: the basics in order, then ``reply(finding_id)`` per question."""

    def __init__(self, reply: Callable[[str, int], str], basics: list[str] | None = None) -> None:
        self.reply = reply
        self.basics = list(BASICS if basics is None else basics)
        self.asked: list[str] = []  # finding ids in the order shown

    def question(self, inner: Callable[..., Question | None]) -> Callable[..., Question | None]:
        def wrapped(*args: Any, **kwargs: Any) -> Question | None:
            q = inner(*args, **kwargs)
            if q is not None:
                self.asked.append(q.finding.id)
            return q

        return wrapped

    def __call__(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        if prompt.startswith("y / n"):
            fid = self.asked[-1]
            return self.reply(fid, self.asked.count(fid))
        return self.basics.pop(0) if self.basics else ""


def interview_json(
    monkeypatch: pytest.MonkeyPatch, reply: Callable[[str, int], str], *extra: str
) -> tuple[dict[str, Any], Person, str]:
    person = Person(reply)
    monkeypatch.setattr(interview.Prompt, "ask", person)
    monkeypatch.setattr(interview, "next_to_ask", person.question(next_to_ask))
    result = runner.invoke(app, ["assess", *extra])
    assert result.exit_code == 0, result.output
    if "--json" in extra:
        return json.loads(result.output[result.output.index("{\n") :]), person, result.output
    return {}, person, result.output


def answer(target: str, value: str) -> Callable[[str, int], str]:
    """``value`` to ``target``, no to everything else."""
    return lambda fid, _: value if fid == target else "n"


def test_not_sure_to_a_red_flag_escalates_exactly_as_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    yes, _, _ = interview_json(monkeypatch, answer("fever", "y"), "--json")
    unsure, person, _ = interview_json(monkeypatch, answer("fever", "?"), "--json")
    no, _, _ = interview_json(monkeypatch, answer("fever", "n"), "--json")
    assert no["disposition"] == "self_care"
    assert yes["disposition"] == unsure["disposition"] == "urgent"
    assert [r["rule"] for r in unsure["reasons"]] == [r["rule"] for r in yes["reasons"]]
    assert unsure["answers"]["unsure"] == ["fever"]
    assert "fever" not in unsure["answers"]["findings"]
    assert any("(you were not sure)" in b for r in unsure["reasons"] for b in r["because"])
    assert unsure["provisional"] is True
    # asked once, and the interview went on to the other warning signs
    assert person.asked.count("fever") == 1
    assert person.asked[-1] != "fever"


def test_not_sure_to_an_emergency_sign_stops_the_interview(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, person, _ = interview_json(monkeypatch, lambda fid, _: "?", "--json")
    assert out["disposition"] == "emergency"
    assert person.asked == [out["answers"]["unsure"][0]]


def test_skip_leaves_the_red_flag_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    out, person, _ = interview_json(monkeypatch, answer("fever", "s"), "--json")
    assert out["disposition"] == "self_care"
    assert "fever" not in out["answers"]["findings"] and out["answers"]["unsure"] == []
    assert "fever" in out["unanswered_red_flags"]
    assert [q["finding"] for q in out["would_change_advice"]] == ["fever"]
    assert person.asked.count("fever") == 1


def test_back_changes_not_sure_to_no(monkeypatch: pytest.MonkeyPatch) -> None:
    # "?" to fever, then "b" at the next question, then "n" when fever is asked again.
    state = {"backed": False}

    def reply(fid: str, times: int) -> str:
        if fid == "fever":
            return "?" if times == 1 else "n"
        if state["backed"] is False and "fever" in seen.asked:
            state["backed"] = True
            return "b"
        return "n"

    person = Person(reply)
    seen = person
    monkeypatch.setattr(interview.Prompt, "ask", person)
    monkeypatch.setattr(interview, "next_to_ask", person.question(next_to_ask))
    result = runner.invoke(app, ["assess", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{\n") :])
    assert person.asked.count("fever") == 2
    assert out["disposition"] == "self_care"
    assert out["answers"]["findings"]["fever"] is False
    assert out["answers"]["unsure"] == []


def test_the_result_says_not_sure_in_plain_words(monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, shown = interview_json(monkeypatch, answer("fever", "?"))
    text = " ".join(shown.split())
    assert "SEE A DOCTOR TODAY" in text
    assert "Noted as not sure: it counts as a yes, to be safe." in text
    assert "you were not sure about: fever" in text.lower()
    # kept in the list of what would change the advice
    changes = text.split("Would change this advice", 1)[1]
    assert "(you were not sure): counted as a yes, to be safe." in changes
    assert "it is a no, answer again: the advice may change" in changes
