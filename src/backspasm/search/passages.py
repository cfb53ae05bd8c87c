"""Passages: short answers in our own words, stored as YAML and validated on load.

Each passage says how strong its evidence is and cites sources by id; every id must exist
in the knowledge base's bibliography (``sources*.yaml``). A broken file is reported as
``<file>: entry '<id>': field '<field>': <problem>``, like the rest of the knowledge.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..knowledge.loader import DATA_DIR, Knowledge, KnowledgeError, parse_list
from ..knowledge.models import ID_PATTERN, Strict

PASSAGES_DIR = DATA_DIR / "passages"

Topic = Literal[
    "what_it_is",
    "causes",
    "regions",
    "symptoms",
    "course",
    "emergencies",
    "look_alikes",
    "diagnosis",
    "home_treatment",
    "professional_treatment",
    "stretches",
    "prevention",
]

EvidenceLevel = Literal["high", "moderate", "low", "very_low", "expert_consensus"]


class Evidence(Strict):
    """How much the passage's main claims can be trusted, in GRADE-like words."""

    level: EvidenceLevel
    statement: str = Field(min_length=20)


class Passage(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=5)
    topic: Topic
    text: str = Field(min_length=80)
    evidence: Evidence
    questions: list[str] = Field(min_length=2)
    sources: list[str] = Field(min_length=1)


def load_passages(knowledge: Knowledge, directory: Path | None = None) -> tuple[Passage, ...]:
    """Read every ``*.yaml`` in ``directory`` (default: the shipped passages), validated."""
    directory = directory or PASSAGES_DIR
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: the passages folder does not exist.")
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise KnowledgeError(f"{directory}: the passages folder has no YAML files.")
    seen: dict[str, str] = {}
    out: list[Passage] = []
    for path in paths:
        for passage in parse_list(path, Passage):
            if passage.id in seen:
                raise KnowledgeError(
                    f"{path.name}: entry '{passage.id}': another passage "
                    f"(in {seen[passage.id]}) already has this id."
                )
            seen[passage.id] = path.name
            for sid in passage.sources:
                if sid not in knowledge.sources:
                    raise KnowledgeError(
                        f"{path.name}: entry '{passage.id}': field 'sources': "
                        f"unknown source '{sid}'."
                    )
            out.append(passage)
    return tuple(out)


def passages_hash(passages: tuple[Passage, ...]) -> str:
    """A short hash of the passages' content, for cache keys."""
    blob = json.dumps([p.model_dump() for p in passages], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
