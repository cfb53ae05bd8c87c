"""The terminal interview: the person's own words first, then only the questions they left
open, red flags first.

It starts with "Describe what is happening"; the free-text intake reads the description
(loaded only if something is typed) and shows what it understood. The basic facts and the
questions that the description settled are not asked again; a finding that was only
"maybe" counts as present straight away (an engine that is unsure escalates) and is asked
once to confirm; someone else's or old history stays open and is asked. Every answer can be
undone with ``b`` (back). ``?`` means "not sure": the finding counts as present, the
result says "(you were not sure)" and the question is not asked again (the policy in
:mod:`backspasm.core.interview`, shared with the web pages and the API). ``s`` skips a question
(prefer not to say): it stays unknown, and an unknown red flag stays listed in the result.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.prompt import Prompt

from ..core.answers import Answers, AnswersError, parse_answers
from ..core.assessment import Assessment, assess
from ..core.interview import next_to_ask
from ..knowledge.loader import Knowledge

YES = {"y", "yes"}
NO = {"n", "no"}
UNSURE = {"?", "u", "unsure", "not sure", "maybe", "dont know", "don't know", "dunno"}
SKIP = {"s", "skip"}
BACK = {"b", "back"}

INTRO = (
    "backspasm asks about warning signs first, then what helps tell the causes apart. "
    "Answer y (yes), n (no), ? (not sure: counted as a yes, to be safe), s (skip: prefer not "
    "to say) or b (go back). If you think this is an emergency, stop and call emergency "
    "services now."
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
    described_findings: dict[str, bool] = {}
    maybe: list[str] = []  # "maybe" in the description: counts as present, asked once
    if described is not None:
        known = described.model_dump(
            exclude={"findings", "unsure"}, exclude_none=True, mode="json"
        )
        described_findings = dict(described.findings)
        maybe = list(described.unsure)
    basics = _ask_basics(console, knowledge, known)
    # The answers given here, in the order asked: y, n, u (not sure) or s (skipped).
    given: dict[str, str] = {}
    history: list[str] = []

    def current() -> tuple[Answers, set[str], list[str]]:
        findings = {**described_findings}
        findings.update({f: v == "y" for f, v in given.items() if v in ("y", "n")})
        # A "maybe" from the description stays unsure unless answered yes or no here.
        unsure = [f for f in maybe if given.get(f, "u") in ("u", "s")]
        unsure += [f for f, v in given.items() if v == "u" and f not in maybe]
        skipped = {f for f, v in given.items() if v == "s" and f not in maybe}
        pending = [f for f in maybe if f not in given]
        answers = parse_answers({**basics, "findings": findings, "unsure": unsure}, knowledge)
        return answers, skipped, pending

    while True:
        answers, skipped, pending = current()
        question = next_to_ask(knowledge, answers, skipped, pending)
        if question is None:
            break
        marker = "[bold red]warning sign[/bold red] " if question.finding.red_flag else ""
        console.print(f"\n[dim]{len(history) + 1}.[/dim] {marker}{question.finding.question}")
        if question.finding.id in pending:
            console.print("[dim]You said you might have this; until you answer, it counts as a "
                          "yes, to be safe.[/dim]")
        if question.finding.help:
            console.print(f"[dim]{question.finding.help}[/dim]")
        reply = Prompt.ask("y / n / ? / s / b", console=console).strip().lower()
        if reply in BACK:
            if history:
                given.pop(history.pop(), None)
            continue
        if reply in YES:
            given[question.finding.id] = "y"
        elif reply in NO:
            given[question.finding.id] = "n"
        elif reply in UNSURE:
            given[question.finding.id] = "u"
            console.print("[dim]Noted as not sure: it counts as a yes, to be safe.[/dim]")
        elif reply in SKIP:
            given[question.finding.id] = "s"
        else:
            console.print("[red]Please answer y (yes), n (no), ? (not sure), s (skip) or "
                          "b (back).[/red]")
            continue
        history.append(question.finding.id)
    return assess(knowledge, current()[0])
