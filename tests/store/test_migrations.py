"""Migrations: from an empty database, from each earlier revision with its data kept, and
in agreement with the SQLAlchemy models. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from backspasm.core.diary import CheckIn, Episode
from backspasm.store import make_engine, migrate, open_store
from backspasm.store.models import Base

# Rows written at each revision, using only the columns that revision has.
SEED = {
    "0001": [
        "INSERT INTO persons (id, handle) VALUES (1, 'me')",
        "INSERT INTO episodes (person_id, started, ended, location, worst_pain, triggers, helped,"
        " notes) VALUES (1, '2025-01-05', '2025-01-20', 'lower', 8, '[\"lifting\"]', '[]', 'x')",
        "INSERT INTO checkins (person_id, day, pain, function, sleep_hours, medicines, notes)"
        " VALUES (1, '2025-01-05', 7, 3, 5.5, '[\"ibuprofen\"]', 'first')",
    ],
    "0002": [
        "INSERT INTO persons (id, handle) VALUES (2, 'you')",
        "INSERT INTO checkins (person_id, day, pain, medicines, notes, red_flags)"
        " VALUES (2, '2025-02-01', 4, '[]', '', '[\"fever\"]')",
        "INSERT INTO assessments (person_id, created_at, disposition, knowledge_version,"
        " answers, result) VALUES (2, '2025-02-01 10:00:00', 'urgent', 'abc', '{}', '{}')",
    ],
}


def test_every_revision_has_seed_data() -> None:
    assert list(SEED) == migrate.revisions()


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert migrate.current(engine) is None
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("start", migrate.revisions()[:-1])
def test_upgrade_from_each_earlier_revision_keeps_data(db_url: str, start: str) -> None:
    engine = make_engine(db_url)
    try:
        revs = migrate.revisions()
        migrate.upgrade(engine, start)
        with engine.begin() as conn:
            for rev in revs[: revs.index(start) + 1]:
                for stmt in SEED[rev]:
                    conn.execute(text(stmt))
    finally:
        engine.dispose()
    store = open_store(db_url)  # opening migrates to head
    try:
        assert migrate.current(store.engine) == migrate.head()
        me = store.diary("me")
        assert me.checkins() == [CheckIn(
            day=dt.date(2025, 1, 5), pain=7, function=3, sleep_hours=5.5,
            medicines=("ibuprofen",), notes="first",
        )]
        assert me.episodes() == [Episode(
            started=dt.date(2025, 1, 5), ended=dt.date(2025, 1, 20), worst_pain=8,
            triggers=("lifting",), notes="x",
        )]
        # the new column exists and the old row got its default
        assert me.checkins()[0].red_flags == ()
        me.add_checkin(CheckIn(day=dt.date(2025, 1, 6), pain=6, red_flags=("fever",)))
        assert me.checkin_on(dt.date(2025, 1, 6)).red_flags == ("fever",)  # type: ignore[union-attr]
    finally:
        store.close()


def test_downgrade_to_base_and_back(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert migrate.current(engine) is None
        assert "checkins" not in inspect(engine).get_table_names()
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
    finally:
        engine.dispose()


def test_opening_twice_is_harmless(db_url: str) -> None:
    a = open_store(db_url)
    a.diary().add_checkin(CheckIn(day=dt.date(2025, 1, 1), pain=1))
    b = open_store(db_url)
    try:
        assert len(b.diary().checkins()) == 1
    finally:
        a.close()
        b.close()
