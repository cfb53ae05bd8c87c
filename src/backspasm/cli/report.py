"""``backspasm report``: the clinician's report of one diary, as HTML, FHIR or JSON.

A few lines over :mod:`backspasm.report` (imported lazily, so ``backspasm --help`` does not
load SQLAlchemy or Jinja2). A diary with nothing in it gives one plain sentence and exit
status 2, like any other request that cannot be met, and no file is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ._common import fail, load_knowledge_or_fail, write_output
from .diary import DbOpt, PersonOpt, _date, _plain_errors

if TYPE_CHECKING:
    from ..core.report import Report
    from ..store import Diary


def register(app: typer.Typer) -> None:
    app.command("report")(_plain_errors(report_command))


def report_command(
    fmt: Annotated[
        Literal["html", "fhir", "json"],
        typer.Option("--format", help="html (printable), fhir (R4 Bundle JSON) or json."),
    ] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="Report as of this day.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="First day covered, YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help="Last day covered, YYYY-MM-DD (inclusive).")] = None,
    db: DbOpt = None,
    person: PersonOpt = "me",
) -> None:
    """One report for a physiotherapist or GP: screening, scores and history from the diary.

    HTML is one self-contained printable file (no script, nothing loaded from the internet);
    fhir is a FHIR R4 Bundle of type collection with LOINC codes where they are confirmed.
    --since/--until limit the report to those days: episodes that overlap them, and the
    check-ins, assessments and scores inside them (warnings still come from the whole diary).
    A diary with nothing in it (or nothing in those days), or a --person not in the
    database, is an error (exit status 2); no file is written then, and no person is added.
    """
    from ..report import ReportEmpty, ReportWindowError, gather, parse_window, render, require_data

    try:
        first, last = parse_window(since, until)
    except ReportWindowError as exc:
        fail(f"--{exc}".replace("until (", "--until (", 1))
    knowledge = load_knowledge_or_fail()
    day = _date(today, "--today")
    diary = _existing_diary(db, person)
    try:
        report = require_data(gather(diary, knowledge, person=person.strip(), today=day,
                                     since=first, until=last))
    except ReportEmpty as exc:
        fail(f"{exc} Add a check-in (`backspasm checkin`) or save an assessment first.")
    write_output(render(report, fmt), output,
                 f"Report written to {output} ({fmt}, {_count(report)}{_window(report)}).")


def _existing_diary(db: str | None, person: str) -> Diary:
    """The person's diary; a name not in the database is an error, and is not added."""
    from ..store import StoreError, open_store, url_for

    try:
        store = open_store(url_for(db) if db else None)
    except StoreError as exc:
        fail(str(exc))
    diary = store.find_diary(person)
    if diary is None:
        fail(f"there is no diary for '{person.strip()}' in this database; check --person "
             "(or BACKSPASM_PERSON).")
    return diary


def _window(report: Report) -> str:
    if report.since is None and report.until is None:
        return ""
    first = report.since.isoformat() if report.since else "the start"
    return f"; from {first} to {(report.until or report.today).isoformat()}"


def _count(report: Report) -> str:
    parts = [(len(report.checkins), "check-in"), (len(report.episodes), "episode"),
             (len(report.assessments), "assessment"), (len(report.questionnaires), "score")]
    return ", ".join(f"{n} {w}{'' if n == 1 else 's'}" for n, w in parts)

