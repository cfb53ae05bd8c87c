"""The diary commands: log, checkin, history, insights, export, import.

Each is a few lines over :mod:`backspasm.store` (imported lazily, so ``backspasm --help``
does not load SQLAlchemy) and the pure :mod:`backspasm.core.diary` / ``core.insights``.
The database is ``--db`` (a URL or a SQLite file path), else ``BACKSPASM_DATABASE_URL``, else
a SQLite file in the data directory.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, cast

import click
import typer

from ._common import fail, load_knowledge_or_fail, read_text, write_output

if TYPE_CHECKING:
    from ..store import Diary

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="BACKSPASM_DATABASE_URL",
        help="Database URL or SQLite file (default: a file in your data folder).",
    ),
]
PersonOpt = Annotated[
    str, typer.Option("--person", envvar="BACKSPASM_PERSON", help="Whose diary (default: me).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a report.")]


def register(app: typer.Typer) -> None:
    app.command("log")(_plain_errors(log_command))
    app.command("checkin")(_plain_errors(checkin_command))
    app.command("history")(_plain_errors(history_command))
    app.command("insights")(_plain_errors(insights_command))
    app.command("export")(_plain_errors(export_command))
    app.command("import")(_plain_errors(import_command))


F = TypeVar("F", bound=Callable[..., Any])


def _plain_errors(fn: F) -> F:
    """Turn diary and database errors into one plain sentence and exit status 2.

    Every write is one transaction, so a write that failed has changed nothing stored.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            from ..core.diary import DiaryError
            from ..store.engine import StoreError

            if isinstance(exc, DiaryError | StoreError):
                fail(str(exc))
            if type(exc).__module__.split(".")[0] in ("sqlalchemy", "psycopg", "sqlite3"):
                orig = getattr(exc, "orig", None) or exc
                first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
                fail(f"the diary database failed ({first}); nothing stored was changed.")
            raise

    return cast(F, wrapper)


def open_diary(db: str | None, person: str) -> Diary:
    from ..core.diary import DiaryError
    from ..store import StoreError, open_store, url_for

    try:
        return open_store(url_for(db) if db else None).diary(person)
    except (StoreError, DiaryError) as exc:
        fail(str(exc))


def _date(value: str | None, what: str) -> dt.date:
    if value is None or value == "today":
        return dt.date.today()
    if value == "yesterday":
        return dt.date.today() - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{what} must be a date written as YYYY-MM-DD, not {value!r}.")


def _prompt(text: str, missing: str, **kw: Any) -> Any:
    """Ask in the terminal; when there is nobody to answer, say which option to give."""
    try:
        return typer.prompt(text, **kw)
    except typer.Abort:
        fail(missing)


def _console() -> Any:
    from rich.console import Console

    return Console()


def log_command(
    start: Annotated[str | None, typer.Option("--start", help="Day it began (YYYY-MM-DD).")] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", help="Day it ended; alone, ends the open episode."),
    ] = None,
    worst: Annotated[int | None, typer.Option("--worst", help="Worst pain, 0-10.")] = None,
    location: Annotated[str, typer.Option("--location", help="lower, middle or upper.")] = "lower",
    trigger: Annotated[
        list[str] | None, typer.Option("--trigger", "-t", help="A suspected trigger (repeat).")
    ] = None,
    helped: Annotated[
        list[str] | None, typer.Option("--helped", help="Something that helped (repeat).")
    ] = None,
    notes: Annotated[str, typer.Option("--notes")] = "",
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a different one.")] = False,
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """Log an episode of back pain (or, with only --end, end the open one)."""
    from ..core.diary import DiaryError, parse_episode

    diary = open_diary(db, person)
    try:
        if start is None and worst is None and end is not None:
            ep = diary.end_episode(_date(end, "--end"))
            typer.echo(f"Ended the episode that began on {ep.started} on {ep.ended}.")
            return
        if worst is None:
            worst = _prompt("Worst pain so far (0-10)",
                            "give the worst pain of the episode with --worst (0 to 10).", type=int)
        episode = parse_episode({
            "started": _date(start, "--start"), "ended": end and _date(end, "--end"),
            "location": location, "worst_pain": worst, "triggers": trigger or [],
            "helped": helped or [], "notes": notes,
        })
        outcome = diary.add_episode(episode, replace=replace)
    except DiaryError as exc:
        fail(str(exc))
    typer.echo(f"Episode from {episode.started}: {outcome}.")


_QUICK = ("function", "sleep_hours", "stress")


def _ask_red_flags(knowledge: Any) -> list[str]:
    flags = list(knowledge.red_flags)
    try:
        if not typer.confirm("Any new danger sign today (numbness, bladder, fever...)?",
                             default=False):
            return []
    except typer.Abort:
        fail("answer whether you noticed a danger sign, or give --red-flag.")
    for i, f in enumerate(flags, start=1):
        typer.echo(f"{i:3}. {f.label}")
    raw = _prompt("Numbers, separated by commas", "give the danger signs with --red-flag.")
    out: list[str] = []
    for part in raw.replace(" ", "").split(","):
        if part.isdigit() and 1 <= int(part) <= len(flags):
            out.append(flags[int(part) - 1].id)
        elif part:
            fail(f"{part!r} is not one of the numbers listed.")
    return out


def checkin_command(
    pain: Annotated[int | None, typer.Option("--pain", "-p", help="Pain today, 0-10.")] = None,
    function: Annotated[
        int | None, typer.Option("--function", "-f", help="What you could do, 0 nothing-10 all.")
    ] = None,
    sleep: Annotated[float | None, typer.Option("--sleep", help="Hours slept.")] = None,
    active: Annotated[int | None, typer.Option("--active", help="Active minutes.")] = None,
    sitting: Annotated[float | None, typer.Option("--sitting", help="Hours sitting.")] = None,
    stress: Annotated[int | None, typer.Option("--stress", help="Stress, 0-10.")] = None,
    medicine: Annotated[
        list[str] | None, typer.Option("--medicine", "-m", help="A medicine taken (repeat).")
    ] = None,
    red_flag: Annotated[
        list[str] | None,
        typer.Option("--red-flag", help="A danger sign noticed today, by finding id (repeat)."),
    ] = None,
    notes: Annotated[str, typer.Option("--notes")] = "",
    day: Annotated[str | None, typer.Option("--date", help="Day (default today).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite today's entry.")] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """Record today in a few seconds: pain, and optionally function, sleep, stress and more.

    Without --pain, asks pain, function, sleep and stress (Enter skips) and any danger sign.
    A danger sign runs the triage at once and shows what to do.
    """
    from ..core.diary import parse_checkin

    knowledge = load_knowledge_or_fail()
    raw: dict[str, Any] = {
        "day": _date(day, "--date"), "pain": pain, "function": function, "sleep_hours": sleep,
        "active_minutes": active, "sitting_hours": sitting, "stress": stress,
        "medicines": medicine or [], "red_flags": red_flag or [], "notes": notes,
    }
    if pain is None:
        missing = "give today's pain with --pain (0 to 10)."
        raw["pain"] = _prompt("Pain today (0-10)", missing, type=int)
        prompts = {"function": "What could you do (0 nothing - 10 everything)",
                   "sleep_hours": "Hours slept", "stress": "Stress (0-10)"}
        for key in _QUICK:
            if raw[key] is None:
                answer = _prompt(prompts[key], missing, default="", show_default=False)
                raw[key] = answer or None
        if not raw["red_flags"]:
            raw["red_flags"] = _ask_red_flags(knowledge)
    diary = open_diary(db, person)
    checkin = parse_checkin({k: v for k, v in raw.items() if v is not None}, knowledge)
    done = diary.record_checkin(checkin, knowledge, replace=replace)
    outcome, result = done.outcome, done.assessment
    if as_json:
        out = {"outcome": outcome, "checkin": checkin.model_dump(mode="json"),
               "assessment": result.model_dump(mode="json") if result else None}
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if result is not None:
        from .render import show_assessment

        show_assessment(_console(), result)
    typer.echo(f"Check-in for {checkin.day}: {outcome}.")


def history_command(
    days: Annotated[int, typer.Option("--days", help="How many days back.", min=1)] = 30,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """Show recent check-ins and episodes."""
    diary = open_diary(db, person)
    since = dt.date.today() - dt.timedelta(days=days - 1)
    checkins = diary.checkins(since=since)
    episodes = [e for e in diary.episodes() if (e.ended or dt.date.max) >= since]
    if as_json:
        typer.echo(json.dumps({
            "episodes": [e.model_dump(mode="json") for e in episodes],
            "checkins": [c.model_dump(mode="json") for c in checkins],
        }, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    console = _console()
    if not checkins and not episodes:
        console.print(f"Nothing recorded in the last {days} days.")
        return
    et = Table(title="Episodes")
    for col in ("started", "ended", "where", "worst", "triggers", "helped"):
        et.add_column(col)
    for e in episodes:
        et.add_row(str(e.started), str(e.ended or "ongoing"), e.location.value,
                   str(e.worst_pain), ", ".join(e.triggers), ", ".join(e.helped))
    ct = Table(title=f"Check-ins, last {days} days")
    for col in ("day", "pain", "function", "sleep", "stress", "medicines", "danger signs"):
        ct.add_column(col)
    for c in checkins:
        ct.add_row(str(c.day), str(c.pain), _s(c.function), _s(c.sleep_hours), _s(c.stress),
                   ", ".join(c.medicines), ", ".join(c.red_flags))
    if episodes:
        console.print(et)
    console.print(ct)


def _s(value: object) -> str:
    return "" if value is None else str(value)


def insights_command(
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also write an SVG chart to this file.")
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="Judge as of this day.")] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """How recovery compares with the usual course, warnings, and possible triggers."""
    from ..knowledge import KnowledgeError
    from ..knowledge.diary import default_diary_knowledge

    knowledge = load_knowledge_or_fail()
    try:
        dk = default_diary_knowledge()
    except KnowledgeError as exc:
        fail(f"the diary knowledge is broken: {exc}")
    diary = open_diary(db, person)
    result = diary.insights(knowledge, _date(today, "--today"), dk)
    if chart is not None:
        try:
            chart.write_text(diary.chart(), encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write the chart to {chart} ({exc.strerror}).")
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    console = _console()
    for a in result.alerts:  # most urgent first, before anything else
        style = "bold red" if a.disposition.rank >= 2 else "bold yellow"
        console.print(f"[{style}]{a.disposition.value.upper()}[/]: {a.message}")
    if result.recovery is not None:
        r = result.recovery
        console.print(f"[bold]Current course[/] (episode from {r.episode_started}): {r.summary}")
    else:
        console.print("No episode logged yet: `backspasm log --worst N` starts one.")
    console.print("[bold]Possible triggers[/]")
    ready = [t for t in result.triggers if t.enough]
    for t in ready:
        console.print(f"  - {t.summary}")
    if ready:
        console.print(f"  {result.trigger_note}")
    waiting = [t for t in result.triggers if not t.enough]
    if waiting and not ready:
        cfg = dk.triggers
        days = max(t.days_with + t.days_without for t in waiting)
        console.print(
            f"  Not enough data yet: {days} days of check-ins usable so far. A factor is "
            f"judged once there are {cfg.min_days_each} days with it and {cfg.min_days_each} "
            f"without, and {cfg.min_episodes} episode starts with a check-in the day before."
        )
    elif waiting:
        names = ", ".join(f"'{t.label}'" for t in waiting)
        console.print(f"  Not enough data yet for {names}.")
    if result.named_triggers:
        named = ", ".join(f"{n} ({k}x)" for n, k in result.named_triggers)
        console.print(f"Triggers you suspected in your episodes: {named}")
    console.print(f"Sources: {', '.join(knowledge.sources[s].link for s in result.sources)}")
    if chart is not None:
        console.print(f"Chart written to {chart}.")


def export_command(
    fmt: Annotated[
        Literal["json", "csv"], typer.Option("--format", help="json (everything) or csv.")
    ] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")]
    = None,
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """Export the diary: JSON holds everything, CSV the episodes and check-ins."""
    diary = open_diary(db, person)
    if fmt == "json":
        text = json.dumps(diary.export(), indent=2, ensure_ascii=False) + "\n"
    else:
        from ..core.diary_csv import to_csv

        text = to_csv(diary.episodes(), diary.checkins())
    write_output(text, output, f"Exported to {output}.")


def import_command(
    file: Annotated[Path, typer.Argument(help="A JSON or CSV file made by `backspasm export`.")],
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """Import a diary file: checked in full first, then all of it is added or none."""
    from ..core.diary import DiaryError
    from ..core.diary_file import DiaryFileError, read_bundle

    knowledge = load_knowledge_or_fail()
    text = read_text(file)
    try:
        bundle = read_bundle(text, knowledge, filename=file.name, source=f"the file {file}")
        report = open_diary(db, person).import_bundle(bundle)
    except DiaryFileError as exc:
        fail(str(exc))
    except DiaryError as exc:
        fail(f"{file}: {exc}")
    typer.echo(f"Imported {file}:")
    for line in report.lines():
        typer.echo(f"  {line}")
