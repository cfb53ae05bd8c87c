"""The intake's rule files, read and validated (no spaCy here).

Two YAML files under ``knowledge/data/intake/`` hold the rules as data:

``targets.yaml``
    what to look for: for each finding a list of phrases in a small pattern language
    (below), on top of the finding's ``lay_phrases`` in findings.yaml; groups of findings
    named by one phrase ("no problems with the toilet"); words that show the text is about
    the back; phrases that look like a finding but are none; misspellings and their
    correct spelling.
``context.yaml``
    ConText modifiers (negation, uncertainty, another person, old history) and the words
    that end their reach.

Pattern language (one phrase per string, words separated by spaces; each word is matched
on its normalised form, so "can't", "cant" and "cannot" are all ``can not``)::

    numb|tingly      either word
    the?             an optional word
    *3               up to three words of anything (not punctuation)
    numb~            any word starting with "numb"
    #                any number
    YEAR             a year such as 2005
    ^word            the word starts a sentence
    (a b|c d)        either phrase (several words each); (a b)? an optional phrase
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..knowledge.loader import DATA_DIR, KnowledgeError, read_yaml

INTAKE_DIR = DATA_DIR / "intake"
M = TypeVar("M", bound=BaseModel)

CATEGORIES = (
    "NEGATED_EXISTENCE",
    "POSSIBLE_EXISTENCE",
    "HYPOTHETICAL",
    "FAMILY",
    "HISTORICAL",
    "TERMINATE",
    "PSEUDO",
    "END_PERSON",
    "END_NEGATION",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Strict):
    findings: list[str] = Field(min_length=1)
    #: A status the phrase always carries ("bladder is fine" is always a denial).
    status: Literal["absent"] | None = None
    #: A vague phrase, dropped when a phrase about another finding overlaps it.
    fallback: bool = False
    phrases: list[str] = Field(min_length=1)


class TargetRules(_Strict):
    spellings: dict[str, str] = Field(default_factory=dict)
    exclude_lay_phrases: dict[str, list[str]] = Field(default_factory=dict)
    history_counts: list[str] = Field(default_factory=list)
    fallbacks: dict[str, list[str]] = Field(default_factory=dict)
    back_words: list[str] = Field(min_length=1)
    #: Phrases that look like a finding but are none ("my hair has gone grey").
    not_findings: list[str] = Field(default_factory=list)
    groups: dict[str, Group] = Field(default_factory=dict)
    findings: dict[str, list[str]] = Field(default_factory=dict)


class ModifierRule(_Strict):
    category: str
    direction: str
    phrases: list[str] = Field(min_length=1)
    max_scope: int | None = Field(default=None, gt=0)
    terminated_by: list[str] = Field(default_factory=list)
    note: str | None = None


class ContextRules(_Strict):
    #: Words that make a stretch of text a clause of its own (see intake/extract.py).
    clause_words: list[str] = Field(default_factory=list)
    modifiers: list[ModifierRule]


class IntakeRules(_Strict):
    targets: TargetRules
    context: ContextRules


def _parse(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(f"{path.name}: field '{loc}': {first['msg']}.") from None


def load_rules(directory: Path = INTAKE_DIR) -> IntakeRules:
    """Read and validate the intake rule files, or raise KnowledgeError naming the problem."""
    targets = _parse(directory / "targets.yaml", TargetRules)
    context = _parse(directory / "context.yaml", ContextRules)
    for rule in context.modifiers:
        if rule.category not in CATEGORIES:
            raise KnowledgeError(f"context.yaml: unknown modifier category '{rule.category}'.")
        if rule.direction not in ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"):
            raise KnowledgeError(f"context.yaml: unknown direction '{rule.direction}'.")
    return IntakeRules(targets=targets, context=context)


@cache
def default_rules() -> IntakeRules:
    return load_rules()


class LanguageWords(_Strict):
    english: frozenset[str]
    foreign: frozenset[str]


@cache
def language_words(directory: Path = INTAKE_DIR) -> LanguageWords:
    """Common English and non-English words, for the rough language check."""
    return _parse(directory / "language.yaml", LanguageWords)


def check_against(rules: IntakeRules, finding_ids: set[str]) -> list[str]:
    """Finding ids the rules name that the knowledge base does not know."""
    t = rules.targets
    named = set(t.findings) | set(t.history_counts) | set(t.exclude_lay_phrases) | set(t.fallbacks)
    for group in t.groups.values():
        named |= set(group.findings)
    return sorted(named - finding_ids)


#: Words of the rule phrases, for the dropped "g" below.
_WORD = re.compile(r"[a-z]+")
#: Real words that look like an "-ing" word with its "g" dropped ("thin" is not "thing").
_NOT_DROPPED_G = frozenset({"thin", "shin", "spin", "skin", "chin", "twin", "grin", "begin"})


def dropped_g(rules: IntakeRules) -> dict[str, str]:
    """Each "-ing" word of the rule phrases with its "g" dropped, read as the word.

    People typing fast write "burnin up", "wipin", "throbbin", "droppin off": one family,
    so it is derived here rather than listed word by word in ``spellings``. Only words of
    five letters or more (so "king" gives nothing), and never a form that is itself a word
    of the rules or a real word ("thin" for "thing").
    """
    t = rules.targets
    texts = [*t.back_words, *t.not_findings, *rules.context.clause_words]
    texts += [p for phrases in t.fallbacks.values() for p in phrases]
    texts += [p for group in t.groups.values() for p in group.phrases]
    texts += [p for phrases in t.findings.values() for p in phrases]
    texts += [p for rule in rules.context.modifiers for p in rule.phrases]
    words = {w for text in texts for w in _WORD.findall(text.lower())}
    out = {}
    for word in sorted(words):
        short = word[:-1]
        if (
            word.endswith("ing")
            and len(word) >= 5
            and short not in words
            and short not in t.spellings
            and short not in _NOT_DROPPED_G
        ):
            out[short] = word
    return out


def spellings(rules: IntakeRules) -> dict[str, str]:
    """Every misspelling the intake reads as another word: ``spellings`` in targets.yaml
    and the dropped "g" of the rules' "-ing" words (:func:`dropped_g`)."""
    return {**dropped_g(rules), **rules.targets.spellings}
