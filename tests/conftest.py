"""Shared test helpers: the demo PDF writer, running `caseboard` as a user does, and
`db_url`/`store` fixtures that run a test on SQLite and on a real PostgreSQL
(one throwaway server per session, see pg_server.py)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pg_server
import pytest

from caseboard.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SRC = ROOT / "src"

# The PDF writer of the demo (examples/make_pdf.py) also makes the tests' PDF fixtures.
sys.path.insert(0, str(EXAMPLES))


def caseboard_env() -> dict[str, str]:
    """The environment for a `caseboard` subprocess: this checkout's src first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.pop("CASEBOARD_DB", None)
    return env


def run_caseboard(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m caseboard ARGS` and return its exit code, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "caseboard", *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=caseboard_env(),
        timeout=timeout,
        cwd=ROOT,
    )


def long_report(chars: int, seed: int = 0) -> str:
    """A long wire report of `chars` characters whose sentences never repeat (arrests, places,
    quotes): nothing for repeated-passage removal to drop, so every character is parsed."""
    rng = random.Random(seed)
    first = ["Marta", "Ramón", "Julio", "Elena", "Tomás", "Ana", "Luis", "Carlos"]
    last = ["Quiroga", "Ibáñez", "Cárdenas", "Rojas", "Echeverría", "Peña", "Lenz", "Soto"]
    places = ["Valparaíso", "Santiago", "Tacna", "Lima", "Arica", "Caracas"]
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        n = len(paragraphs)
        paragraph = (
            f"{rng.choice(first)} {rng.choice(last)} was arrested in {rng.choice(places)} on day {n}, police said. "
            f'"{rng.choice(first)} {rng.choice(last)} denied charge number {n}," a lawyer in {rng.choice(places)} said.'
        )
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:chars]


@pytest.fixture(scope="session")
def caseboard():
    """`run_caseboard`, as a fixture."""
    return run_caseboard


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for this session; skips when none can start."""
    try:
        with pg_server.server() as url:
            yield url
    except pg_server.Unavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
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
