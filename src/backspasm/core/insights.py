"""What the diary says: recovery against the expected course, warnings, and triggers.

Pure functions over :class:`~backspasm.core.diary.Episode` and
:class:`~backspasm.core.diary.CheckIn` lists. The numbers that judge a course (the cohort
curve, the thresholds, the trigger factors) come from :class:`DiaryKnowledge`, each with its
source ids.

Trigger analysis: for every day a person was not already in an episode, the factor is read
from the previous day's check-in, and the day counts as an onset when an episode started on
it. The relative risk of an onset after a day with the factor against a day without it is
given with a 95% confidence interval by the log method (Morris and Gardner 1988), adding 0.5
to every cell when one is zero. A figure is shown only when there are enough days on both
sides; otherwise the result says how many there are and how many are needed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..knowledge.diary import DiaryKnowledge, TriggerFactor
from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition
from .answers import Answers
from .diary import CheckIn, Episode, triage_checkin

Z95 = 1.959964


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


Status = Literal[
    "too_early", "recovering", "slower_than_expected", "not_improving", "getting_worse", "no_data"
]


class CurvePoint(Out):
    day: int
    pain: float


class Recovery(Out):
    episode_started: dt.date
    ongoing: bool
    days: int
    start_pain: float
    latest_pain: float | None
    expected_pain: float
    expected_low: float
    expected_high: float
    observed: list[CurvePoint]
    expected: list[CurvePoint]
    status: Status
    summary: str
    sources: list[str]


class Alert(Out):
    kind: Literal["red_flag", "getting_worse", "not_improving", "long_episode", "keeps_coming_back"]
    disposition: Disposition
    message: str
    reassess: bool
    sources: list[str]
    #: What the diary already knows, to start the re-assessment with (danger signs unknown).
    answers: Answers | None = None


class TriggerResult(Out):
    factor: str
    label: str
    days_with: int
    days_without: int
    onsets_with: int
    onsets_without: int
    enough: bool
    relative_risk: float | None
    ci_low: float | None
    ci_high: float | None
    summary: str


class Insights(Out):
    today: dt.date
    checkins: int
    episodes: int
    episodes_last_year: int
    recovery: Recovery | None
    alerts: list[Alert]
    triggers: list[TriggerResult]
    trigger_note: str
    named_triggers: list[tuple[str, int]]
    sources: list[str]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _window_means(pains: Sequence[float], window: int) -> list[float]:
    return [_mean(pains[i : i + window]) for i in range(len(pains) - window + 1)]


def recovery(
    dk: DiaryKnowledge, episode: Episode, checkins: Sequence[CheckIn], today: dt.date
) -> Recovery:
    """The person's pain since ``episode`` began, against the cohort course scaled to them."""
    course = dk.expected_course
    th = dk.thresholds
    end = episode.ended or today
    days = (end - episode.started).days
    inside = sorted((c for c in checkins if episode.started <= c.day <= end), key=lambda c: c.day)
    observed = [CurvePoint(day=(c.day - episode.started).days, pain=float(c.pain)) for c in inside]
    early = [p.pain for p in observed if p.day <= 2]
    start = early[0] if early else float(episode.worst_pain)
    start = max(start, 0.5)  # a start of 0 would make every proportion meaningless
    step = max(1, days // 60)
    expected = [
        CurvePoint(day=d, pain=round(start * course.proportion(d), 2))
        for d in range(0, days + 1, step)
    ]
    prop = course.proportion(days)
    # the cohorts' 95% CI for the mean, scaled to this person like the mean (an estimate)
    low_p, high_p = course.interval(days)
    low, high = start * low_p, start * high_p
    window = th.getting_worse.window_days
    pains = [p.pain for p in observed]
    latest = _mean(pains[-window:]) if pains else None
    sources = sorted({course.source, *th.slower_than_expected.sources})
    status: Status
    if latest is None:
        status, summary = "no_data", "No check-ins during this episode yet."
    else:
        means = _window_means(pains, window)
        worse = len(means) >= 2 and means[-1] >= min(means[:-1]) + th.getting_worse.rise
        if worse:
            status = "getting_worse"
            summary = (
                f"Your pain has risen to {latest:.1f}/10 (three-day average), at least "
                f"{th.getting_worse.rise:g} points above its lowest in this episode."
            )
        elif days < th.not_improving.after_days:
            status = "too_early"
            summary = (
                f"Day {days} of this episode: too early to judge the course. "
                "Most people improve markedly over the first six weeks."
            )
        elif latest > start * (1 - th.not_improving.min_drop):
            status = "not_improving"
            summary = (
                f"After {days} days your pain ({latest:.1f}/10) is less than "
                f"{th.not_improving.min_drop:.0%} below where it started ({start:g}/10)."
            )
        elif latest / start > prop + th.slower_than_expected.margin:
            status = "slower_than_expected"
            summary = (
                f"Improving, but more slowly than the average acute episode: "
                f"{latest:.1f}/10 now, about {start * prop:.1f}/10 would be typical by day {days}."
            )
        else:
            status = "recovering"
            summary = (
                f"Recovering as expected or better: {latest:.1f}/10 now against about "
                f"{start * prop:.1f}/10 typical by day {days}."
            )
    return Recovery(
        episode_started=episode.started,
        ongoing=episode.ended is None,
        days=days,
        start_pain=start,
        latest_pain=None if latest is None else round(latest, 2),
        expected_pain=round(start * prop, 2),
        expected_low=round(low, 2),
        expected_high=round(high, 2),
        observed=observed,
        expected=expected,
        status=status,
        summary=summary,
        sources=sources,
    )


def reassessment_answers(episode: Episode, rec: Recovery) -> Answers:
    """The answers a re-assessment can start from: where, how long, how bad. Danger signs are
    left unknown so the assessment asks every one of them again."""
    pain = rec.latest_pain if rec.latest_pain is not None else float(episode.worst_pain)
    return Answers(
        location=episode.location,
        duration_days=float(rec.days),
        pain_score=min(10, max(0, round(pain))),
    )


def course_alerts(dk: DiaryKnowledge, rec: Recovery, episode: Episode | None = None) -> list[Alert]:
    """Warnings from the course of an ongoing episode; each asks for a re-assessment."""
    if not rec.ongoing:
        return []
    answers = reassessment_answers(episode, rec) if episode is not None else None
    th = dk.thresholds
    out: list[Alert] = []
    if rec.status == "getting_worse":
        out.append(
            Alert(
                kind="getting_worse",
                disposition=Disposition.routine,
                message=(
                    "Your back is getting worse. Run the assessment again now (`backspasm assess` "
                    "or the interview) and answer the danger-sign questions; if it says nothing "
                    "more urgent, book a GP or physiotherapist appointment in the next few days."
                ),
                reassess=True,
                sources=list(th.getting_worse.sources),
                answers=answers,
            )
        )
    if rec.status == "not_improving":
        out.append(
            Alert(
                kind="not_improving",
                disposition=Disposition.routine,
                message=(
                    f"After {rec.days} days your back is not improving. Run the assessment again "
                    "and book a GP or physiotherapist appointment in the next few days."
                ),
                reassess=True,
                sources=list(th.not_improving.sources),
                answers=answers,
            )
        )
    if rec.days >= th.long_episode.after_days and rec.status != "recovering":
        out.append(
            Alert(
                kind="long_episode",
                disposition=Disposition.routine,
                message=(
                    f"This episode has lasted {rec.days} days, past the six weeks in which most "
                    "of the improvement usually happens. Ask a GP or physiotherapist to review it."
                ),
                reassess=True,
                sources=list(th.long_episode.sources),
                answers=answers,
            )
        )
    return out


def recurrence_alerts(
    dk: DiaryKnowledge, episodes: Sequence[Episode], today: dt.date
) -> tuple[int, list[Alert]]:
    """Episodes started within the window up to ``today``, and an alert when they are many."""
    rule = dk.thresholds.recurrence
    since = today - dt.timedelta(days=rule.window_days)
    recent = sum(1 for e in episodes if since < e.started <= today)
    if recent < rule.min_episodes:
        return recent, []
    return recent, [
        Alert(
            kind="keeps_coming_back",
            disposition=Disposition.routine,
            message=(
                f"You have logged {recent} episodes in the last {rule.window_days} days. Back pain "
                "that keeps coming back is worth a review with a GP or physiotherapist, to look "
                "for the cause and plan exercise that makes the next episode less likely."
            ),
            reassess=False,
            sources=list(rule.sources),
        )
    ]


def red_flag_alerts(
    knowledge: Knowledge,
    episodes: Sequence[Episode],
    checkins: Sequence[CheckIn],
    today: dt.date,
    recent_days: int = 2,
) -> list[Alert]:
    """The triage result for every recent check-in that ticked a danger sign."""
    out: list[Alert] = []
    for c in checkins:
        if not c.red_flags or (today - c.day).days > recent_days or c.day > today:
            continue
        episode = next((e for e in episodes if e.covers(c.day, today)), None)
        result = triage_checkin(knowledge, c, episode)
        if result is None:
            continue
        out.append(
            Alert(
                kind="red_flag",
                disposition=result.disposition,
                message=(
                    f"{c.day}: you ticked "
                    + ", ".join(
                        knowledge.findings[f].label if f in knowledge.findings else f
                        for f in c.red_flags
                    )
                    + f". {result.action}"
                ),
                reassess=True,
                sources=sorted({s for r in result.reasons for s in r.sources}),
                answers=result.answers,
            )
        )
    return out


def _exposed(factor: TriggerFactor, c: CheckIn) -> bool | None:
    value = getattr(c, factor.field)
    if value is None:
        return None
    if factor.below is not None:
        return bool(value < factor.below)
    assert factor.at_least is not None
    return bool(value >= factor.at_least)


def relative_risk(a: int, b: int, c: int, d: int) -> tuple[float, float, float]:
    """RR and 95% CI (log method) for a onsets of a+b exposed days and c of c+d unexposed.

    Adds 0.5 to every cell when any is zero, so the estimate stays finite.
    """
    fa, fb, fc, fd = float(a), float(b), float(c), float(d)
    if 0 in (a, b, c, d):
        fa, fb, fc, fd = fa + 0.5, fb + 0.5, fc + 0.5, fd + 0.5
    rr = (fa / (fa + fb)) / (fc / (fc + fd))
    se = math.sqrt(1 / fa - 1 / (fa + fb) + 1 / fc - 1 / (fc + fd))
    return rr, math.exp(math.log(rr) - Z95 * se), math.exp(math.log(rr) + Z95 * se)


def triggers(
    dk: DiaryKnowledge, episodes: Sequence[Episode], checkins: Sequence[CheckIn], today: dt.date
) -> tuple[list[TriggerResult], str]:
    cfg = dk.triggers
    by_day = {c.day: c for c in checkins}
    onsets = {e.started for e in episodes}
    covered: set[dt.date] = set()
    for e in episodes:
        end = min(e.ended or today, today)
        n = (end - e.started).days
        covered.update(e.started + dt.timedelta(days=i) for i in range(1, n + 1))
    counts = {f.id: [0, 0, 0, 0] for f in cfg.factors}  # a, b, c, d
    for day, c in by_day.items():
        nxt = day + dt.timedelta(days=1)
        if nxt > today or nxt in covered or (day in covered and day not in onsets):
            continue
        onset = nxt in onsets
        for f in cfg.factors:
            exp = _exposed(f, c)
            if exp is None:
                continue
            idx = (0 if onset else 1) if exp else (2 if onset else 3)
            counts[f.id][idx] += 1
    total_onsets = sum(1 for e in episodes if e.started - dt.timedelta(days=1) in by_day)
    results: list[TriggerResult] = []
    for f in cfg.factors:
        a, b, c2, d = counts[f.id]
        with_, without = a + b, c2 + d
        enough = (
            with_ >= cfg.min_days_each
            and without >= cfg.min_days_each
            and total_onsets >= cfg.min_episodes
        )
        rr = lo = hi = None
        if enough:
            rr, lo, hi = relative_risk(a, b, c2, d)
            summary = (
                f"Episodes began after {a} of {with_} days when you {f.label} and after {c2} of "
                f"{without} days when you did not: relative risk {rr:.2f} "
                f"(95% CI {lo:.2f} to {hi:.2f})."
            )
            if lo > 1:
                summary += " This factor seems to come before your episodes."
            elif hi < 1:
                summary += " Episodes seem less likely after such days."
            else:
                summary += " No clear link either way yet."
        else:
            summary = (
                f"Not enough data for '{f.label}': {with_} days with it and {without} without, "
                f"and {total_onsets} episode starts with a check-in the day before; at least "
                f"{cfg.min_days_each} days each way and {cfg.min_episodes} episode starts "
                "are needed."
            )
        results.append(
            TriggerResult(
                factor=f.id,
                label=f.label,
                days_with=with_,
                days_without=without,
                onsets_with=a,
                onsets_without=c2,
                enough=enough,
                relative_risk=None if rr is None else round(rr, 3),
                ci_low=None if lo is None else round(lo, 3),
                ci_high=None if hi is None else round(hi, 3),
                summary=summary,
            )
        )
    note = (
        "Associations in one person's diary, not proof of cause: a factor can travel with "
        "another one that is the real trigger."
    )
    return results, note


def insights(
    dk: DiaryKnowledge,
    knowledge: Knowledge,
    episodes: Sequence[Episode],
    checkins: Sequence[CheckIn],
    today: dt.date,
) -> Insights:
    """Everything the diary can say for ``today``; alerts most urgent first."""
    eps = sorted(episodes, key=lambda e: e.started)
    cks = sorted(checkins, key=lambda c: c.day)
    rec = None
    alerts = red_flag_alerts(knowledge, eps, cks, today)
    past = [e for e in eps if e.started <= today]
    if past:
        rec = recovery(dk, past[-1], cks, today)
        alerts.extend(course_alerts(dk, rec, past[-1]))
    last_year, recurring = recurrence_alerts(dk, eps, today)
    alerts.extend(recurring)
    alerts.sort(key=lambda a: -a.disposition.rank)
    trig, note = triggers(dk, eps, cks, today)
    named = Counter(t for e in eps for t in e.triggers).most_common()
    sources = {*dk.triggers.sources}
    if rec is not None:
        sources.update(rec.sources)
    for a in alerts:
        sources.update(a.sources)
    return Insights(
        today=today,
        checkins=len(cks),
        episodes=len(eps),
        episodes_last_year=last_year,
        recovery=rec,
        alerts=alerts,
        triggers=trig,
        trigger_note=note,
        named_triggers=named,
        sources=sorted(sources),
    )
