"""Medicine safety: which medicines suit this person, which need care, which to avoid.

The person's context is built from three places, each item recording why it applies:
their own yes/no answers, the triage answers (age, findings such as pregnancy) and the
names in their list of current medicines. An item nobody answered is *unknown*: it never
counts as present, but a medicine with an "avoid" rule for it says "check first".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..core.answers import Answers
from . import CareInputError
from .models import CareKnowledge, Effect

Status = Literal["suitable", "caution", "avoid"]


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PersonContext(Out):
    """What is known about the person: item id -> True/False, with the reason for each yes."""

    known: dict[str, bool]
    because: dict[str, str]
    current_medicines: list[str]

    def has(self, item: str) -> bool:
        return self.known.get(item) is True

    def unknown(self, item: str) -> bool:
        return item not in self.known


class RuleHit(Out):
    context: str
    label: str
    effect: Effect
    reason: str
    because: str
    sources: list[str]


class MedicineVerdict(Out):
    id: str
    name: str
    supply: str
    status: Status
    hits: list[RuleHit]
    check_first: list[str]
    dose: str
    daily_max: str
    warnings: list[str]
    sources: list[str]


def _mentions(name: str, medicines: list[str]) -> str | None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])")
    for m in medicines:
        if pattern.search(m.lower()):
            return m
    return None


def build_context(
    raw: Mapping[str, Any] | None, answers: Answers, care: CareKnowledge
) -> PersonContext:
    """Validate the plan input's ``context`` object and combine it with the triage answers."""
    raw = dict(raw or {})
    medicines_raw = raw.pop("current_medicines", None)
    listed = medicines_raw is not None
    if medicines_raw is None:
        medicines_raw = []
    if not isinstance(medicines_raw, list) or not all(isinstance(m, str) for m in medicines_raw):
        raise CareInputError(
            "'current_medicines' must be a list of medicine names, such as [\"warfarin\"]."
        )
    known: dict[str, bool] = {}
    because: dict[str, str] = {}
    for key, value in raw.items():
        if key not in care.context:
            raise CareInputError(
                f"{key!r} is not a recognised context item (known: "
                f"{', '.join(sorted(care.context))}, current_medicines)."
            )
        if value is None:
            continue
        if not isinstance(value, bool):
            raise CareInputError(
                f"The context item '{key}' must be true, false or null, not {value!r}."
            )
        known[key] = value
        if value:
            because[key] = "you said so"
    for item in care.context.values():
        if known.get(item.id) is True:
            continue
        if item.only_sex and answers.sex is not None and answers.sex not in item.only_sex:
            known.setdefault(item.id, False)
            continue
        for fid in item.from_findings:
            if answers.present(fid):
                known[item.id] = True
                because[item.id] = "from your triage answers"
            elif answers.absent(fid) and item.id not in known:
                known[item.id] = False
        if (
            known.get(item.id) is not True
            and answers.age is not None
            and (item.age_min is not None or item.age_max is not None)
        ):
            lo = item.age_min if item.age_min is not None else 0
            hi = item.age_max if item.age_max is not None else 200
            inside = lo <= answers.age <= hi
            if inside or item.id not in known:
                known[item.id] = inside
            if inside:
                because[item.id] = f"your age ({answers.age})"
        if item.medicine_names and known.get(item.id) is not True and listed:
            hit = next((m for n in item.medicine_names if (m := _mentions(n, medicines_raw))), None)
            if hit is not None:
                known[item.id] = True
                because[item.id] = f"you take {hit}"
            elif item.id not in known:
                known[item.id] = False
    return PersonContext(known=known, because=because, current_medicines=list(medicines_raw))


def medicine_verdicts(care: CareKnowledge, ctx: PersonContext) -> dict[str, MedicineVerdict]:
    """Every medicine the plan knows, judged against the person's context."""
    out: dict[str, MedicineVerdict] = {}
    for med in care.medicines.values():
        hits = [
            RuleHit(
                context=r.when,
                label=care.context[r.when].label,
                effect=r.effect,
                reason=r.reason,
                because=ctx.because.get(r.when, "you said so"),
                sources=list(r.sources),
            )
            for r in med.rules
            if ctx.has(r.when)
        ]
        status: Status = (
            "avoid" if any(h.effect == "avoid" for h in hits) else "caution" if hits else "suitable"
        )
        check_first = [
            care.context[r.when].question
            for r in med.rules
            if r.effect == "avoid" and ctx.unknown(r.when)
        ]
        out[med.id] = MedicineVerdict(
            id=med.id,
            name=med.name,
            supply=med.supply,
            status=status,
            hits=hits,
            check_first=check_first,
            dose=med.dose,
            daily_max=med.daily_max,
            warnings=list(med.warnings),
            sources=list(med.sources),
        )
    return out
