from __future__ import annotations

import pytest

from backspasm.care.models import CareKnowledge
from backspasm.knowledge.care import default_care_knowledge


@pytest.fixture(scope="session")
def care() -> CareKnowledge:
    return default_care_knowledge()
