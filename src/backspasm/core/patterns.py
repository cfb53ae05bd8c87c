"""What a knowledge :class:`Pattern` means, compiled to a fast check over the answers.

An unknown value never satisfies a clause: a missing age fails ``age_min``, an unanswered
finding is not present. Safety comes from the interview asking the red flags, never from
guessing them.

The engine reads the answers as :class:`Facts` (sets of the findings answered yes and no,
plus the context) and each pattern as a :data:`Check`, a function built once per knowledge
base by :func:`compile_pattern`, so that assessing a person is set arithmetic rather than
walking the pattern's fields again for every rule. :func:`matches` is the one-off form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import compress

from ..knowledge.models import Location, Pattern, Sex
from .answers import Answers

#: The context values a pattern can test, besides the findings.
CONTEXT_FIELDS = ("age", "sex", "location", "duration_days", "pain_score")


@dataclass(slots=True)
class Facts:
    """Answers in the form the engine reads: findings as yes/no sets, plus the context.

    Treat a ``Facts`` as immutable: the ``with_*`` methods return new ones. (It is not a
    frozen dataclass only because a frozen one takes five times as long to build, and the
    engine builds one for every answer it tries.)
    """

    findings: Mapping[str, bool]
    present: frozenset[str]
    absent: frozenset[str]
    age: int | None = None
    sex: Sex | None = None
    location: Location | None = None
    duration_days: float | None = None
    pain_score: int | None = None

    @classmethod
    def of(cls, answers: Answers) -> Facts:
        findings = answers.findings
        present = frozenset(compress(findings, findings.values()))
        return cls(
            findings,
            present,
            frozenset(findings).difference(present),
            answers.age,
            answers.sex,
            answers.location,
            answers.duration_days,
            answers.pain_score,
        )

    def with_finding(self, finding_id: str, value: bool) -> Facts:
        """These facts with one more finding answered (or an answer changed)."""
        present = self.present | {finding_id} if value else self.present - {finding_id}
        absent = self.absent - {finding_id} if value else self.absent | {finding_id}
        return Facts(
            {**self.findings, finding_id: value}, present, absent, self.age, self.sex,
            self.location, self.duration_days, self.pain_score,
        )

    def with_context(self, field: str, value: float) -> Facts:
        """These facts with age, duration_days or pain_score set to ``value``."""
        age, duration, pain = self.age, self.duration_days, self.pain_score
        if field == "age":
            age = int(value)
        elif field == "duration_days":
            duration = value
        elif field == "pain_score":
            pain = int(value)
        else:
            raise ValueError(f"{field} is not a numeric context field")
        return Facts(
            self.findings, self.present, self.absent, age, self.sex, self.location, duration,
            pain,
        )


Check = Callable[[Facts], bool]


def compile_pattern(pattern: Pattern) -> Check:
    """A function that tells whether ``pattern`` holds for given facts.

    Every clause given must hold: ``all`` findings present, at least ``any_min`` of ``any``
    present, none of ``none`` present, every ``absent`` finding answered no, one of the
    ``either`` patterns holding, and the age, sex, place, duration and pain score within
    their bounds (an unknown value is never within a bound, except that
    ``unless_duration_over_days`` holds while the duration is unknown, and
    ``unless_location`` while the place is unknown).
    """
    # One small function per clause, each binding its own constants (the engine calls
    # these thousands of times per second, so each is a single expression).
    checks: list[Check] = []
    p = pattern
    if p.all:
        needed = frozenset(p.all)
        checks.append(lambda f: needed <= f.present)
    if p.any:
        pool, least = frozenset(p.any), p.any_min
        checks.append(lambda f: len(pool & f.present) >= least)
    if p.none:
        excluded = frozenset(p.none)
        checks.append(lambda f: excluded.isdisjoint(f.present))
    if p.absent:
        denied = frozenset(p.absent)
        checks.append(lambda f: denied <= f.absent)
    if p.age_min is not None:
        age_min = p.age_min
        checks.append(lambda f: f.age is not None and f.age >= age_min)
    if p.age_max is not None:
        age_max = p.age_max
        checks.append(lambda f: f.age is not None and f.age <= age_max)
    if p.sex:
        sexes = frozenset(p.sex)
        checks.append(lambda f: f.sex in sexes)
    if p.location:
        places = frozenset(p.location)
        checks.append(lambda f: f.location in places)
    if p.unless_location:
        ruled_out = frozenset(p.unless_location)
        checks.append(lambda f: f.location not in ruled_out)
    if p.duration_min_days is not None:
        days_min = p.duration_min_days
        checks.append(lambda f: f.duration_days is not None and f.duration_days >= days_min)
    if p.duration_max_days is not None:
        days_max = p.duration_max_days
        checks.append(lambda f: f.duration_days is not None and f.duration_days <= days_max)
    if p.unless_duration_over_days is not None:
        limit = p.unless_duration_over_days
        checks.append(lambda f: f.duration_days is None or f.duration_days <= limit)
    if p.pain_min is not None:
        pain_min = p.pain_min
        checks.append(lambda f: f.pain_score is not None and f.pain_score >= pain_min)
    if p.pain_max is not None:
        pain_max = p.pain_max
        checks.append(lambda f: f.pain_score is not None and f.pain_score <= pain_max)
    if pattern.either:
        options = tuple(compile_pattern(sub) for sub in p.either)
        checks.append(lambda f: any(option(f) for option in options))

    if len(checks) == 1:
        return checks[0]
    clauses = tuple(checks)

    def every(f: Facts) -> bool:
        for clause in clauses:  # noqa: SIM110 - all() over a generator costs more per call
            if not clause(f):
                return False
        return True

    return every


def matches(pattern: Pattern, answers: Answers) -> bool:
    """Whether ``pattern`` holds for ``answers`` (compiles it each time: for one-off use)."""
    return compile_pattern(pattern)(Facts.of(answers))


def triggers(pattern: Pattern) -> frozenset[str] | None:
    """Findings of which at least one must be present for the pattern to hold.

    None when the pattern can hold with no finding present at all (it tests only the
    context, or only absent answers). The engine evaluates a rule only when one of its
    triggers is present, so this must never leave out a way the pattern can hold.
    """
    if pattern.all:
        return frozenset(pattern.all[:1])
    if pattern.any:
        return frozenset(pattern.any)
    if pattern.either:
        options = [triggers(sub) for sub in pattern.either]
        if any(option is None for option in options):
            return None
        return frozenset().union(*(o for o in options if o is not None))
    return None


#: For age, duration and pain score, the pattern fields that bound it from below and above.
CONTEXT_BOUNDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "age": (("age_min",), ("age_max",)),
    "duration_days": (
        ("duration_min_days",), ("duration_max_days", "unless_duration_over_days"),
    ),
    "pain_score": (("pain_min",), ("pain_max",)),
}


def bounds(pattern: Pattern, names: tuple[str, ...]) -> set[float]:
    """The values of the named bound fields in a pattern and its ``either`` options."""
    found = {getattr(pattern, n) for n in names} - {None}
    for sub in pattern.either:
        found |= bounds(sub, names)
    return found


def context_fields(pattern: Pattern) -> frozenset[str]:
    """The numeric context fields (age, duration_days, pain_score) the pattern tests."""
    return frozenset(
        field for field, (lower, upper) in CONTEXT_BOUNDS.items() if bounds(pattern, lower + upper)
    )


def compile_support(
    pattern: Pattern, check: Callable[[Pattern], Check] = compile_pattern
) -> Callable[[Facts], list[str]]:
    """A function giving the findings answered yes that ``pattern`` (when it holds) relies
    on, in pattern order: its own ``all`` then ``any``, then those of each ``either`` option
    that holds, each once. ``check`` gives the compiled form of a sub-pattern."""
    own = tuple(dict.fromkeys((*pattern.all, *pattern.any)))
    subs = tuple((check(sub), compile_support(sub, check)) for sub in pattern.either)
    if not subs:
        return lambda f: [x for x in own if x in f.present]

    def support(f: Facts) -> list[str]:
        out = [x for x in own if x in f.present]
        for holds, of_sub in subs:
            if holds(f):
                out.extend(x for x in of_sub(f) if x not in out)
        return out

    return support

