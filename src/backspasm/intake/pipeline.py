"""The spaCy/medspaCy pipeline, built once per process from the rule files.

spaCy and medspaCy are imported (by :mod:`.libraries`) only when :func:`get_pipeline` is
first called: the rest of backspasm never pays for them. The pipeline is a blank English
spaCy pipeline (tokenizer only, no downloaded model) with a sentence splitter, a
PhraseMatcher for the plain target phrases, medspaCy's TargetMatcher for the rest and
medspaCy's ConText, all fed from ``knowledge/data/intake``.

What a cold start costs, and what keeps it down (docs/benchmarks.md, "Intake cold
start"): the imports (:mod:`.libraries` skips spaCy's CLI and QuickUMLS), the blank
pipeline, compiling the rule phrases into patterns (:class:`CompiledRules`, cached on disk
by :mod:`.cache`, keyed by everything it depends on), and adding the patterns to the
matchers (norm hashes instead of Docs for the PhraseMatcher, no schema check for the
token Matchers).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import itertools
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..knowledge.loader import Knowledge, KnowledgeError
from .rules import IntakeRules, check_against, default_rules, spellings

#: Span group that holds the targets (a group, not doc.ents, so targets may overlap).
SPANS = "medspacy_spans"
#: Label of the spans that show the text is about the back.
BACK = "BACK"
#: Label of the phrases that look like a finding but are none ("my hair has gone grey"):
#: a finding's phrase inside one does not count.
NOT = "NOT"
#: Prefix of the labels of target phrases that stand for several findings at once.
GROUP = "group:"
#: Prefix of the labels of vague phrases (dropped when another finding's phrase overlaps).
FALLBACK = "fallback:"
#: Words a wildcard (*N) never skips, so "legs are not weak" is not read as "legs ... weak".
NEGATIONS = ["not", "no", "never", "without", "nor", "neither"]

_lock = threading.Lock()
_cache: dict[tuple[str, int], Pipeline] = {}


@dataclass(frozen=True)
class Pipeline:
    nlp: Any  # spacy.Language
    rules: IntakeRules
    groups: dict[str, tuple[str, ...]]
    fixed: dict[str, str]
    fallback_groups: frozenset[str]
    history_counts: frozenset[str]
    #: Words that make a stretch of text a clause of its own (context.yaml).
    clause_words: frozenset[str] = frozenset()


def _plain(seq: list[dict[str, Any]]) -> bool:
    return len(seq) == 1 and set(seq[0]) == {"NORM"} and isinstance(seq[0]["NORM"], str)


def _merge(alts: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Fold single plain words into one ``IN`` token, so alternatives do not multiply."""
    singles = [a[0]["NORM"] for a in alts if _plain(a)]
    if len(singles) < 2:
        return alts
    rest = [a for a in alts if not _plain(a)]
    return [[{"NORM": {"IN": list(dict.fromkeys(singles))}}], *rest]


def _optional(alts: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    if len(alts) == 1 and len(alts[0]) == 1 and "OP" not in alts[0][0]:
        return [[{**alts[0][0], "OP": "?"}]]
    return [*alts, []]


def _alternatives(word: str, tokenizer: Any) -> list[list[dict[str, Any]]]:
    """The token-spec sequences one word of the pattern language stands for."""
    if word.startswith("*") and word[1:].isdigit():
        spec = {"IS_PUNCT": False, "NORM": {"NOT_IN": NEGATIONS}}
        return [[{**spec, "OP": f"{{0,{int(word[1:])}}}"}]]
    start = word.startswith("^") and len(word) > 1
    if start:
        word = word[1:]
    optional = word.endswith("?") and len(word) > 1
    if optional:
        word = word[:-1]
    alts: list[list[dict[str, Any]]] = []
    for alt in word.split("|"):
        if alt == "#":
            alts.append([{"LIKE_NUM": True}])
        elif alt == "YEAR":
            alts.append([{"TEXT": {"REGEX": r"^(19|20)\d\d$"}}])
        elif alt.endswith("~") and len(alt) > 1:
            alts.append([{"NORM": {"REGEX": f"^{alt[:-1].lower()}"}}])
        else:
            alts.append([{"NORM": t.norm_} for t in tokenizer(unhyphenate(alt))])
    alts = _merge(alts)
    if start:
        alts = [[{**a[0], "IS_SENT_START": True}, *a[1:]] for a in alts if a]
    return _optional(alts) if optional else alts


_PART = re.compile(r"\(([^()]*)\)(\?)?|\S+")


def compile_phrase(phrase: str, tokenizer: Any) -> list[list[dict[str, Any]]]:
    """Turn one phrase of the pattern language into spaCy Matcher patterns."""
    parts: list[list[list[dict[str, Any]]]] = []
    for m in _PART.finditer(phrase):
        if m.group(0).startswith("("):
            alts: list[list[dict[str, Any]]] = []
            for alt in m.group(1).split("|"):
                alts.extend(compile_phrase(alt, tokenizer) if alt.strip() else [[]])
            alts = _merge(alts)
            parts.append(_optional(alts) if m.group(2) else alts)
        else:
            parts.append(_alternatives(m.group(0), tokenizer))
    patterns = [[spec for seq in combo for spec in seq] for combo in itertools.product(*parts)]
    return [p for p in patterns if p]


#: A hyphen inside a word ("rowing-machine", "t-shirt", "co-codamol").
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def unhyphenate(text: str) -> str:
    """The text with each hyphen inside a word read as a space, keeping its length.

    People join words with hyphens at will ("rowing-machine", "t-shirt", "long-haul"); read
    as a space on both sides (the text and the rule phrases), "t-shirt touches" and
    "t shirt touches" are the same words, and a wildcard is not stopped by the hyphen.
    """
    return _INNER_HYPHEN.sub(" ", text)


class _Memo:
    """The tokenizer, remembering the norms of each word: the rule files repeat words a lot."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.seen: dict[str, list[Any]] = {}

    def __call__(self, text: str) -> list[Any]:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = list(self.tokenizer(text))
        return found


#: Most word sequences one pattern may stand for before it is left to the token Matcher.
MAX_LITERALS = 400


def literal_forms(pattern: list[dict[str, Any]]) -> list[tuple[str, ...]] | None:
    """The word sequences a pattern of plain and either-or words (some optional) matches,
    or None when it needs the token Matcher (wildcards, prefixes, numbers)."""
    forms: list[tuple[str, ...]] = [()]
    for spec in pattern:
        op = spec.get("OP")
        if set(spec) - {"NORM", "OP"} or op not in (None, "?"):
            return None
        norm = spec["NORM"]
        if isinstance(norm, str):
            choices = [norm]
        elif isinstance(norm, dict) and set(norm) == {"IN"}:
            choices = list(norm["IN"])
        else:
            return None
        options: list[tuple[str, ...]] = [(c,) for c in choices] + ([()] if op == "?" else [])
        forms = [f + o for f in forms for o in options]
        if len(forms) > MAX_LITERALS:
            return None
    return [f for f in forms if f]


class PhraseTargets:
    """Finds the plain target phrases with spaCy's PhraseMatcher (on token norms), which is
    much faster than the token Matcher; medspaCy's TargetMatcher keeps the patterns that
    need wildcards. Both put their spans in the same span group for ConText."""

    def __init__(self, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")

    def add(self, literals: dict[str, list[list[str]]]) -> None:
        """Add each label's word sequences.

        The PhraseMatcher compares the NORM of each token; a ``Doc`` made from the words
        would only give it the norms of those words' lexemes, so it gets those directly
        (a sequence of norm hashes is what the PhraseMatcher keeps of a ``Doc``, and what
        it re-adds when it is unpickled). Building ~9,000 Docs cost about 0.2 s of a cold
        start; the lexemes are created (with the same norms) either way.
        """
        vocab = self.nlp.vocab
        matcher: Any = self.matcher  # its stub says Docs only
        for label, forms in literals.items():
            matcher.add(label, [[vocab[word].norm for word in words] for words in forms])

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        spans = [
            Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)
        ]
        if SPANS in doc.spans:
            doc.spans[SPANS] = list(doc.spans[SPANS]) + spans
        else:
            doc.spans[SPANS] = spans
        return doc


def _register() -> None:
    from spacy.language import Language

    if "backspasm_phrases" not in Language.factories:
        Language.factory("backspasm_phrases")(lambda nlp, name: PhraseTargets(nlp))


def _skip_validation(component: Any, attr: str, nlp: Any) -> None:
    """Let a medspaCy component add its token patterns without spaCy's schema check.

    spaCy validates every Matcher pattern with pydantic when it is added, which took
    about two seconds for our ~2,000 patterns on a 2-core machine: most of a cold start.
    The same check runs over every pattern in the test suite
    (tests/intake/test_intake_rules.py), so a bad pattern still fails CI. medspaCy does not
    expose the option, so this swaps the (private) empty Matcher for one built with
    ``validate=False``; if medspaCy's internals change, it leaves them alone.
    """
    from spacy.matcher import Matcher

    inner = getattr(component, attr, None)
    name = "_MedspacyMatcher__matcher"
    if inner is not None and isinstance(getattr(inner, name, None), Matcher):
        setattr(inner, name, Matcher(nlp.vocab, validate=False))


def all_patterns(knowledge: Knowledge, rules: IntakeRules, tokenizer: Any) -> list[Any]:
    """Every token pattern the rule files compile to (for checking them in tests)."""
    t = rules.targets
    phrases = [p for f in knowledge.findings.values() for p in f.lay_phrases]
    phrases += [p for ps in t.findings.values() for p in ps]
    phrases += [p for ps in t.fallbacks.values() for p in ps]
    phrases += [p for g in t.groups.values() for p in g.phrases] + list(t.back_words)
    phrases += list(t.not_findings)
    phrases += [p for m in rules.context.modifiers for p in m.phrases]
    return [pattern for phrase in phrases for pattern in compile_phrase(phrase, tokenizer)]


Pattern = list[dict[str, Any]]


@dataclass(frozen=True)
class CompiledRules:
    """The rule files as spaCy patterns: plain data, so it can be cached on disk."""

    #: For medspaCy's TargetMatcher: [rule name, label, token pattern], in rule order.
    targets: list[list[Any]]
    #: For the PhraseMatcher: per label (in rule order), its word sequences, sorted.
    literals: dict[str, list[list[str]]]
    #: For ConText: [rule name, index of the modifier in context.yaml, token pattern].
    modifiers: list[list[Any]]

    def to_json(self) -> dict[str, Any]:
        return {"targets": self.targets, "literals": self.literals, "modifiers": self.modifiers}

    @classmethod
    def from_json(cls, data: Any, modifiers: int) -> CompiledRules | None:
        """Rebuild from :meth:`to_json`'s output, or None when ``data`` is not in that shape
        (``modifiers``: how many modifiers context.yaml has)."""

        def pattern(p: Any) -> bool:
            return isinstance(p, list) and all(isinstance(spec, dict) for spec in p)

        def named(rows: Any, middle: type) -> bool:
            return isinstance(rows, list) and all(
                isinstance(r, list)
                and len(r) == 3
                and isinstance(r[0], str)
                and isinstance(r[1], middle)
                and pattern(r[2])
                for r in rows
            )

        if not isinstance(data, dict) or set(data) != {"targets", "literals", "modifiers"}:
            return None
        targets, literals, mods = data["targets"], data["literals"], data["modifiers"]
        if not (named(targets, str) and named(mods, int) and isinstance(literals, dict)):
            return None
        if not all(0 <= m[1] < modifiers for m in mods):
            return None
        for forms in literals.values():
            if not isinstance(forms, list) or not all(
                isinstance(f, list) and f and all(isinstance(w, str) for w in f) for f in forms
            ):
                return None
        return cls(targets=targets, literals=literals, modifiers=mods)


def compile_rules(knowledge: Knowledge, rules: IntakeRules, tokenizer: Any) -> CompiledRules:
    """Compile every target phrase and ConText modifier (``tokenizer``: the pipeline's, with
    the spellings' norms already set)."""
    targets: list[list[Any]] = []
    literals: dict[str, set[tuple[str, ...]]] = {}

    def add(phrase: str, label: str) -> None:
        for i, pattern in enumerate(compile_phrase(phrase, tokenizer)):
            words = literal_forms(pattern)
            if words is None:
                targets.append([f"{phrase}#{i}", label, pattern])
            else:
                literals.setdefault(label, set()).update(words)

    t = rules.targets
    for fid, finding in knowledge.findings.items():
        skip = set(t.exclude_lay_phrases.get(fid, []))
        for phrase in finding.lay_phrases:
            if phrase not in skip:
                add(phrase, fid)
    for fid, phrases in t.findings.items():
        for phrase in phrases:
            add(phrase, fid)
    for fid, phrases in t.fallbacks.items():
        for phrase in phrases:
            add(phrase, FALLBACK + fid)
    for name, group in t.groups.items():
        for phrase in group.phrases:
            add(phrase, GROUP + name)
    for phrase in t.back_words:
        add(phrase, BACK)
    for phrase in t.not_findings:
        add(phrase, NOT)
    modifiers: list[list[Any]] = []
    for index, m in enumerate(rules.context.modifiers):
        for phrase in m.phrases:
            for i, pattern in enumerate(compile_phrase(phrase, tokenizer)):
                modifiers.append([f"{phrase}#{i}", index, pattern])
    return CompiledRules(
        targets=targets,
        literals={label: [list(f) for f in sorted(forms)] for label, forms in literals.items()},
        modifiers=modifiers,
    )


def compiled_key(knowledge: Knowledge, rules: IntakeRules, spacy_version: str) -> str:
    """What compiled rules depend on: the phrases, the rule files, spaCy's tokenizer (its
    version, and spacy-lookups-data's, whose tables could change norms) and this compiler
    (this file's source)."""
    from .cache import cache_key

    lay = {fid: f.lay_phrases for fid, f in knowledge.findings.items()}
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    try:
        lookups: str | None = importlib.metadata.version("spacy-lookups-data")
    except importlib.metadata.PackageNotFoundError:
        lookups = None
    return cache_key(lay, rules.model_dump(mode="json"), spacy_version, lookups, source)


def compiled_rules(
    knowledge: Knowledge, rules: IntakeRules, nlp: Any, cache_dir: Path | None
) -> CompiledRules:
    """The compiled rules from the disk cache when it holds a sound copy, else compiled
    now (and stored for the next process). ``cache_dir=None``: no cache."""
    if cache_dir is None:
        return compile_rules(knowledge, rules, _Memo(nlp.tokenizer))
    from spacy.about import __version__ as spacy_version

    from . import cache

    key = compiled_key(knowledge, rules, spacy_version)
    found = CompiledRules.from_json(cache.read(cache_dir, key), len(rules.context.modifiers))
    if found is None:
        found = compile_rules(knowledge, rules, _Memo(nlp.tokenizer))
        cache.write(cache_dir, key, found.to_json())
    return found


def _build(knowledge: Knowledge, rules: IntakeRules, cache_dir: Path | None) -> Pipeline:
    """Build the pipeline; ``cache_dir``: where compiled rules are cached (None: nowhere)."""
    from .libraries import import_spacy

    spacy = import_spacy()
    from medspacy.context import ConTextRule
    from medspacy.target_matcher import TargetRule

    unknown = check_against(rules, set(knowledge.findings))
    if unknown:
        raise KnowledgeError(f"intake/targets.yaml names unknown findings: {', '.join(unknown)}.")
    _register()
    nlp = spacy.blank("en")
    for wrong, right in spellings(rules).items():
        for form in {wrong, wrong.lower(), wrong.title(), wrong.upper()}:
            nlp.vocab[form].norm_ = right.lower()
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", "\n", "\n\n"]})
    compiled = compiled_rules(knowledge, rules, nlp, cache_dir)

    phrase_targets: Any = nlp.add_pipe("backspasm_phrases")
    phrase_targets.add(compiled.literals)
    matcher: Any = nlp.add_pipe(
        "medspacy_target_matcher",
        config={"result_type": "group", "phrase_matcher_attr": "NORM", "prune": False},
    )
    _skip_validation(matcher, "_TargetMatcher__matcher", nlp)
    matcher.add([TargetRule(name, label, pattern=p) for name, label, p in compiled.targets])

    context: Any = nlp.add_pipe(
        "medspacy_context",
        config={
            "rules": None,
            "phrase_matcher_attr": "NORM",
            "input_span_type": "group",
            "span_group_name": SPANS,
            "prune_on_target_overlap": True,
        },
    )
    _skip_validation(context, "_ConText__matcher", nlp)
    modifiers = rules.context.modifiers
    context.add(
        [
            ConTextRule(
                name,
                modifiers[index].category,
                pattern=pattern,
                direction=modifiers[index].direction,
                max_scope=modifiers[index].max_scope,
                terminated_by=set(modifiers[index].terminated_by) or None,
                excluded_types={BACK, NOT},
            )
            for name, index, pattern in compiled.modifiers
        ]
    )
    t = rules.targets
    return Pipeline(
        nlp=nlp,
        rules=rules,
        groups={n: tuple(g.findings) for n, g in t.groups.items()},
        fixed={n: g.status for n, g in t.groups.items() if g.status},
        fallback_groups=frozenset(n for n, g in t.groups.items() if g.fallback),
        history_counts=frozenset(t.history_counts),
        clause_words=frozenset(w.lower() for w in rules.context.clause_words),
    )


def get_pipeline(
    knowledge: Knowledge, rules: IntakeRules | None = None, *, use_cache: bool = True
) -> Pipeline:
    """The pipeline for this knowledge, built on first use and kept for the process.

    ``use_cache``: read the compiled rules from the disk cache (and write them there) when
    the pipeline is built; either way the pipeline is the same.
    """
    rules = rules or default_rules()
    key = (knowledge.version, id(rules))
    with _lock:
        found = _cache.get(key)
        if found is None:
            from .cache import default_cache_dir

            found = _build(knowledge, rules, default_cache_dir() if use_cache else None)
            _cache[key] = found
        return found
