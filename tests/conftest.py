from __future__ import annotations

import pytest
from hypothesis import settings

from backspasm.knowledge import Knowledge, default_knowledge

# Property tests check behaviour, never speed (benchmarks/ does that): no per-example
# deadline, which a shared, loaded CI machine would trip at random.
settings.register_profile("backspasm", deadline=None)
settings.load_profile("backspasm")


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return default_knowledge()
