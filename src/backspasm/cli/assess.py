"""``backspasm assess`` (interactive, --answers, --batch) and ``backspasm evaluate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import fail, load_knowledge_or_fail, read_json, read_text


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_command)
    app.command("evaluate")(evaluate_command)


def assess_command(
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="A JSON answers file ('-' for stdin).")
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="A JSON-lines file: one {id, answers} object per line."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a report.")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the assessment in your diary.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="BACKSPASM_DATABASE_URL",
            help="Diary database URL or SQLite file, for --save.",
        ),
    ] = None,
    person: Annotated[
        str, typer.Option("--person", envvar="BACKSPASM_PERSON", help="Whose diary, for --save.")
    ] = "me",
) -> None:
    """Assess a back spasm: how urgent it is, why, the likely causes and what to do now.

    Without options, asks the questions in the terminal, red flags first.
    """
    if answers is not None and batch is not None:
        fail("use either --answers or --batch, not both.")
    if save and batch is not None:
        fail("--save keeps one assessment; it cannot be used with --batch.")
    knowledge = load_knowledge_or_fail()
    if batch is not None:
        from ..batch import run_batch

        text = read_text(batch)
        for out in run_batch(text.splitlines(), knowledge):
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    if answers is not None:
        from ..batch import InputError, assess_input

        raw = read_json(answers)
        try:
            result = assess_input({"answers": raw}, knowledge)
        except InputError as exc:
            fail(f"{answers}: {exc}")
    else:
        from .interview import run_interview

        result = run_interview(knowledge)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        from rich.console import Console

        from .render import show_assessment

        show_assessment(Console(), result)
    if save:
        from .diary import _open

        record = _open(db, person).save_assessment(result)
        typer.echo(f"Saved in your diary (assessment {record}).", err=as_json)


def evaluate_command(
    file: Annotated[Path, typer.Argument(help="Vignettes, one JSON object per line.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score the triage on vignettes with accepted dispositions and an expected condition.

    Exits with status 1 when any vignette is under-triaged or an emergency is missed.
    """
    from ..batch import InputError, assess_input
    from ..core.evaluation import Case, score
    from ..knowledge.models import Disposition

    knowledge = load_knowledge_or_fail()
    cases: list[Case] = []
    for number, line in enumerate(read_text(file).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj: Any = json.loads(line)
            accept = tuple(Disposition(d) for d in obj["accept"])
            ident = str(obj["id"])
            condition = obj.get("condition")
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            fail(f"{file} line {number} is not a vignette with id, answers and accept.")
        try:
            a = assess_input(obj, knowledge)
        except InputError as exc:
            cases.append(Case(ident, accept, condition, None, error=str(exc)))
            continue
        cases.append(
            Case(ident, accept, condition, a.disposition, tuple(c.id for c in a.conditions))
        )
    report = score(cases)
    if as_json:
        figures = {k: v for k, v in vars(report).items()}
        typer.echo(json.dumps(figures, indent=2))
    else:
        for failure in report.failures:
            typer.echo(failure)
        typer.echo(report.summary())
    missed = report.emergency_hit < report.emergency_total
    if report.unsafe or missed:
        raise typer.Exit(code=1)
