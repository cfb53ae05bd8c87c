"""Insights: recovery against the cohort course, warnings, red-flag triage, triggers."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.core.diary import CheckIn, Episode
from backspasm.core.insights import insights, recovery, relative_risk, triggers
from backspasm.knowledge import Disposition, Knowledge, default_knowledge
from backspasm.knowledge.diary import DiaryKnowledge, default_diary_knowledge

D0 = dt.date(2026, 1, 1)
#: Module-level knowledge for the hypothesis tests (fixtures would be repr'd with examples).
DK = default_diary_knowledge()
KN = default_knowledge()


@pytest.fixture(scope="module")
def dk() -> DiaryKnowledge:
    return default_diary_knowledge()


def d(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def course(pains: list[int]) -> list[CheckIn]:
    return [CheckIn(day=d(i), pain=p) for i, p in enumerate(pains)]


def test_expected_course_follows_costa_2012(dk: DiaryKnowledge) -> None:
    c = dk.expected_course
    assert c.source == "costa_2012"
    assert c.proportion(0) == 1.0
    assert c.proportion(42) == pytest.approx(23 / 52)
    assert c.proportion(182) == pytest.approx(12 / 52)
    assert c.proportion(21) == pytest.approx((52 + (23 - 52) / 2) / 52)
    assert c.proportion(1000) == pytest.approx(6 / 52)
    values = [c.proportion(x) for x in range(0, 400, 7)]
    assert values == sorted(values, reverse=True)


def test_recovering_episode(dk: DiaryKnowledge) -> None:
    ep = Episode(started=D0, worst_pain=8)
    pains = [8, 8, 7, 7, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2]
    rec = recovery(dk, ep, course(pains), d(14))
    assert rec.status == "recovering"
    assert rec.start_pain == 8
    assert rec.latest_pain == pytest.approx(2.0)
    assert rec.days == 14
    assert rec.expected_pain == pytest.approx(8 * dk.expected_course.proportion(14), abs=0.01)
    assert rec.observed[0].pain == 8 and len(rec.observed) == 15


def test_too_early_to_judge(dk: DiaryKnowledge) -> None:
    rec = recovery(dk, Episode(started=D0, worst_pain=7), course([7] * 13), d(12))
    assert rec.status == "too_early"


def test_not_improving_after_two_weeks_asks_for_reassessment(
    dk: DiaryKnowledge, knowledge: Knowledge
) -> None:
    ep = Episode(started=D0, worst_pain=7)
    result = insights(dk, knowledge, [ep], course([7] * 8 + [6] * 8), d(15))
    assert result.recovery is not None and result.recovery.status == "not_improving"
    [alert] = result.alerts
    assert alert.kind == "not_improving" and alert.reassess
    assert alert.disposition == Disposition.routine
    assert set(alert.sources) <= set(knowledge.sources)
    # the re-assessment starts from what the diary knows; danger signs are asked afresh
    assert alert.answers is not None
    assert (alert.answers.duration_days, alert.answers.pain_score) == (15, 6)
    assert alert.answers.findings == {}


def test_getting_worse_is_detected_even_early(dk: DiaryKnowledge, knowledge: Knowledge) -> None:
    ep = Episode(started=D0, worst_pain=6)
    result = insights(dk, knowledge, [ep], course([5, 4, 4, 5, 6, 7, 7]), d(6))
    assert result.recovery is not None and result.recovery.status == "getting_worse"
    assert [a.kind for a in result.alerts] == ["getting_worse"]
    assert result.alerts[0].reassess


def test_slower_than_expected(dk: DiaryKnowledge) -> None:
    # 8 -> 6 by day 50: a 25% fall, but the cohort mean is down to about 43% of the start
    pains = [8] * 3 + [7] * 20 + [6] * 28
    rec = recovery(dk, Episode(started=D0, worst_pain=8), course(pains), d(50))
    assert rec.status == "slower_than_expected"
    assert rec.expected_pain == pytest.approx(8 * dk.expected_course.proportion(50), abs=0.01)


def test_long_episode_alert(dk: DiaryKnowledge, knowledge: Knowledge) -> None:
    pains = [8] * 10 + [6] * 40
    result = insights(dk, knowledge, [Episode(started=D0, worst_pain=8)], course(pains), d(49))
    kinds = {a.kind for a in result.alerts}
    assert "long_episode" in kinds


def test_ended_episode_raises_no_course_alert(dk: DiaryKnowledge, knowledge: Knowledge) -> None:
    ep = Episode(started=D0, ended=d(19), worst_pain=7)
    result = insights(dk, knowledge, [ep], course([7] * 20), d(30))
    assert result.alerts == []


def test_red_flag_in_a_checkin_runs_triage_and_comes_first(
    dk: DiaryKnowledge, knowledge: Knowledge
) -> None:
    ep = Episode(started=D0, worst_pain=6)
    cks = course([5, 4, 4, 5, 6, 7])
    cks.append(CheckIn(day=d(6), pain=7, red_flags=("saddle_numbness",)))
    result = insights(dk, knowledge, [ep], cks, d(6))
    assert result.alerts[0].kind == "red_flag"
    assert result.alerts[0].disposition == Disposition.emergency
    assert "new numbness around the bottom" in result.alerts[0].message
    assert any(a.kind == "getting_worse" for a in result.alerts[1:])


def test_old_red_flags_are_not_repeated(dk: DiaryKnowledge, knowledge: Knowledge) -> None:
    cks = [CheckIn(day=d(0), pain=3, red_flags=("fever",))]
    assert insights(dk, knowledge, [], cks, d(10)).alerts == []


def test_relative_risk_matches_a_hand_calculation() -> None:
    # 20 onsets in 100 exposed days, 10 in 100 unexposed: RR 2,
    # SE(log RR) = sqrt(1/20 - 1/100 + 1/10 - 1/100) = sqrt(0.13)
    rr, lo, hi = relative_risk(20, 80, 10, 90)
    assert rr == pytest.approx(2.0)
    se = math.sqrt(0.13)
    assert lo == pytest.approx(2.0 * math.exp(-1.959964 * se))
    assert hi == pytest.approx(2.0 * math.exp(1.959964 * se))
    assert lo == pytest.approx(0.9866, abs=1e-4) and hi == pytest.approx(4.0545, abs=1e-4)


def test_relative_risk_with_a_zero_cell_stays_finite() -> None:
    rr, lo, hi = relative_risk(0, 50, 5, 45)
    assert 0 < lo < rr < hi < math.inf


@given(
    a=st.integers(0, 200), b=st.integers(0, 200), c=st.integers(0, 200), d_=st.integers(0, 200)
)
@settings(max_examples=200)
def test_confidence_interval_brackets_the_estimate(a: int, b: int, c: int, d_: int) -> None:
    if a + b == 0 or c + d_ == 0:
        return
    rr, lo, hi = relative_risk(a, b, c, d_)
    assert 0 < lo <= rr <= hi


def test_triggers_say_so_when_there_is_not_enough_data(
    dk: DiaryKnowledge
) -> None:
    cks = [CheckIn(day=d(i), pain=1, sleep_hours=5) for i in range(20)]
    results, _ = triggers(dk, [Episode(started=d(10), ended=d(12), worst_pain=6)], cks, d(20))
    sleep = next(r for r in results if r.factor == "poor_sleep")
    assert not sleep.enough and sleep.relative_risk is None
    assert "Not enough data" in sleep.summary and "30" in sleep.summary


def _diary_where_poor_sleep_precedes_episodes(seed: int) -> tuple[list[Episode], list[CheckIn]]:
    rng = random.Random(seed)
    episodes: list[Episode] = []
    cks: list[CheckIn] = []
    i = 0
    while i < 720:
        poor = rng.random() < 0.3
        cks.append(CheckIn(day=d(i), pain=1, sleep_hours=5 if poor else 8, stress=3))
        onset_chance = 0.08 if poor else 0.005
        if i + 1 < 720 and rng.random() < onset_chance:
            episodes.append(Episode(started=d(i + 1), ended=d(i + 4), worst_pain=7))
            for k in range(1, 5):
                if i + k < 720:
                    cks.append(CheckIn(day=d(i + k), pain=6 - k, sleep_hours=7, stress=3))
            i += 5
            continue
        i += 1
    return episodes, cks


def test_triggers_find_a_factor_that_precedes_episodes(dk: DiaryKnowledge) -> None:
    episodes, cks = _diary_where_poor_sleep_precedes_episodes(7)
    results, note = triggers(dk, episodes, cks, d(720))
    sleep = next(r for r in results if r.factor == "poor_sleep")
    assert sleep.enough
    assert sleep.onsets_with + sleep.onsets_without == len(episodes)
    assert sleep.relative_risk is not None and sleep.ci_low is not None
    assert sleep.ci_low > 1, sleep.summary
    assert "come before your episodes" in sleep.summary
    stress = next(r for r in results if r.factor == "high_stress")
    assert not stress.enough  # never stressed: no days with the factor
    assert "not proof of cause" in note


def test_days_inside_an_episode_are_not_at_risk(dk: DiaryKnowledge) -> None:
    ep = Episode(started=d(40), ended=d(59), worst_pain=7)
    cks = [CheckIn(day=d(i), pain=1, sleep_hours=5) for i in range(100)]
    results, _ = triggers(dk, [ep], cks, d(99))
    sleep = next(r for r in results if r.factor == "poor_sleep")
    # 99 pairs of (day, next day); not at risk: the 19 pairs whose next day is inside the
    # episode after its start, and the pair starting on the episode's last day
    assert sleep.days_with == 99 - 19 - 1
    assert sleep.onsets_with == 1


def test_named_triggers_are_counted(dk: DiaryKnowledge, knowledge: Knowledge) -> None:
    eps = [Episode(started=d(0), ended=d(3), worst_pain=5, triggers=("lifting", "stress")),
           Episode(started=d(10), ended=d(12), worst_pain=5, triggers=("Lifting",))]
    result = insights(dk, knowledge, eps, [], d(20))
    assert result.named_triggers[0] == ("lifting", 2)


@settings(max_examples=40, deadline=None)
@given(
    pains=st.lists(st.integers(0, 10), max_size=60),
    start=st.integers(0, 30),
    worst=st.integers(0, 10),
    flags=st.lists(st.sampled_from(["fever", "saddle_numbness", "weight_loss"]), max_size=2),
)
def test_insights_never_fail_and_alerts_are_ordered(
    pains: list[int], start: int, worst: int, flags: list[str]
) -> None:
    dk, knowledge = DK, KN
    cks = course(pains)
    if cks:
        cks[-1] = cks[-1].model_copy(update={"red_flags": tuple(flags)})
    result = insights(dk, knowledge, [Episode(started=d(start), worst_pain=worst)], cks,
                      d(max(start, len(pains))))
    ranks = [a.disposition.rank for a in result.alerts]
    assert ranks == sorted(ranks, reverse=True)
    assert set(result.sources) <= set(knowledge.sources)


def test_episodes_that_keep_coming_back_are_flagged(
    dk: DiaryKnowledge, knowledge: Knowledge
) -> None:
    eps = [Episode(started=d(n), ended=d(n + 5), worst_pain=6) for n in (0, 100, 200)]
    result = insights(dk, knowledge, eps, [], d(300))
    assert result.episodes_last_year == 3
    [alert] = [a for a in result.alerts if a.kind == "keeps_coming_back"]
    assert alert.disposition == Disposition.routine and "3 episodes" in alert.message
    assert set(alert.sources) <= set(knowledge.sources)
    # two in the year, the third long ago: not flagged
    later = insights(dk, knowledge, eps, [], d(380))
    assert later.episodes_last_year == 2
    assert not any(a.kind == "keeps_coming_back" for a in later.alerts)


def test_expected_interval_follows_the_cohort_ci(dk: DiaryKnowledge) -> None:
    c = dk.expected_course
    assert c.interval(0) == pytest.approx((48 / 52, 57 / 52))
    assert c.interval(42) == pytest.approx((21 / 52, 25 / 52))
    low, high = c.interval(21)
    assert low < c.proportion(21) < high
    rec = recovery(dk, Episode(started=D0, worst_pain=8), course([8] * 22), d(21))
    assert rec.expected_low < rec.expected_pain < rec.expected_high
