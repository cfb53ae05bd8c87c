"""Lexical retrieval: BM25 (bm25s) over lightly normalised words.

People type fast and misspell ("sholder", "spsms"), so a query word that the corpus does
not know is replaced by its closest known word when one is close enough (difflib ratio
>= 0.8 and the same first letter). Words are lower-cased, a few everyday suffixes are
stripped ("spasms" -> "spasm", "locking" -> "lock") and common English words are dropped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[a-z0-9]+")

_STOPWORDS = (
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    im ive id dont doesnt cant wont get got getting really also thing things bit lot pls please
    u ur r"""
)
STOPWORDS = frozenset(_STOPWORDS.split())

# Everyday synonyms mapped onto the words the passages use.
SYNONYMS = {
    "pee": "urine", "wee": "urine", "urinate": "urine", "peeing": "urine", "poo": "bowel",
    "poop": "bowel", "seize": "lock", "seized": "lock", "seizes": "lock", "spasming": "spasm",
    "spazm": "spasm", "spasam": "spasm", "cramp": "cramp", "crick": "spasm", "xray": "x-ray",
    "scan": "imaging", "mri": "imaging", "physio": "physiotherapy", "chiro": "manipulation",
    "chiropractor": "manipulation", "chiropractic": "manipulation", "osteopath": "manipulation",
    "ibuprofen": "nsaid", "naproxen": "nsaid", "diclofenac": "nsaid", "advil": "nsaid",
    "paracetamol": "paracetamol", "tylenol": "paracetamol", "acetaminophen": "paracetamol",
    "diazepam": "relaxant", "valium": "relaxant", "cyclobenzaprine": "relaxant",
    "flexeril": "relaxant", "relaxer": "relaxant", "relaxers": "relaxant",
    "codeine": "opioid", "tramadol": "opioid", "icepack": "ice", "hot": "heat", "cold": "ice",
    "bed": "rest", "mattress": "sleep", "tummy": "stomach", "belly": "stomach",
    "shot": "injection", "jab": "injection", "cortisone": "steroid", "epidural": "injection",
    "incontinence": "bladder", "numbness": "numb", "tingling": "numb", "gp": "doctor",
    "dr": "doctor", "doc": "doctor",
}


_KEEP_DOUBLE = frozenset("aeioulsz")


def _stem(word: str) -> str:
    """A light suffix stripper: spasms -> spasm, locking -> lock, sitting -> sit."""
    if word.endswith(("ss", "us", "is")):
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + keep
            doubled = stem[-1] == stem[-2] and stem[-1] not in _KEEP_DOUBLE
            if suffix in ("ing", "ed") and doubled:
                stem = stem[:-1]  # sitting -> sit, trapped -> trap
            return stem
    return word


def words(text: str) -> list[str]:
    """Lower-cased content words of ``text``, synonyms mapped, lightly stemmed."""
    out: list[str] = []
    for raw in _WORD.findall(text.lower().replace("'", "")):
        if raw in STOPWORDS or len(raw) < 2:
            continue
        mapped = SYNONYMS.get(raw, raw)
        out.append(_stem(mapped))
    return out


class LexicalIndex:
    """BM25 over a fixed list of documents; ``scores(query)`` gives one score per document."""

    def __init__(self, documents: Sequence[str]) -> None:
        import bm25s

        corpus = [words(d) for d in documents]
        self._known = frozenset(w for doc in corpus for w in doc)
        # Misspellings are corrected towards the corpus's words and the synonym keys.
        self._vocab = sorted(self._known | set(SYNONYMS))
        self._bm25: Any = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)
        self._correct = lru_cache(maxsize=4096)(self._closest)
        self.size = len(corpus)

    def _closest(self, word: str) -> str | None:
        if word in self._known:
            return word
        if len(word) < 4 or word.isdigit():
            return None
        pool = [w for w in self._vocab if w[0] == word[0]]
        match = difflib.get_close_matches(word, pool, n=1, cutoff=0.82)
        if not match:
            return None
        fixed = _stem(SYNONYMS.get(match[0], match[0]))
        return fixed if fixed in self._known else None

    def query_words(self, query: str) -> list[str]:
        """The query's words as the index knows them (typos corrected, unknown ones dropped)."""
        out: list[str] = []
        for w in words(query):
            fixed = self._correct(w)
            if fixed is not None:
                out.append(fixed)
        return out

    def scores(self, query: str) -> Any:
        """A numpy array of BM25 scores, one per document (zeros when no word is known)."""
        import numpy as np

        terms = self.query_words(query)
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
