"""The pure report (backspasm.core.report) built from the seeded records in conftest."""

from __future__ import annotations

import uuid

import pytest
from fhir.resources.R4B.bundle import Bundle as FhirBundle

from backspasm.care.instruments import interpret_change
from backspasm.care.models import CareKnowledge
from backspasm.core.diary import AssessmentRecord, parse_bundle
from backspasm.core.fhir import to_fhir
from backspasm.core.insights import insights
from backspasm.core.report import Report, ReportEmpty, build_report, require_data, screening
from backspasm.knowledge import Knowledge
from backspasm.knowledge.diary import DiaryKnowledge
from backspasm.knowledge.models import Disposition
from backspasm.report.html import render_html

from .conftest import PERSON, TODAY, Records, at, emergency_checkin


def test_assessments_newest_first_with_the_whole_screening(
    report: Report, knowledge: Knowledge
) -> None:
    assert [a.created_at for a in report.assessments] == [at(14), at(0)]
    latest, older = report.assessments
    n = len(knowledge.red_flags)
    assert (latest.red_flags_yes, latest.red_flags_unsure, latest.red_flags_no,
            latest.red_flags_not_asked) == (0, 0, n, 0)
    assert {f.id for f in latest.red_flags} == {f.id for f in knowledge.red_flags}
    # the older one: one unsure, two no, every other sign not asked (never counted as a no)
    assert (older.red_flags_unsure, older.red_flags_no, older.red_flags_not_asked) == (1, 2, n - 3)
    answers = {f.id: f.answer for f in older.red_flags}
    assert answers["urinary_retention"] == "unsure"
    assert answers["saddle_numbness"] == answers["fever"] == "no"
    order = [f.answer for f in older.red_flags]
    assert order == sorted(order, key=["yes", "unsure", "no", "not_asked"].index)
    # open questions do not repeat the danger signs already listed as not asked
    not_asked = {knowledge.findings[f.id].question for f in older.red_flags
                 if f.answer == "not_asked"}
    assert not not_asked & set(older.open_questions)
    # an unsure danger sign is treated as present, so the older advice was the more urgent
    assert older.disposition.rank > latest.disposition.rank
    assert older.current_knowledge and latest.current_knowledge


def test_a_checkin_triage_asked_only_the_ticked_sign(
    knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge, records: Records
) -> None:
    checkin, record, result = emergency_checkin(knowledge, records)
    report = build_report(
        knowledge, diary_knowledge, care, person=PERSON, today=TODAY, generated=at(19, 21),
        episodes=records.episodes, checkins=[*records.checkins[:-1], checkin],
        assessments=[*records.assessments, record], questionnaires=records.questionnaires,
    )
    latest = report.assessments[0]
    assert latest.created_at == at(19, 20)
    assert (latest.red_flags_yes, latest.red_flags_no) == (1, 0)
    assert latest.red_flags_not_asked == len(knowledge.red_flags) - 1
    assert latest.red_flags[0].id == "saddle_numbness"
    # the most urgent concern is the report's headline, with what to do about it
    assert report.headline is result.disposition is Disposition.emergency
    assert report.headline_text is not None and result.action in report.headline_text


def test_no_headline_when_nothing_is_urgent(report: Report) -> None:
    assert report.assessments[0].disposition.rank < Disposition.urgent.rank
    assert all(a.disposition.rank < Disposition.urgent.rank for a in report.alerts)
    assert report.headline is None and report.headline_text is None


def test_questionnaires_newest_first_with_codes_and_change(
    report: Report, care: CareKnowledge
) -> None:
    kinds = [q.instrument for q in report.questionnaires]
    assert sorted(kinds) == ["odi", "odi", "rmdq", "startback", "startback"]
    assert report.questionnaires[-1].created_at == at(1)
    for q in report.questionnaires:
        assert q.loinc == care.instruments[q.instrument].loinc_score
        assert q.loinc_panel == care.instruments[q.instrument].loinc_panel
        assert q.interpretation
    # STarT Back: the total, its panel and its parts each have their own LOINC code
    sb = care.instruments["startback"]
    assert (sb.loinc_panel, sb.loinc_score, sb.loinc_parts) == (
        "91349-1", "91351-7", {"distress": "91350-9", "risk": "91352-5"})
    assert care.instruments["odi"].loinc_score == "97909-6"
    newest_odi, first_odi = [q for q in report.questionnaires if q.instrument == "odi"]
    expected = interpret_change(care.instruments["odi"], first_odi.score, newest_odi.score)
    assert newest_odi.change is not None and expected.verdict in newest_odi.change
    assert first_odi.change is None  # nothing earlier to compare with
    assert set(expected.sources) <= set(newest_odi.sources)
    rmdq = next(q for q in report.questionnaires if q.instrument == "rmdq")
    assert rmdq.loinc is None and rmdq.change is None
    startback = [q for q in report.questionnaires if q.instrument == "startback"]
    assert [q.band for q in startback] == ["low", "medium"]
    newest = startback[0]
    parts = {p.name: (p.loinc, p.value, p.text) for p in newest.parts}
    assert parts == {"distress": ("91350-9", 0.0, None), "risk": ("91352-5", None, "low")}


def test_course_and_triggers_are_the_insights_of_the_diary(
    report: Report, knowledge: Knowledge, diary_knowledge: DiaryKnowledge, records: Records
) -> None:
    assert report.insights == insights(diary_knowledge, knowledge, records.episodes,
                                       records.checkins, TODAY)
    assert report.insights.recovery is not None
    assert report.insights.named_triggers == [("lifting", 1), ("gardening", 1)]
    assert 'class="expected"' in report.chart and 'class="pain"' in report.chart
    [episode] = report.episodes
    assert (episode.days, episode.checkins) == (19, 20)
    assert episode.latest_pain == records.checkins[-1].pain
    assert episode.lowest_pain == min(c.pain for c in records.checkins)


def test_every_cited_source_is_listed_once(report: Report, knowledge: Knowledge) -> None:
    cited = {s for a in report.assessments for r in a.reasons for s in r.sources}
    cited |= {s for q in report.questionnaires for s in q.sources}
    assert report.insights is not None
    cited |= set(report.insights.sources)
    listed = [s.id for s in report.sources]
    assert len(listed) == len(set(listed))
    assert set(listed) == cited
    for s in report.sources:
        assert s.link == knowledge.sources[s.id].link


def test_what_is_missing_is_said(
    knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge, records: Records
) -> None:
    only_checkins = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                                 generated=at(19), episodes=[], checkins=records.checkins,
                                 assessments=[], questionnaires=[])
    text = " ".join(only_checkins.not_covered)
    assert "assess --save" in text and "score ... --save" in text
    assert only_checkins.insights is not None and only_checkins.insights.recovery is None


def test_an_empty_diary_is_refused_in_one_sentence(
    knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge
) -> None:
    empty = build_report(knowledge, diary_knowledge, care, person="nobody", today=TODAY,
                         generated=at(0), episodes=[], checkins=[], assessments=[],
                         questionnaires=[])
    assert empty.empty and empty.insights is None and "No check-ins yet" in empty.chart
    with pytest.raises(ReportEmpty, match=r"^the diary of 'nobody' holds nothing") as info:
        require_data(empty)
    assert str(info.value).count(".") == 1


def test_an_old_or_imported_assessment_is_read_defensively(
    knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge
) -> None:
    record = AssessmentRecord(
        created_at=at(3), disposition=Disposition.urgent, knowledge_version="an-old-version",
        result={"answers": {"findings": {"retired_sign": True, "fever": False}}},
    )
    report = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                          generated=at(4), episodes=[], checkins=[], assessments=[record],
                          questionnaires=[])
    [entry] = report.assessments
    assert not entry.current_knowledge
    assert entry.label == knowledge.dispositions[Disposition.urgent].label
    answers = {f.id: f.answer for f in entry.red_flags}
    assert answers["retired_sign"] == "yes" and answers["fever"] == "no"
    assert entry.red_flags_not_asked == len(knowledge.red_flags) - 1
    assert report.headline is Disposition.urgent


def test_screening_of_answers_without_findings(knowledge: Knowledge) -> None:
    flags = screening(knowledge, {})
    assert [f.answer for f in flags] == ["not_asked"] * len(knowledge.red_flags)


def test_open_questions_leave_out_the_signs_listed_as_not_asked(knowledge: Knowledge) -> None:
    from backspasm.core.answers import Answers
    from backspasm.core.assessment import assess
    from backspasm.core.report import assessment_entry

    result = assess(knowledge, Answers(pain_score=3))
    raw = {q.finding: q.question for q in result.would_change_advice}
    flags = {f.id for f in knowledge.red_flags}
    assert set(raw) & flags  # the engine would ask about unasked danger signs
    entry = assessment_entry(knowledge, AssessmentRecord(
        created_at=at(2), disposition=result.disposition,
        knowledge_version=result.knowledge_version, result=result.model_dump(mode="json")))
    kept = [q for fid, q in raw.items() if fid not in flags]
    assert entry.open_questions == kept
    assert entry.red_flags_not_asked == len(flags)


def test_odd_imported_records_do_not_break_the_report(
    knowledge: Knowledge, diary_knowledge: DiaryKnowledge, care: CareKnowledge
) -> None:
    """An import accepts any object as an assessment's result and a score's answers; the
    report shows what it can and never fails on them."""
    bundle = parse_bundle({
        "assessments": [{
            "created_at": "2026-03-02T10:00:00+00:00", "disposition": "routine",
            "knowledge_version": "x",
            "result": {"answers": {"age": "old", "pain_score": 4.5, "duration_days": True,
                                   "findings": ["fever"], "unsure": "fever"},
                       "reasons": "none", "conditions": [{"name": "X", "probability": "high"}],
                       "would_change_advice": 5, "label": None},
        }],
        "questionnaires": [
            {"created_at": "2026-03-02T10:00:00+00:00", "instrument": "startback", "score": 4,
             "answers": {"sources": "x", "score_range": "0-9", "distress": "two", "risk": 3},
             "knowledge_version": "x"},
            {"created_at": "2026-03-03T10:00:00+00:00", "instrument": "made-up", "score": 1,
             "answers": {"loinc": 7}, "knowledge_version": "x"},
        ],
    }, knowledge)
    report = build_report(knowledge, diary_knowledge, care, person=PERSON, today=TODAY,
                          generated=at(4), episodes=[], checkins=[],
                          assessments=bundle.assessments, questionnaires=bundle.questionnaires)
    [entry] = report.assessments
    assert (entry.age, entry.pain_score, entry.duration_days) == (None, None, None)
    assert entry.reasons == [] and entry.open_questions == []
    assert entry.red_flags_not_asked == len(knowledge.red_flags)
    assert entry.label == knowledge.dispositions[Disposition.routine].label
    made_up, startback = report.questionnaires
    assert made_up.loinc is None and made_up.score_range is None and made_up.sources == []
    assert startback.score_range == (0, 9)
    assert startback.sources == care.instruments["startback"].sources
    assert {p.name: (p.value, p.text) for p in startback.parts} == {
        "distress": (None, "two"), "risk": (3.0, None)}
    assert "made-up" in render_html(report)
    FhirBundle.model_validate(to_fhir(report, care, bundle_id=uuid.uuid4()))
