from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm.search.lexical import LexicalIndex, words

DOCS = [
    "Heat or ice for a back spasm: heat wraps ease pain a little.",
    "Ibuprofen and naproxen are anti-inflammatory painkillers.",
    "Stretches for the middle back loosen tight muscles.",
]


def test_words_are_lowercased_stemmed_and_mapped() -> None:
    assert words("Back SPASMS locking up") == ["back", "spasm", "lock"]
    assert words("can I take ibuprofen") == ["take", "nsaid"]
    assert words("the and of") == []


def test_misspelt_words_are_corrected_towards_the_corpus() -> None:
    index = LexicalIndex(DOCS)
    assert index.query_words("strech midle bak") == ["stretch", "middle"]
    assert index.query_words("ibuprofin") == ["nsaid"]
    assert index.query_words("zzzzzz") == []


def test_scores_rank_the_matching_document_first() -> None:
    index = LexicalIndex(DOCS)
    scores = index.scores("is ice or heat better")
    assert scores.shape == (3,)
    assert int(scores.argmax()) == 0
    assert int(index.scores("naproxen").argmax()) == 1


def test_unknown_words_score_zero_everywhere() -> None:
    index = LexicalIndex(DOCS)
    assert not index.scores("bitcoin").any()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_one_non_negative_score_per_document(text: str) -> None:
    index = LexicalIndex(DOCS)
    scores = index.scores(text)
    assert scores.shape == (len(DOCS),)
    assert (scores >= 0).all()
