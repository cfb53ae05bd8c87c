"""Age, sex, how long, where, how it started and how bad: plain facts read with regular
expressions. Pure functions, no spaCy.

A number that belongs to someone else ("my 80-year-old mum") is skipped: a fact counts
only when no word for another person comes just before it.
"""

from __future__ import annotations

import re

from .models import Facts

_OTHERS = (
    r"mum|mom|mother|mam|dad|father|wife|husband|partner|son|daughter|brother|sister|"
    r"friend|boyfriend|girlfriend|grandma|grandmother|gran|nan|granny|grandad|grandpa|"
    r"grandfather|uncle|aunt|auntie|aunty|cousin|neighbour|neighbor|colleague|child|kid|"
    r"baby|niece|nephew|he|she|his|her|they|their|family|boss|flatmate|patient"
)
_OTHER_BEFORE = re.compile(rf"\b(?:{_OTHERS})\b[^.;!?]{{0,20}}$", re.I)

_OTHER_AFTER = re.compile(rf"^\W*(?:\w+\W+)?(?:{_OTHERS})\b", re.I)

_NUM_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty": 20,
    "thirty": 30,
    "a couple of": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
    "a couple": 2,
    "half a": 0.5,
    "a half": 0.5,
}
_UNIT_DAYS = {
    "minute": 1 / 1440,
    "min": 1 / 1440,
    "hour": 1 / 24,
    "hr": 1 / 24,
    "day": 1.0,
    "night": 1.0,
    "week": 7.0,
    "wk": 7.0,
    "fortnight": 14.0,
    "month": 30.0,
    "year": 365.0,
    "yr": 365.0,
}
_NUM = (
    r"(\d+(?:\.\d+)?|a couple of|couple of|a couple|a few|few|several|half a|"
    + "|".join(w for w in _NUM_WORDS if " " not in w)
    + r")"
)
_UNIT = r"(minute|min|hour|hr|day|night|week|wk|fortnight|month|year|yr)s?"
_DURATION = re.compile(
    rf"\b(?:for|past|last|over|about|nearly|almost|around|since|than|the)?\s*"
    rf"(?:the\s+)?(?:past\s+|last\s+)?{_NUM}\s*(?:and a half\s+)?-?\s*{_UNIT}\b(\s+ago)?",
    re.I,
)
_RELATIVE = [
    (
        re.compile(
            r"\b(?:since|from|started|began|happened|went|it)\b[^.;]{0,20}\byesterday\b", re.I
        ),
        1.0,
    ),
    (re.compile(r"\bsince (?:last night|this morning|earlier today|today)\b", re.I), 0.5),
    (re.compile(r"\b(?:last night|this morning|earlier today|an hour ago|tonight)\b", re.I), 0.5),
    (re.compile(r"\byesterday\b", re.I), 1.0),
    (re.compile(r"\b(?:since|over|at) the weekend\b", re.I), 2.0),
    (re.compile(r"\blast week\b", re.I), 7.0),
    (re.compile(r"\bfortnight\b", re.I), 14.0),
    # No number: the least the words can mean ("for months": two months at least; "for
    # years": two years), and only when no other time is given.
    (re.compile(r"\bfor (?:a few |several |some |many )?months\b", re.I), 60.0),
    (re.compile(r"\bfor (?:a few |several |some |many )?years\b", re.I), 730.0),
    # "Many months like this", "this is many months" (paraphrase set), not "months ago".
    (re.compile(r"\b(?:many|several) months\b(?!\s+ago)", re.I), 60.0),
    (re.compile(r"\b(?:many|several) years\b(?!\s+ago)", re.I), 730.0),
]
#: Clinical shorthand for how long: "2/7" two days, "3/52" three weeks, "6/12" six months
#: (a date such as "3/12/2024" or a pain score such as "6/10" is not one).
_SHORTHAND = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*(7|52|12)(?![\d/])")
_SHORTHAND_DAYS = {"7": 1.0, "52": 7.0, "12": 30.0}
#: "LMP 2/52": the last menstrual period, not how long the pain has lasted.
_NOT_PAIN_TIME = re.compile(r"\b(?:lmp|edd|gestation|pregnant|tablets?|tabs?)\W{0,3}$", re.I)
_OLD = re.compile(r"^\W*(?:ago|old)\b", re.I)
_HISTORY_AROUND = re.compile(
    r"(?:on and off|since (?:I was|my|childbirth|having)|when I was|used to|in the past)",
    re.I,
)

_AGE_PATTERNS = [
    re.compile(
        r"\b(?:i'?m|i am|im|aged?|age:?)\s+(?:a\s+|an\s+)?(\d{1,3})\b(?!\s*(?:%|"
        r"/|out of|kg|lb|st|stone|cm|weeks?|days?|months?|hours?|minutes?))",
        re.I,
    ),
    re.compile(r"\b(\d{1,3})\s*-?\s*(?:(?:years?|yrs?)\s*-?\s*old|yo|y/o|y\.o\.)\b", re.I),
    re.compile(r"\b(\d{1,3})\s*,?\s*(?:m|f|male|female|man|woman)\b", re.I),
    re.compile(
        r"\b(?:male|female|man|woman|guy|lady),?\s+(\d{1,3})\b(?!\s*(?:days?|weeks?|"
        r"months?|years? ago|hours?|/|out of))",
        re.I,
    ),
    re.compile(r"^\s*(\d{1,3})\s*[,.]", re.I),
    re.compile(r"\bin my (\d)0s\b", re.I),
    # Ages as some second-language writers put them: "I have 40 years", "my son has 11
    # years" (see _YEARS_HAD: a child's age said so counts below ten too).
    re.compile(
        r"\b(?:has|have)\s+(\d{1,3})\s+years\b(?!\s*(?:ago|of|since|with|now|back|pain|"
        r"ache|problems?|trouble|history))",
        re.I,
    ),
    # A bare number standing as its own clause, typed in a hurry: "... shivers at night, 35".
    re.compile(r"(?:^|[,.;!]\s+)(1[2-9]|[2-9]\d|10\d|110)\s*(?=$|[.,;!](?!\d))"),
]
_MALE = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:a\s+|an\s+)?"
    r"(?:\d{1,3}\s*-?\s*(?:years?|yrs?)?\s*-?\s*(?:old\s+)?)?(?:man|"
    r"male|guy|bloke|gentleman|boy|dad|father|husband)\b"
    r"|\b\d{1,3}\s*-?\s*(?:years?|yrs?|yo|y/o)?\s*-?\s*(?:old\s+)?(?:man|male|"
    r"guy|bloke|gentleman|boy)\b"
    r"|\b\d{1,3}\s*m\b|\b(?:male|man),?\s+\d{1,3}\b|,\s*male\b|^\s*male\b|\bmy (?:prostate|"
    r"testicle)",
    re.I,
)
_FEMALE = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:a\s+|an\s+)?"
    r"(?:\d{1,3}\s*-?\s*(?:years?|yrs?)?\s*-?\s*(?:old\s+)?)?(?:woman|"
    r"female|lady|girl|mum|mother|mom|wife)\b"
    r"|\b\d{1,3}\s*-?\s*(?:years?|yrs?|yo|y/o)?\s*-?\s*(?:old\s+)?(?:woman|female|lady|girl)\b"
    r"|\b\d{1,3}\s*f\b|\b(?:female|woman),?\s+\d{1,3}\b|,\s*female\b|^\s*female\b"
    r"|\bi'?m\s+(?:\d+\s+weeks\s+)?pregnant\b|\bmy (?:period|periods|womb|pregnancy)\b",
    re.I,
)

_SCORE_PATTERNS = [
    re.compile(r"\b(10|[0-9])(?:\.5)?\s*(?:/|out of|outta|of)\s*10\b", re.I),
    re.compile(
        r"\b(?:pain|score|rate it|rated|rating|it's|it is|about|a)\s*(?:score\s*)?(?:is|"
        r"of|at|as|a)?\s*(?:a\s+)?(10|[0-9])\b(?!\s*(?:days?|weeks?|hours?|years?|"
        r"months?|minutes?|am|pm|o'clock|paracetamol|tablets?|/\s*(?!10\b)\d))",
        re.I,
    ),
]
_SCORE_CONTEXT = re.compile(r"pain|score|rate|rated|hurts|/\s*10|out of 10", re.I)

_LOCATIONS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:lower|low|bottom of (?:my|the|his|her) back|"
            r"small of (?:my|the|his|her) back|lumbar|"
            r"lumbago|base of (?:my|the) spine|tail ?bone|coccyx|sacrum|sacral|lower spine|"
            r"belt ?line|above my (?:bum|buttocks?)|lbp|l[- ]?spine)\b",
            re.I,
        ),
        "lower",
    ),
    (
        re.compile(
            r"\b(?:upper|top of (?:my|the|his|her) back|"
            r"between (?:my|the|his|her) shoulder ?blades?|"
            r"between (?:my|the|his|her) shoulders?|"
            r"shoulder ?blades?|thoracic|below my neck|upper spine)\b",
            re.I,
        ),
        "upper",
    ),
    (
        re.compile(
            r"\b(?:middle of (?:(?:my|the|his|her|their)\s+)?back|mid[- ]?back|mid[- ]?spine|"
            r"middle back|middle of my spine|under my ribs at the back|bra ?strap|t[- ]?spine|"
            r"epigastric|upper (?:tummy|abdomen|abdominal|stomach)|"
            r"top of (?:(?:my|the|his|her|their)\s+)?(?:tummy|abdomen|stomach|belly)|"
            r"(?:boring|bores|going|goin|goes|radiating|radiates|shoots|shooting|straight)\s+"
            r"(?:right\s+|straight\s+)?(?:through|thru) to (?:my|the|his|her) back)\b",
            re.I,
        ),
        "middle",
    ),
    (re.compile(r"\b(?:loin|flank|kidney area)\b", re.I), "lower"),
]
_SIDES = [
    (
        re.compile(
            r"\bboth sides\b|\bacross (?:my|the) (?:lower |whole )?back\b|\bboth (?:my )?hips\b",
            re.I,
        ),
        "both",
    ),
    (re.compile(r"\b(?:left)\b", re.I), "left"),
    (re.compile(r"\b(?:right)(?!\s+(?:now|away|after|before|up))\b", re.I), "right"),
    (
        re.compile(
            r"\b(?:middle|centre|center|central|down the spine|on the spine|right in the middle)\b",
            re.I,
        ),
        "central",
    ),
]
_SUDDEN = re.compile(
    r"\b(?:sudden|suddenly|all of a sudden|out of nowhere|out of the blue|just went|"
    r"went\s+(?:as|when|while|after)|"
    r"locked|seized|snapped|twinge|gave way|ping|pinged|instantly|straight away|came on like)\b",
    re.I,
)
_GRADUAL = re.compile(
    r"\b(?:gradually|gradual|slowly|crept up|creeping|over (?:the )?(?:past |"
    r"last )?(?:few |several )?(?:weeks|months)|getting worse over|bit by bit|"
    r"built up)\b",
    re.I,
)


#: "28 weeks pregnant", "30 weeks of pregnancy": how far on a pregnancy is, not a duration.
_GESTATION = re.compile(
    r"\s*(?:pregnant|preg\b|pregnat\b|preggers\b|gone\b|gestation"
    r"|(?:into|of) (?:my |the |this )?pregnancy)",
    re.I,
)


def _mine(text: str, start: int, everyone: bool = False) -> bool:
    """Whether a fact at ``start`` is about the writer, not another person.

    ``everyone`` is for a report written about someone else ("my husband has had pain
    between his shoulder blades for 2 days"): there every fact is the patient's.
    """
    return everyone or _OTHER_BEFORE.search(text[max(0, start - 30) : start]) is None


def _number(raw: str) -> float:
    raw = raw.lower().strip()
    if raw in _NUM_WORDS:
        return float(_NUM_WORDS[raw])
    return float(raw)


_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19}
_TENS_WORDS = re.compile(
    rf"\b({'|'.join(_TENS)})(?:[\s-]+({'|'.join(w for w in _UNITS if _UNITS[w] < 10)}))?\b", re.I
)
#: "she is nine", "I'm fifteen": a small number in words right after an age cue, and not
#: a measure ("he's two weeks post-op", "I'm five foot", "I'm one of those people").
_SMALL_AGE_WORDS = re.compile(
    r"\b((?:is|aged?|i'?m|im|i am|he'?s|hes|she'?s|shes|turned|just turned|has|have)\s+)"
    rf"({'|'.join(_UNITS)})\b(?!\s*(?:weeks?|days?|months?|hours?|minutes?|times?|of|or|"
    r"foot|feet|ft|stone|st|kg|pounds|lbs?|out of|/))",
    re.I,
)


def ages_in_digits(text: str) -> str:
    """The text with ages written in words as digits: "seventy two" -> "72", "fifty-three"
    -> "53", "my daughter is nine" -> "my daughter is 9" (people type ages both ways)."""

    def tens(m: re.Match[str]) -> str:
        unit = _UNITS[m.group(2).lower()] if m.group(2) else 0
        return str(_TENS[m.group(1).lower()] + unit)

    text = _TENS_WORDS.sub(tens, text)
    return _SMALL_AGE_WORDS.sub(lambda m: m.group(1) + str(_UNITS[m.group(2).lower()]), text)


#: "my son has 4 years": a child named just before an age said with "has".
_CHILD_BEFORE = re.compile(
    r"\b(?:son|daughter|child|boy|girl|baby|kid|grandson|granddaughter)\s*$", re.I
)

#: "carrying my 2yo", "our 5-year-old": a number straight after "my" is another person's age.
_POSSESSIVE_BEFORE = re.compile(r"\b(?:my|our|his|her|their)\s*$", re.I)


def read_age(text: str, everyone: bool = False) -> int | None:
    text = ages_in_digits(text)
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            if not _mine(text, m.start(), everyone):
                continue
            if pattern is not _AGE_PATTERNS[0] and _POSSESSIVE_BEFORE.search(
                text[max(0, m.start() - 8) : m.start()]
            ):
                continue
            if pattern.pattern.startswith(r"\bin my"):
                return int(m.group(1)) * 10 + 5
            if not everyone and _OTHER_AFTER.match(text[m.end() : m.end() + 30]):
                continue  # "my 80-year-old mum"
            after = text[m.end() : m.end() + 6]
            if _OLD.match(after) and "old" not in m.group(0).lower() and "ago" in after.lower():
                continue
            value = int(m.group(1))
            explicit = (
                pattern is _AGE_PATTERNS[0]
                or pattern is _AGE_PATTERNS[1]
                or (pattern is _AGE_PATTERNS[6] and _CHILD_BEFORE.search(text[: m.start()]))
            )
            if 10 <= value <= 110 or (explicit and 1 <= value <= 110):
                return value
    return None


def read_sex(text: str, everyone: bool = False) -> str | None:
    female = [m for m in _FEMALE.finditer(text) if _mine(text, m.start(), everyone)]
    male = [m for m in _MALE.finditer(text) if _mine(text, m.start(), everyone)]
    if female and not male:
        return "female"
    if male and not female:
        return "male"
    if male and female:
        return "female" if female[0].start() < male[0].start() else "male"
    return None


def read_duration(text: str, everyone: bool = False) -> float | None:
    """Days since the pain began: the first duration that is the writer's and not old history.

    "For ten years" is set aside while the text gives a more recent time ("... and it locked
    yesterday"); when it is the only time given, it is how long the trouble has lasted.
    """
    long_standing: float | None = None
    shorthand: tuple[int, float] | None = None
    for m in _SHORTHAND.finditer(text):
        numerator, unit = int(m.group(1)), m.group(2)
        if numerator == 0 or (unit == "7" and numerator > 7):
            continue
        if not _mine(text, m.start(), everyone):
            continue
        if _NOT_PAIN_TIME.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        shorthand = (m.start(), numerator * _SHORTHAND_DAYS[unit])
        break
    for m in _DURATION.finditer(text):
        if shorthand is not None and shorthand[0] < m.start():
            return shorthand[1]
        if not _mine(text, m.start(), everyone):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if _HISTORY_AROUND.search(before):
            continue
        after = text[m.end() : m.end() + 25].lower()
        if re.match(r"\s*(?:every|each|a day|a night|in the morning|at a time|per)", after):
            continue  # "stiff for an hour every morning": how long each time, not since when
        if m.group(2).lower() in {"minute", "min", "hour", "hr"} and re.search(
            r"\bstiff(?:ness)?\b[^.;]{0,30}$", before, re.I
        ):
            continue  # "stiff first thing for over an hour": how long the stiffness lasts
        if (
            m.group(2).lower() in {"year", "yr"}
            and not m.group(3)
            and re.search(rf"\b(?:{_OTHERS}|i'?m|i am|im|aged?)\s*,?\s*$", before, re.I)
        ):
            continue  # "my father 70 years have back pain": an age, not a duration
        if _GESTATION.match(after):
            continue  # "28 weeks pregnant": how far on the pregnancy is, not how long it hurts
        if (
            m.group(2).lower() in {"week", "wk"}
            and re.search(
                r"\b(?:i'?m|i am|im|she'?s|she is)\s*(?:about\s+|nearly\s+|now\s+)?$", before, re.I
            )
            and re.match(r"\s*(?:[,.;!]|and\b|now\b|today\b|along\b|with\b|$)", after)
        ):
            continue  # "I'm 22 weeks": how far on a pregnancy is
        if re.search(r"\bpregnan(?:t|cy)\W{0,3}(?:at|about|around|now)?\s*$", before, re.I):
            continue  # "Pregnant, 35 weeks."
        lead = m.group(0).lower().strip()
        if m.group(1).lower() in {"a", "an", "one"} and not (
            m.group(3)
            or re.match(r"(?:for|past|last|over|about|nearly|almost|around|since|than|the)\b", lead)
            or re.match(r"\s*(?:like this|of this|of it|now|already|so far)\b", after)
        ):
            continue  # "12 tablets a day": a rate, not a duration
        unit = {"yr": "year"}.get(m.group(2).lower(), m.group(2).lower())
        days = _number(m.group(1)) * _UNIT_DAYS[unit]
        if "and a half" in m.group(0).lower():
            days += 0.5 * _UNIT_DAYS[unit]
        if re.match(r"\s*-?\s*olds?\b", after):
            continue  # "79-year-old": an age, not a duration
        if unit == "year" and m.group(3):
            continue  # "two years ago": old history, not this episode
        if unit == "year" and days > 365:
            if long_standing is None:
                long_standing = round(days, 3)
            continue  # "for 10 years": kept only if nothing more recent is said
        return round(days, 3)
    if shorthand is not None:
        return shorthand[1]
    for pattern, days in _RELATIVE:
        found = pattern.search(text)
        if found and _mine(text, found.start(), everyone):
            return days
    return long_standing


def read_pain_score(text: str) -> int | None:
    for i, pattern in enumerate(_SCORE_PATTERNS):
        for m in pattern.finditer(text):
            if i == 1 and not _SCORE_CONTEXT.search(text[max(0, m.start() - 25) : m.end() + 12]):
                continue
            if (
                i == 1
                and not re.search(r"pain|score|rate|rated|rating", m.group(0), re.I)
                and not re.search(r"/\s*10|out of 10", text[m.end() : m.end() + 10], re.I)
            ):
                continue
            return int(m.group(1))
    return None


def read_location(text: str, everyone: bool = False) -> str | None:
    found: list[tuple[int, str]] = []
    for pattern, where in _LOCATIONS:
        m = pattern.search(text)
        if m and _mine(text, m.start(), everyone):
            found.append((m.start(), where))
    return min(found)[1] if found else None


def read_side(text: str, everyone: bool = False) -> str | None:
    found = []
    for pattern, side in _SIDES:
        m = pattern.search(text)
        if m and _mine(text, m.start(), everyone):
            found.append(side)
    if "both" in found or ("left" in found and "right" in found):
        return "both"
    for side in ("left", "right", "central"):
        if side in found:
            return side
    return None


def read_onset(text: str) -> str | None:
    if _SUDDEN.search(text):
        return "sudden"
    if _GRADUAL.search(text):
        return "gradual"
    return None


#: "T 38.4", "temp 36.8", "temperature of 39", "temp 101F": a measured temperature.
_TEMPERATURE = re.compile(
    r"\b(?:t|temp|temps|temperature|tympanic|pyrexial|febrile)\b\s*(?:of|was|is|at|:|=|"
    r"reading|up to|reached|hit|around|over)?\s*(?:of\s+)?(\d{2,3}(?:\.\d{1,2})?)\s*"
    r"(?:°|º|deg(?:rees?)?)?\s*([cf])?\b",
    re.I,
)
#: NICE (NG51, NG143): a temperature of 38 °C or more is a fever; below 37.5 °C is not.
FEVER_FROM = 38.0
NO_FEVER_BELOW = 37.5


def read_temperatures(text: str, everyone: bool = False) -> list[tuple[int, int, float, bool]]:
    """Measured temperatures as (start, end, degrees Celsius, the writer's own) in the text.

    A number that cannot be a body temperature (say "T 12") is skipped; 93-110 is read as
    Fahrenheit unless marked C.
    """
    found = []
    for m in _TEMPERATURE.finditer(text):
        value = float(m.group(1))
        unit = (m.group(2) or "").lower()
        if unit != "c" and 93 <= value <= 110:
            value = (value - 32) * 5 / 9
        elif not 34 <= value <= 43 or unit == "f":
            continue
        found.append((m.start(), m.end(), round(value, 1), _mine(text, m.start(), everyone)))
    return found


#: "BP 90/60", "blood pressure 84/50", "HR 118", "pulse of 135": measured vital signs.
_BLOOD_PRESSURE = re.compile(
    r"\b(?:bp|b/p|blood pressure)\s*(?:of|is|was|:|=|reading)?\s*(\d{2,3})"
    r"\s*(?:/|over)\s*\d{2,3}\b",
    re.I,
)
_PULSE = re.compile(
    r"\b(?:hr|pulse|heart rate|p)\s*(?:rate)?\s*(?:of|is|was|:|=)?\s*(\d{2,3})\b(?!\s*/)", re.I
)
#: NICE NG51 high-risk criteria: systolic blood pressure of 90 mmHg or less, heart rate
#: over 130 a minute.
SHOCK_SYSTOLIC_AT_MOST = 90
SHOCK_PULSE_OVER = 130


def read_shock(text: str, everyone: bool = False) -> list[tuple[int, int, bool]]:
    """Measured vital signs that meet NICE's high-risk sepsis criteria, as (start, end, the
    writer's own); a reading in the normal range is not listed."""
    found = []
    for m in _BLOOD_PRESSURE.finditer(text):
        if 40 <= int(m.group(1)) <= SHOCK_SYSTOLIC_AT_MOST:
            found.append((m.start(), m.end(), _mine(text, m.start(), everyone)))
    for m in _PULSE.finditer(text):
        if SHOCK_PULSE_OVER < int(m.group(1)) <= 250:
            found.append((m.start(), m.end(), _mine(text, m.start(), everyone)))
    return found


#: "36/40", "36+2/40": weeks of pregnancy, as midwives and doctors write them.
_GESTATION_WEEKS = re.compile(r"(?<![\d/.])([4-9]|[1-3]\d|4[0-2])(?:\s*\+\s*[0-6])?\s*/\s*40\b")


#: "..., I'm 12 weeks": weeks of pregnancy said at the end of a clause, with no "pregnant".
_WEEKS_ALONG = re.compile(
    r"\b(?:i'?m|i am|im|she'?s|she is)\s+(?:about\s+|nearly\s+|now\s+)?([4-9]|[1-3]\d|4[0-2])"
    r"\s*(?:weeks?|wks?)\b(?=\s*(?:[,.;!?]|and\b|now\b|today\b|along\b|$))",
    re.I,
)


def read_gestation(text: str) -> tuple[int, int] | None:
    """Where the text gives weeks of pregnancy without the word ("36/40", "I'm 12 weeks."),
    or None."""
    m = _GESTATION_WEEKS.search(text) or _WEEKS_ALONG.search(text)
    return (m.start(), m.end()) if m else None


def read_facts(text: str, everyone: bool = False) -> Facts:
    """The facts of the text; ``everyone`` when the whole text is about one other person."""
    return Facts.model_validate(
        {
            "age": read_age(text, everyone),
            "sex": read_sex(text, everyone),
            "duration_days": read_duration(text, everyone),
            "location": read_location(text, everyone),
            "side": read_side(text, everyone),
            "onset": read_onset(text),
            "pain_score": read_pain_score(text),
        }
    )
