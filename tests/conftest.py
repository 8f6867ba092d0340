"""Shared fixtures: every test that asks for `db_url` or `store` runs on SQLite
and on a real PostgreSQL (started once per session, see pg_server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from caseboard.store import Store
import pg_server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for this session; skips when none can start."""
    try:
        with pg_server.server() as url:
            yield url
    except pg_server.Unavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty case board database: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'caseboard.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    with pg_server.fresh_database(server) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open, empty Store on each database engine."""
    opened = Store.open(db_url)
    yield opened
    opened.close()
