"""Build the personal care plan: triage first, then self-care by phase, safely.

:func:`build_plan` takes the plan input (the triage answers plus ``context`` and
``questionnaires``), runs the triage core, and only when the disposition allows
self-care builds the phases. With an emergency or urgent disposition the plan holds the
action and the reasons and nothing else: no self-care advice competes with it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ..core.answers import AnswersError, parse_answers
from ..core.assessment import DISCLAIMER, assess
from ..knowledge.loader import Knowledge
from ..knowledge.models import Disposition
from . import CareInputError
from .instruments import INSTRUMENTS, AnyScore, StartBackScore, parse_score
from .models import EVIDENCE_WORDS, CareKnowledge, Evidence, Phase, Risk, Stance
from .safety import MedicineVerdict, PersonContext, build_context, medicine_verdicts

#: Keys of the plan input that belong to the care plan; the rest are triage answers.
CARE_KEYS = ("context", "questionnaires")

NO_SELF_CARE = (Disposition.emergency, Disposition.urgent)

PATHWAY_NOTES = {
    Risk.low: "Low risk (STarT Back): advice and self-management.",
    Risk.medium: "Medium risk (STarT Back): physiotherapy.",
    Risk.high: "High risk (STarT Back): psychologically informed physiotherapy.",
}
NO_PATHWAY = (
    "No STarT Back answers yet: answer them (`backspasm score startback`) to choose your "
    "pathway. Until then follow the self-care below, and ask for physiotherapy if you are "
    "not improving."
)
UNDER_16 = (
    "This plan follows guidance written for people aged 16 and over; a child or young "
    "person with back pain should see a GP."
)


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlanItem(Out):
    id: str
    topic: str
    stance: Stance
    what: str
    why: str
    evidence: Evidence
    evidence_words: str
    sources: list[str]
    medicine: str | None = None
    cautions: list[str] = []
    check_first: list[str] = []


class PhasePlan(Out):
    phase: Phase
    label: str
    current: bool
    items: list[PlanItem]
    exercises: list[str]
    #: A guided routine for this phase whose exercises all suit the person, if any.
    routine: str | None = None


class Excluded(Out):
    id: str
    name: str
    reasons: list[str]
    sources: list[str]


class HelpAdvice(Out):
    urgency: str
    when: str
    action: str
    sources: list[str]


class CarePlan(Out):
    disposition: Disposition
    label: str
    action: str
    self_care: bool
    reasons: list[str]
    notes: list[str]
    pathway: Risk | None
    pathway_note: str | None
    current_phase: Phase | None
    questionnaires: list[AnyScore]
    phases: list[PhasePlan]
    medicines: list[MedicineVerdict]
    not_for_you: list[Excluded]
    get_help: list[HelpAdvice]
    safety_net: list[str]
    unanswered_red_flags: list[str]
    provisional: bool
    context: dict[str, str]
    knowledge_version: str
    disclaimer: str


def split_input(raw: Any) -> tuple[dict[str, Any], Any, Any]:
    """Split the plan input into (triage answers, raw context, raw questionnaires).

    Only the triage part is needed to decide urgency, so the care parts are checked later
    (:func:`check_care_parts`): a typo in them must never hide an emergency action.
    """
    if not isinstance(raw, dict):
        raise CareInputError(
            "The plan input must be a JSON object with the triage answers plus optional "
            "'context' and 'questionnaires'."
        )
    triage = {k: v for k, v in raw.items() if k not in CARE_KEYS}
    return triage, raw.get("context") or {}, raw.get("questionnaires") or {}


def check_care_parts(context: Any, questionnaires: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(context, dict):
        raise CareInputError("'context' must be an object such as {\"kidney_disease\": true}.")
    if not isinstance(questionnaires, dict):
        raise CareInputError('\'questionnaires\' must be an object such as {"pain": {"score": 6}}.')
    for key in questionnaires:
        if key not in INSTRUMENTS:
            raise CareInputError(
                f"{key!r} is not a questionnaire; use {', '.join(INSTRUMENTS)} in 'questionnaires'."
            )
    return context, questionnaires


def phase_of(duration_days: float | None) -> Phase | None:
    if duration_days is None:
        return None
    if duration_days < 2:
        return Phase.first_48_hours
    if duration_days <= 14:
        return Phase.days_3_to_14
    return Phase.after_two_weeks


def build_plan(knowledge: Knowledge, care: CareKnowledge, raw: Any) -> CarePlan:
    triage_raw, context_raw, questionnaires_raw = split_input(raw)
    try:
        answers = parse_answers(triage_raw, knowledge)
    except AnswersError as exc:
        raise CareInputError(str(exc)) from None
    assessment = assess(knowledge, answers)
    reasons = [r.text for r in assessment.reasons]
    base: dict[str, Any] = {
        "disposition": assessment.disposition,
        "label": assessment.label,
        "action": assessment.action,
        "reasons": reasons,
        "safety_net": list(assessment.safety_net),
        "unanswered_red_flags": list(assessment.unanswered_red_flags),
        "provisional": assessment.provisional,
        "knowledge_version": f"{knowledge.version}",
        "disclaimer": DISCLAIMER,
    }
    if assessment.disposition in NO_SELF_CARE:
        return CarePlan(
            **base,
            self_care=False,
            notes=[],
            pathway=None,
            pathway_note=None,
            current_phase=None,
            questionnaires=[],
            phases=[],
            medicines=[],
            not_for_you=[],
            get_help=[],
            context={},
        )

    context_raw, questionnaires_raw = check_care_parts(context_raw, questionnaires_raw)
    ctx = build_context(context_raw, answers, care)
    scores = [
        parse_score(kind, questionnaires_raw[kind], care)
        for kind in INSTRUMENTS
        if kind in questionnaires_raw
    ]
    if "pain" not in questionnaires_raw and answers.pain_score is not None:
        scores.append(parse_score("pain", answers.pain_score, care))
    startback = next((s for s in scores if isinstance(s, StartBackScore)), None)
    pathway = startback.risk if startback is not None else None

    verdicts = medicine_verdicts(care, ctx)
    excluded: dict[str, Excluded] = {}
    for v in verdicts.values():
        if v.status == "avoid":
            hits = [h for h in v.hits if h.effect == "avoid"]
            excluded[v.id] = Excluded(
                id=v.id,
                name=v.name,
                reasons=[f"{h.reason} ({h.label}: {h.because})" for h in hits],
                sources=sorted({s for h in hits for s in h.sources}),
            )

    current = phase_of(answers.duration_days)
    phases: list[PhasePlan] = []
    for phase in Phase:
        items: list[PlanItem] = []
        for rec in care.recommendations:
            if phase not in rec.phases:
                continue
            if rec.pathways and pathway not in rec.pathways:
                continue
            if rec.only_if_unsuitable and not all(
                verdicts[m].status == "avoid" for m in rec.only_if_unsuitable
            ):
                continue
            blocked = [c for c in rec.not_when if ctx.has(c)]
            if blocked:
                excluded.setdefault(
                    rec.id,
                    Excluded(
                        id=rec.id,
                        name=rec.topic,
                        reasons=[
                            f"Not advised with {care.context[c].label.lower()} "
                            f"({ctx.because.get(c, 'you said so')})."
                            for c in blocked
                        ],
                        sources=list(rec.sources),
                    ),
                )
                continue
            verdict = verdicts[rec.medicine] if rec.medicine else None
            if verdict is not None and verdict.status == "avoid":
                continue
            items.append(
                PlanItem(
                    id=rec.id,
                    topic=rec.topic,
                    stance=rec.stance,
                    what=rec.what,
                    why=rec.why,
                    evidence=rec.evidence,
                    evidence_words=EVIDENCE_WORDS[rec.evidence],
                    sources=list(rec.sources),
                    medicine=rec.medicine,
                    cautions=[h.reason for h in verdict.hits] if verdict else [],
                    check_first=list(verdict.check_first) if verdict else [],
                )
            )
        phases.append(
            PhasePlan(
                phase=phase,
                label=phase.label,
                current=phase == current,
                items=items,
                exercises=(suited := _exercises_for(care, phase, ctx, answers.location)),
                routine=next(
                    (
                        r.id
                        for r in care.routines.values()
                        if phase in r.phases and set(r.exercises) <= set(suited)
                    ),
                    None,
                ),
            )
        )

    mentioned = {i.medicine for p in phases for i in p.items if i.medicine}
    notes = []
    if answers.age is not None and answers.age < 16:
        notes.append(UNDER_16)
    if assessment.disposition == Disposition.routine:
        notes.append(
            "Self-care below is for the time until your appointment; it does not replace it."
        )
    return CarePlan(
        **base,
        self_care=True,
        notes=notes,
        pathway=pathway,
        pathway_note=PATHWAY_NOTES[pathway] if pathway else NO_PATHWAY,
        current_phase=current,
        questionnaires=scores,
        phases=phases,
        medicines=[v for v in verdicts.values() if v.id in mentioned],
        not_for_you=list(excluded.values()),
        get_help=[
            HelpAdvice(urgency=h.urgency, when=h.when, action=h.action, sources=list(h.sources))
            for h in care.help
        ],
        context={care.context[k].label: why for k, why in ctx.because.items() if ctx.has(k)},
    )


def _exercises_for(
    care: CareKnowledge, phase: Phase, ctx: PersonContext, location: object
) -> list[str]:
    suitable = [
        e
        for e in care.exercises.values()
        if phase in e.phases and not any(ctx.has(c) for c in e.avoid_when)
    ]
    suitable.sort(key=lambda e: 0 if location in e.regions else 1)
    return [e.id for e in suitable]
