"""The `facts`, `timeline` and `profile` commands over a small stored case board."""

from __future__ import annotations

import json

import pytest
from test_corroboration import STORY, extraction
from typer.testing import CliRunner

from caseboard.cli import app
from caseboard.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "board.db")
    store = Store.open(path, create=True)
    store.add(extraction(STORY, source="original.txt"))
    store.add(extraction("Syndicated. " + STORY, source="copy.txt"))
    store.add(extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. More.", status="alleged", source="other.txt"))
    return path


def run(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_facts_json_with_sources_and_names(db):
    (fact,) = json.loads(run("facts", "--db", db, "--json"))
    assert (fact["subject_name"], fact["relation"], fact["object_name"]) == ("Héctor Guerrero", "leader_of", "Tren de Aragua")
    assert (fact["sources"], fact["independent_sources"]) == (3, 2)
    assert {e["source"] for e in fact["evidence"]} == {"original.txt", "copy.txt", "other.txt"}


def test_facts_filters(db):
    assert json.loads(run("facts", "--db", db, "--json", "--min-sources", "3")) == []
    assert len(json.loads(run("facts", "--db", db, "--json", "--entity", "Tren de Aragua", "--status", "asserted"))) == 1
    assert json.loads(run("facts", "--db", db, "--json", "--status", "denied")) == []


def test_timeline_in_date_order(db):
    (event,) = json.loads(run("timeline", "--db", db, "--json", "--entity", "Héctor Guerrero"))
    assert (event["type"], event["date"], event["participant_names"]["place"]) == ("escape", "2023", ["Tocorón prison"])
    assert "escape" in run("timeline", "--db", db)


def test_profile_lists_facts_events_and_cooccurring_entities(db):
    profile = json.loads(run("profile", "Héctor Guerrero", "--db", db, "--json"))
    assert profile["entity"]["type"] == "PERSON"
    assert profile["facts"][0]["independent_sources"] == 2
    assert profile["events"][0]["type"] == "escape"
    assert {c["name"] for c in profile["cooccurring"]} == {"Tren de Aragua", "Tocorón prison"}
    assert "named in 3 documents" in run("profile", "Héctor Guerrero", "--db", db)


def test_unknown_entity_and_bad_status_fail_with_a_message(db):
    result = runner.invoke(app, ["profile", "Nobody Known", "--db", db])
    assert result.exit_code == 1 and "no entity named" in result.output
    assert runner.invoke(app, ["facts", "--db", db, "--status", "maybe"]).exit_code == 2


DEMO_FILES = [
    "aurora-apartments.txt",
    "syndicated-aurora-apartments.txt",
    "guerrero-profile.txt",
    "tocoron-operation.html",
    "cucuta-arrest.txt",
]


def test_demo_profile_counts_sources_and_not_the_syndicated_copy(tmp_path):
    from conftest import EXAMPLES

    path = str(tmp_path / "demo.db")
    run("ingest", *[str(EXAMPLES / name) for name in DEMO_FILES], "--db", path)
    profile = json.loads(run("profile", "Niño Guerrero", "--db", path, "--evidence", "0", "--json"))
    leads = [f for f in profile["facts"] if f["relation"] == "leader_of" and f["object_name"] == "Tren de Aragua"]
    assert leads, profile["facts"]
    fact = leads[0]
    sources = {e["source"].rsplit("/", 1)[-1] for e in fact["evidence"]}
    assert {"aurora-apartments.txt", "syndicated-aurora-apartments.txt"} <= sources
    assert len(sources) >= 3
    assert fact["sources"] == len(sources)
    assert fact["independent_sources"] == fact["sources"] - 1  # the syndicated copy is no corroboration
