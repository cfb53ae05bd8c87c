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
    unsure = set(a.answers.unsure)
    if a.reasons:
        console.print(Text("Why", style="bold underline"))
        for r in a.reasons:
            console.print(f"  • {r.text}{because_words(r.findings, r.because, unsure)}",
                          highlight=False)
    if a.would_change_advice or unsure:
        console.print(Text("Would change this advice", style="bold underline"))
        for q in a.would_change_advice:
            console.print(
                f"  • {q.question} If yes: {q.would_lead_to.value.replace('_', ' ')}.",
                highlight=False,
            )
        for line in unsure_lines(a):
            console.print(f"  • {line}", highlight=False)
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


#: How the core marks a finding the person was not sure of in ``Reason.because``.
NOT_SURE = " (you were not sure)"


def because_words(findings: list[str], because: list[str], unsure: set[str]) -> str:
    """" (you said yes to: A; you were not sure about: B)", or "" when nothing is named."""
    sure = [b for f, b in zip(findings, because, strict=False) if f not in unsure]
    doubtful = [b.removesuffix(NOT_SURE) for f, b in zip(findings, because, strict=False)
                if f in unsure]
    parts = []
    if sure:
        parts.append(f"you said yes to: {', '.join(sure)}")
    if doubtful:
        parts.append(f"you were not sure about: {', '.join(doubtful)}")
    return f" ({'; '.join(parts)})" if parts else ""


def unsure_lines(a: Assessment) -> list[str]:
    """One line per finding the person was not sure of, for "Would change this advice".

    Labels come from the shipped knowledge when the assessment was made with it (the
    command always is); otherwise the line names the finding id.
    """
    from ..knowledge import default_knowledge

    knowledge = default_knowledge()
    same = knowledge.version == a.knowledge_version
    lines = []
    for fid in a.answers.unsure:
        finding = knowledge.findings.get(fid) if same else None
        label = finding.label if finding is not None else fid
        lines.append(
            f"{label[0].upper()}{label[1:]}{NOT_SURE}: counted as a yes, to be safe. If you "
            "can check and it is a no, answer again: the advice may change."
        )
    return lines
