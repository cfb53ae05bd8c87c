"""``backspasm knowledge``: inspect and validate the clinical knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import fail, load_knowledge_or_fail

knowledge_app = typer.Typer(
    help="Inspect and validate the clinical knowledge base.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(knowledge_app, name="knowledge")


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _emit_json(items: list[dict[str, object]]) -> None:
    import json

    typer.echo(json.dumps(items, indent=2, ensure_ascii=False))


@knowledge_app.command("check")
def check() -> None:
    """Validate every file, cross-reference and worked example; exit 1 on any failure."""
    from ..core.triage import example_failures
    from ..knowledge import KnowledgeError
    from ..knowledge.care import default_care_knowledge

    k = load_knowledge_or_fail()
    try:
        care = default_care_knowledge()
    except KnowledgeError as exc:
        fail(f"the care knowledge is broken: {exc}")
    failures = example_failures(k)
    for f in failures:
        typer.echo(f"FAIL {f}")
    examples = sum(len(r.examples) for r in k.rules)
    typer.echo(
        f"knowledge {k.version}: {len(k.findings)} findings ({len(k.red_flags)} red flags), "
        f"{len(k.conditions)} conditions, {len(k.rules)} rules with {examples} worked examples, "
        f"{len(k.sources)} sources; {len(failures)} failing examples."
    )
    typer.echo(
        f"care: {len(care.instruments)} questionnaires, {len(care.recommendations)} "
        f"recommendations, {len(care.medicines)} medicines, {len(care.exercises)} exercises."
    )
    if failures:
        raise typer.Exit(code=1)


@knowledge_app.command("findings")
def findings(as_json: JsonOpt = False) -> None:
    """List the findings (questions); red flags are marked with !."""
    k = load_knowledge_or_fail()
    if as_json:
        _emit_json([f.model_dump(mode="json", exclude_none=True) for f in k.findings.values()])
        return
    for f in k.findings.values():
        typer.echo(f"{'!' if f.red_flag else ' '} {f.id:28} {f.question}")


@knowledge_app.command("conditions")
def conditions(as_json: JsonOpt = False) -> None:
    """List the conditions with ICD-10 code, prior and seriousness."""
    k = load_knowledge_or_fail()
    if as_json:
        _emit_json([c.model_dump(mode="json") for c in k.conditions.values()])
        return
    for c in k.conditions.values():
        est = " (estimate)" if c.prior_is_estimate else ""
        typer.echo(
            f"{c.id:26} {c.icd10:6} prior {c.prior:<7g}{est:11} {c.seriousness.value:9} {c.name}"
        )


@knowledge_app.command("rules")
def rules(as_json: JsonOpt = False) -> None:
    """List the triage rules, most urgent first."""
    k = load_knowledge_or_fail()
    ordered = sorted(k.rules, key=lambda r: -r.disposition.rank)
    if as_json:
        _emit_json([r.model_dump(mode="json", exclude_defaults=True) for r in ordered])
        return
    for r in ordered:
        typer.echo(f"{r.disposition.value:9} {r.id:28} {r.message}")


@knowledge_app.command("sources")
def sources(as_json: JsonOpt = False) -> None:
    """The bibliography, with DOI or URL."""
    k = load_knowledge_or_fail()
    if as_json:
        _emit_json(
            [
                {**s.model_dump(mode="json", exclude_none=True), "link": s.link}
                for s in k.sources.values()
            ]
        )
        return
    for s in k.sources.values():
        typer.echo(f"[{s.id}] {s.authors}. {s.title}. {s.year}. {s.link}")


@knowledge_app.command("show")
def show(
    item_id: Annotated[str, typer.Argument(help="A finding, condition, rule or source id.")],
) -> None:
    """Show one entry of the knowledge base in full, as JSON."""
    import json

    k = load_knowledge_or_fail()
    tables: list[dict[str, object]] = [
        k.findings,
        k.conditions,
        {r.id: r for r in k.rules},
        k.sources,
    ]
    for table in tables:
        if item_id in table:
            item = table[item_id]
            typer.echo(json.dumps(item.model_dump(mode="json", exclude_none=True), indent=2))  # type: ignore[attr-defined]
            return
    fail(f"{item_id!r} is not a finding, condition, rule or source id.")
