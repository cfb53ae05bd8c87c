"""Could the intake find anything in this text? A cheap, pure-Python answer, no spaCy.

``backspasm ask`` puts every question through the intake so that a question that
describes danger signs gets the triage result first; building the spaCy pipeline for that
costs seconds, and most questions ("how do I loosen my middle back") name no symptom at
all. :func:`could_find` answers "maybe" or "no" first, from the same rule data the
pipeline compiles (findings' ``lay_phrases`` and intake/targets.yaml), and only "maybe"
needs the intake.

How it stays sound (a "no" is never wrong):

* For every target phrase it collects the *required* positions: words of the phrase that
  are neither optional (``x?``, ``(..)?``) nor a wildcard (``*3``), number (``#``) or year,
  and whose accepted values it can name without spaCy: plain words, prefixes (``numb~``)
  and the parts of hyphenated words ("rear-ended"). A group ``(a b|c d)`` is required when
  every alternative has a required word; it then holds when one alternative's all do. A
  text that matches the phrase has a value of every required position. The most
  selective position (rare words before common ones, words before short prefixes) is the
  phrase's *anchor*: phrases are looked up by their anchor, then checked in full.
* A phrase word counts as a plain word only when spaCy's English tokenizer cannot split
  it or give it another norm: letters only, and not one of spaCy's tokenizer exceptions
  ("cannot", "gonna"; :mod:`.tokenizer_exceptions`). Its value is its norm after the
  intake's ``spellings`` (or that norm's own norm, as spaCy's PhraseMatcher reads it).
* The text's words are over-counted, never under-counted: lower case, curly quotes
  straightened (as the intake does), every run of letters and digits, of letters and of
  digits, each one's ``spellings`` norm, and the norms of every tokenizer exception whose
  words all occur ("can't" adds "can" and "not").

A phrase where no position qualifies would make every text "maybe": :attr:`Prefilter.unkeyed`
lists such phrases, and the tests require it to be empty. The tests also check, on every
labelled sentence and question we have, that whenever the intake finds a finding the
pre-filter said "maybe".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..knowledge.loader import Knowledge
from .facts import read_gestation, read_shock, read_temperatures
from .pipeline import _PART
from .rules import IntakeRules, default_rules, spellings
from .tokenizer_exceptions import EXCEPTIONS

_QUOTES = str.maketrans("’‘`“”", "'''\"\"")
_RUNS = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_PLAIN = re.compile(r"[A-Za-z]+")
_PREFIX = re.compile(r"[a-z0-9]+")

#: Cost of a value, for picking the most selective position of a phrase: a common word
#: (or a short prefix) is in many questions, so it says little.
COMMON_COST = 50
WORD_COST = 1
SHORT_PREFIX = 3


@dataclass(frozen=True)
class Key:
    """One required position: a text can match only if it has one of these words, or a
    word that starts with one of these prefixes."""

    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()

    def __or__(self, other: Key) -> Key:
        return Key(self.words | other.words, self.prefixes | other.prefixes)

    def holds(self, words: set[str]) -> bool:
        if not self.words.isdisjoint(words):
            return True
        return bool(self.prefixes) and any(w.startswith(tuple(self.prefixes)) for w in words)


@dataclass(frozen=True)
class Group:
    """A required position with several multi-word alternatives: one of them must hold
    in full (each alternative is a conjunction of required positions)."""

    alts: tuple[tuple[Req, ...], ...]

    def holds(self, words: set[str]) -> bool:
        return any(all(r.holds(words) for r in alt) for alt in self.alts)


Req = Key | Group


@dataclass(frozen=True)
class Condition:
    """What a text needs for one target phrase to match: every required position, and
    the anchor (the most selective of them) it is looked up by."""

    phrase: str
    reqs: tuple[Req, ...]
    anchor: Key

    def holds(self, words: set[str]) -> bool:
        return all(r.holds(words) for r in self.reqs)


def _words(text: str) -> set[str]:
    """Every run of letters and digits, of letters, and of digits (over-counting)."""
    return set(_RUNS.findall(text)) | set(_LETTERS.findall(text)) | set(_DIGITS.findall(text))


def _longest(norm: str) -> str | None:
    runs = _RUNS.findall(norm.lower())
    return max(runs, key=len) if runs else None


@dataclass
class Prefilter:
    """The required words of every target phrase, indexed by each phrase's anchor."""

    by_word: dict[str, list[Condition]]
    by_prefix: dict[str, list[Condition]]
    #: Text word -> words its spellings norm or a tokenizer exception can add.
    expand_one: dict[str, frozenset[str]]
    #: First word of a multi-word surface form -> (its other words, words it adds).
    expand_many: dict[str, list[tuple[frozenset[str], frozenset[str]]]]
    #: Phrases with no required position (each makes every text "maybe").
    unkeyed: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    #: Age ranges (inclusive) that call for the intake by themselves (see triage_ages).
    ages: tuple[tuple[int, int], ...] = ()

    def text_words(self, text: str) -> set[str]:
        """An over-count of the norms' words that the intake's tokenizer gives the text."""
        base = _words(text.translate(_QUOTES).lower())
        found = set(base)
        for word in base:
            added = self.expand_one.get(word)
            if added:
                found |= added
            for rest, more in self.expand_many.get(word, ()):
                if rest <= base:
                    found |= more
        return found

    def matching(self, text: str) -> list[Condition]:
        """The phrases whose required words the text all has (a "maybe" for each)."""
        words = self.text_words(text)
        out: list[Condition] = []
        for word in words:
            for cond in self.by_word.get(word, ()):
                if cond.holds(words):
                    out.append(cond)
        for prefix, conds in self.by_prefix.items():
            if any(w.startswith(prefix) for w in words):
                out += [c for c in conds if c.holds(words)]
        return out

    def could_find(self, text: str) -> bool:
        """False only when no target phrase can match the text."""
        if self.unkeyed:
            return True
        words = self.text_words(text)
        for word in words:
            for cond in self.by_word.get(word, ()):
                if cond.holds(words):
                    return True
        for prefix, conds in self.by_prefix.items():
            if any(w.startswith(prefix) for w in words) and any(c.holds(words) for c in conds):
                return True
        # Findings read from numbers rather than phrases: a temperature ("T 38.4"), shock
        # in the vital signs ("BP 84/50", "HR 135") and weeks of pregnancy ("36/40").
        if read_temperatures(text) or read_shock(text) or read_gestation(text):
            return True
        # An age that calls for prompt care by itself ("my 3 year old has back pain"),
        # read exactly as the intake reads it (regular expressions, no spaCy).
        if self.ages:
            from .extract import stated_age

            age = stated_age(text)
            return age is not None and any(lo <= age <= hi for lo, hi in self.ages)
        return False


class _Builder:
    def __init__(self, rules: IntakeRules, common: Iterable[str]) -> None:
        self.forms: dict[str, str] = {}
        for wrong, right in spellings(rules).items():
            for form in {wrong, wrong.lower(), wrong.title(), wrong.upper()}:
                self.forms[form] = right.lower()
        self.common = set(common)
        self.memo: dict[str, Key | None] = {}
        self.words: dict[str, Req | None] = {}
        self.costs: dict[Key, int] = {}
        for norms in EXCEPTIONS.values():
            self.common.update(w for n in norms for w in _RUNS.findall(n))

    def norm(self, word: str) -> str:
        return self.forms.get(word, word.lower())

    def plain(self, word: str) -> Key | None:
        """The value of one plain word (letters only, not a tokenizer exception)."""
        if word not in self.memo:
            self.memo[word] = self._plain(word)
        return self.memo[word]

    def _plain(self, word: str) -> Key | None:
        if not _PLAIN.fullmatch(word) or word.lower() in EXCEPTIONS:
            return None
        first = self.norm(word)
        # The PhraseMatcher reads its patterns' words through the vocabulary again.
        words = {_longest(n) for n in (first, self.norm(first))}
        if None in words:
            return None
        return Key(words=frozenset(w for w in words if w is not None))

    def value(self, alt: str) -> tuple[Key, ...] | None:
        """The required positions one alternative of a phrase word stands for, or None."""
        if alt.endswith("~") and len(alt) > 1:
            prefix = alt[:-1].lower()
            return (Key(prefixes=frozenset([prefix])),) if _PREFIX.fullmatch(prefix) else None
        if _HYPHENATED.fullmatch(alt) and alt.lower() not in EXCEPTIONS and alt not in self.forms:
            # spaCy splits "rear-ended" into "rear", "-", "ended".
            keys = [self.plain(part) for part in alt.split("-")]
            return tuple(k for k in keys if k is not None) or None
        key = self.plain(alt)
        return None if key is None else (key,)

    def word(self, word: str) -> Req | None:
        """The requirement of one word of the pattern language (as pipeline._alternatives)."""
        if word not in self.words:
            self.words[word] = self._word(word)
        return self.words[word]

    def _word(self, word: str) -> Req | None:
        if word.startswith("*") and word[1:].isdigit():
            return None
        if word.startswith("^") and len(word) > 1:
            word = word[1:]
        if word.endswith("?") and len(word) > 1:
            return None
        alts: list[tuple[Req, ...]] = []
        for alt in word.split("|"):
            found = None if alt in ("#", "YEAR") else self.value(alt)
            if found is None:
                return None
            alts.append(found)
        return _either(alts)

    def reqs(self, phrase: str) -> tuple[Req, ...]:
        """Every required position of a phrase (as compile_phrase reads it)."""
        out: list[Req] = []
        for m in _PART.finditer(phrase):
            if m.group(0).startswith("("):
                if m.group(2):
                    continue  # an optional group
                alts = [self.reqs(alt) for alt in m.group(1).split("|")]
                if all(alts):
                    out.append(_either(alts))
            else:
                req = self.word(m.group(0))
                if req is not None:
                    out.append(req)
        return tuple(out)

    def cost(self, key: Key) -> int:
        if key not in self.costs:
            self.costs[key] = self._cost(key)
        return self.costs[key]

    def _cost(self, key: Key) -> int:
        total = sum(COMMON_COST if w in self.common else WORD_COST for w in key.words)
        total += sum(COMMON_COST if len(p) <= SHORT_PREFIX else 2 for p in key.prefixes)
        return total

    def anchor(self, reqs: tuple[Req, ...]) -> Key:
        """The most selective required position (a group's: the union of its alternatives')."""
        keys = []
        for req in reqs:
            if isinstance(req, Key):
                keys.append(req)
            else:
                union = Key()
                for alt in req.alts:
                    union = union | self.anchor(alt)
                keys.append(union)
        return min(keys, key=self.cost)


_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


def _either(alts: list[tuple[Req, ...]]) -> Req:
    if len(alts) == 1 and len(alts[0]) == 1:
        return alts[0][0]
    if all(len(a) == 1 and isinstance(a[0], Key) for a in alts):
        union = Key()
        for alt in alts:
            key = alt[0]
            assert isinstance(key, Key)
            union = union | key
        return union
    return Group(tuple(alts))


def target_phrases(
    knowledge: Knowledge, rules: IntakeRules, findings: frozenset[str] | None = None
) -> list[str]:
    """The target phrases whose matches can yield a finding (of ``findings``, if given)."""
    t = rules.targets

    def wanted(ids: Iterable[str]) -> bool:
        return findings is None or not findings.isdisjoint(ids)

    phrases: list[str] = []
    for fid, finding in knowledge.findings.items():
        if wanted([fid]):
            skip = set(t.exclude_lay_phrases.get(fid, []))
            phrases += [p for p in finding.lay_phrases if p not in skip]
    for fid, ps in (*t.findings.items(), *t.fallbacks.items()):
        if wanted([fid]):
            phrases += ps
    for group in t.groups.values():
        if wanted(group.findings):
            phrases += group.phrases
    return list(dict.fromkeys(phrases))


def build(
    knowledge: Knowledge,
    rules: IntakeRules | None = None,
    findings: frozenset[str] | None = None,
    common: Iterable[str] = (),
    ages: tuple[tuple[int, int], ...] = (),
) -> Prefilter:
    """A pre-filter for the phrases that can yield ``findings`` (all findings if None),
    and for texts that state an age in one of ``ages``."""
    rules = rules or default_rules()
    builder = _Builder(rules, common)
    conditions: list[Condition] = []
    unkeyed: list[str] = []
    by_word: dict[str, list[Condition]] = {}
    by_prefix: dict[str, list[Condition]] = {}
    for phrase in target_phrases(knowledge, rules, findings):
        reqs = builder.reqs(phrase)
        if not reqs:
            unkeyed.append(phrase)
            continue
        cond = Condition(phrase, reqs, builder.anchor(reqs))
        conditions.append(cond)
        for word in cond.anchor.words:
            by_word.setdefault(word, []).append(cond)
        for prefix in cond.anchor.prefixes:
            by_prefix.setdefault(prefix, []).append(cond)

    one: dict[str, set[str]] = {}
    many: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
    surfaces = [(s, norms) for s, norms in EXCEPTIONS.items()]
    surfaces += [(wrong.lower(), (right,)) for wrong, right in spellings(rules).items()]
    for surface, norms in surfaces:
        added = {w for n in norms for w in _words(n.lower())}
        parts = sorted(_words(surface))
        if not parts or not added:
            continue
        if len(parts) == 1:
            one.setdefault(parts[0], set()).update(added)
        else:
            rest = frozenset(parts[1:])
            many.setdefault(parts[0], []).append((rest, frozenset(added)))
    return Prefilter(
        by_word=by_word,
        by_prefix=by_prefix,
        expand_one={w: frozenset(a) for w, a in one.items()},
        expand_many=many,
        unkeyed=unkeyed,
        conditions=conditions,
        ages=ages,
    )


def triage_findings(knowledge: Knowledge) -> frozenset[str]:
    """The findings that can put the triage first in ``ask``: the red flags, and every
    finding that a rule for urgent or emergency care looks at (in any clause)."""
    from ..knowledge.models import Disposition, Pattern

    def named(p: Pattern) -> set[str]:
        ids = set(p.all) | set(p.any) | set(p.none) | set(p.absent)
        for sub in p.either:
            ids |= named(sub)
        return ids

    ids = {fid for fid, f in knowledge.findings.items() if f.red_flag}
    for rule in knowledge.rules:
        if rule.disposition.rank >= Disposition.urgent.rank:
            ids |= named(rule.when)
    return frozenset(ids)


def triage_ages(knowledge: Knowledge) -> tuple[tuple[int, int], ...]:
    """Age ranges (inclusive) in which a rule for urgent or emergency care holds with no
    finding at all (a child under five): such an age puts the triage first by itself."""
    from ..knowledge.models import Disposition

    ranges = []
    for rule in knowledge.rules:
        when = rule.when
        if rule.disposition.rank < Disposition.urgent.rank or when.all or when.any or when.either:
            continue
        if when.age_min is not None or when.age_max is not None:
            ranges.append((when.age_min or 0, 200 if when.age_max is None else when.age_max))
    return tuple(sorted(set(ranges)))


_built: dict[tuple[str, int, bool], Prefilter] = {}


def for_knowledge(knowledge: Knowledge, *, triage_only: bool = False) -> Prefilter:
    """The pre-filter for this knowledge, built on first use and kept for the process.

    ``triage_only`` keeps only the phrases that can yield a :func:`triage_findings`
    finding: what ``ask`` needs, since no other finding can put the triage first.
    """
    from .rules import language_words

    rules = default_rules()
    key = (knowledge.version, id(rules), triage_only)
    found = _built.get(key)
    if found is None:
        findings = triage_findings(knowledge) if triage_only else None
        ages = triage_ages(knowledge) if triage_only else ()
        found = build(knowledge, rules, findings, common=language_words().english, ages=ages)
        _built[key] = found
    return found


def could_find(text: str, knowledge: Knowledge, *, triage_only: bool = False) -> bool:
    """False only when the intake cannot find any finding (of the triage ones, with
    ``triage_only``) in ``text``; True means "maybe"."""
    return for_knowledge(knowledge, triage_only=triage_only).could_find(text)
