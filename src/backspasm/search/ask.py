"""Answer a question from the passages: retrieve, fuse, decide, extract, cite.

Nothing here writes text of its own about health: the answer is made of sentences copied
from the best passage, and a question that matches no passage well enough is declined
("I don't know") instead of being answered with something else. A question that describes
symptoms goes through the injected ``triage`` step first; when that finds a red flag or an
urgent disposition, the triage result comes before any answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..core.assessment import Assessment
from ..knowledge.models import Disposition
from .index import AskIndex

#: Scope decision, calibrated on tests/search/questions.yaml (figures in docs/benchmarks.md,
#: Ask). ``confidence`` is the best cosine similarity of the question with any passage or
#: passage question. A question is answered when its confidence reaches SCOPE_HIGH, or
#: reaches SCOPE_LOW and either names the back (one of DOMAIN_WORDS, after typo
#: correction) or matches a passage strongly by words (best BM25 score >= SCOPE_LEXICAL;
#: the out-of-scope questions of the tuning set all score below 2.3).
SCOPE_HIGH = 0.55
SCOPE_LOW = 0.30
SCOPE_LEXICAL = 2.5
_DOMAIN_WORDS = (
    """back backache spine spinal spasm lumbar thoracic sciatica sciatic disc disk vertebra
    vertebrae facet muscle cramp stretch posture lift"""
)
DOMAIN_WORDS = frozenset(_DOMAIN_WORDS.split())
#: Weight of the BM25 score (scaled to 0..1 by the best passage's score) added to the
#: semantic similarity. Rank fusion (RRF, k = 5..60) was tried and gave 2-4 points lower
#: top-1 accuracy on the evaluation set: with only a few dozen passages the similarity
#: values themselves carry information that ranks throw away.
WEIGHT_LEXICAL = 0.2
#: BM25 scores are divided by max(best score, LEXICAL_FLOOR), so a question whose words
#: barely match anything (only "back", say) gets a small lexical bonus, not a full one.
LEXICAL_FLOOR = 2.0
#: Sentences copied into the short answer.
ANSWER_SENTENCES = 2
#: Related questions shown, and how similar to the asked question one may be.
RELATED_QUESTIONS = 4
RELATED_MAX_SIMILARITY = 0.8

DECLINE_MESSAGE = (
    "I don't know: this question is outside what backspasm's passages cover (back spasms "
    "and back pain: causes, danger signs, relief, recovery and prevention), so I will not "
    "answer something else instead. A doctor or pharmacist can help with other questions."
)

TriageFn = Callable[[str], Assessment | None]


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Citation(Out):
    id: str
    title: str
    authors: str
    year: int
    kind: str
    link: str


class PassageHit(Out):
    id: str
    title: str
    topic: str
    text: str
    evidence_level: str
    evidence: str
    score: float
    semantic: float
    citations: list[Citation]


class AskResult(Out):
    #: Set when the question described a red flag or urgent symptoms: show it first.
    triage: Assessment | None
    question: str
    answered: bool
    answer: str | None
    answer_from: list[str]
    message: str | None
    confidence: float
    passages: list[PassageHit]
    related_questions: list[str]
    knowledge_version: str


class Ranked(Out):
    index: int
    score: float
    semantic: float
    lexical: float


def needs_triage_first(assessment: Assessment | None, knowledge: Any) -> bool:
    """Show triage first when a red flag was reported or care is needed urgently."""
    if assessment is None:
        return False
    if assessment.disposition.rank >= Disposition.urgent.rank:
        return True
    findings = knowledge.findings
    return any(
        value and fid in findings and findings[fid].red_flag
        for fid, value in assessment.answers.findings.items()
    )


def semantic_scores(index: AskIndex, query_vec: Any) -> Any:
    """Per passage: the best cosine of the query with the passage or one of its questions."""
    import numpy as np

    by_passage = index.passage_vecs @ query_vec
    by_question = index.question_vecs @ query_vec
    # Questions are stored passage by passage and every passage has at least two.
    best_q = np.maximum.reduceat(by_question, index.question_starts)
    return np.maximum(by_passage, best_q)


def rank(index: AskIndex, question: str, query_vec: Any | None = None) -> list[Ranked]:
    """Every passage, best first: semantic similarity plus the weighted, scaled BM25 score."""
    import numpy as np

    if query_vec is None:
        query_vec = index.embed_query(question)
    sem = semantic_scores(index, query_vec)
    lex = index.lexical.scores(question)
    scale = max(float(lex.max(initial=0.0)), LEXICAL_FLOOR)
    fused = sem + WEIGHT_LEXICAL * lex / scale
    order = np.argsort(-fused, kind="stable")
    return [
        Ranked(index=int(i), score=float(fused[i]), semantic=float(sem[i]), lexical=float(lex[i]))
        for i in order
    ]


def in_scope(index: AskIndex, question: str, confidence: float, lexical: float) -> bool:
    """Whether the passages can answer ``question`` (see SCOPE_HIGH, SCOPE_LOW)."""
    from .lexical import words

    if confidence >= SCOPE_HIGH:
        return True
    if confidence < SCOPE_LOW:
        return False
    if lexical >= SCOPE_LEXICAL:
        return True
    said = set(words(question)) | set(index.lexical.query_words(question))
    return bool(said & DOMAIN_WORDS)


def _citations(index: AskIndex, source_ids: list[str]) -> list[Citation]:
    return [
        Citation(
            id=source.id,
            title=source.title,
            authors=source.authors,
            year=source.year,
            kind=source.kind,
            link=source.link,
        )
        for source in index.knowledge.cite(source_ids)
    ]


def _extract(index: AskIndex, passage_index: int, query_vec: Any) -> str:
    """The passage's lead sentence (passages put the direct answer first), plus the other
    sentence closest to the question, in the passage's own order."""
    own = [
        (n, text, float(index.sentence_vecs[row] @ query_vec))
        for row, (pi, n, text) in enumerate(index.sentences)
        if pi == passage_index
    ]
    lead, rest = own[0], own[1:]
    best = sorted(rest, key=lambda t: -t[2])[: ANSWER_SENTENCES - 1]
    return " ".join(text for _, text, _ in sorted([lead, *best], key=lambda t: t[0]))


def _related(index: AskIndex, ranked: list[Ranked], query_vec: Any, limit: int) -> list[str]:
    """One question from each of the next-best passages, skipping near-repeats of the
    question asked (cosine >= RELATED_MAX_SIMILARITY) and the answering passage itself."""
    import numpy as np

    out: list[str] = []
    for r in ranked[1 : limit + 3]:
        rows = np.flatnonzero(index.question_owner == r.index)
        for row in rows:
            if float(index.question_vecs[row] @ query_vec) >= RELATED_MAX_SIMILARITY:
                continue
            out.append(index.passages[r.index].questions[row - rows[0]])
            break
        if len(out) == limit:
            break
    return out


def ask(
    question: str,
    index: AskIndex,
    *,
    triage: TriageFn | None = None,
    top_k: int = 3,
) -> AskResult:
    """Answer ``question`` from ``index``; run ``triage`` on it first when given."""
    question = " ".join(question.split())
    assessment = triage(question) if triage is not None else None
    shown_triage = assessment if needs_triage_first(assessment, index.knowledge) else None

    query_vec = index.embed_query(question)
    ranked = rank(index, question, query_vec)
    confidence = max((r.semantic for r in ranked), default=0.0)
    version = index.knowledge.version
    best_lexical = max((r.lexical for r in ranked), default=0.0)
    if not in_scope(index, question, confidence, best_lexical):
        return AskResult(
            question=question,
            answered=False,
            answer=None,
            answer_from=[],
            message=DECLINE_MESSAGE,
            confidence=round(confidence, 4),
            passages=[],
            related_questions=[],
            triage=shown_triage,
            knowledge_version=version,
        )
    top = ranked[:top_k]
    hits = []
    for r in top:
        p = index.passages[r.index]
        hits.append(
            PassageHit(
                id=p.id,
                title=p.title,
                topic=p.topic,
                text=p.text,
                evidence_level=p.evidence.level,
                evidence=p.evidence.statement,
                score=round(r.score, 5),
                semantic=round(r.semantic, 4),
                citations=_citations(index, p.sources),
            )
        )
    best = index.passages[top[0].index]
    return AskResult(
        question=question,
        answered=True,
        answer=_extract(index, top[0].index, query_vec),
        answer_from=[best.id],
        message=None,
        confidence=round(confidence, 4),
        passages=hits,
        related_questions=_related(index, ranked, query_vec, RELATED_QUESTIONS),
        triage=shown_triage,
        knowledge_version=version,
    )
