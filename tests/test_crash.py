"""Crash safety: an ingest killed with SIGKILL at random points, again and again, then
resumed, ends with exactly the case board of an uninterrupted run (same export).

Runs on SQLite and, when a PostgreSQL server can be started (tests/pg_server.py), on
PostgreSQL. Documents are short and made from templates so hundreds process in seconds.
"""

from __future__ import annotations

import io
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, caseboard_env, run_caseboard
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from caseboard.export import jsonl
from caseboard.ingest import ingest
from caseboard.read import read_path
from caseboard.store import Store

DOCUMENTS = 200
KILLS = 5

PEOPLE = ["Ana Peña", "Luis Ortega", "Marta Gómez", "Carlos Ruiz", "Elena Vidal", "Jorge Salas", "Rosa Medina"]
GROUPS = ["Tren de Aragua", "the Sinaloa Cartel", "MS-13", "Los Gallegos", "the Gulf Clan"]
PLACES = ["Caracas", "Bogotá", "Santiago", "El Paso", "Aurora", "Cúcuta", "Lima"]
AGENCIES = ["the FBI", "the national police", "prosecutors", "the army", "the DEA"]
TEMPLATES = [
    "{place} — {person}, a leader of {group}, was arrested by {agency} on case {n}, officials said.",
    "{agency} allegedly raided a house in {place} linked to {group} in operation {n}. {person} denied it.",
    '"We will find them," said {person} of {agency} after escape number {n} from a prison near {place}.',
    "{person} was charged in {place} with running {group}'s extortion ring, file {n}, prosecutors said.",
]


def synthetic_corpus(folder: Path, count: int = DOCUMENTS) -> None:
    """`count` short articles from templates; every tenth one is a syndicated copy of an earlier one."""
    rng = random.Random(7)
    texts: list[str] = []
    for n in range(count):
        if n % 10 == 9:
            text_ = texts[rng.randrange(len(texts))] + f" Wire copy {n}."
        else:
            slots = {k: rng.choice(v) for k, v in (("person", PEOPLE), ("group", GROUPS), ("place", PLACES), ("agency", AGENCIES))}
            text_ = " ".join(rng.choice(TEMPLATES).format(n=n, **slots) for _ in range(3))
        texts.append(text_)
        (folder / f"article-{n:04d}.txt").write_text(text_, encoding="utf-8")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(killed, uninterrupted): two empty case boards on one engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'killed.db'}", f"sqlite:///{tmp_path / 'whole.db'}"
        return
    pg_server = pytest.importorskip("pg_server", reason="PostgreSQL test server helper not available")
    server = request.getfixturevalue("postgres_server")
    with pg_server.fresh_database(server) as killed, pg_server.fresh_database(server) as whole:
        yield killed, whole


def stored(url: str) -> int:
    """Documents committed so far (0 while the schema does not exist yet)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def export(url: str) -> str:
    """What `caseboard export --format jsonl` prints for the case board at `url`."""
    store = Store.open(url)
    stream = io.StringIO()
    jsonl.write(store, stream)
    store.close()
    return stream.getvalue()


def test_ingest_killed_at_random_points_then_resumed_equals_an_uninterrupted_run(database, tmp_path):
    killed_url, whole_url = database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    synthetic_corpus(corpus)
    rng = random.Random(2024)
    kills = 0
    while kills < KILLS:
        before = stored(killed_url)
        process = subprocess.Popen(
            [sys.executable, "-m", "caseboard", "ingest", str(corpus), "--db", killed_url],
            env=caseboard_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        target = before + rng.randint(1, DOCUMENTS // (KILLS + 2))
        deadline = time.monotonic() + 120
        while stored(killed_url) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside the next document: reading, processing or writing
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
        kills += 1
    partial = stored(killed_url)
    assert 0 < partial < DOCUMENTS

    resumed = run_caseboard("ingest", str(corpus), "--db", killed_url)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{DOCUMENTS - partial} added, {partial} already stored" in resumed.stderr

    store = Store.open(whole_url)
    whole = ingest(store, read_path(corpus))
    store.close()
    assert (whole.added, whole.failed) == (DOCUMENTS, 0)
    killed_export, whole_export = export(killed_url), export(whole_url)
    assert killed_export.count("\n") == DOCUMENTS
    assert killed_export == whole_export
