"""Build the ask index: BM25 over passages, and embeddings of passages, their questions
and their sentences.

Embedding every passage, question and sentence takes a few seconds on a small CPU, so the
vectors are cached on disk (``$BACKSPASM_CACHE_DIR`` or the platform's user cache folder),
keyed by the passages' content hash, the model version and the index format. A cache that
is missing, stale, unreadable or unwritable is simply rebuilt in memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..knowledge.loader import Knowledge
from .embedder import Embedder
from .lexical import LexicalIndex
from .passages import Passage, load_passages, passages_hash

INDEX_FORMAT = "ask-index-v1"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def lexical_document(p: Passage) -> str:
    # The title counts twice: it names the topic in the words people use.
    return " ".join([p.title, p.title, p.text, *p.questions])


@dataclass
class AskIndex:
    knowledge: Knowledge
    passages: tuple[Passage, ...]
    lexical: LexicalIndex
    embedder: Any
    passage_vecs: Any  # (P, d) float32
    question_vecs: Any  # (Q, d) float32
    question_owner: Any  # (Q,) int: index of the passage each question belongs to
    question_starts: Any  # (P,) int: row of each passage's first question
    sentences: list[tuple[int, int, str]]  # (passage index, sentence number, text)
    sentence_vecs: Any  # (S, d) float32
    stats: dict[str, Any] = field(default_factory=dict)

    def embed_query(self, text: str) -> Any:
        return self.embedder.encode([text])[0]


def default_cache_dir() -> Path:
    env = os.environ.get("BACKSPASM_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("backspasm"))


def _cache_key(passages: tuple[Passage, ...], model_version: str) -> str:
    raw = f"{INDEX_FORMAT}|{passages_hash(passages)}|{model_version}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _read_cache(path: Path, shapes: tuple[int, int, int]) -> tuple[Any, Any, Any] | None:
    import numpy as np

    try:
        with np.load(path) as data:
            arrays = (data["passages"], data["questions"], data["sentences"])
    except (OSError, KeyError, ValueError):
        return None
    if tuple(a.shape[0] for a in arrays) != shapes:
        return None
    return arrays


def _write_cache(path: Path, p: Any, q: Any, s: Any) -> bool:
    import numpy as np

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, passages=p, questions=q, sentences=s)
        tmp.replace(path)
        for old in path.parent.glob("ask-*.npz"):  # vectors of older passages or models
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def build_index(
    knowledge: Knowledge,
    passages: tuple[Passage, ...] | None = None,
    *,
    embedder: Any = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> AskIndex:
    """Load passages (unless given), build BM25, and embed (or read cached vectors)."""
    import numpy as np

    started = time.perf_counter()
    passages = passages if passages is not None else load_passages(knowledge)
    embedder = embedder if embedder is not None else Embedder()
    loaded = time.perf_counter()

    lexical = LexicalIndex([lexical_document(p) for p in passages])
    questions: list[str] = []
    owner: list[int] = []
    sentences: list[tuple[int, int, str]] = []
    for i, p in enumerate(passages):
        questions.extend(p.questions)
        owner.extend([i] * len(p.questions))
        sentences.extend((i, n, s) for n, s in enumerate(split_sentences(p.text)))

    shapes = (len(passages), len(questions), len(sentences))
    cache_path = None
    cached = None
    if use_cache:
        key = _cache_key(passages, getattr(embedder, "model_version", type(embedder).__name__))
        cache_path = (cache_dir or default_cache_dir()) / f"ask-{key}.npz"
        cached = _read_cache(cache_path, shapes)
    if cached is not None:
        p_vecs, q_vecs, s_vecs = cached
    else:
        p_vecs = embedder.encode([f"{p.title}. {p.text}" for p in passages])
        q_vecs = embedder.encode(questions)
        s_vecs = embedder.encode([s for _, _, s in sentences])
        if cache_path is not None:
            _write_cache(cache_path, p_vecs, q_vecs, s_vecs)
    done = time.perf_counter()
    return AskIndex(
        knowledge=knowledge,
        passages=passages,
        lexical=lexical,
        embedder=embedder,
        passage_vecs=np.asarray(p_vecs, dtype=np.float32),
        question_vecs=np.asarray(q_vecs, dtype=np.float32),
        question_owner=np.asarray(owner, dtype=np.int64),
        question_starts=np.searchsorted(np.asarray(owner), np.arange(len(passages))),
        sentences=sentences,
        sentence_vecs=np.asarray(s_vecs, dtype=np.float32),
        stats={
            "passages": len(passages),
            "questions": len(questions),
            "sentences": len(sentences),
            "from_cache": cached is not None,
            "load_seconds": round(loaded - started, 4),
            "index_seconds": round(done - loaded, 4),
        },
    )


_DEFAULT: dict[str, AskIndex] = {}


def default_index(knowledge: Knowledge) -> AskIndex:
    """The index of the shipped passages for ``knowledge``, built once per process."""
    index = _DEFAULT.get(knowledge.version)
    if index is None:
        index = _DEFAULT[knowledge.version] = build_index(knowledge)
    return index
