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


def crowded_board(store: Store, people: int) -> None:
    """Tren de Aragua named with `people` members, each in a story of their own; the
    first member's story is told by three outlets in their own words (three independent sources)."""
    for n in range(people):
        name = f"Member Number{n}"
        text = f"{name} was a member of Tren de Aragua. {name} was arrested in Tocorón prison. Story {n}."
        found = entities_in(text, {name: "PERSON", "Tren de Aragua": "ORG", "Tocorón prison": "FAC"})
        ids = {e.name: e.id for e in found}
        first = Span(0, text.index(".") + 1, text[: text.index(".") + 1])
        second_at = text.index(".") + 2
        second = Span(second_at, text.index(".", second_at) + 1, text[second_at : text.index(".", second_at) + 1])
        for copy in range(3 if n == 0 else 1):
            store.add(
                Extraction(
                    document=Document(text=text + "".join(f" Outlet{copy} note{i}." for i in range(40)), source=f"m{n}-{copy}.txt"),
                    entities=entities_in(text, {name: "PERSON", "Tren de Aragua": "ORG", "Tocorón prison": "FAC"}),
                    relations=[Relation(ids[name], "member_of", ids["Tren de Aragua"], first, "asserted")],
                    events=[
                        Event("arrest", second, "2024", {"agent": [], "patient": [ids[name]], "place": [ids["Tocorón prison"]]})
                    ],
                )
            )


def test_a_profile_shows_the_best_supported_first_and_says_how_many_in_all(store):
    crowded_board(store, 8)
    found = board.profile(store, "Tren de Aragua", limit=3, evidence=2)
    assert found.totals["facts"] == 8 and found.totals["documents"] == 10
    assert len(found.facts) == 3 and len(found.documents) == 3
    best = found.facts[0]
    assert (best.subject, best.sources, best.independent_sources) == ("person:member-number0", 3, 3)
    assert len(best.evidence) == 2 and best.evidence_count == 3
    everything = board.profile(store, "Tren de Aragua", limit=None, evidence=None)
    assert len(everything.facts) == 8 and len(everything.facts[0].evidence) == 3


def test_a_profile_shows_events_in_date_order_with_their_first_sentences(store):
    crowded_board(store, 5)
    found = board.profile(store, "Tocorón prison", limit=2, evidence=1)
    assert found.totals["events"] == 5 and len(found.events) == 2
    assert found.events[0].participants["patient"] == ["person:member-number0"]  # the best supported
    assert [len(e.evidence) for e in found.events] == [1, 1]
    assert found.events[0].evidence_count == 3
    assert all(e.evidence[0].text.endswith("arrested in Tocorón prison.") for e in found.events)


def test_many_tellings_merge_as_few_do(store):
    """Thousands of tellings are grouped through an index; the grouping is the same:
    each shorter telling joins the earliest fuller one that names all its participants."""
    crowded_board(store, 30)
    short = extraction("Héctor Guerrero, the leader of Tren de Aragua, escaped from Tocorón prison. Short.", source="short.txt")
    short.events[0].participants["place"] = []
    store.add(extraction(STORY, source="full.txt"))
    store.add(short)
    events = board.timeline(store)
    escapes = [e for e in events if e.type == "escape"]
    assert len(escapes) == 1 and escapes[0].sources == 2
    assert len([e for e in events if e.type == "arrest"]) == 30
