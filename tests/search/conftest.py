from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backspasm.knowledge import Knowledge
from backspasm.search.index import AskIndex, build_index


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One vector cache for the whole session, shared by the CLI (via the env variable)."""
    path = tmp_path_factory.mktemp("ask-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BACKSPASM_CACHE_DIR", str(path))
        yield path


@pytest.fixture(scope="session")
def ask_index(knowledge: Knowledge, cache_dir: Path) -> AskIndex:
    return build_index(knowledge, cache_dir=cache_dir)
