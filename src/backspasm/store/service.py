"""The diary's service layer: what the CLI, the web pages and the API call.

Every method takes and returns the pure models of :mod:`backspasm.core.diary`; no caller
touches a session. Each method is one transaction, committed before it returns, so a method
that returned has stored its write for good (the crash tests check this).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Engine, Select, String, delete, select, type_coerce
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..care.instruments import Score
from ..core.assessment import Assessment
from ..core.chart import svg_chart
from ..core.diary import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    AssessmentRecord,
    Bundle,
    CheckIn,
    DiaryError,
    Episode,
    QuestionnaireRecord,
    episode_on,
    triage_checkin,
)
from ..core.insights import Insights, insights, recovery
from ..knowledge.diary import DiaryKnowledge, default_diary_knowledge
from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition, Location
from . import migrate
from .engine import StoreError, default_url, make_engine
from .models import AssessmentRow, CheckInRow, EpisodeRow, Person, QuestionnaireRow

Outcome = Literal["added", "replaced", "unchanged"]

_CHECKIN_FIELDS = (
    "day", "pain", "function", "sleep_hours", "active_minutes", "sitting_hours", "stress",
    "medicines", "notes", "red_flags",
)
_EPISODE_FIELDS = ("started", "ended", "location", "worst_pain", "triggers", "helped", "notes")


def _checkin(row: CheckInRow) -> CheckIn:
    return CheckIn.model_validate({
        "day": row.day, "pain": row.pain, "function": row.function,
        "sleep_hours": row.sleep_hours, "active_minutes": row.active_minutes,
        "sitting_hours": row.sitting_hours, "stress": row.stress,
        "medicines": list(row.medicines or ()), "notes": row.notes or "",
        "red_flags": list(row.red_flags or ()),
    })


def _list(value: Any) -> tuple[str, ...]:
    """A JSON list column read raw: '[]' is by far the commonest value, so skip decoding it."""
    if value is None or value == "[]":
        return ()
    if isinstance(value, str):
        value = json.loads(value)
    return tuple(value)


def _trusted_checkin(values: dict[str, Any]) -> CheckIn:
    """A CheckIn from values that were validated when written, without validating again.

    Sets the instance attributes pydantic v2 documents (``__dict__``, fields set, extra,
    private) directly: about four times faster than ``model_construct``, which matters when a
    diary of ten years is read. :data:`_FAST_OK` checks once that the result is identical to a
    validated model, and falls back to ``model_construct`` if a pydantic release changes this.
    """
    obj = CheckIn.__new__(CheckIn)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", _CHECKIN_SET)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


_CHECKIN_SET = set(CheckIn.model_fields)


def _fast_ok() -> bool:
    sample = {"day": dt.date(2000, 1, 1), "pain": 3, "function": None, "sleep_hours": 7.5,
              "active_minutes": 10, "sitting_hours": None, "stress": 2,
              "medicines": ("ibuprofen",), "notes": "x", "red_flags": ()}
    try:
        fast = _trusted_checkin(dict(sample))
        return fast == CheckIn(**sample) and fast.model_dump() == CheckIn(**sample).model_dump()
    except Exception:
        return False


_FAST_OK = _fast_ok()


def _checkins_fast(s: Session, q: Select[Any]) -> list[CheckIn]:
    """Check-ins read in bulk without ORM objects or re-validation (the rows were validated
    when written, and the table has CHECK constraints)."""
    make = _trusted_checkin if _FAST_OK else (lambda v: CheckIn.model_construct(**v))
    return [
        make({"day": day, "pain": pain, "function": function, "sleep_hours": sleep,
              "active_minutes": active, "sitting_hours": sitting, "stress": stress,
              "medicines": _list(medicines), "notes": notes or "", "red_flags": _list(flags)})
        for day, pain, function, sleep, active, sitting, stress, notes, medicines, flags
        in s.execute(q)
    ]


def _episode(row: EpisodeRow) -> Episode:
    return Episode(
        started=row.started, ended=row.ended, location=Location(row.location),
        worst_pain=row.worst_pain, triggers=tuple(row.triggers or ()),
        helped=tuple(row.helped or ()), notes=row.notes or "",
    )


def _checkin_values(c: CheckIn) -> dict[str, Any]:
    data = c.model_dump()
    data["medicines"] = list(c.medicines)
    data["red_flags"] = list(c.red_flags)
    return {k: data[k] for k in _CHECKIN_FIELDS}


def _episode_values(e: Episode) -> dict[str, Any]:
    return {
        "started": e.started, "ended": e.ended, "location": e.location.value,
        "worst_pain": e.worst_pain, "triggers": list(e.triggers), "helped": list(e.helped),
        "notes": e.notes,
    }


@dataclass
class ImportReport:
    """What an import did; nothing is written unless everything in the file was valid."""

    episodes_added: int = 0
    episodes_duplicate: int = 0
    checkins_added: int = 0
    checkins_duplicate: int = 0
    assessments_added: int = 0
    assessments_duplicate: int = 0
    questionnaires_added: int = 0
    questionnaires_duplicate: int = 0

    def lines(self) -> list[str]:
        have = "already in the diary"
        out = [
            f"episodes: {self.episodes_added} imported, {self.episodes_duplicate} {have}",
            f"check-ins: {self.checkins_added} imported, {self.checkins_duplicate} {have}",
        ]
        if self.assessments_added or self.assessments_duplicate:
            out.append(f"assessments: {self.assessments_added} imported, "
                       f"{self.assessments_duplicate} {have}")
        if self.questionnaires_added or self.questionnaires_duplicate:
            out.append(f"questionnaire results: {self.questionnaires_added} imported, "
                       f"{self.questionnaires_duplicate} {have}")
        return out


@dataclass(frozen=True)
class CheckinResult:
    """What a check-in did, and the triage it triggered when it ticked a danger sign."""

    outcome: Outcome
    checkin: CheckIn
    assessment: Assessment | None


class FairLock:
    """A first-come, first-served lock (threading.Lock makes no promise of order).

    The holder hands the lock straight to the longest waiter, waking only that one.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._locked = False

    def __enter__(self) -> None:
        with self._mutex:
            if not self._locked:
                self._locked = True
                return
            waiter = threading.Lock()
            waiter.acquire()
            self._waiters.append(waiter)
        waiter.acquire()  # released by the holder when it is our turn

    def __exit__(self, *exc: object) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._locked = False


class Store:
    """A database holding the diaries of any number of people."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(backspasm_read=True), expire_on_commit=False
        )
        # SQLite has one writer at a time anyway; queueing writers of this process in order
        # keeps every writer's wait short and fair (the busy handler alone lets some starve).
        sqlite = engine.dialect.name == "sqlite"
        self._write_lock: AbstractContextManager[None] = FairLock() if sqlite else nullcontext()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction, committed on leaving the block."""
        with self._write_lock, self._sessions.begin() as s:
            yield s

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction that never waits for a writer on SQLite."""
        with self._read_sessions.begin() as s:
            yield s

    def person_id(self, handle: str = "me") -> int:
        """The id of the person called ``handle``, created on first use (race-safe)."""
        handle = handle.strip()
        if not handle or len(handle) > 100:
            raise DiaryError("a person's name in the diary must be 1 to 100 characters long.")
        for _ in range(3):
            with self.reading() as s:
                found = s.scalar(select(Person.id).where(Person.handle == handle))
                if found is not None:
                    return found
            try:
                with self.session() as s:
                    p = Person(handle=handle)
                    s.add(p)
                    s.flush()
                    return p.id
            except IntegrityError:
                continue  # someone else created it just now: read it back
        raise StoreError(f"cannot create the person {handle!r} in the diary.")

    def diary(self, handle: str = "me") -> Diary:
        return Diary(self, self.person_id(handle))

    def find_diary(self, handle: str = "me") -> Diary | None:
        """The diary of ``handle`` if that person is in the database; never creates one
        (for readers such as the report, so a mistyped name adds no one)."""
        with self.reading() as s:
            found = s.scalar(select(Person.id).where(Person.handle == handle.strip()))
        return None if found is None else Diary(self, found)

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate_schema: bool = True, **engine_kw: Any) -> Store:
    """Open (and bring up to date) the diary database at ``url`` (default: see default_url)."""
    engine = make_engine(url or default_url(), **engine_kw)
    if migrate_schema:
        try:
            migrate.upgrade(engine)
        except DBAPIError as exc:
            engine.dispose()
            reason = str(exc.orig).splitlines()[0] if exc.orig else "unknown error"
            raise StoreError(f"cannot open the diary database ({reason}).") from None
    return Store(engine)


class Diary:
    """One person's diary."""

    def __init__(self, store: Store, person_id: int) -> None:
        self.store = store
        self.person_id = person_id

    # -- check-ins -------------------------------------------------------------------------
    def add_checkin(self, checkin: CheckIn, *, replace: bool = False) -> Outcome:
        """Store a check-in. The same day twice: unchanged if equal, else replaced or refused.

        Two writers racing for the same new day on PostgreSQL: the loser's insert hits the
        unique constraint, and it is tried once more, now seeing the winner's row.
        """
        try:
            return self._add_checkin(checkin, replace)
        except IntegrityError:
            return self._add_checkin(checkin, replace)

    def _add_checkin(self, checkin: CheckIn, replace: bool) -> Outcome:
        values = _checkin_values(checkin)
        with self.store.session() as s:
            row = s.scalar(select(CheckInRow).where(
                CheckInRow.person_id == self.person_id, CheckInRow.day == checkin.day))
            if row is None:
                s.add(CheckInRow(person_id=self.person_id, **values))
                return "added"
            if _checkin(row) == checkin:
                return "unchanged"
            if not replace:
                raise DiaryError(
                    f"there is already a different check-in for {checkin.day}; "
                    "use --replace to overwrite it."
                )
            for k, v in values.items():
                setattr(row, k, v)
            return "replaced"

    def record_checkin(
        self, checkin: CheckIn, knowledge: Knowledge, *, replace: bool = False
    ) -> CheckinResult:
        """Store a check-in; if it ticks a danger sign, run the triage now and store that too.

        The one call behind ``backspasm checkin`` and the diary's web form and API.
        """
        outcome = self.add_checkin(checkin, replace=replace)
        result = triage_checkin(knowledge, checkin, episode_on(self.episodes(), checkin.day))
        if result is not None:
            self.save_assessment(result, day=checkin.day)
        return CheckinResult(outcome, checkin, result)

    def insights(
        self, knowledge: Knowledge, today: dt.date, diary_knowledge: DiaryKnowledge | None = None
    ) -> Insights:
        """Course, warnings and triggers as of ``today`` (see :mod:`backspasm.core.insights`)."""
        dk = diary_knowledge or default_diary_knowledge()
        return insights(dk, knowledge, self.episodes(), self.checkins(), today)

    def chart(
        self, since: dt.date | None = None, title: str = "Pain and function",
        today: dt.date | None = None, diary_knowledge: DiaryKnowledge | None = None,
    ) -> str:
        """An SVG chart of pain and function with episodes shaded and, for the latest
        episode, its typical course scaled to the person's starting pain."""
        far = dt.date.max
        today = today or dt.date.today()
        every = self.episodes()
        episodes = [e for e in every if since is None or (e.ended or far) >= since]
        checkins = self.checkins(since=since)
        expected: list[tuple[dt.date, float]] = []
        if episodes and episodes[-1].started <= today:
            dk = diary_knowledge or default_diary_knowledge()
            last = episodes[-1]
            rec = recovery(dk, last, checkins, today)
            expected = [(last.started + dt.timedelta(days=p.day), p.pain) for p in rec.expected]
        return svg_chart(checkins, episodes, title=title, expected=expected)

    def checkins(self, since: dt.date | None = None, until: dt.date | None = None) -> list[CheckIn]:
        t = CheckInRow.__table__.c
        # the JSON lists are read as text and decoded only when not empty (see _list);
        # the column order is the one _checkins_fast unpacks
        q = select(
            t.day, t.pain, t.function, t.sleep_hours, t.active_minutes, t.sitting_hours,
            t.stress, t.notes, type_coerce(t.medicines, String), type_coerce(t.red_flags, String),
        ).where(t.person_id == self.person_id)
        if since:
            q = q.where(t.day >= since)
        if until:
            q = q.where(t.day <= until)
        with self.store.reading() as s:
            return _checkins_fast(s, q.order_by(t.day))

    def checkin_on(self, day: dt.date) -> CheckIn | None:
        found = self.checkins(day, day)
        return found[0] if found else None

    # -- episodes --------------------------------------------------------------------------
    def add_episode(self, episode: Episode, *, replace: bool = False) -> Outcome:
        """Store an episode; the same start twice: unchanged if equal, else replaced or refused."""
        try:
            return self._add_episode(episode, replace)
        except IntegrityError:
            return self._add_episode(episode, replace)

    def _add_episode(self, episode: Episode, replace: bool) -> Outcome:
        values = _episode_values(episode)
        with self.store.session() as s:
            row = s.scalar(select(EpisodeRow).where(
                EpisodeRow.person_id == self.person_id, EpisodeRow.started == episode.started))
            if row is None:
                self._check_overlap(s, episode)
                s.add(EpisodeRow(person_id=self.person_id, **values))
                return "added"
            if _episode(row) == episode:
                return "unchanged"
            if not replace:
                raise DiaryError(
                    f"there is already a different episode starting on {episode.started}; "
                    "use --replace to overwrite it."
                )
            for k, v in values.items():
                setattr(row, k, v)
            return "replaced"

    def _check_overlap(self, s: Session, episode: Episode) -> None:
        far = dt.date.max
        for row in s.scalars(select(EpisodeRow).where(EpisodeRow.person_id == self.person_id)):
            if row.started <= (episode.ended or far) and episode.started <= (row.ended or far):
                end = f"ended {row.ended}" if row.ended else "is still open"
                raise DiaryError(
                    f"this episode overlaps the one that started on {row.started} and {end}; "
                    "end that one first (backspasm log --end DATE)."
                )

    def end_episode(self, day: dt.date) -> Episode:
        """Close the open episode on ``day``."""
        with self.store.session() as s:
            row = s.scalar(select(EpisodeRow).where(
                EpisodeRow.person_id == self.person_id, EpisodeRow.ended.is_(None)
            ).order_by(EpisodeRow.started.desc()))
            if row is None:
                raise DiaryError("there is no open episode to end.")
            if day < row.started:
                raise DiaryError(f"the end date {day} is before the episode began ({row.started}).")
            row.ended = day
            return _episode(row)

    def episodes(self) -> list[Episode]:
        with self.store.reading() as s:
            rows = s.scalars(select(EpisodeRow).where(EpisodeRow.person_id == self.person_id)
                             .order_by(EpisodeRow.started))
            return [_episode(r) for r in rows]

    def open_episode(self) -> Episode | None:
        return next((e for e in reversed(self.episodes()) if e.ended is None), None)

    # -- assessments and questionnaires --------------------------------------------------------
    def save_assessment(self, assessment: Assessment, day: dt.date | None = None) -> int:
        with self.store.session() as s:
            row = AssessmentRow(
                person_id=self.person_id, day=day,
                disposition=assessment.disposition.value,
                knowledge_version=assessment.knowledge_version,
                answers=assessment.answers.model_dump(mode="json"),
                result=assessment.model_dump(mode="json"),
            )
            s.add(row)
            s.flush()
            return row.id

    def assessments(self) -> list[AssessmentRecord]:
        with self.store.reading() as s:
            rows = s.scalars(select(AssessmentRow).where(AssessmentRow.person_id == self.person_id)
                             .order_by(AssessmentRow.created_at, AssessmentRow.id))
            return [AssessmentRecord(
                created_at=r.created_at, day=r.day, disposition=Disposition(r.disposition),
                knowledge_version=r.knowledge_version, result=r.result) for r in rows]

    def save_questionnaire(
        self, instrument: str, score: float, band: str | None, answers: dict[str, Any],
        knowledge_version: str,
    ) -> int:
        with self.store.session() as s:
            row = QuestionnaireRow(
                person_id=self.person_id, instrument=instrument, score=score, band=band,
                answers=answers, knowledge_version=knowledge_version,
            )
            s.add(row)
            s.flush()
            return row.id

    def save_score(self, score: Score, knowledge_version: str) -> int:
        """Store a questionnaire score from :mod:`backspasm.care.instruments` as it was shown
        (risk group or band included), with the knowledge version that scored it."""
        band = getattr(score, "risk", None) or getattr(score, "band", None)
        return self.save_questionnaire(
            score.instrument, float(score.score), None if band is None else str(band),
            score.model_dump(mode="json"), knowledge_version,
        )

    def questionnaires(self) -> list[QuestionnaireRecord]:
        with self.store.reading() as s:
            rows = s.scalars(select(QuestionnaireRow).where(
                QuestionnaireRow.person_id == self.person_id).order_by(QuestionnaireRow.id))
            return [QuestionnaireRecord(
                created_at=r.created_at, instrument=r.instrument, score=r.score, band=r.band,
                answers=r.answers, knowledge_version=r.knowledge_version) for r in rows]

    # -- export and import -------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """Everything in this diary as a JSON-ready document that :meth:`import_bundle` reads."""
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "episodes": [e.model_dump(mode="json") for e in self.episodes()],
            "checkins": [c.model_dump(mode="json") for c in self.checkins()],
            "assessments": [a.model_dump(mode="json") for a in self.assessments()],
            "questionnaires": [q.model_dump(mode="json") for q in self.questionnaires()],
        }

    def import_bundle(self, bundle: Bundle) -> ImportReport:
        """Add a validated bundle in one transaction: all of it or, on any conflict, nothing.

        A record equal to one already stored is a duplicate and is skipped; a record for the
        same day (or episode start) with different values is a conflict and stops the import.
        """
        report = ImportReport()
        with self.store.session() as s:
            have_c = {r.day: _checkin(r) for r in s.scalars(
                select(CheckInRow).where(CheckInRow.person_id == self.person_id))}
            have_e = {r.started: _episode(r) for r in s.scalars(
                select(EpisodeRow).where(EpisodeRow.person_id == self.person_id))}
            new_e: list[Episode] = []
            for i, e in enumerate(bundle.episodes, start=1):
                old = have_e.get(e.started)
                if old == e:
                    report.episodes_duplicate += 1
                elif old is not None:
                    raise DiaryError(
                        f"episodes entry {i}: the diary already has a different episode starting "
                        f"on {e.started}; nothing was imported."
                    )
                else:
                    new_e.append(e)
            far = dt.date.max
            every = sorted([*have_e.values(), *new_e], key=lambda x: x.started)
            for a, b in itertools.pairwise(every):
                if b.started <= (a.ended or far):
                    raise DiaryError(
                        f"the episode starting on {b.started} overlaps the one starting on "
                        f"{a.started}; nothing was imported."
                    )
            new_c: list[CheckIn] = []
            for i, c in enumerate(bundle.checkins, start=1):
                old_c = have_c.get(c.day)
                if old_c == c:
                    report.checkins_duplicate += 1
                elif old_c is not None:
                    raise DiaryError(
                        f"checkins entry {i}: the diary already has a different check-in for "
                        f"{c.day}; nothing was imported."
                    )
                else:
                    new_c.append(c)
            have_a = [AssessmentRecord(
                created_at=r.created_at, day=r.day, disposition=Disposition(r.disposition),
                knowledge_version=r.knowledge_version, result=r.result,
            ) for r in s.scalars(select(AssessmentRow).where(
                AssessmentRow.person_id == self.person_id))]
            new_a = [a for a in bundle.assessments if a not in have_a]
            have_q = [QuestionnaireRecord(
                created_at=r.created_at, instrument=r.instrument, score=r.score, band=r.band,
                answers=r.answers, knowledge_version=r.knowledge_version,
            ) for r in s.scalars(select(QuestionnaireRow).where(
                QuestionnaireRow.person_id == self.person_id))]
            new_q = [q for q in bundle.questionnaires if q not in have_q]
            s.add_all(AssessmentRow(
                person_id=self.person_id, created_at=a.created_at, day=a.day,
                disposition=a.disposition.value, knowledge_version=a.knowledge_version,
                answers=a.result.get("answers", {}), result=a.result,
            ) for a in new_a)
            s.add_all(QuestionnaireRow(
                person_id=self.person_id, created_at=q.created_at, instrument=q.instrument,
                score=q.score, band=q.band, answers=q.answers,
                knowledge_version=q.knowledge_version,
            ) for q in new_q)
            report.assessments_added = len(new_a)
            report.assessments_duplicate = len(bundle.assessments) - len(new_a)
            report.questionnaires_added = len(new_q)
            report.questionnaires_duplicate = len(bundle.questionnaires) - len(new_q)
            s.add_all(EpisodeRow(person_id=self.person_id, **_episode_values(e)) for e in new_e)
            s.add_all(CheckInRow(person_id=self.person_id, **_checkin_values(c)) for c in new_c)
            report.episodes_added = len(new_e)
            report.checkins_added = len(new_c)
        return report

    def delete_all(self) -> None:
        """Remove this person's diary (used by tests and by a future 'forget me' command)."""
        with self.store.session() as s:
            for table in (CheckInRow, EpisodeRow, AssessmentRow, QuestionnaireRow):
                s.execute(delete(table).where(table.person_id == self.person_id))
