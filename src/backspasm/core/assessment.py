"""Answers in, assessment out: the one function every front end calls.

:func:`assess` is pure: it reads nothing from disk, keeps no state and returns the same
assessment for the same answers and knowledge.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition
from .answers import Answers
from .differential import evidence, ranking
from .engine import compiled
from .patterns import Facts
from .triage import (
    context_escalations,
    disposition_of,
    escalations,
    fired_rules,
    unanswered_red_flags,
)

DISCLAIMER = (
    "backspasm gives decision support, not a diagnosis. It cannot examine you. If you are "
    "worried, or get worse, contact a doctor or emergency services whatever it says."
)

#: Conditions shown in the ranked list.
TOP_CONDITIONS = 5


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(Out):
    rule: str
    disposition: Disposition
    text: str
    findings: list[str]
    because: list[str]
    sources: list[str]


class ConditionResult(Out):
    id: str
    name: str
    probability: float
    #: Named by a rule that set the disposition: a cause that must be ruled out.
    suspected: bool
    explanation: str
    icd10: str
    seriousness: Disposition
    evidence: list[str]
    sources: list[str]


class OpenQuestion(Out):
    """An unanswered question whose answer could make the advice more urgent.

    ``finding`` is a finding id, or ``age``, ``duration_days`` or ``pain_score``.
    """

    finding: str
    question: str
    would_lead_to: Disposition


CONTEXT_QUESTIONS = {
    "age": "How old are you? Some warning signs matter more in children or older people.",
    "duration_days": "How long has the pain lasted? Pain lasting over six weeks needs a review.",
    "pain_score": "How bad is the pain from 0 to 10? Severe leg pain needs a review.",
}


class Assessment(Out):
    disposition: Disposition
    label: str
    action: str
    reasons: list[Reason]
    conditions: list[ConditionResult]
    what_to_do_now: list[str]
    safety_net: list[str]
    unanswered_red_flags: list[str]
    would_change_advice: list[OpenQuestion]
    provisional: bool
    knowledge_version: str
    disclaimer: str
    answers: Answers


def assess(knowledge: Knowledge, answers: Answers) -> Assessment:
    engine = compiled(knowledge)
    # Findings the person was unsure of count as present for the triage (an engine that is
    # unsure escalates); they stay unanswered, so they are still listed and asked.
    facts = Facts.of(answers)
    unsure = set(answers.unsure)
    triaged = Facts.of(answers.assuming_unsure_present()) if unsure else facts
    fired = fired_rules(knowledge, triaged)
    disposition = disposition_of(fired)
    info = knowledge.dispositions[disposition]
    findings = knowledge.findings

    # The result is built as plain data and validated once (pydantic builds the nested
    # models in one pass, faster than one constructor call per reason and condition).
    reasons = [
        {
            "rule": f.rule.id,
            "disposition": f.rule.disposition,
            "text": f.rule.message,
            "findings": f.findings,
            "because": [
                f"{findings[x].label} (you were not sure)" if x in unsure else findings[x].label
                for x in f.findings
            ],
            "sources": f.rule.sources,
        }
        for f in fired
    ]
    # The causes that the deciding rules must rule out come first, then the rest by
    # probability: a differential that put "muscle strain" above the reason for an urgent
    # referral would contradict the advice it sits under.
    # Rules that fire on what the person is sure of pin their suspects. When the advice was
    # raised only by an unsure answer, the cause its rules name that would be likeliest if
    # the answer were a yes comes first (an emergency for "maybe numb down below" lists
    # cauda equina first) and the rest keep the order the sure answers give, which an
    # unsure answer does not rewrite.
    pinning, raised_by_unsure = fired, False
    if unsure:
        certain = fired_rules(knowledge, facts)
        raised_by_unsure = disposition_of(certain) is not disposition
        if not raised_by_unsure:
            pinning = certain
    suspects = {s for f in pinning if f.rule.disposition is disposition for s in f.rule.suspects}
    order, shares, yes = ranking(knowledge, facts)
    known, ids = engine.conditions, engine.condition_ids
    if suspects:
        pinned = suspects
        if raised_by_unsure:
            if_yes = ranking(knowledge, triaged)[0]
            pinned = {next(ids[i] for i in if_yes if ids[i] in suspects)}
        order.sort(key=lambda i: ids[i] not in pinned)  # stable: pinned first
    conditions = [
        {
            "id": c.id,
            "name": c.name,
            "probability": round(shares[i], 4),
            "suspected": c.id in suspects,
            "explanation": c.explanation,
            "icd10": c.icd10,
            "seriousness": c.seriousness,
            "evidence": evidence(engine, yes, i),
            "sources": c.sources,
        }
        for i, c in ((i, known[i]) for i in order[:TOP_CONDITIONS])
    ]
    unanswered = unanswered_red_flags(knowledge, facts)
    # Unsure findings are unanswered for the list but yes for the triage, which may also
    # ask other questions of them: find the triage's own unanswered ones then.
    raised = escalations(knowledge, triaged, disposition, None if unsure else unanswered)
    open_questions = [
        (level.rank, {"finding": fid, "question": findings[fid].question, "would_lead_to": level})
        for fid, level in raised.items()
    ]
    open_questions += [
        (level.rank, {"finding": field, "question": CONTEXT_QUESTIONS[field],
                      "would_lead_to": level})
        for field, level in context_escalations(knowledge, triaged, disposition).items()
    ]
    open_questions.sort(key=lambda q: -q[0])  # stable: most urgent first
    now = [info.action]
    now.extend(
        r.rule.message for r in fired
        if r.rule.disposition == disposition and r.rule.message not in now
    )
    return Assessment.model_validate({
        "disposition": disposition,
        "label": info.label,
        "action": info.action,
        "reasons": reasons,
        "conditions": conditions,
        "what_to_do_now": now,
        "safety_net": info.safety_net,
        "unanswered_red_flags": unanswered,
        "would_change_advice": [q for _, q in open_questions],
        "provisional": bool(open_questions or unsure),
        "knowledge_version": knowledge.version,
        "disclaimer": DISCLAIMER,
        "answers": answers,
    })
