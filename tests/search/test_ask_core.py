from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.core.answers import Answers
from backspasm.core.assessment import Assessment, assess
from backspasm.knowledge import Knowledge
from backspasm.knowledge.models import Disposition
from backspasm.search.ask import DECLINE_MESSAGE, ask, needs_triage_first
from backspasm.search.index import AskIndex, split_sentences


def fake_triage(knowledge: Knowledge, findings: dict[str, bool]):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def run(text: str) -> Assessment | None:
        seen.append(text)
        return assess(knowledge, Answers(findings=findings)) if findings else None

    run.seen = seen  # type: ignore[attr-defined]
    return run


def test_the_answer_is_copied_from_the_best_passage(ask_index: AskIndex) -> None:
    result = ask("how long does a back spasm last", ask_index)
    assert result.answered and result.answer
    best = next(p for p in ask_index.passages if p.id == result.answer_from[0])
    sentences = split_sentences(best.text)
    picked = split_sentences(result.answer)
    assert picked and all(s in sentences for s in picked)
    assert [s for s in sentences if s in picked] == picked  # passage order kept
    assert picked[0] == sentences[0]  # the lead sentence is the direct answer


def test_related_questions_come_from_other_passages(ask_index: AskIndex) -> None:
    result = ask("What causes back muscles to lock up?", ask_index)
    top = next(p for p in ask_index.passages if p.id == result.answer_from[0])
    assert result.related_questions
    assert not set(result.related_questions) & set(top.questions)


def test_citations_are_the_passages_sources_with_links(ask_index: AskIndex) -> None:
    result = ask("is heat or ice better for my back", ask_index)
    for hit in result.passages:
        passage = next(p for p in ask_index.passages if p.id == hit.id)
        assert [c.id for c in hit.citations] == passage.sources
        assert all(c.link.startswith("https://") for c in hit.citations)
        assert hit.evidence == passage.evidence.statement


def test_related_questions_do_not_repeat_the_question(ask_index: AskIndex) -> None:
    question = "What causes back muscles to lock up?"
    result = ask(question, ask_index)
    assert result.related_questions
    assert question not in result.related_questions
    assert len(set(result.related_questions)) == len(result.related_questions)


def test_out_of_scope_questions_are_declined(ask_index: AskIndex) -> None:
    result = ask("what is the capital of australia", ask_index)
    assert not result.answered
    assert result.answer is None and result.passages == []
    assert result.message == DECLINE_MESSAGE


def test_red_flag_triage_is_attached_first(knowledge: Knowledge, ask_index: AskIndex) -> None:
    triage = fake_triage(knowledge, {"urinary_retention": True})
    result = ask("my back hurts and I can't pee", ask_index, triage=triage)
    assert triage.seen == ["my back hurts and I can't pee"]  # type: ignore[attr-defined]
    assert result.triage is not None
    assert result.triage.disposition == Disposition.emergency
    assert result.answered  # the passage on emergencies follows the triage


def test_triage_is_shown_even_when_the_question_is_declined(
    knowledge: Knowledge, ask_index: AskIndex
) -> None:
    triage = fake_triage(knowledge, {"urinary_retention": True})
    result = ask("zxq qqq", ask_index, triage=triage)
    assert not result.answered and result.triage is not None


def test_harmless_triage_is_not_shown(knowledge: Knowledge, ask_index: AskIndex) -> None:
    quiet = fake_triage(knowledge, {})
    assert ask("how long does a spasm last", ask_index, triage=quiet).triage is None
    calm = assess(knowledge, Answers())
    assert calm.disposition.rank < Disposition.urgent.rank
    assert not needs_triage_first(calm, knowledge)
    assert not needs_triage_first(None, knowledge)


def test_a_reported_red_flag_counts_even_without_urgency(knowledge: Knowledge) -> None:
    flag = next(f.id for f in knowledge.findings.values() if f.red_flag)
    assessment = assess(knowledge, Answers(findings={flag: True}))
    assert needs_triage_first(assessment, knowledge)


def test_whitespace_is_normalised(ask_index: AskIndex) -> None:
    result = ask("  heat   or ice\n for a spasm  ", ask_index)
    assert result.question == "heat or ice for a spasm"


def test_any_text_gets_a_well_formed_result(ask_index: AskIndex) -> None:
    # The index is closed over, not passed in, so hypothesis never reprs it.
    @settings(max_examples=30, deadline=None)
    @given(text=st.text(max_size=120))
    def check(text: str) -> None:
        result = ask(text, ask_index)
        assert result.answered == bool(result.passages) == (result.answer is not None)
        assert result.answered or result.message == DECLINE_MESSAGE
        assert -1.0 - 1e-6 <= result.confidence <= 1.0 + 1e-6

    check()
