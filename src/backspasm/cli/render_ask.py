"""Show an ask result in the terminal: triage first when it matters, then the answer."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ..search.ask import AskResult
from .render import STYLES


def show_answer(console: Console, r: AskResult) -> None:
    if r.triage is not None:
        a = r.triage
        style = STYLES[a.disposition]
        lines = [Text(a.action, style="bold")]
        lines.extend(Text(f"• {reason.text}") for reason in a.reasons)
        body = Text("\n").join(lines)
        console.print(
            Panel(body, title=Text(f" {a.label.upper()} ", style=style), border_style="red")
        )
        console.print(
            Text("Run `backspasm assess` to answer the remaining safety questions.", style="dim")
        )
    if not r.answered:
        console.print(Text(r.message or "I don't know.", style="bold"))
        return
    console.print(Panel(Text(r.answer or ""), title="Answer", title_align="left"))
    for hit in r.passages:
        console.print(Text(hit.title, style="bold underline"))
        console.print(Text(hit.text))
        level = hit.evidence_level.replace("_", " ")
        console.print(Text(f"Evidence: {level}. {hit.evidence}", style="italic"))
        for c in hit.citations:
            console.print(Text(f"  [{c.id}] {c.authors} ({c.year}). {c.title}. {c.link}"))
        console.print()
    if r.related_questions:
        console.print(Text("Related questions", style="bold underline"))
        for q in r.related_questions:
            console.print(Text(f"  • {q}"))
    console.print(
        Text(
            "Passages summarise guidelines and reviews; they are not a diagnosis. "
            f"knowledge version {r.knowledge_version}",
            style="dim",
        )
    )
