from __future__ import annotations

import pytest

from backspasm.knowledge import Knowledge, default_knowledge


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return default_knowledge()
