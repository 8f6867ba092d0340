"""The summaries the writer keeps (store.py: fact_summaries, entity_events,
entity_summaries) against the facts and events merged from scratch from every row, and
against the summaries computed again for every entity: after batches of new documents
and near-copies, a merge, a split, an undo, reviews, resolving the board again, a
reprocessed document, later ingests, and on a board upgraded from schema 2."""

from __future__ import annotations

import random
import sqlite3

import pytest

from caseboard import board
from caseboard.corroboration import merge_events, merge_relations
from caseboard.model import Document, Event, Extraction, Quote, Relation, Span
from caseboard.rebuild import resolve_again
from caseboard.store import Store
from factkit import entities_in

PEOPLE = [f"Person Name{n}" for n in range(8)]
GROUPS = ["Tren de Aragua", "Ministry of Interior", "Sinaloa Cartel"]
PLACES = ["Tocorón prison", "Caracas"]
STATUSES = ["asserted", "alleged", "quoted", "denied"]


def random_extraction(rng: random.Random, n: int) -> Extraction:
    """A document naming a few of a small cast, with relations, events (often the same
    event told with fewer or more participants, or naming nobody) and quotations."""
    cast = rng.sample(PEOPLE, 3) + rng.sample(GROUPS, 2) + rng.sample(PLACES, 1)
    text = " ".join(f"{name} appears in story {n} sentence {i}." for i, name in enumerate(cast))
    text += " " + " ".join(f"Filler{rng.randrange(10**6)}" for _ in range(30))
    found = entities_in(text, {**{p: "PERSON" for p in PEOPLE}, **{g: "ORG" for g in GROUPS}, **{p: "FAC" for p in PLACES}})
    ids = {e.name: e.id for e in found}
    span = Span(0, 10, text[:10])
    people, orgs, place = [ids[c] for c in cast[:3]], [ids[c] for c in cast[3:5]], ids[cast[5]]
    relations = [
        Relation(rng.choice(people), rng.choice(["member_of", "leader_of"]), rng.choice(orgs), span, rng.choice(STATUSES),
                 rng.choice([None, people[0]]))
        for _ in range(rng.randrange(3))
    ]
    events = []
    for _ in range(rng.randrange(4)):
        patients = rng.sample(people[:2], rng.randrange(3))
        where = [place] if rng.random() < 0.5 else []
        events.append(
            Event(
                rng.choice(["arrest", "escape"]),
                span,
                rng.choice([None, "2023", "2023-09", "2024"]),
                {"agent": rng.sample(orgs, rng.randrange(2)), "patient": patients, "place": where},
                rng.choice(STATUSES),
                rng.choice([None, None, people[2]]),
            )
        )
    quotes = [Quote(0, 10, text[:10], people[0], cast[0])] if rng.random() < 0.3 else []
    document = Document(text=text, source=f"doc{n}.txt", published=rng.choice([None, "2023-01-02", "2024-05-06"]))
    return Extraction(document=document, entities=found, relations=relations, events=events, quotes=quotes)


def near_copy(extraction: Extraction, n: int) -> Extraction:
    """The same story with its last word changed: a near-duplicate of the original."""
    text = extraction.document.text.rsplit(" ", 1)[0] + f" Changed{n}"
    copy = random_extraction(random.Random(0), 0)  # shape only; everything is replaced below
    copy.document = Document(text=text, source=f"copy{n}.txt", published=extraction.document.published)
    copy.entities = entities_in(text, {e.name: e.type for e in extraction.entities})
    copy.relations, copy.events, copy.quotes = extraction.relations, extraction.events, extraction.quotes
    return copy


def fill(store: Store, documents: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    made: list[Extraction] = []
    while len(made) < documents:
        batch = []
        for _ in range(rng.randrange(1, 6)):
            if made and rng.random() < 0.2:
                batch.append(near_copy(rng.choice(made), len(made)))
            else:
                batch.append(random_extraction(rng, len(made)))
            made.append(batch[-1])
        store.add_many(batch)


def fact_row(f) -> tuple:
    return (f.id, f.subject, f.relation, f.object, f.status, f.attributed_to, f.sources, f.independent_sources,
            f.conflict, f.evidence_count, f.review)


def event_row(e) -> tuple:
    return (e.type, e.date, e.participants, e.status, e.attributed_to, e.sources, e.independent_sources, e.conflict,
            e.evidence_count, sorted(e.tellings, key=str), e.first_rows)


def in_date_order(e) -> tuple:
    return (e.date is None, e.date or "", e.type, e.first_rows[0])


def snapshot(store: Store) -> dict[str, object]:
    """What the views read from the summaries, for the whole board and per entity."""
    everyone = [e["id"] for e in store.list_entities()]
    return {
        "entities": store.list_entities(),
        "connected": store.most_connected(1000),
        "facts": [fact_row(f) for f in board.merged_facts(store, None, rejected=True)],
        **{
            ident: (
                store.entity_totals(ident),
                [fact_row(f) for f in board.merged_facts(store, ident)],
                [event_row(e) for e in board.merged_events(store, ident)],
                [event_row(e) for e in store.merged_events(ident, best_supported=True)],
            )
            for ident in everyone
        },
    }


def from_scratch(store: Store) -> dict[str, object]:
    """The same facts and events merged here from every row, as the views merged them
    before the summaries, with the standing reviews."""
    reviews = store.reviews()

    def facts(ident: str | None, rejected: bool = False) -> list[tuple]:
        found = []
        for f in merge_relations(store.relation_tallies(ident)):
            review = reviews.get((f.subject, f.relation, f.object))
            f.review = review["verdict"] if review else None
            if rejected or f.review != "rejected":
                found.append(f)
        found.sort(key=lambda f: (-f.independent_sources, -f.sources, f.relation, f.subject, f.object))
        return [fact_row(f) for f in found]

    def events(ident: str) -> list:
        return sorted(merge_events(store.event_tallies(ident)), key=in_date_order)

    everyone = [e["id"] for e in store.list_entities()]
    found = {"facts": facts(None, rejected=True)}
    for ident in everyone:
        named_in = store.entity_documents(ident)
        its_events = events(ident)
        totals = {
            "documents": len(named_in),
            "independent_documents": len({d["duplicate_of"] or d["id"] for d in named_in}),
            "quotes": len(store.quote_rows(ident)),
            "facts": len(facts(ident)),
            "events": len(its_events),
            "merges": len(store.entity_merges(ident)),
        }
        best = sorted(its_events, key=lambda e: (-e.independent_sources, -e.sources))
        found[ident] = (totals, facts(ident), [event_row(e) for e in its_events], [event_row(e) for e in best])
    return found


def assert_summaries_hold(store: Store) -> None:
    """The summaries as the writer left them are the facts and events merged from scratch,
    and the figures computed again for every entity."""
    kept = snapshot(store)
    scratch = from_scratch(store)
    assert {k: v for k, v in kept.items() if k not in ("entities", "connected")} == scratch
    store.rebuild_summaries()
    assert snapshot(store) == kept


def test_the_writers_summaries_are_those_computed_from_scratch(store):
    fill(store, 80)
    kept = snapshot(store)
    assert len(kept["facts"]) > 20
    assert any(len(e[9]) > 1 for ident in kept if ident.startswith("person:") for e in kept[ident][2])  # merged tellings
    assert_summaries_hold(store)


def test_every_batch_leaves_the_events_it_may_change_as_from_scratch(store):
    # each batch merges again only what its tellings may join: checked after every batch, as
    # a wrong merge would stay until the next telling of that event
    rng = random.Random(12)
    made = 0
    while made < 40:
        batch = [random_extraction(rng, made + n) for n in range(rng.randrange(1, 4))]
        made += len(batch)
        store.add_many(batch)
        kept = snapshot(store)
        assert {k: v for k, v in kept.items() if k not in ("entities", "connected")} == from_scratch(store)


def test_a_batch_merges_again_only_the_events_its_tellings_may_join(store, monkeypatch):
    names = {"Hot Person": "PERSON", **{f"Other Name{n}": "PERSON" for n in range(12)}, "New Comer": "PERSON"}
    for n in range(12):  # twelve arrests of the hot person, each with someone else
        store.add(story(f"Hot Person and Other Name{n} were arrested.", names, n, arrested=["Hot Person", f"Other Name{n}"]))
    hot = store.find_entity("Hot Person")["id"]
    assert len(store.merged_events(hot)) == 12
    merged: list[int] = []

    def counting(tallies):
        tallies = list(tallies)
        merged.append(len(tallies))
        return merge_events(tallies)

    monkeypatch.setattr("caseboard.store.merge_events", counting)
    store.add(story("Hot Person and New Comer were arrested.", names, 20, arrested=["Hot Person", "New Comer"]))
    assert sum(merged) <= 2  # its one telling, for each of the two: none of the hot person's twelve
    merged.clear()
    store.add(story("Hot Person and Other Name3 were arrested.", names, 21, arrested=["Hot Person", "Other Name3"]))
    assert sum(merged) <= 4  # the arrest it joins, told twice now, for each of the two
    assert len(store.merged_events(hot)) == 13
    assert_summaries_hold(store)


def two_people(store: Store) -> tuple[str, str]:
    """The two most connected people of the board."""
    people = [e["id"] for e in store.most_connected(100) if e["id"].startswith("person:")]
    return people[0], people[1]


def test_a_merge_and_its_undo_leave_the_summaries_as_from_scratch(store):
    fill(store, 40, seed=2)
    a, b = two_people(store)
    judged = store.merge_entities(a, b, "ana")
    assert store.find_entity(a)["id"] == store.find_entity(b)["id"] == judged["entity"]
    assert not store.merged_events(a if judged["entity"] != a else b)  # the id merged away shows nothing
    assert_summaries_hold(store)
    store.undo_judgement(judged["id"])
    resolve_again(store)
    assert store.find_entity(a)["id"] != store.find_entity(b)["id"]
    assert_summaries_hold(store)


def story(text: str, names: dict[str, str], n: int, relations: list[tuple[str, str, str]] = (),
          arrested: list[str] = ()) -> Extraction:
    """A document naming `names` (name -> type), with relations and an arrest between them."""
    found = entities_in(text, names)
    ids = {e.name: e.id for e in found}
    span = Span(0, 10, text[:10])
    rels = [Relation(ids[s], r, ids[o], span, "asserted") for s, r, o in relations]
    told = [Event("arrest", span, "2024", {"agent": [], "patient": [ids[p] for p in arrested], "place": []})] if arrested else []
    return Extraction(Document(text=text, source=f"caro{n}.txt"), found, rels, told, [])


def test_a_split_a_later_ingest_and_resolving_again_leave_the_summaries_as_from_scratch(store):
    fill(store, 20, seed=4)
    names = {"Rafael Caro": "PERSON", "Rafael Caro Quintero": "PERSON", "Sinaloa Cartel": "ORG", "Person Name1": "PERSON"}
    store.add(story("Rafael Caro was seen with Person Name1 near the Sinaloa Cartel.", names, 1,
                    [("Rafael Caro", "member_of", "Sinaloa Cartel")], ["Rafael Caro", "Person Name1"]))
    store.add(story("Rafael Caro Quintero leads the Sinaloa Cartel, with Person Name1.", names, 2,
                    [("Rafael Caro Quintero", "leader_of", "Sinaloa Cartel")], ["Rafael Caro Quintero", "Person Name1"]))
    joined = store.find_entity("Rafael Caro")["id"]
    assert store.find_entity("Rafael Caro Quintero")["id"] == joined
    judged = store.split_entity(joined, "Rafael Caro", "ana")
    assert store.merged_events(judged["split_off"]) and store.merged_facts(judged["split_off"])
    assert_summaries_hold(store)
    store.add(story("Rafael Caro spoke of the Sinaloa Cartel.", names, 3, [("Rafael Caro", "member_of", "Sinaloa Cartel")]))
    fill_later = random.Random(9)
    store.add_many([random_extraction(fill_later, 100 + n) for n in range(5)])
    assert_summaries_hold(store)
    resolve_again(store)
    assert_summaries_hold(store)


def test_a_rejected_fact_leaves_every_summary_and_a_confirmed_one_shows_so(store):
    fill(store, 30, seed=6)
    fact = max(board.merged_facts(store, None), key=lambda f: f.sources)
    rejected = board.review(store, fact.id, "rejected", "ana")
    assert fact.id not in {f.id for f in board.merged_facts(store, fact.subject)}
    assert fact.id not in {f.id for f in board.profile(store, fact.object).facts}
    assert [f.review for f in board.merged_facts(store, None, rejected=True) if f.id == fact.id] == ["rejected"]
    assert_summaries_hold(store)
    store.undo_judgement(rejected["id"])
    assert [f.review for f in board.merged_facts(store, fact.subject) if f.id == fact.id] == [None]  # back
    board.review(store, fact.id, "confirmed", "ana")
    assert [f.review for f in board.merged_facts(store, fact.subject) if f.id == fact.id] == ["confirmed"]
    assert_summaries_hold(store)
    fill(store, 10, seed=8)  # a later ingest keeps the review
    assert [f.review for f in board.merged_facts(store, fact.subject) if f.id == fact.id] == ["confirmed"]
    assert_summaries_hold(store)


def test_a_reprocessed_document_leaves_the_summaries_as_from_scratch(store):
    fill(store, 30, seed=10)
    stored = store.extraction(next(iter(store.extractions())).document.id)
    again = random_extraction(random.Random(99), 0)  # other names, facts and events for the same text
    again.document = stored.document
    again.entities = entities_in(stored.document.text, {e.name: e.type for e in again.entities})
    store.replace_extraction(again)
    assert_summaries_hold(store)


def test_an_entitys_figures_count_documents_copies_and_facts(store):
    fill(store, 60, seed=3)
    for row in store.list_entities():
        ident = row["id"]
        named_in = store.entity_documents(ident)
        totals = store.entity_totals(ident)
        assert totals["documents"] == row["documents"] == len(named_in)
        assert totals["events"] == len(store.merged_events(ident)) == store.event_count(ident)


def test_an_entitys_first_documents_merges_and_neighbours_are_those_of_the_whole_lists(store):
    fill(store, 60, seed=5)
    rows = store.list_entities()
    named_in = {row["id"]: {d["id"] for d in store.entity_documents(row["id"])} for row in rows}
    for row in rows:
        ident = row["id"]
        every = store.entity_documents(ident)
        assert store.entity_documents(ident, 3) == every[:3]
        assert store.entity_totals(ident)["merges"] == len(store.entity_merges(ident))
        joins = [m for m in store.entity_merges(ident) if m["what"] == "joined"]
        assert [m for m in store.entity_merges(ident, 2) if m["what"] == "joined"] == joins[:2]
        neighbours = store.cooccurring(ident, limit=1000, within=len(every))
        expected = {other: len(docs & named_in[ident]) for other, docs in named_in.items() if other != ident}
        assert {c["id"]: c["documents"] for c in neighbours} == {other: n for other, n in expected.items() if n}
        # the most shared first, ties by name: the first three are those of the whole list
        assert neighbours == sorted(neighbours, key=lambda c: (-c["documents"], c["name"]))
        assert store.cooccurring(ident, limit=3, within=len(every)) == neighbours[:3]


def first_documents(store: Store) -> dict[str, object]:
    """What a profile shows of each entity's documents: its first few by date."""
    return {row["id"]: [store.entity_documents(row["id"], limit) for limit in (1, 3, 8)] for row in store.list_entities()}


def gang_and_city(store: Store) -> tuple[str, str]:
    """A board of forty stories: the gang in every one, Caracas in the last ten."""
    for n in range(40):
        names = {"Tren de Aragua": "ORG", **({"Caracas": "GPE"} if n >= 30 else {})}
        text = " and ".join(names) + f" appear in story {n}. Filler{n}."
        store.add(Extraction(Document(text=text, source=f"s{n}.txt"), entities_in(text, names), [], [], []))
    return store.find_entity("Tren de Aragua")["id"], store.find_entity("Caracas")["id"]


def test_an_entitys_documents_are_listed_by_date_each_with_its_mentions(store):
    gang, city = gang_and_city(store)  # forty undated stories
    for n, published in enumerate(["2021-03-01", "2019-07-15", "2020-01-01"]):
        text = " ".join(["Tren de Aragua was named."] * (2 + n)) + f" Dated{n}."
        store.add(Extraction(Document(text=text, source=f"dated{n}.txt", published=published),
                             entities_in(text, {"Tren de Aragua": "ORG"}), [], [], []))
    listed = store.entity_documents(gang)
    dated = [(d["published"], d["mentions"]) for d in listed if d["published"]]
    undated = [d["id"] for d in listed if not d["published"]]
    assert dated == [("2019-07-15", 3), ("2020-01-01", 4), ("2021-03-01", 2)]
    assert undated == sorted(undated) and len(undated) == 40
    assert all(d["mentions"] == 1 for d in listed if not d["published"])
    # undated ones where each engine puts NULL in ascending order (SQLite first, PostgreSQL last)
    assert listed[0 if not store.is_sqlite else 40]["published"] == "2019-07-15"
    for limit in (1, 5, 41, 43):
        assert store.entity_documents(gang, limit) == listed[:limit]
    in_city = [d["id"] for d in store.entity_documents(city)]
    assert in_city == sorted(in_city) and len(in_city) == 10


def test_neighbours_are_counted_in_a_sample_of_an_entitys_documents(store):
    gang, city = gang_and_city(store)
    with_city = {d["id"] for d in store.entity_documents(city)}
    sample = sorted(d["id"] for d in store.entity_documents(gang))[:10]  # ids are hashes: spread over the board
    assert 0 < len(with_city & set(sample)) < 10
    caracas = {"id": city, "type": "GPE", "name": "Caracas"}
    assert store.cooccurring(gang, within=10) == [{**caracas, "documents": len(with_city & set(sample))}]
    assert store.cooccurring(gang, within=40) == [{**caracas, "documents": 10}]
    assert store.cooccurring(city, within=5) == [{"id": gang, "type": "ORG", "name": "Tren de Aragua", "documents": 5}]


def as_older_boards_were(tmp_path, statements: list[str]) -> tuple[str, dict[str, object]]:
    """A board filled and closed, then made by `statements` as an older version left it; and
    what it showed before."""
    path = tmp_path / "board.db"
    store = Store.open(str(path))
    fill(store, 30, seed=5)
    kept = snapshot(store)
    store.close()
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
    return str(path), kept


def test_a_board_of_schema_2_is_upgraded_on_opening(tmp_path):
    path, kept = as_older_boards_were(  # no summaries
        tmp_path,
        [f"DROP TABLE {table}" for table in ("fact_summaries", "entity_events", "entity_summaries")]
        + ["UPDATE meta SET value = '2' WHERE key = 'schema_version'"],
    )
    told = []
    store = Store.open(path, notice=told.append)
    assert len(told) == 1 and "schema 3" in told[0]
    assert snapshot(store) == kept
    store.close()


def test_a_board_of_schema_3_gets_its_entities_facts_and_events_counted_on_opening(tmp_path):
    path, kept = as_older_boards_were(  # figures without the counts
        tmp_path, [f"ALTER TABLE entity_summaries DROP COLUMN {column}" for column in ("facts", "events")]
    )
    store = Store.open(path)
    assert snapshot(store) == kept
    assert any(v[0]["facts"] and v[0]["events"] for v in kept.values() if isinstance(v, tuple))
    store.close()


def test_a_board_before_dated_mentions_and_merge_counts_gets_them_on_opening(tmp_path):
    path, kept = as_older_boards_were(
        tmp_path,
        [
            "DROP INDEX mentions_by_entity_date",
            "ALTER TABLE mentions DROP COLUMN published",
            "ALTER TABLE entity_summaries DROP COLUMN merges",
            "DROP INDEX entity_merges_by_entity",
            "CREATE INDEX ix_mentions_entity_id ON mentions (entity_id)",
            "CREATE INDEX ix_entity_merges_entity_id ON entity_merges (entity_id)",
        ],
    )
    store = Store.open(path)
    assert snapshot(store) == kept  # merge records counted again
    assert any(v[0]["merges"] for v in kept.values() if isinstance(v, tuple))
    with store.engine.connect() as conn:
        undated = "SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.published IS NOT d.published"
        assert conn.exec_driver_sql(undated).scalar() == 0
        indexes = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"mentions_by_entity_date", "entity_merges_by_entity"} <= indexes
    assert not {"ix_mentions_entity_id", "ix_entity_merges_entity_id"} & indexes
    for ident, listings in first_documents(store).items():
        every = store.entity_documents(ident)
        assert every == sorted(every, key=lambda d: (d["published"] is not None, d["published"] or "", d["id"]))
        assert listings == [every[:limit] for limit in (1, 3, 8)]
    store.close()


def test_a_timeline_read_page_by_page_is_the_whole_timeline(store):
    fill(store, 60, seed=11)
    for ident in [None, store.list_entities(limit=1)[0]["id"]]:
        whole = [e.position for e in store.merged_events(ident)]
        pages, after = [], None
        while True:
            page = store.merged_events(ident, limit=7, after=after)
            if not page:
                break
            pages += [e.position for e in page]
            after = page[-1].position
        assert pages == whole and len(whole) > 7  # more than one page
        assert ident is not None or any(p[0] == 1 for p in whole)  # undated events come last, paged too
