"""Show an assessment in the terminal: the disposition and its action first, always."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..core.assessment import Assessment
from ..knowledge.models import Disposition

STYLES = {
    Disposition.emergency: "bold white on red",
    Disposition.urgent: "bold black on dark_orange",
    Disposition.routine: "bold black on yellow",
    Disposition.self_care: "bold black on green",
}


def show_assessment(console: Console, a: Assessment) -> None:
    style = STYLES[a.disposition]
    console.print(
        Panel(
            Text(a.action, style="bold"),
            title=Text(f" {a.label.upper()} ", style=style),
            border_style=style.split(" on ")[-1],
        )
    )
    if a.reasons:
        console.print(Text("Why", style="bold underline"))
        for r in a.reasons:
            because = f" (you said: {', '.join(r.because)})" if r.because else ""
            console.print(f"  • {r.text}{because}", highlight=False)
    if a.would_change_advice:
        console.print(Text("Would change this advice", style="bold underline"))
        for q in a.would_change_advice:
            console.print(
                f"  • {q.question} If yes: {q.would_lead_to.value.replace('_', ' ')}.",
                highlight=False,
            )
    table = Table(title="Likely causes (estimates)", title_justify="left", show_lines=False)
    table.add_column("Cause")
    table.add_column("Share", justify="right")
    table.add_column("What it is")
    for c in a.conditions[:3]:
        name = f"{c.name}\n[bold](must be ruled out)[/bold]" if c.suspected else c.name
        table.add_row(name, f"{c.probability:.0%}", c.explanation)
    console.print(table)
    console.print(
        Group(
            Text("If things change", style="bold underline"),
            *(Text(f"  • {s}") for s in a.safety_net),
        )
    )
    console.print(Text(a.disclaimer, style="dim"))
    console.print(Text(f"knowledge version {a.knowledge_version}", style="dim"))
