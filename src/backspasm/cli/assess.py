"""``backspasm assess`` (interactive, --text, --answers, --batch) and ``backspasm evaluate``."""

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
        typer.Option(
            "--batch", help="A JSON-lines file: one {id, answers} or {id, text} object per line."
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", "-t", help="What is happening, in your own words ('-' for stdin)."),
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

    Without options, asks you to describe what is happening, then asks in the terminal
    only what your description did not settle, red flags first. Answer y (yes), n (no),
    ? (not sure: counts as a yes, to be safe, and is not asked again), s (skip: prefer not
    to say) or b (back: change the last answer).
    """
    if sum(x is not None for x in (answers, batch, text)) > 1:
        fail("use only one of --text, --answers and --batch.")
    if save and batch is not None:
        fail("--save keeps one assessment; it cannot be used with --batch.")
    knowledge = load_knowledge_or_fail()
    if batch is not None:
        from ..batch import run_batch
        from ..knowledge import KnowledgeError

        lines = read_text(batch).splitlines()
        try:
            for out in run_batch(lines, knowledge):
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        except KnowledgeError as exc:
            fail(f"the intake rules are broken: {exc}")
        return
    if text is not None:
        result = _assess_text(sys.stdin.read() if text == "-" else text, knowledge, as_json)
    elif answers is not None:
        from ..batch import InputError, assess_input

        raw = read_json(answers)
        try:
            result = assess_input({"answers": raw}, knowledge)
        except InputError as exc:
            fail(f"{answers}: {exc}")
        _show(result, as_json)
    else:
        from .interview import run_interview

        result = run_interview(knowledge)
        _show(result, as_json)
    if save:
        from .diary import open_diary

        record = open_diary(db, person).save_assessment(result)
        typer.echo(f"Saved in your diary (assessment {record}).", err=as_json)


def _show(result: Any, as_json: bool) -> None:
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        from rich.console import Console

        from .render import show_assessment

        show_assessment(Console(), result)


def _assess_text(text: str, knowledge: Any, as_json: bool) -> Any:
    """Assess free text, show it, and return the assessment."""
    from ..batch import output
    from ..intake import assess_text
    from ..knowledge import KnowledgeError

    try:
        assessment, extraction = assess_text(text, knowledge)
    except KnowledgeError as exc:
        fail(f"the intake rules are broken: {exc}")
    if not extraction.readable:
        fail(extraction.message or "the text cannot be read.")
    if as_json:
        typer.echo(json.dumps(output((assessment, extraction)), indent=2, ensure_ascii=False))
        return assessment
    from rich.console import Console

    from ..knowledge.models import Disposition
    from .render import show_assessment
    from .understood import show_extraction

    console = Console()
    if assessment.disposition is Disposition.emergency:
        show_assessment(console, assessment)  # an emergency is always shown first
        show_extraction(console, extraction, knowledge)
        return assessment
    show_extraction(console, extraction, knowledge)
    if not extraction.out_of_scope:
        show_assessment(console, assessment)
    return assessment


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
