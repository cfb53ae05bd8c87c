"""Storage fixtures: every storage test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is a throwaway cluster started once per test session (initdb into a
temporary folder, a free loopback port) and stopped at the end. Each test gets a fresh
database in it. When PostgreSQL cannot be started the PostgreSQL tests are skipped on a
developer machine but FAIL in CI (CI=true) and under scripts/test (BACKSPASM_REQUIRE_PG=1),
so a broken install cannot pass unnoticed.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from backspasm.store import Store, open_store
from backspasm.store.testing import PgCluster, PgUnavailable

BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count()


def _in_ci() -> bool:
    """True in CI (CI=true) or under scripts/test (BACKSPASM_REQUIRE_PG=1): never skip there."""
    flags = (os.environ.get("CI", ""), os.environ.get("BACKSPASM_REQUIRE_PG", ""))
    return any(f.lower() in ("1", "true", "yes") for f in flags)


def _start_cluster(fsync: bool = True) -> PgCluster:
    cluster = None
    try:
        cluster = PgCluster(fsync=fsync)
        cluster.start()
    except PgUnavailable as exc:
        if cluster is not None:
            cluster.destroy()
        if _in_ci():
            pytest.fail(f"PostgreSQL is required in CI but could not be started: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    return cluster


@pytest.fixture
def own_cluster() -> Iterator[PgCluster]:
    """A cluster of the test's own, for tests that kill the server."""
    cluster = _start_cluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """Shared by the functional tests; fsync is off there (the crash tests have their own
    cluster with fsync on), which keeps CREATE DATABASE per test cheap."""
    cluster = _start_cluster(fsync=False)
    try:
        yield cluster
    finally:
        cluster.destroy()


def fresh_pg_url(cluster: PgCluster) -> str:
    import psycopg

    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(
        host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'diary.sqlite3'}"
    cluster = request.getfixturevalue("pg_cluster")
    return fresh_pg_url(cluster)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()
