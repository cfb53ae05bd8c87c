"""The terminal interview: a few facts about the person, then the questions that matter.

Every answer can be undone with ``b`` (back); ``?`` leaves a question unanswered, and an
unanswered red flag stays listed in the result.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.prompt import Prompt

from ..core.answers import Answers, AnswersError, parse_answers
from ..core.assessment import Assessment, assess
from ..core.interview import next_question
from ..knowledge.loader import Knowledge

YES = {"y", "yes"}
NO = {"n", "no"}
UNSURE = {"?", "u", "unsure", "dont know", "don't know", "skip"}
BACK = {"b", "back"}

INTRO = (
    "backspasm asks about warning signs first, then what helps tell the causes apart. "
    "Answer y (yes), n (no), ? (not sure) or b (go back). If you think this is an emergency, "
    "stop and call emergency services now."
)

BASICS: list[tuple[str, str]] = [
    ("age", "How old are you? (years, Enter to skip)"),
    ("sex", "Sex: female, male or other? (Enter to skip)"),
    ("location", "Where is the pain: lower, middle or upper back? (Enter to skip)"),
    ("duration_days", "How many days since it started? (Enter to skip)"),
    ("pain_score", "How bad is it now, from 0 (none) to 10 (worst imaginable)? (Enter to skip)"),
]


def _ask_basics(console: Console, knowledge: Knowledge) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    index = 0
    while index < len(BASICS):
        key, prompt = BASICS[index]
        reply = Prompt.ask(prompt, default="", show_default=False, console=console).strip()
        if reply.lower() in BACK:
            index = max(0, index - 1)
            raw.pop(BASICS[index][0], None)
            continue
        if reply:
            value: Any = reply.lower()
            if key in {"age", "pain_score"}:
                value = int(reply) if reply.isdigit() else reply
            elif key == "duration_days":
                try:
                    value = float(reply)
                except ValueError:
                    value = reply
            try:
                parse_answers({**raw, key: value}, knowledge)
            except AnswersError as exc:
                console.print(f"[red]{exc}[/red]")
                continue
            raw[key] = value
        index += 1
    return raw


def run_interview(knowledge: Knowledge, console: Console | None = None) -> Assessment:
    console = console or Console()
    console.print(INTRO)
    basics = _ask_basics(console, knowledge)
    findings: dict[str, bool] = {}
    history: list[str] = []
    skipped: set[str] = set()
    while True:
        answers: Answers = parse_answers({**basics, "findings": findings}, knowledge)
        question = next_question(knowledge, answers, frozenset(skipped))
        if question is None:
            break
        marker = "[bold red]warning sign[/bold red] " if question.finding.red_flag else ""
        console.print(f"\n[dim]{len(history) + 1}.[/dim] {marker}{question.finding.question}")
        if question.finding.help:
            console.print(f"[dim]{question.finding.help}[/dim]")
        reply = Prompt.ask("y / n / ? / b", console=console).strip().lower()
        if reply in BACK:
            if history:
                last = history.pop()
                findings.pop(last, None)
                skipped.discard(last)
            continue
        if reply in YES | NO:
            findings[question.finding.id] = reply in YES
        elif reply in UNSURE:
            skipped.add(question.finding.id)
        else:
            console.print("[red]Please answer y, n, ? or b.[/red]")
            continue
        history.append(question.finding.id)
    return assess(knowledge, parse_answers({**basics, "findings": findings}, knowledge))
