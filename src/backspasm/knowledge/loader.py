"""Load the knowledge base from YAML and validate it into a :class:`Knowledge` object.

Errors name the file, the entry and the field, e.g.::

    conditions.yaml: entry 'kidney_stone': field 'prior': Input should be less than 1

This module is the only place that reads knowledge files; the core receives a
:class:`Knowledge` and never touches the disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .models import Condition, Disposition, DispositionInfo, Finding, Rule, Source

DATA_DIR = Path(__file__).parent / "data"

#: libyaml's safe loader when PyYAML was built with it (several times faster).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


class KnowledgeError(ValueError):
    """The knowledge files are broken; the message names file, entry and field."""


@dataclass(frozen=True, eq=False)
class Knowledge:
    """The whole validated knowledge base. Immutable; build it with :func:`load_knowledge`.

    Compared and hashed by identity (two loads of the same files have the same
    ``version``).
    """

    findings: dict[str, Finding]
    conditions: dict[str, Condition]
    rules: tuple[Rule, ...]
    sources: dict[str, Source]
    dispositions: dict[Disposition, DispositionInfo]
    version: str
    #: For each finding, the rules a "yes" to it can make fire, most urgent first.
    rules_by_finding: dict[str, tuple[Rule, ...]]

    @cached_property
    def derived(self) -> dict[str, Any]:
        """Forms other layers derive from this knowledge base and keep with it (the
        engine keeps its compiled form here, under ``"engine"``), built on first use."""
        return {}

    @cached_property
    def red_flags(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings.values() if f.red_flag)

    def cite(self, source_ids: Iterable[str]) -> list[Source]:
        return [self.sources[s] for s in source_ids]


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path.name}: cannot be read ({exc.strerror}).") from exc
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise KnowledgeError(f"{path.name}: is not valid YAML{where}.") from exc


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return f"field '{loc}': {first['msg']}" if loc else first["msg"]


def parse_list(path: Path, model: type[M]) -> list[M]:
    raw = read_yaml(path)
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: must be a list of entries.")
    items: list[M] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"entry '{name}'" if name else f"entry #{index + 1}"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{path.name}: {label}: must be a mapping of fields.")
        try:
            item = model.model_validate(entry)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: {label}: {_describe(exc)}") from None
        key = str(getattr(item, "id", index))
        if key in seen:
            raise KnowledgeError(f"{path.name}: {label}: the id is used twice.")
        seen.add(key)
        items.append(item)
    return items


def _collect(directory: Path, stem: str, model: type[M]) -> list[tuple[str, M]]:
    """Entries of ``stem.yaml`` and any ``stem_*.yaml``, tagged with their file name."""
    paths = sorted(directory.glob(f"{stem}.yaml")) + sorted(directory.glob(f"{stem}_*.yaml"))
    out: list[tuple[str, M]] = []
    for path in paths:
        out.extend((path.name, item) for item in parse_list(path, model))
    return out


def _unique(entries: list[tuple[str, M]], what: str) -> dict[str, M]:
    table: dict[str, M] = {}
    for file, item in entries:
        key = str(getattr(item, "id"))  # noqa: B009 - every knowledge model has an id
        if key in table:
            raise KnowledgeError(f"{file}: entry '{key}': another {what} already has this id.")
        table[key] = item
    return table


def content_hash(directory: Path) -> str:
    """A short hash of every YAML file's bytes: the knowledge version."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_knowledge(directory: Path | None = None) -> Knowledge:
    """Read, validate and cross-check the knowledge base in ``directory``."""
    directory = directory or DATA_DIR
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: the knowledge folder does not exist.")
    sources_l = _collect(directory, "sources", Source)
    findings_l = _collect(directory, "findings", Finding)
    conditions_l = _collect(directory, "conditions", Condition)
    rules_l = _collect(directory, "rules", Rule)
    dispositions_l = _collect(directory, "dispositions", DispositionInfo)

    sources = _unique(sources_l, "source")
    findings = _unique(findings_l, "finding")
    conditions = _unique(conditions_l, "condition")
    _unique(rules_l, "rule")
    dispositions = {d.id: d for _, d in dispositions_l}

    def check_sources(file: str, entry: str, ids: Iterable[str]) -> None:
        for sid in ids:
            if sid not in sources:
                raise KnowledgeError(
                    f"{file}: entry '{entry}': field 'sources': unknown source '{sid}'."
                )

    def check_findings(file: str, entry: str, fld: str, ids: Iterable[str]) -> None:
        for fid in sorted(ids):
            if fid not in findings:
                raise KnowledgeError(
                    f"{file}: entry '{entry}': field '{fld}': unknown finding '{fid}'."
                )

    for file, f in findings_l:
        check_sources(file, f.id, f.sources)
        for fld in ("ask_when", "skip_when"):
            pattern = getattr(f, fld)
            if pattern is not None:
                check_findings(file, f.id, fld, pattern.finding_ids())
    for file, c in conditions_l:
        check_sources(file, c.id, c.sources)
        check_findings(file, c.id, "likelihood_ratios", c.likelihood_ratios)
        for i, m in enumerate(c.modifiers):
            check_findings(file, c.id, f"modifiers.{i}.when", m.when.finding_ids())
    for file, r in rules_l:
        check_sources(file, r.id, r.sources)
        check_findings(file, r.id, "when", r.when.finding_ids())
        for cid in r.suspects:
            if cid not in conditions:
                raise KnowledgeError(
                    f"{file}: entry '{r.id}': field 'suspects': unknown condition '{cid}'."
                )
    for file, d in dispositions_l:
        check_sources(file, d.id.value, d.sources)
    missing = [d.value for d in Disposition if d not in dispositions]
    if missing:
        raise KnowledgeError(f"dispositions.yaml: no entry for {', '.join(missing)}.")

    rules = tuple(r for _, r in rules_l)
    by_urgency = sorted(rules, key=lambda r: -r.disposition.rank)
    return Knowledge(
        findings=findings,
        conditions=conditions,
        rules=rules,
        sources=sources,
        dispositions=dispositions,
        version=content_hash(directory),
        rules_by_finding={
            fid: tuple(r for r in by_urgency if fid in r.when.positive_finding_ids())
            for fid in findings
        },
    )


@cache
def default_knowledge() -> Knowledge:
    """The knowledge shipped with the package, loaded once per process on first use."""
    return load_knowledge(DATA_DIR)
