"""The bridge to ``backspasm.search`` (ask), shared by the API and the pages.

The index (passages, BM25 and the packaged embedding model) is built on first use and
kept for the life of the process by :func:`backspasm.search.index.default_index`.
"""

from __future__ import annotations

from ..knowledge.loader import Knowledge
from ..search.ask import AskResult


class AskUnavailable(RuntimeError):
    """Answers cannot be given here (e.g. the embedding model is not installed)."""


def answer(question: str, knowledge: Knowledge) -> AskResult:
    from ..knowledge import KnowledgeError
    from ..search.ask import ask
    from ..search.embedder import EmbedderUnavailable
    from ..search.index import default_index
    from ..search.triage import default_triage

    try:
        index = default_index(knowledge)
    except (EmbedderUnavailable, KnowledgeError) as exc:
        raise AskUnavailable(f"Answers are unavailable because {exc}") from None
    return ask(question, index, triage=default_triage(knowledge))
