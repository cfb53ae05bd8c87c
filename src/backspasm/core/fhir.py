"""The report as a FHIR R4 Bundle (type ``collection``): where the diary leaves the program.

Pure: :func:`to_fhir` turns a :class:`~backspasm.core.report.Report` into a JSON-ready dict.

What goes in, and how it is coded:

- one minimal **Patient**, pseudonymous: no name, no identifier, no birth date, tagged
  ``PSEUDED`` (HL7 v3 ObservationValue). Every other resource refers to it, because a
  RiskAssessment must have a subject. The diary's own name for the person is not exported.
- an **Observation** per check-in pain score, coded with the LOINC code of the numeric pain
  rating in our instrument knowledge (``care/instruments.yaml``, where codes are given only
  when confirmed); the check-in's function score, when given, as an Observation coded in
  backspasm's own code system (no LOINC code is confirmed for it).
- an **Observation** per saved questionnaire total, coded with the LOINC code of the total
  score when one is confirmed (``loinc_score``; the instrument's panel code does not code a
  result; otherwise the instrument's name as text only), the score as a Quantity, the stored
  interpretation, and other results as components (STarT Back: the distress subscore and the
  risk level with its LOINC answer code).
- per saved assessment, an **Observation** of the red-flag screening, one component per danger
  sign: ``valueBoolean`` for yes/no, ``dataAbsentReason`` ``asked-unknown`` for "not sure"
  and ``not-asked`` for a sign that was not asked; and a **RiskAssessment** whose prediction
  is the triage disposition (how soon care is needed); its rationale lists the findings behind
  each reason (the rules' own texts, which may name a cause to rule out, stay in the HTML).

- a **Condition** per diary episode, the spell of back pain as the person recorded it:
  ``onsetDateTime`` the day it started, ``abatementDateTime`` the day it ended (absent while
  it goes on), ``clinicalStatus`` active or resolved, ``verificationStatus`` *unconfirmed*
  (self-reported, not examined), category *problem-list-item*, ``asserter`` the Patient, the
  area of the back as ``bodySite`` text, and ``evidence.detail`` pointing at the pain
  Observations of the check-ins made during it. Each of those Observations points back at its
  episode with the core extension ``workflow-reasonReference`` (R4 has no Observation
  element that refers to a Condition). Why a Condition and not an EpisodeOfCare: in FHIR R4
  an EpisodeOfCare is a period during which an organisation takes responsibility for a
  patient's care (it is administrative, and usually has a managing organisation); a spell of
  back spasm is a health problem with an onset and an abatement, which is what Condition
  models (its scope covers problems and symptoms, not only diagnoses), and FHIR links the
  observations that support a condition through ``Condition.evidence``. The code is text
  only (plus backspasm's own code): no SNOMED CT code was confirmed, and the Condition names
  a symptom the person reported, never a cause.

No cause is named anywhere: backspasm does not diagnose.
The window of days the report covers is a ``meta.tag`` of the Bundle (system
``urn:backspasm:report-window``, code an ISO 8601 interval, ``..`` on an open side).
Identifiers are ``urn:uuid`` names derived from ``bundle_id`` (a new random UUID per export
in the front ends), so a bundle carries no database ids.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ..care.models import CareKnowledge
from .diary import CheckIn
from .report import AssessmentEntry, EpisodeEntry, QuestionnaireEntry, Report

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
V3_OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
#: backspasm's own code systems (URNs, so they never pretend to be a published terminology).
FINDING_SYSTEM = "urn:backspasm:finding"
DISPOSITION_SYSTEM = "urn:backspasm:disposition"
OBSERVATION_SYSTEM = "urn:backspasm:observation"
EPISODE_SYSTEM = "urn:backspasm:episode"
WINDOW_SYSTEM = "urn:backspasm:report-window"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
#: The R4 core extension an event uses to name the resource that justifies it.
REASON_REFERENCE = "http://hl7.org/fhir/StructureDefinition/workflow-reasonReference"

#: How a danger-sign answer that is not a yes or no is said in FHIR.
ABSENT_REASON = {"unsure": "asked-unknown", "not_asked": "not-asked"}


_SURVEY = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}]


def _score(value: float, unit: str = "{score}") -> dict[str, Any]:
    number: float | int = int(value) if float(value).is_integer() else value
    return {"value": number, "unit": unit, "system": UCUM, "code": unit}


def _instant(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="seconds")


class _Builder:
    def __init__(self, bundle_id: uuid.UUID) -> None:
        self.bundle_id = bundle_id
        self.entries: list[dict[str, Any]] = []

    def url(self, name: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.bundle_id, name)}"

    def add(self, name: str, resource: dict[str, Any]) -> str:
        full = self.url(name)
        resource = {"resourceType": resource.pop("resourceType"), "id": full[9:], **resource}
        self.entries.append({"fullUrl": full, "resource": resource})
        return full


def _checkin_observations(b: _Builder, patient: str, c: CheckIn, pain_code: str | None,
                          episode: str | None = None) -> str:
    """The check-in's Observations (pain, and function when given); the pain one's URL."""
    code: dict[str, Any] = {"text": "Pain right now, 0 (none) to 10 (worst imaginable)"}
    if pain_code:
        code["coding"] = [{"system": LOINC, "code": pain_code}]
    reason = ({"extension": [{"url": REASON_REFERENCE, "valueReference": {"reference": episode}}]}
              if episode else {})
    pain = b.add(f"checkin/{c.day}/pain", {
        "resourceType": "Observation", **reason, "status": "final", "category": _SURVEY,
        "code": code, "subject": {"reference": patient}, "effectiveDateTime": c.day.isoformat(),
        "valueQuantity": _score(c.pain),
    })
    if c.function is not None:
        b.add(f"checkin/{c.day}/function", {
            "resourceType": "Observation", **reason, "status": "final", "category": _SURVEY,
            "code": {
                "coding": [{"system": OBSERVATION_SYSTEM, "code": "function-today"}],
                "text": "What the person could do today, 0 (nothing) to 10 (everything as usual)",
            },
            "subject": {"reference": patient}, "effectiveDateTime": c.day.isoformat(),
            "valueQuantity": _score(c.function),
        })
    return pain


def _episode_condition(b: _Builder, patient: str, e: EpisodeEntry,
                       evidence: list[str]) -> None:
    """One diary episode as a Condition (see the module docstring for why), filled in after
    its check-ins' Observations, whose URLs it lists as evidence."""
    status = "resolved" if e.ended else "active"
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": status}]},
        "verificationStatus": {
            "coding": [{"system": CONDITION_VERIFICATION, "code": "unconfirmed"}]},
        "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": "problem-list-item"}]}],
        "code": {
            "coding": [{"system": EPISODE_SYSTEM, "code": "back-pain-episode"}],
            "text": "Episode of back pain or spasm, as recorded by the person",
        },
        "bodySite": [{"text": f"{e.location} back"}],
        "subject": {"reference": patient},
        "onsetDateTime": e.started.isoformat(),
        "asserter": {"reference": patient},
    }
    if e.ended:
        resource["abatementDateTime"] = e.ended.isoformat()
    if evidence:
        resource["evidence"] = [{"detail": [{"reference": url} for url in evidence]}]
    notes = [f"Worst pain {e.worst_pain}/10."]
    if e.triggers:
        notes.append("What the person thinks set it off: " + ", ".join(e.triggers) + ".")
    if e.helped:
        notes.append("What the person found helped: " + ", ".join(e.helped) + ".")
    resource["note"] = [{"text": " ".join(notes)}]
    b.add(f"episode/{e.started}", resource)


def _episode_of(day: dt.date, episodes: list[EpisodeEntry], today: dt.date) -> EpisodeEntry | None:
    for e in episodes:
        if e.started <= day <= (e.ended or max(today, e.started)):
            return e
    return None


def _window_tag(report: Report) -> dict[str, Any]:
    first = report.since.isoformat() if report.since else ".."
    last = report.until.isoformat() if report.until else (
        report.today.isoformat() if report.since else "..")
    return {"system": WINDOW_SYSTEM, "code": f"{first}/{last}", "display": report.covers}


def _questionnaire_observation(b: _Builder, patient: str, n: int, q: QuestionnaireEntry,
                               care: CareKnowledge) -> None:
    code: dict[str, Any] = {"text": q.name}
    if q.loinc:
        code["coding"] = [{"system": LOINC, "code": q.loinc}]
    resource: dict[str, Any] = {
        "resourceType": "Observation", "status": "final", "category": _SURVEY, "code": code,
        "subject": {"reference": patient}, "effectiveDateTime": _instant(q.created_at),
        "valueQuantity": _score(q.score, "%" if q.instrument == "odi" else "{score}"),
    }
    if q.band:
        resource["interpretation"] = [{"text": q.band}]
    components = []
    for part in q.parts:
        comp: dict[str, Any] = {
            "code": {"coding": [{"system": LOINC, "code": part.loinc}], "text": part.name}}
        if part.value is not None:
            comp["valueQuantity"] = _score(part.value)
        else:
            ins = care.instruments.get(q.instrument)
            answer = ins.loinc_answers.get(part.name, {}).get(str(part.text)) if ins else None
            concept: dict[str, Any] = {"text": part.text}
            if answer:
                concept["coding"] = [{"system": LOINC, "code": answer}]
            comp["valueCodeableConcept"] = concept
        components.append(comp)
    if components:
        resource["component"] = components
    notes = [x for x in (q.interpretation, q.change) if x]
    if notes:
        resource["note"] = [{"text": x} for x in notes]
    b.add(f"questionnaire/{n}", resource)


def _assessment_resources(b: _Builder, patient: str, n: int, a: AssessmentEntry,
                          disclaimer: str) -> None:
    components: list[dict[str, Any]] = []
    for flag in a.red_flags:
        comp: dict[str, Any] = {
            "code": {"coding": [{"system": FINDING_SYSTEM, "code": flag.id}], "text": flag.label},
        }
        if flag.answer in ("yes", "no"):
            comp["valueBoolean"] = flag.answer == "yes"
        else:
            comp["dataAbsentReason"] = {
                "coding": [{"system": DATA_ABSENT, "code": ABSENT_REASON[flag.answer]}]
            }
        components.append(comp)
    when = _instant(a.created_at)
    screening = b.add(f"assessment/{n}/screening", {
        "resourceType": "Observation", "status": "final", "category": _SURVEY,
        "code": {
            "coding": [{"system": OBSERVATION_SYSTEM, "code": "red-flag-screening"}],
            "text": "Danger-sign (red flag) screening, as answered by the person",
        },
        "subject": {"reference": patient}, "effectiveDateTime": when,
        "component": components,
    })
    # the findings behind each reason, not the rule's text: that text may name a cause to be
    # ruled out, and the export names none
    rationale = "; ".join(
        f"{r.disposition.value.replace('_', ' ')}, because of: {', '.join(r.because)}"
        for r in a.reasons if r.because
    ) or "No danger sign or other finding raised the advice for the answers given."
    notes = [{"text": disclaimer}]
    if a.provisional:
        notes.append({"text": "Provisional: unanswered questions could make the advice more "
                              "urgent: " + " ".join(a.open_questions)})
    b.add(f"assessment/{n}/triage", {
        "resourceType": "RiskAssessment", "status": "final",
        "subject": {"reference": patient}, "occurrenceDateTime": when,
        "method": {"text": f"backspasm triage, knowledge version {a.knowledge_version}"},
        "basis": [{"reference": screening}],
        "prediction": [{
            "outcome": {"text": "How soon care is needed"},
            "qualitativeRisk": {
                "coding": [{"system": DISPOSITION_SYSTEM, "code": a.disposition.value,
                            "display": a.label}],
                "text": a.label,
            },
            "rationale": rationale,
        }],
        "mitigation": a.action,
        "note": notes,
    })


def to_fhir(report: Report, care: CareKnowledge, *, bundle_id: uuid.UUID) -> dict[str, Any]:
    """The report as a FHIR R4 Bundle of type collection (a JSON-ready dict)."""
    b = _Builder(bundle_id)
    patient = b.add("patient", {
        "resourceType": "Patient",
        "meta": {"security": [{"system": V3_OBSERVATION_VALUE, "code": "PSEUDED"}]},
    })
    pain = care.instruments["pain"].loinc_score if "pain" in care.instruments else None
    evidence: dict[dt.date, list[str]] = {e.started: [] for e in report.episodes}
    for c in report.checkins:
        episode = _episode_of(c.day, report.episodes, report.today)
        url = _checkin_observations(b, patient, c, pain,
                                    b.url(f"episode/{episode.started}") if episode else None)
        if episode is not None:
            evidence[episode.started].append(url)
    for e in sorted(report.episodes, key=lambda e: e.started):
        _episode_condition(b, patient, e, evidence[e.started])
    for n, q in enumerate(reversed(report.questionnaires), start=1):
        _questionnaire_observation(b, patient, n, q, care)
    for n, a in enumerate(reversed(report.assessments), start=1):
        _assessment_resources(b, patient, n, a, report.disclaimer)
    return {
        "resourceType": "Bundle",
        "id": str(bundle_id),
        "meta": {"tag": [_window_tag(report)]},
        "type": "collection",
        "timestamp": _instant(report.generated),
        "entry": b.entries,
    }
