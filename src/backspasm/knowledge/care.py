"""Load and cross-check the care knowledge in ``knowledge/data/care``.

Errors name the file, the entry and the field, like the core loader::

    medicines.yaml: entry 'ibuprofen': field 'rules.0.when': unknown context item 'pregnant'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from ..care.models import (
    CareKnowledge,
    ContextItem,
    Exercise,
    HelpItem,
    Instrument,
    Medicine,
    Recommendation,
    Routine,
)
from .loader import DATA_DIR, KnowledgeError, default_knowledge, parse_list
from .models import Source

CARE_DIR = DATA_DIR / "care"

#: Items each instrument must have, from the authors' versions.
ITEM_COUNTS = {"startback": 9, "odi": 10, "rmdq": 24, "pain": 1}


def load_care_knowledge(
    sources: Mapping[str, Source],
    directory: Path | None = None,
    finding_ids: Iterable[str] | None = None,
) -> CareKnowledge:
    """Read, validate and cross-check the care files in ``directory``."""
    directory = directory or CARE_DIR
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: the care knowledge folder does not exist.")
    instruments = parse_list(directory / "instruments.yaml", Instrument)
    recommendations = parse_list(directory / "recommendations.yaml", Recommendation)
    medicines = parse_list(directory / "medicines.yaml", Medicine)
    context = parse_list(directory / "context.yaml", ContextItem)
    exercises = parse_list(directory / "exercises.yaml", Exercise)
    routines = parse_list(directory / "routines.yaml", Routine)
    help_items = parse_list(directory / "help.yaml", HelpItem)

    context_ids = {c.id for c in context}
    medicine_ids = {m.id for m in medicines}
    exercise_ids = {e.id for e in exercises}
    findings = set(finding_ids) if finding_ids is not None else None

    def check(
        file: str, entry: str, fld: str, ids: Iterable[str], known: set[str], what: str
    ) -> None:
        for i in ids:
            if i not in known:
                raise KnowledgeError(
                    f"{file}: entry '{entry}': field '{fld}': unknown {what} '{i}'."
                )

    known_sources = set(sources)
    for c in context:
        check("context.yaml", c.id, "sources", c.sources, known_sources, "source")
        if findings is not None:
            check("context.yaml", c.id, "from_findings", c.from_findings, findings, "finding")
    for m in medicines:
        check("medicines.yaml", m.id, "sources", m.sources, known_sources, "source")
        for n, rule in enumerate(m.rules):
            check(
                "medicines.yaml", m.id, f"rules.{n}.when", [rule.when], context_ids, "context item"
            )
            check(
                "medicines.yaml", m.id, f"rules.{n}.sources", rule.sources, known_sources, "source"
            )
    for r in recommendations:
        check("recommendations.yaml", r.id, "sources", r.sources, known_sources, "source")
        if r.medicine is not None:
            check("recommendations.yaml", r.id, "medicine", [r.medicine], medicine_ids, "medicine")
        check(
            "recommendations.yaml",
            r.id,
            "only_if_unsuitable",
            r.only_if_unsuitable,
            medicine_ids,
            "medicine",
        )
        check("recommendations.yaml", r.id, "not_when", r.not_when, context_ids, "context item")
    for e in exercises:
        check("exercises.yaml", e.id, "sources", e.sources, known_sources, "source")
        check("exercises.yaml", e.id, "avoid_when", e.avoid_when, context_ids, "context item")
    for rt in routines:
        check("routines.yaml", rt.id, "exercises", rt.exercises, exercise_ids, "exercise")
    for h in help_items:
        check("help.yaml", h.id, "sources", h.sources, known_sources, "source")
    for ins in instruments:
        check("instruments.yaml", ins.id, "sources", ins.sources, known_sources, "source")
        if ins.mic is not None:
            check(
                "instruments.yaml", ins.id, "mic.sources", ins.mic.sources, known_sources, "source"
            )
        expected = ITEM_COUNTS[ins.id]
        if len(ins.items) != expected:
            raise KnowledgeError(
                f"instruments.yaml: entry '{ins.id}': field 'items': needs {expected} items, "
                f"not {len(ins.items)}."
            )
    missing = sorted(set(ITEM_COUNTS) - {i.id for i in instruments})
    if missing:
        raise KnowledgeError(f"instruments.yaml: no entry for {', '.join(missing)}.")
    names = [(e.id, n.lower()) for e in exercises for n in [e.name, *e.aliases]]
    seen: dict[str, str] = {}
    for ident, name in names:
        if name in seen and seen[name] != ident:
            raise KnowledgeError(
                f"exercises.yaml: entry '{ident}': field 'aliases': the name '{name}' is also "
                f"used by '{seen[name]}'."
            )
        seen[name] = ident

    return CareKnowledge(
        instruments={i.id: i for i in instruments},
        recommendations=tuple(recommendations),
        medicines={m.id: m for m in medicines},
        context={c.id: c for c in context},
        exercises={e.id: e for e in exercises},
        routines={r.id: r for r in routines},
        help=tuple(help_items),
        sources=dict(sources),
    )


@cache
def default_care_knowledge() -> CareKnowledge:
    """The care knowledge shipped with the package, loaded once per process."""
    core = default_knowledge()
    return load_care_knowledge(core.sources, CARE_DIR, core.findings)
