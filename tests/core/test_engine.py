"""The compiled engine against the plain meaning of the knowledge.

The engine compiles patterns into closures, evaluates a rule only when one of its triggers
is present, probes only the rules that a yes (or a known age) could newly fire, and walks
the likelihood ratios through precomputed tables. Each shortcut is checked here against a
plain, slow oracle written straight from the documented meaning of a pattern, on random
answers and on every pattern of the shipped knowledge.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from backspasm.core.answers import Answers
from backspasm.core.differential import posterior_odds, rank_conditions
from backspasm.core.patterns import (
    Facts,
    compile_pattern,
    compile_support,
    context_fields,
    triggers,
)
from backspasm.core.triage import (
    context_escalations,
    escalations,
    fired_rules,
    triage,
    unanswered_red_flags,
)
from backspasm.knowledge.loader import Knowledge
from backspasm.knowledge.models import Disposition, Location, Pattern, Sex

from .test_properties import SETTINGS, K, draw_answers


def holds(p: Pattern, a: Answers) -> bool:
    """The oracle: a pattern's meaning, clause by clause, on the answers as given."""
    yes = [f for f, v in a.findings.items() if v]
    no = [f for f, v in a.findings.items() if not v]
    clauses = [
        all(f in yes for f in p.all),
        sum(f in yes for f in p.any) >= (p.any_min if p.any else 0),
        not any(f in yes for f in p.none),
        all(f in no for f in p.absent),
        p.age_min is None or (a.age is not None and a.age >= p.age_min),
        p.age_max is None or (a.age is not None and a.age <= p.age_max),
        not p.sex or a.sex in p.sex,
        not p.location or a.location in p.location,
        not p.unless_location or a.location not in p.unless_location,
        p.duration_min_days is None
        or (a.duration_days is not None and a.duration_days >= p.duration_min_days),
        p.duration_max_days is None
        or (a.duration_days is not None and a.duration_days <= p.duration_max_days),
        p.unless_duration_over_days is None
        or a.duration_days is None
        or a.duration_days <= p.unless_duration_over_days,
        p.pain_min is None or (a.pain_score is not None and a.pain_score >= p.pain_min),
        p.pain_max is None or (a.pain_score is not None and a.pain_score <= p.pain_max),
        not p.either or any(holds(sub, a) for sub in p.either),
    ]
    return all(clauses)


def oracle_triage(knowledge: Knowledge, a: Answers) -> Disposition:
    levels = [r.disposition for r in knowledge.rules if holds(r.when, a)]
    return max(levels, key=lambda d: d.rank, default=Disposition.self_care)


def every_pattern(knowledge: Knowledge) -> list[Pattern]:
    found = [r.when for r in knowledge.rules]
    found += [m.when for c in knowledge.conditions.values() for m in c.modifiers]
    for f in knowledge.findings.values():
        found += [p for p in (f.ask_when, f.skip_when) if p is not None]
    subs = [s for p in found for s in p.either]
    return found + subs


PATTERNS = every_pattern(K)


@SETTINGS
@given(data=st.data())
def test_every_compiled_pattern_means_what_the_oracle_says(data: st.DataObject) -> None:
    answers = draw_answers(data, K)
    facts = Facts.of(answers)
    for pattern in PATTERNS:
        assert compile_pattern(pattern)(facts) == holds(pattern, answers), pattern


@SETTINGS
@given(data=st.data())
def test_the_trigger_index_never_skips_a_rule_that_holds(data: st.DataObject) -> None:
    answers = draw_answers(data, K)
    expected = [r for r in K.rules if holds(r.when, answers)]
    expected.sort(key=lambda r: -r.disposition.rank)  # stable: knowledge order per level
    assert [f.rule for f in fired_rules(K, answers)] == expected
    assert triage(K, answers) == oracle_triage(K, answers)
    for rule in expected:
        found = triggers(rule.when)
        assert found is None or found & {f for f, v in answers.findings.items() if v}
    # Each fired rule's findings: the compiled form against the plain one.
    for fired in fired_rules(K, answers):
        assert list(fired.findings) == oracle_support(fired.rule.when, answers), fired.rule.id


def oracle_support(p: Pattern, a: Answers) -> list[str]:
    """The findings answered yes that a holding pattern relies on, in pattern order: its
    own ``all`` then ``any``, then those of each ``either`` option that holds."""
    yes = {f for f, v in a.findings.items() if v}
    out = [f for f in (*p.all, *p.any) if f in yes]
    for sub in p.either:
        if holds(sub, a):
            out += oracle_support(sub, a)
    return list(dict.fromkeys(out))


@SETTINGS
@given(data=st.data())
def test_compiled_support_is_the_documented_support(data: st.DataObject) -> None:
    answers = draw_answers(data, K)
    facts = Facts.of(answers)
    for pattern in PATTERNS:
        if holds(pattern, answers):
            assert compile_support(pattern)(facts) == oracle_support(pattern, answers), pattern


@SETTINGS
@given(data=st.data())
def test_escalations_are_what_a_yes_would_do(data: st.DataObject) -> None:
    answers = draw_answers(data, K)
    current = oracle_triage(K, answers)
    expected = {}
    for flag in K.red_flags:
        applies = (flag.ask_when is None or holds(flag.ask_when, answers)) and not (
            flag.skip_when is not None and holds(flag.skip_when, answers)
        )
        if flag.id in answers.findings or not applies:
            continue
        assert flag.id in unanswered_red_flags(K, answers)
        raised = oracle_triage(K, answers.with_finding(flag.id, True))
        if raised.rank > current.rank:
            expected[flag.id] = raised
    assert escalations(K, answers, current) == expected


@SETTINGS
@given(data=st.data())
def test_context_escalations_are_what_knowing_the_value_would_do(data: st.DataObject) -> None:
    answers = draw_answers(data, K)
    current = oracle_triage(K, answers)
    expected = {}
    # Every value the field can take (durations: every day for four months, then every
    # ten days to 400, then the most), not the engine's choice of values to try.
    every: dict[str, list[float]] = {
        "age": list(range(121)),
        "duration_days": [*range(121), *range(130, 401, 10), 36500],
        "pain_score": list(range(11)),
    }
    for field, values in every.items():
        if getattr(answers, field) is not None:
            continue
        best = current
        for value in values:
            found = oracle_triage(K, answers.model_copy(update={field: value}))
            best = max(best, found, key=lambda d: d.rank)
            if best is Disposition.emergency:
                break
        if best.rank > current.rank:
            expected[field] = best
    assert context_escalations(K, answers, current) == expected


def oracle_odds(knowledge: Knowledge, a: Answers) -> list[tuple[str, float, tuple[str, ...]]]:
    """The posterior odds as documented in backspasm.core.differential, one condition at
    a time, multiplying in the knowledge order of the findings (yes answers first, then
    no answers) and then of the modifiers."""
    place = list(knowledge.findings).index
    answered = sorted(a.findings.items(), key=lambda item: (not item[1], place(item[0])))
    out = []
    for c in knowledge.conditions.values():
        odds = c.prior / (1.0 - c.prior)
        raised: list[str] = []
        for fid, value in answered:
            lr = c.likelihood_ratios.get(fid)
            if lr is None:
                odds *= knowledge.findings[fid].unrelated_lr if value else 1.0
                continue
            odds *= lr.present if value else lr.absent
            if value and lr.present > 1.0:
                raised.append(fid)
        for m in c.modifiers:
            if holds(m.when, a):
                odds *= m.factor
        out.append((c.id, odds, tuple(raised)))
    return out


@SETTINGS
@given(data=st.data())
def test_the_differential_tables_give_exactly_the_documented_odds(data: st.DataObject) -> None:
    answers = draw_answers(data, K)
    got = [(c.id, odds, ev) for c, odds, ev in posterior_odds(K, answers)]
    assert got == oracle_odds(K, answers)  # exactly: same multiplications, same order
    # The order the answers came in changes nothing, to the last bit.
    shuffled = answers.model_copy(update={
        "findings": dict(data.draw(st.permutations(list(answers.findings.items()))))
    })
    assert posterior_odds(K, shuffled) == posterior_odds(K, answers)
    ranked = rank_conditions(K, answers)
    shares = [r.probability for r in ranked]
    assert shares == sorted(shares, reverse=True)
    assert abs(sum(shares) - 1.0) < 1e-9


def test_triggers_and_context_fields_of_patterns() -> None:
    def pattern(**fields: Any) -> Pattern:
        return Pattern.model_validate(fields)

    assert triggers(pattern(all=["a", "b"], any=["c"])) == {"a"}
    assert triggers(pattern(any=["c", "d"], any_min=2)) == {"c", "d"}
    assert triggers(pattern(either=[{"all": ["a"]}, {"any": ["b", "c"]}])) == {"a", "b", "c"}
    # A pattern that can hold with nothing answered yes has no trigger.
    assert triggers(pattern(either=[{"all": ["a"]}, {"age_min": 70}])) is None
    assert triggers(pattern(absent=["a"], age_min=50)) is None
    assert triggers(pattern(none=["a"], location=["upper"])) is None
    assert context_fields(pattern(all=["a"], age_min=50, pain_min=7)) == {"age", "pain_score"}
    assert context_fields(pattern(either=[{"unless_duration_over_days": 42}, {"all": ["a"]}])) == {
        "duration_days"
    }
    assert context_fields(pattern(sex=["female"], location=["lower"])) == set()


def test_facts_follow_the_answers() -> None:
    answers = Answers(age=60, findings={"a": True, "b": False, "c": True})
    facts = Facts.of(answers)
    assert facts.present == {"a", "c"} and facts.absent == {"b"}
    changed = facts.with_finding("b", True).with_finding("a", False)
    assert changed.present == {"b", "c"} and changed.absent == {"a"}
    assert changed.findings == {"a": False, "b": True, "c": True}
    assert facts.present == {"a", "c"}, "with_finding changed the original"
    assert facts.with_context("age", 10).age == 10 and facts.age == 60
    assert facts.with_context("pain_score", 10).pain_score == 10
    assert facts.with_context("duration_days", 365).duration_days == 365


def test_one_compiled_form_per_knowledge_base(knowledge: Knowledge) -> None:
    from backspasm.core.engine import compiled
    from backspasm.knowledge.loader import DATA_DIR, load_knowledge

    assert compiled(knowledge) is compiled(knowledge)
    other = load_knowledge(DATA_DIR)
    assert compiled(other) is not compiled(knowledge)
    assert compiled(other).knowledge is other


def _near(bounds: set[float], step: float) -> list[float | None]:
    """Every bound, a step below and above it (never below 0), and unknown."""
    return [None, *sorted({max(b + d, 0.0) for b in bounds for d in (-step, 0.0, step)})]


def test_the_modifier_table_gives_what_checking_every_modifier_gives() -> None:
    """The table of context modifiers (looked up by where each value falls among the
    bounds) against checking every modifier, at and around every bound, queried in two
    orders so that an entry filled for one context is read for the others."""
    from backspasm.core.engine import Compiled

    engine = Compiled(K)
    patterns = [m.when for c in K.conditions.values() for m in c.modifiers]
    ages = _near({v for p in patterns for v in (p.age_min, p.age_max) if v is not None}, 1)
    days = _near({v for p in patterns for v in (p.duration_min_days, p.duration_max_days,
                                                p.unless_duration_over_days) if v is not None}, 0.5)
    pains = [None, *range(11)]
    sexes = [None, *Sex]
    places = [None, *Location]
    grid = [
        (age, day, pain, sexes[n % len(sexes)], places[(n // len(sexes)) % len(places)])
        for n, (age, day, pain) in enumerate(
            (a, d, p) for a in ages for d in days for p in pains
        )
    ]
    for contexts in (grid, grid[::-1]):
        for age, day, pain, sex, place in contexts:
            facts = Facts({}, frozenset(), frozenset(), None if age is None else int(age),
                          sex, place, day, pain)
            expected = tuple((i, f) for i, check, f in engine.modifiers if check(facts))
            assert engine.modifier_factors(facts) == expected, (age, day, pain, sex, place)


def test_a_modifier_that_tests_findings_is_checked_every_time(knowledge: Knowledge) -> None:
    """The table is only for modifiers that test the context alone."""
    from backspasm.core.engine import Compiled

    condition = next(iter(knowledge.conditions.values()))
    extra = condition.modifiers[0].model_copy(
        update={"when": Pattern(all=["fever"], age_min=50), "factor": 3.0})
    changed = condition.model_copy(update={"modifiers": [*condition.modifiers, extra]})
    other = dataclasses.replace(
        knowledge, conditions={**knowledge.conditions, condition.id: changed})
    engine = Compiled(other)
    base = Facts({}, frozenset(), frozenset(), 60)
    with_fever = Facts({"fever": True}, frozenset({"fever"}), frozenset(), 60)
    assert (0, 3.0) not in engine.modifier_factors(base)
    assert engine.modifier_factors(with_fever)[-1] == (0, 3.0)
    assert (0, 3.0) not in engine.modifier_factors(base)  # the table kept no finding
