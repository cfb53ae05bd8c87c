"""``backspasm score``, ``backspasm plan`` and ``backspasm stretch``: thin layers over
:mod:`backspasm.care`. Rich rendering lives in :mod:`.care_render` and the timed player
in :mod:`.stretch_player`; both are imported only when a command runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._common import fail, load_knowledge_or_fail, read_json, read_text

if TYPE_CHECKING:
    from ..care.models import CareKnowledge

#: How the stretch player waits one second. Tests replace it with a no-op.
SLEEP: Callable[[float], None] = time.sleep

#: Exit status after Ctrl-C, as shells report an interrupted command (128 + SIGINT).
INTERRUPTED = 130


class Questionnaire(StrEnum):
    startback = "startback"
    odi = "odi"
    rmdq = "rmdq"
    pain = "pain"


def register(app: typer.Typer) -> None:
    app.command("score")(score_command)
    app.command("plan")(plan_command)
    app.command("stretch")(stretch_command)


def _care() -> CareKnowledge:
    from ..knowledge import KnowledgeError
    from ..knowledge.care import default_care_knowledge

    load_knowledge_or_fail()
    try:
        return default_care_knowledge()
    except KnowledgeError as exc:
        fail(f"the care knowledge is broken: {exc}")


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, stderr=stderr)


def score_command(
    questionnaire: Annotated[Questionnaire, typer.Argument(help="Which questionnaire.")],
    answers: Annotated[
        Path | None,
        typer.Option("--answers", "-a", help="A JSON answers file ('-' for stdin)."),
    ] = None,
    previous: Annotated[
        float | None,
        typer.Option("--previous", help="An earlier score, to judge the change."),
    ] = None,
    wording: Annotated[
        Path | None,
        typer.Option("--wording", help="A clinic's licensed item wording (YAML or JSON)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a report.")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the score in your diary (for the report).")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="BACKSPASM_DATABASE_URL",
                     help="Diary database URL or SQLite file, for --save."),
    ] = None,
    person: Annotated[
        str, typer.Option("--person", envvar="BACKSPASM_PERSON", help="Whose diary, for --save.")
    ] = "me",
) -> None:
    """Score a questionnaire: STarT Back, Oswestry (odi), Roland-Morris (rmdq) or pain 0-10.

    Without --answers, asks the questions in the terminal. Answers files look like
    {"items": [...]} (startback, rmdq), {"sections": [...]} (odi) or {"score": 6} (pain);
    add "previous" to judge the change against the minimal important change.
    """
    from ..care import CareInputError
    from ..care.instruments import parse_score

    care = _care()
    kind = questionnaire.value
    if answers is not None:
        raw = read_json(answers)
        where = f"{answers}: "
    else:
        from .care_interactive import ask_questionnaire

        texts = _read_wording(wording, kind) if wording is not None else {}
        raw = ask_questionnaire(kind, care, texts, _console(stderr=True))
        where = ""
    if kind == "pain" and isinstance(raw, int) and not isinstance(raw, bool):
        raw = {"score": raw}
    if previous is not None:
        if not isinstance(raw, dict):
            fail(f"{where}the {kind} answers must be a JSON object.")
        raw = {**raw, "previous": previous}
    try:
        result = parse_score(kind, raw, care)
    except CareInputError as exc:
        fail(f"{where}{exc}")
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        from .care_render import show_score

        show_score(_console(), result, care)
    if save:
        from ..knowledge import default_knowledge
        from .diary import open_diary

        record = open_diary(db, person).save_score(result, default_knowledge().version)
        typer.echo(f"Saved in your diary (score {record}).", err=as_json)


def _read_wording(path: Path, kind: str) -> dict[int, str]:
    """Item number -> licensed text (ODI: the section with its six statements)."""
    import yaml

    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError:
        fail(f"the wording file {path} is not valid YAML or JSON.")
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        fail(f"the wording file {path} needs an 'items' list of {{number, text}} entries.")
    texts: dict[int, str] = {}
    for entry in items:
        if not isinstance(entry, dict) or not isinstance(entry.get("number"), int):
            fail(f"every entry of 'items' in {path} needs a whole 'number'.")
        text = str(entry.get("text", ""))
        statements = entry.get("statements")
        if kind == "odi" and statements is not None:
            if not isinstance(statements, list) or len(statements) != 6:
                fail(
                    f"section {entry['number']} in {path} needs exactly six 'statements' (0 to 5)."
                )
            text = "\n".join([text, *(f"  {i}: {s}" for i, s in enumerate(statements))])
        texts[entry["number"]] = text
    return texts


def plan_command(
    answers: Annotated[
        Path,
        typer.Option("--answers", "-a", help="A JSON plan input file ('-' for stdin)."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a report.")
    ] = False,
) -> None:
    """A personal care plan: triage first, then self-care by phase with graded evidence.

    The input is the triage answers plus "context" (pregnancy, kidney_disease,
    blood_thinners, current_medicines, ...) and "questionnaires" (startback, odi, rmdq,
    pain). With an emergency or urgent result only the action is shown.
    """
    from ..care import CareInputError
    from ..care.plan import build_plan

    knowledge = load_knowledge_or_fail()
    care = _care()
    raw = read_json(answers)
    try:
        plan = build_plan(knowledge, care, raw)
    except CareInputError as exc:
        fail(f"{answers}: {exc}")
    if as_json:
        typer.echo(plan.model_dump_json(indent=2))
    else:
        from .care_render import show_plan

        show_plan(_console(), plan, care)


def stretch_command(
    name: Annotated[
        str | None,
        typer.Argument(
            help="An exercise (name, alias or id) or a routine: early, recovery, strength."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List the timed steps without running them.")
    ] = False,
) -> None:
    """Guided stretches. Without NAME, lists the library and the routines.

    With NAME, runs a timed session in the terminal: the current step, a countdown for
    each hold and rest, and a progress bar for the whole session. Ctrl-C stops it.
    """
    from ..care.session import plan_session
    from .care_render import find_exercises, show_library, show_steps

    care = _care()
    console = _console()
    if name is None:
        show_library(console, care)
        return
    found = find_exercises(care, name)
    if found is None:
        fail(f"{name!r} is not an exercise or routine; run `backspasm stretch` to list them.")
    title, exercises = found
    steps = plan_session(exercises)
    if dry_run:
        show_steps(console, title, steps)
        return
    from .stretch_player import play

    try:
        play(console, title, exercises, steps, SLEEP)
    except KeyboardInterrupt:
        console.print("\nSession stopped. Any movement you managed is worth it - come back later.")
        raise typer.Exit(code=INTERRUPTED) from None
