"""The terminal interview: the person's own words first, then only the questions they left
open, red flags first.

It starts with "Describe what is happening"; the free-text intake reads the description
(loaded only if something is typed) and shows what it understood. The basic facts and the
questions that the description settled are not asked again; a finding that was only
"maybe", someone else's or old history stays open and is asked. Every answer can be undone
with ``b`` (back); ``?`` leaves a question unanswered, and an unanswered red flag stays
listed in the result.
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


DESCRIBE = (
    "Describe what is happening, in your own words (or press Enter to answer questions "
    "instead)"
)


def _describe(console: Console, knowledge: Knowledge) -> Answers | None:
    """Ask for a description and read it; None when the person skips it."""
    while True:
        text = Prompt.ask(DESCRIBE, default="", show_default=False, console=console)
        if not text.strip():
            return None
        from ..intake import extract
        from .understood import show_extraction

        extraction = extract(text, knowledge)
        if not extraction.readable:
            console.print(f"[red]{extraction.message}[/red]")
            continue
        show_extraction(console, extraction, knowledge)
        return extraction.answers


def _ask_basics(
    console: Console, knowledge: Knowledge, known: dict[str, Any] | None = None
) -> dict[str, Any]:
    raw: dict[str, Any] = dict(known or {})
    todo = [(k, p) for k, p in BASICS if k not in raw]
    index = 0
    while index < len(todo):
        key, prompt = todo[index]
        reply = Prompt.ask(prompt, default="", show_default=False, console=console).strip()
        if reply.lower() in BACK:
            index = max(0, index - 1)
            raw.pop(todo[index][0], None)
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
    described = _describe(console, knowledge)
    known: dict[str, Any] = {}
    findings: dict[str, bool] = {}
    if described is not None:
        known = described.model_dump(exclude={"findings"}, exclude_none=True, mode="json")
        findings = dict(described.findings)
    basics = _ask_basics(console, knowledge, known)
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
