"""Show scores, care plans and the exercise library in the terminal."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..care.instruments import AnyScore, StartBackScore
from ..care.models import CareKnowledge, Exercise
from ..care.plan import CarePlan
from ..care.session import Step, total_seconds
from .render import STYLES

MARKS = {"do": ("✓ Do", "green"), "consider": ("? Consider", "cyan"), "do_not": ("✗ Don't", "red")}


def _sources(console: Console, care: CareKnowledge, ids: Iterable[str]) -> None:
    seen = list(dict.fromkeys(ids))
    if not seen:
        return
    console.print(Text("Sources", style="bold underline"))
    for sid in seen:
        s = care.sources[sid]
        console.print(f"  [{sid}] {s.authors} ({s.year}). {s.title}. {s.link}", style="dim")


def show_score(console: Console, result: AnyScore, care: CareKnowledge) -> None:
    ins = care.instruments[result.instrument]
    loinc = f"  LOINC {result.loinc}" if result.loinc else ""
    console.print(Panel(Text(result.interpretation, style="bold"), title=f"{ins.name}{loinc}"))
    if isinstance(result, StartBackScore) and result.item_scores is not None:
        console.print("Item scores: " + " ".join(map(str, result.item_scores)))
    for note in result.notes:
        console.print(f"  • {note}")
    if result.change is not None:
        c = result.change
        console.print(f"Change from {c.before:g} to {c.after:g}: {c.verdict}.", style="bold")
        console.print(f"  {c.threshold}", style="dim")
    if ins.copyright:
        console.print(ins.copyright, style="dim")
    _sources(console, care, [*result.sources, *(result.change.sources if result.change else [])])


def show_plan(console: Console, plan: CarePlan, care: CareKnowledge) -> None:
    style = STYLES[plan.disposition]
    console.print(
        Panel(
            Text(plan.action, style="bold"),
            title=Text(f" {plan.label.upper()} ", style=style),
            border_style=style.split(" on ")[-1],
        )
    )
    for r in plan.reasons:
        console.print(f"  • {r}")
    if not plan.self_care:
        console.print(
            Text("No self-care plan is shown: act on the advice above first.", style="bold")
        )
        for s in plan.safety_net:
            console.print(f"  • {s}")
        console.print(Text(plan.disclaimer, style="dim"))
        return
    for note in plan.notes:
        console.print(Text(note, style="bold"))
    if plan.unanswered_red_flags:
        console.print(
            f"{len(plan.unanswered_red_flags)} warning signs are not answered yet; "
            "run `backspasm assess` to answer them before relying on this plan.",
            style="yellow",
        )
    console.print(Text(f"Pathway: {plan.pathway_note}", style="bold"))
    if plan.questionnaires:
        table = Table(title="Questionnaires", title_justify="left")
        table.add_column("Questionnaire")
        table.add_column("Result")
        table.add_column("Change")
        for score in plan.questionnaires:
            change = score.change.verdict if score.change else ""
            table.add_row(score.name, score.interpretation, change)
        console.print(table)
    cited: list[str] = []
    shown: set[str] = set()
    for phase in plan.phases:
        mark = "  ← you are here" if phase.current else ""
        console.rule(Text(f"{phase.label}{mark}", style="bold"), align="left")
        for item in phase.items:
            label, colour = MARKS[item.stance]
            head = Text.assemble((f"{label}: ", f"bold {colour}"), (item.topic, "bold"))
            if item.id in shown:
                console.print(head, Text("(as above)", style="dim"))
                continue
            shown.add(item.id)
            console.print(head)
            console.print(f"    {item.what}")
            console.print(f"    Why: {item.why}", style="dim")
            console.print(
                f"    Evidence: {item.evidence_words}. Sources: {', '.join(item.sources)}",
                style="dim",
            )
            for c in item.cautions:
                console.print(f"    ! {c}", style="yellow")
            for q in item.check_first:
                console.print(f"    Check first: {q}", style="yellow")
            cited.extend(item.sources)
        if phase.exercises:
            names = [care.exercises[e].name for e in phase.exercises]
            console.print(f"    Exercises for this phase: {', '.join(names)}", style="cyan")
        if phase.routine:
            console.print(f"    Guided session: backspasm stretch {phase.routine}", style="cyan")
    if plan.medicines:
        table = Table(title="Medicines in this plan: doses and cautions", title_justify="left")
        table.add_column("Medicine")
        table.add_column("How much")
        table.add_column("Take care")
        for m in plan.medicines:
            cautions = [h.reason for h in m.hits] + [f"Check first: {q}" for q in m.check_first]
            table.add_row(
                f"{m.name} ({m.supply.replace('_', ' ')})",
                f"{m.dose} Maximum: {m.daily_max}",
                "\n".join([*m.warnings, *cautions]),
            )
            cited.extend(m.sources)
        console.print(table)
    if plan.not_for_you:
        console.print(Text("Not for you", style="bold red underline"))
        for x in plan.not_for_you:
            console.print(f"  ✗ {x.name}: {' '.join(x.reasons)}")
            cited.extend(x.sources)
    console.print(Text("When to get help", style="bold underline"))
    for h in plan.get_help:
        console.print(f"  • {h.when} {h.action}")
        cited.extend(h.sources)
    _sources(console, care, cited)
    console.print(Text(plan.disclaimer, style="dim"))
    console.print(Text(f"knowledge version {plan.knowledge_version}", style="dim"))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).strip()


def find_exercises(care: CareKnowledge, name: str) -> tuple[str, list[Exercise]] | None:
    """An exercise by id, name or alias, or a routine by id or name."""
    wanted = _norm(name)
    for routine in care.routines.values():
        if wanted in (_norm(routine.id), _norm(routine.name)):
            return routine.name, [care.exercises[e] for e in routine.exercises]
    for ex in care.exercises.values():
        if wanted in {_norm(n) for n in (ex.id, ex.name, *ex.aliases)}:
            return ex.name, [ex]
    return None


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def show_library(console: Console, care: CareKnowledge) -> None:
    table = Table(title="Stretches and exercises", title_justify="left")
    table.add_column("Name")
    table.add_column("Back")
    table.add_column("When")
    table.add_column("Hold x reps")
    table.add_column("Not for")
    for ex in care.exercises.values():
        sides = " each side" if ex.each_side else ""
        table.add_row(
            f"{ex.name}\n[dim]{ex.id}[/dim]",
            ", ".join(r.value for r in ex.regions),
            ", ".join(p.label for p in ex.phases),
            f"{ex.hold_seconds}s x {ex.reps}{sides}",
            "; ".join(ex.not_for),
        )
    console.print(table)
    routines = Table(title="Routines", title_justify="left")
    routines.add_column("Routine")
    routines.add_column("Exercises")
    for r in care.routines.values():
        routines.add_row(
            f"{r.id}: {r.name}", ", ".join(care.exercises[e].name for e in r.exercises)
        )
    console.print(routines)
    console.print("Run `backspasm stretch NAME` for a guided, timed session. Ctrl-C stops it.")


def show_steps(console: Console, title: str, steps: Sequence[Step]) -> None:
    console.print(
        Text(f"{title}: {len(steps)} steps, {_clock(total_seconds(steps))}", style="bold")
    )
    for s in steps:
        side = f" ({s.side})" if s.side else ""
        rep = f" rep {s.rep}/{s.reps}" if s.kind != "ready" else ""
        console.print(f"  {_clock(s.seconds)}  {s.kind:<5} {s.title}{rep}{side}")
