from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backspasm.knowledge import Knowledge
from backspasm.web import Settings, create_app
from backspasm.web.intake import load_intake


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The app, its diary in a throwaway SQLite file (never the person's own diary)."""
    db = tmp_path_factory.mktemp("diary") / "diary.sqlite3"
    return create_app(Settings(database_url=f"sqlite:///{db}"))


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session", autouse=True)
def _warm_intake(knowledge: Knowledge) -> None:
    """Load the free-text intake once, if installed, before any test reads text.

    spaCy's first import raises a third-party DeprecationWarning (click), which the
    project's warnings-as-errors setting would turn into a failed request; loading it
    here, with that warning ignored, keeps the tests about our own code.
    """
    intake = load_intake()
    if intake is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        intake.extract("My lower back hurts.", knowledge)
