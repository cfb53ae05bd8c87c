"""Ask a questionnaire in the terminal and return answers in the file format.

Questions go to stderr so that ``--json`` leaves clean JSON on stdout.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.console import Console

from ..care.instruments import BOTHERSOME
from ..care.models import CareKnowledge
from ._common import fail


def _item_text(care: CareKnowledge, kind: str, number: int, texts: dict[int, str]) -> str:
    item = care.instruments[kind].items[number - 1]
    return texts.get(number) or item.text or item.topic


def ask_questionnaire(
    kind: str, care: CareKnowledge, texts: dict[int, str], console: Console
) -> dict[str, Any]:
    ins = care.instruments[kind]
    console.print(f"[bold]{ins.name}[/bold]")
    if ins.copyright:
        console.print(ins.copyright, style="dim")
    if not ins.wording_shipped and not texts:
        console.print(
            "Only the topics are shown: the exact wording is licensed. A clinic can supply it "
            "with --wording FILE.",
            style="dim",
        )
    console.print(ins.recall)
    if kind == "startback":
        items: list[Any] = []
        for n in range(1, 9):
            items.append(_agree_prompt(n, _item_text(care, kind, n, texts)))
        console.print(f"9. {_item_text(care, kind, 9, texts)}")
        for i, option in enumerate(BOTHERSOME, start=1):
            console.print(f"   {i}: {option}")
        choice = _int_prompt("Your answer (1-5)", 1, 5)
        items.append(BOTHERSOME[choice - 1])
        return {"items": items}
    if kind == "odi":
        sections: list[Any] = []
        for n in range(1, 11):
            console.print(f"[bold]{n}. {_item_text(care, kind, n, texts)}[/bold]")
            sections.append(_odi_prompt(n))
        return {"sections": sections}
    if kind == "rmdq":
        answers = [_yes_no(f"{n}. {_item_text(care, kind, n, texts)}") for n in range(1, 25)]
        return {"items": answers}
    score = _int_prompt(_item_text(care, kind, 1, texts), 0, 10)
    return {"score": score}


def _agree_prompt(number: int, text: str) -> bool:
    while True:
        reply = _ask(f"{number}. {text} (agree/disagree)").lower()
        if reply in ("agree", "a", "yes", "y"):
            return True
        if reply in ("disagree", "d", "no", "n"):
            return False
        typer.echo("Please type agree or disagree.", err=True)


def _odi_prompt(number: int) -> int | list[int] | None:
    while True:
        reply = _ask(f"Statement number 0-5 for section {number} (Enter to skip)")
        if not reply:
            return None
        parts = [p.strip() for p in reply.split(",")]
        if all(p.isdigit() and 0 <= int(p) <= 5 for p in parts):
            marks = [int(p) for p in parts]
            return marks[0] if len(marks) == 1 else marks
        typer.echo("Please type a number from 0 to 5 (or two separated by a comma).", err=True)


def _int_prompt(text: str, low: int, high: int) -> int:
    while True:
        reply = _ask(text)
        if reply.isdigit() and low <= int(reply) <= high:
            return int(reply)
        typer.echo(f"Please type a whole number from {low} to {high}.", err=True)


def _ask(text: str) -> str:
    """Prompt on stderr and read one line; stdout stays clean for --json."""
    typer.echo(f"{text}: ", err=True, nl=False)
    line = sys.stdin.readline()
    if not line:
        fail("the answers ended before the questionnaire was finished.")
    return line.strip()


def _yes_no(text: str) -> bool:
    while True:
        reply = _ask(f"{text}? [y/N]").lower()
        if reply in ("", "n", "no"):
            return False
        if reply in ("y", "yes"):
            return True
        typer.echo("Please type y or n.", err=True)
