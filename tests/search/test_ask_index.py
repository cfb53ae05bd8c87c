from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from backspasm.knowledge import Knowledge
from backspasm.search.embedder import DIMENSION, Embedder, locate_model
from backspasm.search.index import AskIndex, build_index, split_sentences
from backspasm.search.passages import load_passages


class CountingEmbedder:
    """A stand-in model: hashed bag of words, and a count of texts embedded."""

    model_version = "counting-1"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> Any:
        self.calls += len(texts)
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, sum(map(ord, word)) % 16] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-9, None)


def test_split_sentences_at_sentence_ends() -> None:
    text = "Heat helps a little. Ice is unproven! Is it safe? Yes (mostly)."
    assert split_sentences(text) == [
        "Heat helps a little.",
        "Ice is unproven!",
        "Is it safe?",
        "Yes (mostly).",
    ]


def test_vectors_are_cached_and_reused(knowledge: Knowledge, tmp_path: Path) -> None:
    passages = load_passages(knowledge)
    first = CountingEmbedder()
    built = build_index(knowledge, passages, embedder=first, cache_dir=tmp_path)
    assert first.calls > 0 and not built.stats["from_cache"]
    second = CountingEmbedder()
    again = build_index(knowledge, passages, embedder=second, cache_dir=tmp_path)
    assert second.calls == 0 and again.stats["from_cache"]
    assert np.allclose(built.passage_vecs, again.passage_vecs)


def test_a_corrupt_cache_is_rebuilt(knowledge: Knowledge, tmp_path: Path) -> None:
    passages = load_passages(knowledge)
    build_index(knowledge, passages, embedder=CountingEmbedder(), cache_dir=tmp_path)
    for path in tmp_path.glob("*.npz"):
        path.write_bytes(b"not a numpy file")
    embedder = CountingEmbedder()
    index = build_index(knowledge, passages, embedder=embedder, cache_dir=tmp_path)
    assert embedder.calls > 0 and not index.stats["from_cache"]


def test_an_unwritable_cache_folder_still_builds(knowledge: Knowledge, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    index = build_index(
        knowledge, load_passages(knowledge), embedder=CountingEmbedder(), cache_dir=blocker / "sub"
    )
    assert len(index.passages) == index.passage_vecs.shape[0]


def test_the_packaged_model_is_found_and_embeds_sensibly() -> None:
    files = locate_model()
    assert files.model.name == "model.onnx" and files.tokenizer.name == "tokenizer.json"
    embedder = Embedder(files)
    vecs = embedder.encode(["my back locked up", "my lower back went into spasm", "a pizza recipe"])
    assert vecs.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert float(vecs[0] @ vecs[1]) > float(vecs[0] @ vecs[2]) + 0.2


def test_batched_and_single_embeddings_agree() -> None:
    embedder = Embedder()
    texts = ["short", "a much longer sentence about back spasms and heat packs"]
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-3)


def test_index_shapes_line_up(ask_index: AskIndex) -> None:
    n = len(ask_index.passages)
    assert ask_index.passage_vecs.shape == (n, DIMENSION)
    assert ask_index.question_vecs.shape[0] == len(ask_index.question_owner)
    assert ask_index.sentence_vecs.shape[0] == len(ask_index.sentences)
    assert set(ask_index.question_owner.tolist()) == set(range(n))
    assert (ask_index.question_owner[ask_index.question_starts] == range(n)).all()


def test_stale_cache_files_are_pruned(knowledge: Knowledge, tmp_path: Path) -> None:
    stale = tmp_path / "ask-0123456789abcdef0123.npz"
    stale.write_bytes(b"old")
    other = tmp_path / "something-else.npz"
    other.write_bytes(b"not ours")
    passages = load_passages(knowledge)
    build_index(knowledge, passages, embedder=CountingEmbedder(), cache_dir=tmp_path)
    assert not stale.exists() and other.exists()
    assert len(list(tmp_path.glob("ask-*.npz"))) == 1
