"""Show what the free-text intake understood, in plain words, before anything is asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

STATUS_WORDS = {"present": "yes", "absent": "no", "uncertain": "not sure"}
CONTEXT_WORDS = {"current": "you", "family": "someone else", "historical": "in the past"}


def show_extraction(console: Console, extraction: Any, knowledge: Any) -> None:
    """A table of the findings read from the text, then the plain facts."""
    if extraction.message:
        console.print(Text(extraction.message, style="bold"))
    if extraction.out_of_scope:
        return
    if not extraction.findings:
        console.print("I did not recognise any of the signs I ask about in your words.")
    else:
        table = Table(title="What I understood", title_justify="left")
        table.add_column("Sign")
        table.add_column("Answer")
        table.add_column("Whose / when")
        table.add_column("Your words", style="dim")
        for f in extraction.findings:
            finding = knowledge.findings.get(f.id)
            label = finding.label if finding else f.id
            marker = "! " if finding is not None and finding.red_flag else ""
            table.add_row(marker + label, STATUS_WORDS[f.status], CONTEXT_WORDS[f.context], f.text)
        console.print(table)
    facts = extraction.facts.model_dump(exclude_none=True)
    if facts:
        words: dict[str, Callable[[Any], str]] = {
            "age": lambda v: f"age {v}",
            "sex": str,
            "duration_days": lambda v: f"for {_days(v)}",
            "location": lambda v: f"{v} back",
            "side": lambda v: f"side: {v}",
            "onset": lambda v: f"came on {v}ly",
            "pain_score": lambda v: f"pain {v}/10",
        }
        console.print("Also: " + ", ".join(words[k](v) for k, v in facts.items()), highlight=False)
    current = [f for f in extraction.findings if f.context == "current"]
    if any(f.status == "uncertain" for f in current):
        console.print(
            Text(
                "Signs you were not sure of count as a yes for now, to be safe; I will ask "
                "about those that could change the advice.",
                style="dim",
            )
        )
    if any(f.context != "current" for f in extraction.findings):
        console.print(
            Text(
                "Signs that were someone else's or from the past are not counted as yours "
                "now; I will ask about the warning signs among them.",
                style="dim",
            )
        )


def _days(value: float) -> str:
    if value < 1:
        hours = round(value * 24)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = round(value, 1)
    return f"{days:g} day{'s' if days != 1 else ''}"
