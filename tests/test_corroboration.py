"""Facts merged across documents: sources, independent sources, conflict flags.

Documents are written to a real SQLite store; a syndicated copy (a
near-duplicate) must not count as independent corroboration.
"""

from __future__ import annotations

import pytest
from factkit import entities_in

from caseboard import board
from caseboard.model import Document, Event, Extraction, Relation, Span
from caseboard.store import Store

NAMES = {"Héctor Guerrero": "PERSON", "Tren de Aragua": "ORG", "Tocorón prison": "FAC"}
STORY = (
    "Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. "
    "The gang grew inside the prison for a decade, running a nightclub, a zoo and a market, "
    "and extorting shopkeepers across several states before soldiers finally took the compound back. "
    "Officials said the leader had left weeks before the operation, with a few trusted lieutenants."
)


def extraction(text: str, *, status: str = "asserted", date: str | None = "2023", source: str = "a.txt") -> Extraction:
    found = entities_in(text, NAMES)
    ids = {e.name: e.id for e in found}
    sentence = Span(0, text.index(".") + 1, text[: text.index(".") + 1])
    return Extraction(
        document=Document(text=text, source=source, published="2025-01-01"),
        entities=found,
        relations=[Relation(ids["Héctor Guerrero"], "leader_of", ids["Tren de Aragua"], sentence, status)],
        events=[
            Event(
                "escape",
                sentence,
                date,
                {"agent": [ids["Héctor Guerrero"]], "patient": [], "place": [ids["Tocorón prison"]]},
                status,
            )
        ],
    )


@pytest.fixture
def store(tmp_path):
    return Store.open(str(tmp_path / "board.db"), create=True)


def test_syndicated_copy_counts_as_a_source_but_not_as_independent(store):
    store.add(extraction(STORY, source="original.txt"))
    store.add(extraction("Syndicated. " + STORY, source="copy.txt"))
    store.add(extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. Other words.", source="other.txt"))
    (fact,) = board.facts(store, "Héctor Guerrero")
    assert (fact.relation, fact.sources, fact.independent_sources) == ("leader_of", 3, 2)
    assert len(fact.evidence) == 3
    assert board.facts(store, min_sources=3) == []
    (event,) = board.timeline(store, "Héctor Guerrero")
    assert (event.sources, event.independent_sources, event.conflict) == (3, 2, None)


def test_assertion_and_denial_across_sources_are_flagged(store):
    store.add(extraction(STORY, source="says.txt"))
    store.add(extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. No.", status="denied", source="denies.txt"))
    (fact,) = board.facts(store)
    assert fact.status == "asserted"
    assert "denied" in fact.conflict


def test_same_event_with_different_dates_is_flagged_and_refinements_are_not(store):
    store.add(extraction(STORY, date="2023", source="a.txt"))
    store.add(extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. 1", date="2023-09", source="b.txt"))
    (event,) = board.timeline(store)
    assert event.date == "2023-09" and event.conflict is None
    store.add(extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. 2", date="2021", source="c.txt"))
    (event,) = board.timeline(store)
    assert "different dates" in event.conflict


def test_a_shorter_telling_of_an_event_joins_the_fuller_one(store):
    store.add(extraction(STORY, source="full.txt"))
    short = extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. Short.", source="short.txt")
    short.events[0].participants["place"] = []
    store.add(short)
    (event,) = board.timeline(store)
    assert event.sources == 2
    assert event.participants["place"] == ["fac:tocoron-prison"]
