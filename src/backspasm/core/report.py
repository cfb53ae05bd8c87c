"""The clinician's report: screening, scores and history of one person in one document.

Pure: :func:`build_report` takes what the diary holds (episodes, check-ins, saved assessments
and questionnaire scores) and the knowledge, and returns a :class:`Report` that the front ends
render as HTML (:mod:`backspasm.report`), as JSON, or as a FHIR R4 Bundle
(:mod:`backspasm.core.fhir`). Nothing here reads a file or a database.

What each section says:

- **Assessments**, newest first, each as it was shown: the disposition, the reasons with their
  sources, and the red-flag screening of that moment: every danger sign of the current
  knowledge marked ``yes``, ``no``, ``unsure`` or ``not_asked``. A sign that was not asked is
  never counted as a no (an assessment triggered by a ticked sign in a check-in asked only that
  sign). An assessment made with another knowledge version is flagged as such.
- **Questionnaires**, newest first, with the interpretation stored when they were scored and
  the change from the previous score of the same questionnaire, judged against its minimal
  important change.
- **Episodes and check-ins**, with the course of the latest episode against the expected
  course, the warnings and the triggers from :mod:`backspasm.core.insights`, and the chart.
- **Sources**: every source cited anywhere in the report.

**A window of days** (``since``/``until``, both inclusive, either may be open): episodes that
overlap the window are kept, and check-ins, assessments and questionnaire scores dated inside
it. The course, triggers and chart are worked out from what is inside the window, as of its
last day. The warnings and the most urgent concern are not: they are always taken from the
whole diary as of ``today``, so a danger sign ticked after the window still comes first. A
score's change is still measured from the previous score of its kind, even when that one
falls before the window. :attr:`Report.covers` says in words which window the report covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..care.instruments import interpret_change
from ..care.models import CareKnowledge
from ..knowledge.diary import DiaryKnowledge
from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition
from .assessment import DISCLAIMER
from .chart import svg_chart
from .diary import AssessmentRecord, CheckIn, Episode, QuestionnaireRecord, utc
from .insights import Alert, Insights, insights

Answer = Literal["yes", "no", "unsure", "not_asked"]

#: How the report words each answer to a danger-sign question.
ANSWER_WORDS: dict[str, str] = {
    "yes": "yes", "no": "no", "unsure": "not sure (treated as yes)", "not_asked": "not asked",
}


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class RedFlagAnswer(Out):
    id: str
    label: str
    answer: Answer


class ReasonLine(Out):
    disposition: Disposition
    text: str
    because: list[str]
    sources: list[str]


class ConsideredCause(Out):
    """A cause the engine ranked, as it was shown; an estimate, never a diagnosis."""

    name: str
    probability: float
    suspected: bool


class AssessmentEntry(Out):
    created_at: dt.datetime
    day: dt.date | None
    disposition: Disposition
    label: str
    action: str
    reasons: list[ReasonLine]
    red_flags: list[RedFlagAnswer]
    red_flags_yes: int
    red_flags_no: int
    red_flags_unsure: int
    red_flags_not_asked: int
    #: Questions that could make the advice more urgent, other than the danger signs listed
    #: as not asked (those are named in ``red_flags`` already).
    open_questions: list[str]
    provisional: bool
    considered: list[ConsideredCause]
    age: int | None
    duration_days: float | None
    pain_score: int | None
    knowledge_version: str
    #: False when the knowledge has changed since: the red-flag list may then differ.
    current_knowledge: bool


class ScorePart(Out):
    """Another result of a questionnaire (e.g. the STarT Back distress subscore)."""

    name: str
    loinc: str
    value: float | None
    text: str | None


class QuestionnaireEntry(Out):
    created_at: dt.datetime
    instrument: str
    name: str
    score: float
    score_range: tuple[int, int] | None
    band: str | None
    interpretation: str
    #: The LOINC code of the total score (None when none is confirmed).
    loinc: str | None
    #: The LOINC code of the questionnaire as a whole (a panel code for some).
    loinc_panel: str | None
    parts: list[ScorePart]
    change: str | None
    sources: list[str]
    knowledge_version: str


class EpisodeEntry(Out):
    started: dt.date
    ended: dt.date | None
    days: int
    location: str
    worst_pain: int
    triggers: list[str]
    helped: list[str]
    notes: str
    checkins: int
    lowest_pain: int | None
    latest_pain: int | None


class CitedSource(Out):
    id: str
    citation: str
    link: str | None


class Report(Out):
    person: str
    generated: dt.datetime
    today: dt.date
    #: The first and last day the report covers (inclusive); None: open on that side.
    since: dt.date | None = None
    until: dt.date | None = None
    #: Which days the report covers, in words.
    covers: str = ""
    knowledge_version: str
    #: The most urgent current concern (an urgent or emergency latest assessment, or a
    #: warning from the diary), shown before anything else; None when there is none.
    headline: Disposition | None
    #: What to do about the headline concern, in the words it was shown.
    headline_text: str | None
    alerts: list[Alert]
    assessments: list[AssessmentEntry]
    questionnaires: list[QuestionnaireEntry]
    episodes: list[EpisodeEntry]
    checkins: list[CheckIn]
    #: The words for every danger sign ticked in a check-in, by finding id.
    flag_labels: dict[str, str]
    insights: Insights | None
    chart: str
    sources: list[CitedSource]
    not_covered: list[str]
    disclaimer: str

    @property
    def empty(self) -> bool:
        return not (self.assessments or self.questionnaires or self.episodes or self.checkins
                    or self.alerts or self.headline)


class ReportEmpty(ValueError):
    """There is nothing in the diary to report; the message is one plain sentence."""


class ReportWindowError(ValueError):
    """A date or window the report cannot use; the message is one plain sentence and
    :attr:`field` names the parameter at fault (``since`` or ``until``)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def parse_day(value: str | dt.date | None, field: str) -> dt.date | None:
    """A day written as YYYY-MM-DD (blank: none), or :class:`ReportWindowError`."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_day(text, field)
    except ValueError:
        return _bad_day(text, field)


def _bad_day(text: str, field: str) -> dt.date:
    raise ReportWindowError(
        f"{field} must be a date written as YYYY-MM-DD (for example 2026-03-01), "
        f"not {text[:40]!r}.", field)


def parse_window(
    since: str | dt.date | None, until: str | dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """The report's window from two optional ISO dates (inclusive); since after until is
    a :class:`ReportWindowError` naming ``since``."""
    first, last = parse_day(since, "since"), parse_day(until, "until")
    if first is not None and last is not None and first > last:
        raise ReportWindowError(
            f"since ({first.isoformat()}) is after until ({last.isoformat()}); the first day "
            "of the report must not come after its last day.", "since")
    return first, last


def covers_words(since: dt.date | None, until: dt.date | None, today: dt.date) -> str:
    """Which days a report covers, in words."""
    if since is None and until is None:
        return f"Everything in the diary up to {today.isoformat()}."
    if since is None:
        assert until is not None
        return f"Everything in the diary up to {until.isoformat()} (inclusive)."
    if until is None:
        return (f"From {since.isoformat()} to {today.isoformat()} (inclusive); episodes that "
                "overlap these days are shown whole.")
    return (f"From {since.isoformat()} to {until.isoformat()} (inclusive); episodes that "
            "overlap these days are shown whole.")


def _inside(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def _overlaps(e: Episode, since: dt.date | None, until: dt.date | None,
              today: dt.date) -> bool:
    end = e.ended or max(today, e.started)
    return (until is None or e.started <= until) and (since is None or end >= since)


def record_day(record: AssessmentRecord | QuestionnaireRecord) -> dt.date:
    """The day a saved assessment or score belongs to (its diary day, else the UTC date it
    was made)."""
    day = getattr(record, "day", None)
    return day if isinstance(day, dt.date) else utc(record.created_at).date()


# ---------------------------------------------------------------------------------------


def _answer(fid: str, findings: Mapping[str, Any], unsure: set[str]) -> Answer:
    if fid in unsure:
        return "unsure"
    value = findings.get(fid)
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "not_asked"


def screening(knowledge: Knowledge, answers: Mapping[str, Any]) -> list[RedFlagAnswer]:
    """Every danger sign of the knowledge with its answer, yes and unsure first, then no,
    then not asked; a sign answered in the stored answers but unknown to the knowledge now
    is kept under its id."""
    raw = answers.get("findings")
    findings: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    unsure = set(_strs(answers.get("unsure")))
    out = [
        RedFlagAnswer(id=f.id, label=f.label, answer=_answer(f.id, findings, unsure))
        for f in knowledge.red_flags
    ]
    for fid in [*findings, *sorted(unsure)]:
        if fid not in knowledge.findings and all(r.id != fid for r in out):
            out.append(RedFlagAnswer(id=fid, label=fid, answer=_answer(fid, findings, unsure)))
    order = {"yes": 0, "unsure": 1, "no": 2, "not_asked": 3}
    return sorted(out, key=lambda r: order[r.answer])


def _disposition(value: Any, fallback: Disposition) -> Disposition:
    try:
        return Disposition(value)
    except ValueError:
        return fallback


def _strs(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list | tuple) else []


def _number(value: Any, whole: bool = False) -> Any:
    """A stored number, or None when the stored value is not one (an odd imported record)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if whole:
        return int(value) if float(value).is_integer() else None
    return float(value)


def assessment_entry(knowledge: Knowledge, record: AssessmentRecord) -> AssessmentEntry:
    """One saved assessment as the report shows it (read defensively: an imported or older
    record may lack fields that today's assessment has)."""
    r = record.result
    answers = r.get("answers") if isinstance(r.get("answers"), dict) else {}
    assert isinstance(answers, dict)
    flags = screening(knowledge, answers)
    info = knowledge.dispositions.get(record.disposition)
    reasons = [
        ReasonLine(
            disposition=_disposition(x.get("disposition"), record.disposition),
            text=str(x.get("text", "")),
            because=_strs(x.get("because")),
            sources=_strs(x.get("sources")),
        )
        for x in _dicts(r.get("reasons"))
    ]
    considered = [
        ConsideredCause(name=str(c.get("name", c.get("id", "?"))),
                        probability=_number(c.get("probability")) or 0.0,
                        suspected=bool(c.get("suspected")))
        for c in _dicts(r.get("conditions"))
    ]
    not_asked = {f.id for f in flags if f.answer == "not_asked"}
    questions = [str(q.get("question")) for q in _dicts(r.get("would_change_advice"))
                 if q.get("question") and q.get("finding") not in not_asked]
    count = {a: sum(1 for f in flags if f.answer == a) for a in ANSWER_WORDS}
    return AssessmentEntry(
        created_at=record.created_at,
        day=record.day,
        disposition=record.disposition,
        label=str(r.get("label") or (info.label if info else record.disposition.value)),
        action=str(r.get("action") or (info.action if info else "")),
        reasons=reasons,
        red_flags=flags,
        red_flags_yes=count["yes"],
        red_flags_no=count["no"],
        red_flags_unsure=count["unsure"],
        red_flags_not_asked=count["not_asked"],
        open_questions=questions,
        provisional=bool(r.get("provisional", True)),
        considered=considered,
        age=_number(answers.get("age"), whole=True),
        duration_days=_number(answers.get("duration_days")),
        pain_score=_number(answers.get("pain_score"), whole=True),
        knowledge_version=record.knowledge_version,
        current_knowledge=record.knowledge_version == knowledge.version,
    )


def questionnaire_entries(
    care: CareKnowledge, records: Sequence[QuestionnaireRecord]
) -> list[QuestionnaireEntry]:
    """Scores oldest to newest with the change from the previous score of the same kind;
    returned newest first."""
    out: list[QuestionnaireEntry] = []
    last: dict[str, float] = {}
    for q in sorted(records, key=lambda q: utc(q.created_at)):
        ins = care.instruments.get(q.instrument)
        shown = q.answers
        sources = _strs(shown.get("sources")) or (list(ins.sources) if ins else [])
        change = None
        if ins is not None and ins.mic is not None and q.instrument in last:
            try:
                moved = interpret_change(ins, last[q.instrument], q.score)
            except ValueError:
                moved = None
            if moved is not None:
                change = f"{moved.difference:+g} since the previous score: {moved.verdict}."
                sources.extend(s for s in moved.sources if s not in sources)
        last[q.instrument] = q.score
        rng = shown.get("score_range")
        if not (isinstance(rng, list | tuple) and len(rng) == 2
                and all(_number(x, whole=True) is not None for x in rng)):
            rng = ins.score_range if ins else None
        parts: list[ScorePart] = []
        for part, code in (ins.loinc_parts.items() if ins else ()):
            value = shown.get(part)
            if isinstance(value, bool) or value is None:
                continue
            number = isinstance(value, int | float)
            parts.append(ScorePart(name=part, loinc=code,
                                   value=float(value) if number else None,
                                   text=None if number else str(value)))
        out.append(QuestionnaireEntry(
            created_at=q.created_at,
            instrument=q.instrument,
            name=str(shown.get("name") or (ins.name if ins else q.instrument)),
            score=q.score,
            score_range=(int(rng[0]), int(rng[1])) if rng else None,
            band=q.band,
            interpretation=str(shown.get("interpretation") or (q.band or "")),
            loinc=ins.loinc_score if ins else None,
            loinc_panel=ins.loinc_panel if ins else None,
            parts=parts,
            change=change,
            sources=sources,
            knowledge_version=q.knowledge_version,
        ))
    return out[::-1]


def episode_entries(
    episodes: Sequence[Episode], checkins: Sequence[CheckIn], today: dt.date
) -> list[EpisodeEntry]:
    out: list[EpisodeEntry] = []
    for e in sorted(episodes, key=lambda e: e.started, reverse=True):
        end = e.ended or max(today, e.started)
        inside = [c for c in checkins if e.started <= c.day <= end]
        out.append(EpisodeEntry(
            started=e.started, ended=e.ended, days=(end - e.started).days,
            location=e.location.value, worst_pain=e.worst_pain, triggers=list(e.triggers),
            helped=list(e.helped), notes=e.notes, checkins=len(inside),
            lowest_pain=min((c.pain for c in inside), default=None),
            latest_pain=inside[-1].pain if inside else None,
        ))
    return out


def cite(knowledge: Knowledge, ids: Sequence[str]) -> list[CitedSource]:
    out: list[CitedSource] = []
    for sid in dict.fromkeys(ids):
        s = knowledge.sources.get(sid)
        if s is None:
            out.append(CitedSource(id=sid, citation=f"{sid} (not in the current knowledge)",
                                   link=None))
        else:
            out.append(CitedSource(id=sid, citation=f"{s.authors} ({s.year}). {s.title}.",
                                   link=s.link))
    return sorted(out, key=lambda c: c.citation.lower())


def build_report(
    knowledge: Knowledge,
    diary_knowledge: DiaryKnowledge,
    care: CareKnowledge,
    *,
    person: str,
    episodes: Sequence[Episode],
    checkins: Sequence[CheckIn],
    assessments: Sequence[AssessmentRecord],
    questionnaires: Sequence[QuestionnaireRecord],
    today: dt.date,
    generated: dt.datetime,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Report:
    """What the diary holds for one person, as of ``today``, within ``since``..``until``
    (inclusive; None: open on that side). See the module docstring for what the window
    filters and what it never hides."""
    if since is not None and until is not None and since > until:
        raise ReportWindowError("since is after until.", "since")
    all_eps = sorted(episodes, key=lambda e: e.started)
    all_cks = sorted(checkins, key=lambda c: c.day)
    windowed = since is not None or until is not None
    eps = [e for e in all_eps if _overlaps(e, since, until, today)] if windowed else all_eps
    cks = [c for c in all_cks if _inside(c.day, since, until)] if windowed else all_cks
    as_of = min(today, until) if until is not None else today
    found = insights(diary_knowledge, knowledge, eps, cks, as_of) if (eps or cks) else None
    everywhere = found
    if windowed:
        # current concerns come from the whole diary as of today, whatever the window
        everywhere = (insights(diary_knowledge, knowledge, all_eps, all_cks, today)
                      if (all_eps or all_cks) else None)
    newest_first = sorted(assessments, key=lambda a: utc(a.created_at), reverse=True)
    kept = [a for a in newest_first if _inside(record_day(a), since, until)]
    entries = [assessment_entry(knowledge, a) for a in kept]
    scores = [q for q in questionnaire_entries(care, questionnaires)
              if _inside(utc(q.created_at).date(), since, until)]
    expected: list[tuple[dt.date, float]] = []
    if found is not None and found.recovery is not None:
        start = found.recovery.episode_started
        expected = [(start + dt.timedelta(days=p.day), p.pain) for p in found.recovery.expected]
    chart = svg_chart(cks, eps, title="Pain and function", expected=expected)
    alerts = list(everywhere.alerts) if everywhere else []
    concerns = [(a.disposition, a.message) for a in alerts]
    latest = None
    if newest_first:  # the latest assessment of the whole diary, in the window or not
        latest = entries[0] if kept[:1] == newest_first[:1] else \
            assessment_entry(knowledge, newest_first[0])
    if latest is not None:
        said = f"Latest assessment ({latest.label.lower()}): {latest.action}"
        concerns.append((latest.disposition, said))
    # the most urgent first; between equals, the latest assessment (listed last) wins
    top = max(reversed(concerns), key=lambda c: c[0].rank, default=None)
    if top is None or top[0].rank < Disposition.urgent.rank:
        top = None
    ids: list[str] = []
    for a in entries:
        ids.extend(s for r in a.reasons for s in r.sources)
    for q in scores:
        ids.extend(q.sources)
    if found is not None:
        ids.extend(found.sources)
    for alert in alerts:
        ids.extend(alert.sources)
    not_covered = []
    if not entries:
        not_covered.append(
            "No assessment is saved in this diary (`backspasm assess --save` keeps one; a "
            "check-in that ticks a danger sign saves its triage by itself)."
        )
    if not scores:
        not_covered.append(
            "No questionnaire score is saved in this diary (`backspasm score ... --save` "
            "keeps one)."
        )
    if not cks:
        not_covered.append("No daily check-ins are recorded, so there is no course to chart.")
    not_covered.append(
        "Nothing here comes from an examination: the screening is what the person answered."
    )
    if windowed:
        not_covered.append(
            "Records outside the window are left out; the warnings and the most urgent "
            f"concern still come from the whole diary as of {today.isoformat()}."
        )
    return Report(
        person=person,
        generated=generated,
        today=today,
        since=since,
        until=until,
        covers=covers_words(since, until, today),
        knowledge_version=knowledge.version,
        headline=top[0] if top else None,
        headline_text=top[1] if top else None,
        alerts=alerts,
        assessments=entries,
        questionnaires=scores,
        episodes=episode_entries(eps, cks, today),
        checkins=cks,
        flag_labels={f: knowledge.findings[f].label if f in knowledge.findings else f
                     for c in cks for f in c.red_flags},
        insights=found,
        chart=chart,
        sources=cite(knowledge, ids),
        not_covered=not_covered,
        disclaimer=DISCLAIMER,
    )


def require_data(report: Report) -> Report:
    """The report, or :class:`ReportEmpty` when the diary holds nothing to report."""
    if report.empty and (report.since or report.until):
        raise ReportEmpty(
            f"the diary of '{report.person}' holds nothing between "
            f"{report.since.isoformat() if report.since else 'its start'} and "
            f"{(report.until or report.today).isoformat()}: no check-in, episode, saved "
            "assessment or questionnaire score in those days."
        )
    if report.empty:
        raise ReportEmpty(
            f"the diary of '{report.person}' holds nothing to report yet: no check-in, "
            "episode, saved assessment or questionnaire score."
        )
    return report
