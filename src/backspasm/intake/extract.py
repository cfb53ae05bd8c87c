"""Free text in, findings out: :func:`extract` and :func:`assess_text`.

The text is checked first (empty, too long, no words, not English); then the medspaCy
pipeline finds the target phrases and ConText decides for each one whether it is
denied, uncertain, about someone else or old history. Only what is present or denied for
the person now goes into the answers; everything else stays unknown, so a red flag that
is only "maybe" is still asked.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..core.answers import Answers
from ..core.assessment import Assessment, assess
from ..knowledge.loader import Knowledge
from .facts import (
    FEVER_FROM,
    NO_FEVER_BELOW,
    ages_in_digits,
    read_facts,
    read_gestation,
    read_shock,
    read_temperatures,
)
from .models import Context, ExtractedFinding, Extraction, Facts, Status
from .pipeline import BACK, FALLBACK, GROUP, NOT, SPANS, Pipeline, get_pipeline, unhyphenate
from .rules import language_words

#: Longest text read, in characters. A complaint is a few sentences; a whole book is not.
MAX_CHARS = 5000
#: Longest supporting text, in tokens, shown for a finding.
MAX_SUPPORT_TOKENS = 14

EMPTY = "The text is empty: describe in a few words what is happening with your back."
TOO_LONG = (
    f"The text is too long ({{n:,}} characters; at most {MAX_CHARS:,}): describe what is "
    "happening now in a few sentences."
)
NO_WORDS = "The text has no words backspasm can read: describe what is happening in English words."
NOT_ENGLISH = (
    "The text does not look like English, and backspasm understands only English: please "
    "describe what is happening in English."
)
OUT_OF_SCOPE = (
    "This does not seem to be about back pain, which is all backspasm can help with: for "
    "other problems ask a pharmacist, a doctor or a health helpline (in an emergency, call "
    "emergency services)."
)
NO_BACK_WORD = (
    "The text does not mention your back; backspasm still checked the warning signs it found."
)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_ORDER: dict[Status, int] = {"absent": 0, "uncertain": 1, "present": 2}


def _check(text: str) -> str | None:
    """A plain sentence when the text cannot be read at all, else None."""
    if not text or not text.strip():
        return EMPTY
    if len(text) > MAX_CHARS:
        return TOO_LONG.format(n=len(text))
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return NO_WORDS
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin < 0.5 * len(letters):
        return NOT_ENGLISH
    words = [w.lower() for w in _WORD.findall(text)]
    lang = language_words()
    english = sum(w in lang.english for w in words)
    foreign = sum(w in lang.foreign for w in words)
    if len(words) >= 3 and foreign >= 2 and foreign > 2 * english:
        return NOT_ENGLISH
    if len(words) >= 4 and english == 0:
        return NOT_ENGLISH
    return None


_QUOTES = str.maketrans("’‘`“”", "'''\"\"")


#: A clinician's query mark ("?saddle anaesthesia", "?PE"): a "?" written before a word.
_QUERY = re.compile(r"(?:^|(?<=[\s,(/;:]))\?(?=[^\W\d_])")
#: What the query mark becomes: a character spaCy splits off like "?" but that does not end
#: the sentence, so context.yaml can read it as doubt about the words that follow.
QUERY_MARK = "¿"


def _clean(text: str) -> str:
    """Same-length normalisation: curly quotes to straight ones, so "can’t" reads as "can't";
    a hyphen inside a word as a space, so "rowing-machine" reads as "rowing machine"; and a
    query mark before a word ("?saddle anaesthesia") as doubt, not the end of a sentence."""
    return _QUERY.sub(QUERY_MARK, unhyphenate(text.translate(_QUOTES)))


def _support(doc: Any, span: Any, skip: set[int] | None = None) -> str:
    start, end = span.start, span.end
    for i, mod in enumerate(span._.modifiers):
        if skip and i in skip:
            continue
        m_start, m_end = mod.modifier_span
        if m_end <= start and start - m_start <= MAX_SUPPORT_TOKENS:
            start = min(start, m_start)
        elif m_start >= end and m_end - end <= MAX_SUPPORT_TOKENS:
            end = max(end, m_end)
    if start == span.start and _labelled_no(span):
        start -= 1  # "no fever" in "Red flags: no fever"
    if start > 0 and doc[start].norm_ == "not" and doc[start].text.lower() in {"n't", "nt", "n’t"}:
        start -= 1  # "ca" + "n't": show "can't", not "n't"
    return str(doc[start:end].text)


#: Tokens that end a clause or a list item, for the reach of a denial.
_BREAKS = {",", ";", "-", "\u2013", "\u2014"}
_JOINS = {"and", "but"}
_LIST_ENDS = {"or", "nor"}


def _unreached(span: Any, pipe: Pipeline, fixed_spans: list[tuple[int, int]]) -> set[int]:
    """The forward denials (by index in ``span._.modifiers``) that do not reach ``span``.

    medspaCy's ConText gives a denial a reach in tokens; two plain rules end it earlier:

    * a comma (or "and") followed by a clause of its own, one with a verb: "no numbness,
      legs feel like jelly", "no fever and no numbness, I can't feel my bum";
    * in a run of separate denials ("no fever, no weakness, ...", or a list holding a
      denial of its own such as "peeing normally"), a comma ends the last denial unless
      the item after it closes a list with "or"/"nor": "no fever, no weakness, pins and
      needles in my foot" (pins and needles present) but "no fever, no numbness,
      tingling or weakness" (all denied).

    Either way a denial never swallows a danger sign said after it in a clause of its own.
    """
    doc = span.doc
    sent = span.sent
    graph = getattr(doc._, "context_graph", None)
    denials = [
        m
        for m in (graph.modifiers if graph is not None else [])
        if m.category == "NEGATED_EXISTENCE"
        and sent.start <= m.modifier_span[0] < sent.end
    ]
    out: set[int] = set()
    for index, mod in enumerate(span._.modifiers):
        if mod.category != "NEGATED_EXISTENCE" or mod.direction.upper() != "FORWARD":
            continue
        m_end = mod.modifier_span[1]
        if m_end > span.start:
            continue
        commas = [i for i in range(m_end, span.start) if doc[i].text in _BREAKS]
        joins = [i for i in range(m_end, span.start) if doc[i].norm_ in _JOINS]
        if not commas and not joins:
            continue
        last = max(commas + joins)
        end = next(
            (
                i
                for i in range(span.end, sent.end)
                if doc[i].text in _BREAKS or doc[i].norm_ in _JOINS
            ),
            sent.end,
        )
        if any(doc[i].norm_ in pipe.clause_words for i in range(last + 1, end)):
            out.add(index)
            continue
        if not commas:
            continue
        run = any(m.modifier_span != mod.modifier_span for m in denials) or any(
            m_end <= s and e <= span.start for s, e in fixed_spans
        )
        item_end = next((i for i in range(span.end, sent.end) if doc[i].text in _BREAKS), sent.end)
        closes_list = any(doc[i].norm_ in _LIST_ENDS for i in range(commas[-1] + 1, item_end))
        if run and not closes_list:
            out.add(index)
    return out


def _labelled_no(span: Any) -> bool:
    """"Red flags: no fever": context.yaml reads ": no" backwards ("fever: no"), and that
    reading hides the plain "no" in it, so the target right after it is denied here."""
    doc = span.doc
    graph = getattr(doc._, "context_graph", None)
    for m in graph.modifiers if graph is not None else []:
        start, end = m.modifier_span
        if (
            m.category == "NEGATED_EXISTENCE"
            and m.direction.upper() == "BACKWARD"
            and end == span.start
            and end - start == 2
            and doc[start].text in {":", "-", "="}
            and doc[end - 1].norm_ in {"no", "none"}
        ):
            return True
    return False


def _judge(
    span: Any, finding_id: str, pipe: Pipeline, skip: set[int] | None = None
) -> tuple[Status, Context]:
    cats = {m.category for i, m in enumerate(span._.modifiers) if i not in (skip or set())}
    context: Context = "current"
    if "FAMILY" in cats:
        context = "family"
    elif "HISTORICAL" in cats and finding_id not in pipe.history_counts:
        context = "historical"
    status: Status = "present"
    if "HYPOTHETICAL" in cats and context == "current":
        # "what if I wet myself": not something that is happening to the person.
        context = "hypothetical"
    if "POSSIBLE_EXISTENCE" in cats or "HYPOTHETICAL" in cats:
        status = "uncertain"
    elif "NEGATED_EXISTENCE" in cats or _labelled_no(span):
        status = "absent"
    return status, context


def _ids(label: str, pipe: Pipeline) -> tuple[str, ...]:
    if label.startswith(GROUP):
        return pipe.groups[label[len(GROUP) :]]
    if label.startswith(FALLBACK):
        return (label[len(FALLBACK) :],)
    return () if label in (BACK, NOT) else (label,)


def _is_fallback(label: str, pipe: Pipeline) -> bool:
    return label.startswith(FALLBACK) or (
        label.startswith(GROUP) and label[len(GROUP) :] in pipe.fallback_groups
    )


def _keep(spans: list[Any], pipe: Pipeline) -> list[tuple[Any, str]]:
    """The (span, finding id) pairs that count.

    A phrase inside a longer phrase about the same finding is dropped ("problems with the
    toilet" inside "no problems with the toilet"), and so is a vague phrase that overlaps a
    phrase about any other finding ("numb" inside "numb down below"), and so is any phrase
    inside one that looks like a finding but is none ("gone grey" in "my hair has gone grey").
    """
    decoys = [(s.start, s.end) for s in spans if s.label_ == NOT]
    solid: dict[str, list[tuple[int, int]]] = {}
    solid_any: list[tuple[int, int]] = []
    for span in spans:
        fallback = _is_fallback(span.label_, pipe)
        for fid in _ids(span.label_, pipe):
            solid.setdefault(fid, []).append((span.start, span.end))
            if not fallback:
                solid_any.append((span.start, span.end))
    kept: list[tuple[Any, str]] = []
    for span in spans:
        if any(s <= span.start and span.end <= e for s, e in decoys):
            continue
        if _is_fallback(span.label_, pipe) and any(
            s < span.end and span.start < e for s, e in solid_any
        ):
            continue
        size = span.end - span.start
        for fid in _ids(span.label_, pipe):
            inside = any(
                s <= span.start and span.end <= e and (e - s) > size for s, e in solid[fid]
            )
            if not inside:
                kept.append((span, fid))
    return kept


#: "my brother has osteoporosis but I don't": the writer denies what the other person has.
_ELLIPSIS = re.compile(
    r"^\W*(?:but|and|while|whereas|though|although|;|,)?\W*(?:as for me,?\s*)?"
    r"(?:i|me)\s*(?:do not|don't|dont|have not|haven't|havent|has not|never have|never did|"
    r"did not|didn't|am not|'m not|have neither|have none|haven't had (?:it|one|any)|"
    r"have never had (?:it|one|any)|have not had (?:it|one|any)|never had (?:it|one|any)|"
    r"'ve never had (?:it|one|any)|'ve not had (?:it|one|any)|do not have (?:it|one|any)|"
    r"don't have (?:it|one|any))\b",
    re.I,
)


#: "my wife has no fever but I do", "my mum had cancer and so did I": the writer has it too
#: (at the end of the sentence or of its clause: "... and so do I, and my back hurts").
_AFFIRM = re.compile(
    r"^\W*(?:but|and|;|,)?\W*(?:so\s+(?:do|did|have|am)\s+i|i\s+(?:do|did|have|am)(?:\s+too)?"
    r"|i'(?:ve|m)\s+got\s+it|me\s+too)\b(?:\W*$|\s*[,;]|\s+(?:and|but)\b)",
    re.I,
)


_FEMALE = {
    "mum",
    "mom",
    "mother",
    "mam",
    "wife",
    "daughter",
    "girl",
    "grandmother",
    "grandma",
    "gran",
    "nan",
    "nana",
    "granny",
    "sister",
    "aunt",
    "auntie",
    "girlfriend",
    "fiancee",
}
_MALE = {
    "dad",
    "father",
    "husband",
    "son",
    "boy",
    "grandfather",
    "grandpa",
    "grandad",
    "brother",
    "uncle",
    "boyfriend",
    "fiance",
}
_RELATIVE = "|".join(sorted(_FEMALE | _MALE | {"partner", "child", "kid", "friend"}))
#: "My mum is 84 and ...", "My 78-year-old husband has ...": someone writing for another;
#: typed in a hurry the "my" is often dropped ("dad has myeloma ...", "grandad's 80 ...").
#: A label before the report itself: "wife texting: he's ...", "Re: my dad ...".
_LABEL = (
    r"(?:(?:dear|hi|hello|hey)\b(?:\s+(?:doctor|dr|doc|nurse|there|all|team))?\s*[,:!]?\s*)?"
    r"(?:[A-Za-z][A-Za-z ]{0,24}:\s*)?"
)
_PROXY = re.compile(
    rf"^\W*{_LABEL}(?:(?:my|our)\s+)?(?:(?:teen|teenage|little|young|elderly|old|baby|youngest|eldest|"
    rf"older|younger)\s+)?(?:(\d{{1,3}})\s*-?\s*(?:years?|yrs?)\s*-?\s*old\s+)?"
    rf"({_RELATIVE})\b(?:(?:,?\s+(?:who\s+)?(?:is|aged)|'s|’s|,)\s+(\d{{1,3}})\b|\s*\((\d{{1,3}})\)"
    r"|\s+(\d{1,3})\b(?!\s*(?:days?|weeks?|months?|hours?|minutes?|times?|%|/|-|\.\d)))?",
    re.I,
)
#: The writer speaking of themselves anywhere after the opening.
_WRITER = re.compile(
    rf"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|myself)\b|\bmy\s+(?!(?:{_RELATIVE})\b)\w",
    re.I,
)


#: "My 4 yo has ...", "our 12-year-old ...": a child named only by age.
_PROXY_CHILD = re.compile(
    rf"^\W*{_LABEL}(?:my|our)\s+"
    r"(\d{1,2})\s*-?\s*(?:yo|y/o|y\.o\.|(?:years?|yrs?)\s*-?\s*old|"
    r"(?:months?|mths?)\s*-?\s*old)\b",
    re.I,
)
#: "he's been in agony ...", "shes 40 and ...": a partner or carer texting about someone.
_PROXY_PRONOUN = re.compile(rf"^\W*{_LABEL}(he|she)(?:'s|’s|s)?\b", re.I)
_PRONOUN_AGE = re.compile(
    r"\b(?:he|she)(?:'s|’s|s|\s+is)\s+(\d{1,3})\b(?!\s*(?:weeks?|days?|months?|%|/|kg|st\b))",
    re.I,
)


def _opening(text: str) -> re.Match[str] | None:
    """Where a report about someone else opens with that person, or None."""
    # The pronoun first: in "wife texting: he's ..." the relative is the writer.
    for pattern in (_PROXY_PRONOUN, _PROXY, _PROXY_CHILD):
        m = pattern.match(text)
        if m is not None:
            return m
    return None


def _patient_word(text: str) -> str | None:
    """The word that names the patient of a report about someone else ("my dad ..."):
    a relative, "he"/"she", or "child" for "my 4 yo"."""
    m = _opening(text)
    if m is None:
        return None
    if m.re is _PROXY_CHILD:
        return "child"
    return _person(m.group(2) if m.re is _PROXY else m.group(1))


def _proxy(text: str) -> tuple[int | None, str | None] | None:
    """For a report written about someone else (and never about the writer), that person's
    age and sex when the opening gives them; None when the writer is the patient."""
    m = _opening(text)
    if m is None or _WRITER.search(text[m.end() :]):
        return None
    if m.re is _PROXY_CHILD:
        unit_months = "mth" in m.group(0).lower() or "month" in m.group(0).lower()
        return (0 if unit_months else int(m.group(1))), None
    if m.re is _PROXY_PRONOUN:
        age = _PRONOUN_AGE.search(text)
        pronoun_sex = "male" if m.group(1).lower() == "he" else "female"
        return (int(age.group(1)) if age else None), pronoun_sex
    pronoun_age = _PRONOUN_AGE.search(text)
    raw_age = (
        m.group(1)
        or m.group(3)
        or m.group(4)
        or m.group(5)
        or (pronoun_age and pronoun_age.group(1))
    )
    relative = m.group(2).lower()
    sex = "female" if relative in _FEMALE else "male" if relative in _MALE else None
    return (int(raw_age) if raw_age else None), sex


def _as_patient(
    findings: list[ExtractedFinding],
    patient: str | None = None,
    whom: dict[tuple[str, Context], set[str]] | None = None,
) -> list[ExtractedFinding]:
    """In a report about someone else (``patient``: the word that names them), their
    findings are the current ones; a finding of a third person named otherwise ("my dad
    has back pain and my mum had a fever") stays theirs."""
    best: dict[tuple[str, Context], ExtractedFinding] = {}
    for f in findings:
        people = (whom or {}).get((f.id, f.context), set()) - {"?"}
        theirs = (
            patient is not None
            and bool(people)
            and patient not in people
            and not people <= _PRONOUNS
            and not (patient in _PRONOUNS and people <= _PRONOUNS)
        )
        if f.context == "family" and not theirs:
            f = f.model_copy(update={"context": "current"})
        old = best.get((f.id, f.context))
        if old is None or _ORDER[f.status] > _ORDER[old.status]:
            best[(f.id, f.context)] = f
    return list(best.values())


def _temperature_status(celsius: float) -> Status | None:
    """A measured temperature as a fever: present, absent, or None in the grey zone between."""
    if celsius >= FEVER_FROM:
        return "present"
    if celsius < NO_FEVER_BELOW:
        return "absent"
    return None


#: Words for the same person, so "my mum ... my mother" is one person.
_SAME_PERSON = {
    "mom": "mum",
    "mother": "mum",
    "mam": "mum",
    "mama": "mum",
    "father": "dad",
    "papa": "dad",
    "grandmother": "grandma",
    "gran": "grandma",
    "nan": "grandma",
    "nana": "grandma",
    "granny": "grandma",
    "grandfather": "grandad",
    "grandpa": "grandad",
    "kid": "child",
    "kids": "child",
    "children": "child",
    "boy": "child",
    "girl": "child",
    "baby": "child",
    "toddler": "child",
    "auntie": "aunt",
    "aunty": "aunt",
}
_PRONOUNS = {"he", "she"}
#: Every word that can name the other person in a FAMILY trigger.
_PEOPLE = _FEMALE | _MALE | set(_SAME_PERSON) | {"partner", "child", "friend", "he", "she"}


def _person(word: str) -> str:
    word = word.lower()
    return _SAME_PERSON.get(word, word)


#: Words that make the person named just before them the one who has the finding.
_HAS = {"has", "had", "have", "is", "was", "'s", "got"}
#: Words that bring the patient of a report back ("my mum says he wet himself").
_BACK_TO_PATIENT = {"he", "she", "him", "himself", "herself"}


def _whom(span: Any) -> set[str]:
    """Who a family finding belongs to, as far as its FAMILY triggers tell: the person words
    of a trigger that is the subject of the finding ("my mum had a fever", "his father had
    cancer"). A trigger that only names someone along the way ("helped his uncle move
    furniture", "my mum says he wet himself") tells nothing: the finding is then the
    patient's, the safe side for a red flag."""
    doc = span.doc
    words: set[str] = set()
    for mod in span._.modifiers:
        if mod.category == "FAMILY":
            start, end = mod.modifier_span
            if end >= len(doc) or doc[end].norm_.lower() not in _HAS:
                continue
            if any(t.norm_.lower() in _BACK_TO_PATIENT for t in doc[end : span.start]):
                continue
            trigger = doc[start:end]
            if any(t.norm_.lower() in {"his", "her", "their"} for t in trigger):
                words.add("+third")  # "his father": someone of the other person's own
            else:
                words |= {_person(t.norm_) for t in trigger if t.norm_.lower() in _PEOPLE}
    return words


def _read(
    pipe: Pipeline, knowledge: Knowledge, text: str
) -> tuple[list[ExtractedFinding], bool, dict[tuple[str, Context], set[str]]]:
    doc = pipe.nlp(text)
    best: dict[tuple[str, Context], ExtractedFinding] = {}
    whom: dict[tuple[str, Context], set[str]] = {}

    def put(fid: str, status: Status, context: Context, support: str) -> None:
        old = best.get((fid, context))
        if old is None or _ORDER[status] > _ORDER[old.status]:
            best[(fid, context)] = ExtractedFinding(
                id=fid, status=status, text=support, context=context
            )

    spans = list(doc.spans.get(SPANS, []))
    mentions_back = any(span.label_ == BACK for span in spans)
    denied_later: list[tuple[str, str]] = []
    affirmed: list[tuple[str, str]] = []
    readings = read_temperatures(text)
    read_at: set[int] = set()
    fixed_spans = [
        (s.start, s.end)
        for s in spans
        if s.label_.startswith(GROUP) and s.label_[len(GROUP) :] in pipe.fixed
    ]
    for span, fid in _keep(spans, pipe):
        label = span.label_
        group = label[len(GROUP) :] if label.startswith(GROUP) else None
        unreached = _unreached(span, pipe, fixed_spans)
        status, context = _judge(span, fid, pipe, unreached)
        if group in pipe.fixed:
            status = "absent"
        if fid == "fever" and status == "present":
            # "temp 36.8" names a temperature without being a fever: the number decides.
            for i, (start, end, celsius, _) in enumerate(readings):
                if span.start_char < end and start < span.end_char:
                    read_at.add(i)
                    status = _temperature_status(celsius) or status
        put(fid, status, context, _support(doc, span, unreached))
        if context == "family":
            whom.setdefault((fid, context), set()).update(_whom(span) or {"?"})
        if context == "family" and _AFFIRM.search(doc[span.end : span.sent.end].text):
            affirmed.append((fid, doc[span.end : span.sent.end].text.strip(" ,;.")))
        elif context == "family" and status == "present":
            rest = doc[span.end : span.sent.end]
            m = _ELLIPSIS.search(rest.text)
            if m is None:
                # "my mother had cancer and so did my aunt, but I haven't"
                tail = re.search(r"(?:but|,|;)\s*(?:i|me)\b.*$", rest.text, re.I)
                m = _ELLIPSIS.search(tail.group(0)) if tail else None
            if m is not None:
                denied_later.append((fid, m.group(0).strip(" ,;")))
    for i, (start, end, celsius, mine) in enumerate(readings):
        measured = _temperature_status(celsius)
        if i not in read_at and measured is not None:
            put("fever", measured, "current" if mine else "family", text[start:end])
    for start, end, mine in read_shock(text):
        put("shock_signs", "present", "current" if mine else "family", text[start:end])
    weeks = read_gestation(text)
    if weeks is not None:
        put("pregnancy", "present", "current", text[weeks[0] : weeks[1]])
    for fid, words in affirmed:
        put(fid, "present", "current", words)
    for fid, words in denied_later:
        if (fid, "current") not in best:
            put(fid, "absent", "current", words)
    order = {fid: i for i, fid in enumerate(knowledge.findings)}
    findings = sorted(best.values(), key=lambda f: (order.get(f.id, 0), f.context))
    return findings, mentions_back, whom


def _answers(findings: list[ExtractedFinding], facts: Facts) -> Answers:
    values: dict[str, bool] = {}
    unsure: list[str] = []
    for f in findings:
        if f.context != "current":
            continue
        if f.status == "uncertain":
            unsure.append(f.id)
            continue
        values[f.id] = values.get(f.id, False) or f.status == "present"
    return Answers(
        age=facts.age,
        sex=facts.sex,
        location=facts.location,
        duration_days=facts.duration_days,
        pain_score=facts.pain_score,
        findings=values,
        unsure=[f for f in dict.fromkeys(unsure) if f not in values],
    )


def _patient_facts(text: str) -> tuple[Facts, bool]:
    """The facts of the patient (a cleaned text), and whether the text is about someone
    else (then every fact in it is theirs). Regular expressions only, no spaCy."""
    facts = read_facts(text)
    proxy = _proxy(ages_in_digits(text))
    if proxy is None:
        return facts, False
    age, sex = proxy
    theirs = read_facts(text, everyone=True)
    merged = {k: v for k, v in theirs.model_dump().items() if v is not None}
    if age is not None:
        merged["age"] = age
    if sex is not None:
        merged["sex"] = sex
    return facts.model_copy(update=merged), True


def stated_age(text: str) -> int | None:
    """The patient's age as :func:`extract` reads it, without spaCy (for the pre-filter of
    ``ask``, since an age alone can call for urgent care)."""
    if not isinstance(text, str) or _check(text) is not None:
        return None
    return _patient_facts(_clean(text))[0].age


def extract(text: str, knowledge: Knowledge) -> Extraction:
    """Read a person's own description of their back pain into findings and answers."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    problem = _check(text)
    if problem is not None:
        return Extraction(
            answers=Answers(), findings=[], out_of_scope=False, message=problem, readable=False
        )
    text = _clean(text)
    pipe = get_pipeline(knowledge)
    findings, mentions_back, whom = _read(pipe, knowledge, text)
    facts, proxy = _patient_facts(text)
    if proxy:
        findings = _as_patient(findings, _patient_word(text), whom)
    if facts.sex is None and any(
        f.id == "pregnancy" and f.status == "present" and f.context == "current" for f in findings
    ):
        facts = facts.model_copy(update={"sex": "female"})
    about_back = mentions_back or facts.location is not None or bool(findings)
    message = None
    if not about_back:
        message = OUT_OF_SCOPE
    elif not mentions_back and facts.location is None:
        message = NO_BACK_WORD
    return Extraction(
        answers=_answers(findings, facts),
        findings=findings,
        out_of_scope=not about_back,
        message=message,
        facts=facts,
    )


def assess_text(text: str, knowledge: Knowledge) -> tuple[Assessment, Extraction]:
    """Read the text, then assess the answers it settles (unknown red flags stay listed)."""
    extraction = extract(text, knowledge)
    return assess(knowledge, extraction.answers), extraction
