"""Property tests of the assessment engine over random, valid answers.

Each test draws answers with a random age, sex, place, duration and pain score and a random
set of findings answered yes, no or left unknown, then checks a safety or consistency
property that must hold for every person, not only for the worked examples.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm.core.answers import Answers, parse_answers
from backspasm.core.assessment import assess
from backspasm.core.patterns import matches
from backspasm.core.triage import triage
from backspasm.knowledge import Knowledge, default_knowledge
from backspasm.knowledge.models import Disposition, Pattern

#: Module-level, not the fixture: hypothesis would print the whole knowledge base in a
#: falsifying example.
K = default_knowledge()

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@st.composite
def _findings(draw: st.DrawFn, ids: list[str]) -> dict[str, bool]:
    """Each finding yes, no or unknown; how many of each varies from person to person."""
    yes_pct = draw(st.sampled_from([0, 0, 0, 2, 5, 15]), label="yes %")
    no_pct = draw(st.sampled_from([0, 10, 40, 90, 90]), label="no %")
    out: dict[str, bool] = {}
    for fid in ids:
        roll = draw(st.integers(0, 99))
        if roll < yes_pct:
            out[fid] = True
        elif roll < yes_pct + no_pct:
            out[fid] = False
    return out


def raw_answers(knowledge: Knowledge) -> st.SearchStrategy[dict[str, Any]]:
    """Decoded-JSON answers as a person, a file or the API would give them."""
    return st.fixed_dictionaries(
        {"findings": _findings(sorted(knowledge.findings))},
        optional={
            "age": st.integers(0, 120),
            "sex": st.sampled_from(["female", "male", "other"]),
            "location": st.sampled_from(["lower", "middle", "upper"]),
            "duration_days": st.one_of(
                st.integers(0, 400), st.floats(0, 36500, allow_nan=False, allow_infinity=False)
            ),
            "pain_score": st.integers(0, 10),
        },
    )


def draw_answers(data: st.DataObject, knowledge: Knowledge) -> Answers:
    return parse_answers(data.draw(raw_answers(knowledge), label="answers"), knowledge)


@SETTINGS
@given(data=st.data())
def test_a_red_flag_answered_yes_never_lowers_the_disposition(data: st.DataObject) -> None:
    knowledge = K
    answers = draw_answers(data, knowledge)
    before = assess(knowledge, answers).disposition
    # Every red flag in turn, including those answered no, is switched to yes.
    for flag in knowledge.red_flags:
        after = triage(knowledge, answers.with_finding(flag.id, True))
        assert after.rank >= before.rank, f"{flag.id}=yes lowered {before.value} to {after.value}"


def _red_flags_in_negative_clauses(pattern: Pattern, red: set[str]) -> set[str]:
    found = (set(pattern.none) | set(pattern.absent)) & red
    for sub in pattern.either:
        found |= _red_flags_in_negative_clauses(sub, red)
    return found


def test_no_rule_needs_a_red_flag_to_be_absent(knowledge: Knowledge) -> None:
    """The structural reason the property above holds: a rule that fires only while a red
    flag is answered no (or not yes) could stop firing when it becomes yes."""
    red = {f.id for f in knowledge.red_flags}
    offending = {
        rule.id: sorted(_red_flags_in_negative_clauses(rule.when, red))
        for rule in knowledge.rules
        if rule.disposition is not Disposition.self_care
    }
    assert not {k: v for k, v in offending.items() if v}


@SETTINGS
@given(data=st.data())
def test_assess_is_deterministic(data: st.DataObject) -> None:
    knowledge = K
    raw = data.draw(raw_answers(knowledge), label="answers")
    first = assess(knowledge, parse_answers(raw, knowledge))
    second = assess(knowledge, parse_answers(raw, knowledge))
    assert first == second
    # The order in which findings are listed must not change the advice or the ranking.
    findings = raw.get("findings", {})
    reordered = {**raw, "findings": dict(reversed(list(findings.items())))}
    third = assess(knowledge, parse_answers(reordered, knowledge))
    assert third.disposition == first.disposition
    assert [r.rule for r in third.reasons] == [r.rule for r in first.reasons]
    assert third.unanswered_red_flags == first.unanswered_red_flags
    for a, b in zip(third.conditions, first.conditions, strict=True):
        assert abs(a.probability - b.probability) <= 1e-3


@SETTINGS
@given(data=st.data())
def test_every_applicable_unanswered_red_flag_is_listed(data: st.DataObject) -> None:
    knowledge = K
    answers = draw_answers(data, knowledge)
    result = assess(knowledge, answers)
    listed = set(result.unanswered_red_flags)
    red = {f.id for f in knowledge.red_flags}
    assert listed <= red
    assert not listed & set(answers.findings), "an answered red flag is listed as unanswered"
    assert len(listed) == len(result.unanswered_red_flags), "a red flag is listed twice"
    for f in knowledge.red_flags:
        if answers.known(f.id):
            continue
        asked = f.ask_when is None or matches(f.ask_when, answers)
        skipped = f.skip_when is not None and matches(f.skip_when, answers)
        if asked and not skipped:
            assert f.id in listed, f"unanswered red flag {f.id} is not listed"
    # Every unanswered red flag whose yes would raise the advice is offered as a question,
    # and the result is then marked provisional rather than a clean bill of health.
    # (``would_change_advice`` may also name an unknown age, duration or pain score.)
    raising = {q.finding for q in result.would_change_advice if q.finding in knowledge.findings}
    assert raising <= listed
    for q in result.would_change_advice:
        assert q.would_lead_to.rank > result.disposition.rank
        if q.finding in knowledge.findings:
            assert triage(knowledge, answers.with_finding(q.finding, True)) == q.would_lead_to
        else:
            assert getattr(answers, q.finding) is None, f"{q.finding} is known but listed"
    assert result.provisional == bool(result.would_change_advice)
    if result.disposition is not Disposition.emergency:
        for fid in listed - raising:
            raised = triage(knowledge, answers.with_finding(fid, True))
            assert raised.rank <= result.disposition.rank, f"{fid} would raise but is not asked"


@SETTINGS
@given(data=st.data())
def test_an_emergency_rule_always_wins_and_its_action_comes_first(data: st.DataObject) -> None:
    knowledge = K
    answers = draw_answers(data, knowledge)
    result = assess(knowledge, answers)
    holding = [rule for rule in knowledge.rules if matches(rule.when, answers)]
    expected = max((r.disposition for r in holding), key=lambda d: d.rank, default=None)
    assert result.disposition == (expected or Disposition.self_care)
    assert result.what_to_do_now[0] == knowledge.dispositions[result.disposition].action
    if any(r.disposition is Disposition.emergency for r in holding):
        assert result.disposition is Disposition.emergency
        assert result.what_to_do_now[0] == knowledge.dispositions[Disposition.emergency].action
        assert result.reasons[0].disposition is Disposition.emergency
    assert {r.rule for r in result.reasons} == {r.id for r in holding}


@SETTINGS
@given(data=st.data())
def test_probabilities_are_shares_sorted_most_likely_first(data: st.DataObject) -> None:
    knowledge = K
    answers = draw_answers(data, knowledge)
    result = assess(knowledge, answers)
    probs = [c.probability for c in result.conditions]
    assert probs, "the ranked list is empty"
    assert all(0.0 <= p <= 1.0 for p in probs)
    # The causes the deciding rules suspect come first; each group is sorted by share.
    flags = [c.suspected for c in result.conditions]
    assert flags == sorted(flags, reverse=True)
    for group in (True, False):
        shares = [c.probability for c in result.conditions if c.suspected is group]
        assert shares == sorted(shares, reverse=True)
    deciding = {
        s
        for r in knowledge.rules
        if r.disposition is result.disposition and r.id in {x.rule for x in result.reasons}
        for s in r.suspects
    }
    assert {c.id for c in result.conditions if c.suspected} <= deciding
    # Shown probabilities are rounded to 4 decimals, so allow that much per entry.
    assert sum(probs) <= 1.0 + 0.00005 * len(probs)
