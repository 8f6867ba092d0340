"""The store behaves the same on SQLite and PostgreSQL (the `store` fixture runs on both)."""

from __future__ import annotations

import io

import pg_server
import pytest

from caseboard import board
from caseboard.export import jsonl
from caseboard.model import Document, Entity, Event, Extraction, Mention, Quote, Relation, Span
from caseboard.store import Store

REPORTS = [
    "Police in Tacna arrested Julio Cárdenas Vela on Tuesday. Cárdenas leads the Los Cóndores gang, "
    'prosecutors said. "We will not stop," said Ana Robles, the prosecutor.',
    "A court in Lima charged Julio Cárdenas Vela with smuggling. The Los Cóndores gang operates in Tacna.",
    "Police in Tacna arrested Julio Cárdenas Vela on Tuesday. Cárdenas leads the Los Cóndores gang, "
    'prosecutors said. "We will not stop," said Ana Robles, the prosecutor, on Wednesday.',
]
ENTITIES = {  # local id -> (type, name, surfaces as written)
    "person:julio-cardenas-vela": ("PERSON", "Julio Cárdenas Vela", ["Julio Cárdenas Vela", "Cárdenas"]),
    "org:los-condores": ("ORG", "Los Cóndores", ["Los Cóndores"]),
    "gpe:tacna": ("GPE", "Tacna", ["Tacna"]),
    "gpe:lima": ("GPE", "Lima", ["Lima"]),
    "person:ana-robles": ("PERSON", "Ana Robles", ["Ana Robles"]),
}


def extraction(number: int) -> Extraction:
    """Report `number` with every named entity found and a few facts, offsets from the text."""
    text = REPORTS[number]
    document = Document(text=text, source=f"report-{number}.txt", published="2024-03-01")
    found = []
    for ident, (kind, name, surfaces) in ENTITIES.items():
        spans = [(text.index(s), s) for s in surfaces if s in text]
        if spans:
            mentions = [Mention(start, start + len(s), s, kind, ident) for start, s in spans]
            found.append(Entity(ident, kind, name, [s for _, s in spans], mentions))
    first_sentence = document.span(0, text.index(".") + 1)
    relations = [Relation("person:julio-cardenas-vela", "leader_of", "org:los-condores", first_sentence)]
    events = [
        Event(
            "arrest",
            first_sentence,
            "2024-02-27",
            {"agent": [], "patient": ["person:julio-cardenas-vela"], "place": ["gpe:tacna"]},
        )
    ]
    quotes = []
    if '"' in text:
        start = text.index('"') + 1
        quotes = [Quote(start, text.index('"', start) - 1, text[start : text.index('"', start) - 1], "person:ana-robles", "Ana Robles")]
    return Extraction(document, found, relations if number != 1 else [], events if number != 1 else [], quotes)


def fill(store: Store) -> list[str]:
    return [store.add(extraction(n)).duplicate_of or "" for n in range(len(REPORTS))]


def test_add_resolves_across_documents_and_links_near_copies(store: Store) -> None:
    duplicates = fill(store)
    counts = store.counts()
    assert counts["documents"] == 3
    assert counts["entities"] == len(ENTITIES)  # the same people and places, one id each
    assert duplicates[:2] == ["", ""] and duplicates[2] == extraction(0).document.id


def test_readding_a_document_is_a_no_op(store: Store) -> None:
    fill(store)
    again = store.add(extraction(1))
    assert not again.added
    assert store.counts()["documents"] == 3


def test_search_finds_documents_and_entities_by_words(store: Store) -> None:
    fill(store)
    found = store.search("smuggling Lima")
    assert [d["id"] for d in found["documents"]] == [extraction(1).document.id]
    assert "[" in found["documents"][0]["snippet"]
    names = store.search("Robles")
    assert [e["id"] for e in names["entities"]] == ["person:ana-robles"]
    assert store.search("") == {"documents": [], "entities": [], "latest_first": False}
    assert store.search('"; DROP TABLE documents; --')["documents"] == []


def test_board_views_read_the_same_on_each_engine(store: Store) -> None:
    fill(store)
    profile = board.profile(store, "Julio Cárdenas Vela")
    assert profile.entity["id"] == "person:julio-cardenas-vela"
    assert len(profile.documents) == 3
    assert [e.type for e in board.timeline(store, entity="person:julio-cardenas-vela")] == ["arrest"]


def test_the_evidence_of_chosen_facts_is_the_first_rows_of_each(store: Store) -> None:
    fill(store)
    fact = ("person:julio-cardenas-vela", "leader_of", "org:los-condores")
    unknown = ("gpe:lima", "leader_of", "gpe:tacna")
    every = store.relation_evidence()[fact]
    assert [row["doc_id"] for row in every] == [extraction(0).document.id, extraction(2).document.id]
    for per_fact in (1, 2, None):
        chosen = store.relation_evidence(per_fact=per_fact, facts=[unknown, fact])
        assert chosen.get(fact) == every[:per_fact] and not chosen.get(unknown)
    assert store.relation_evidence(per_fact=1, facts=[]) == {}


def test_sqlite_and_postgresql_export_the_same_board(tmp_path, postgres_server: str) -> None:
    exports = []
    with pg_server.fresh_database(postgres_server) as url:
        for db in (f"sqlite:///{tmp_path / 'board.db'}", url):
            store = Store.open(db)
            fill(store)
            stream = io.StringIO()
            jsonl.write(store, stream)
            store.close()
            exports.append(stream.getvalue())
    assert exports[0] == exports[1]
    assert exports[0].count("\n") == 3


@pytest.mark.parametrize("length", [600_000])
def test_a_very_long_document_is_stored_and_searchable(store: Store, length: int) -> None:
    words = " ".join(f"w{i}" for i in range(length // 8))
    text = ("needle " + words)[:length]
    stored = store.add(Extraction(Document(text=text, source="long.txt")))
    assert stored.added
    assert store.search("needle")["documents"][0]["id"] == stored.id


def test_concurrent_first_opens_of_an_empty_postgresql_database_all_succeed(postgres_server):
    """Two ingests starting together on an empty database both create the schema: one waits."""
    import threading

    for _ in range(4):
        with pg_server.fresh_database(postgres_server) as url:
            start = threading.Barrier(3)
            errors: list[BaseException] = []

            def open_board() -> None:
                start.wait()
                try:
                    Store.open(url).close()
                except BaseException as exc:  # noqa: BLE001 - the test reports it
                    errors.append(exc)

            threads = [threading.Thread(target=open_board) for _ in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert not errors, errors


def test_an_entity_too_long_for_its_column_is_refused_alike_on_every_backend(store):
    name = "Julio " + "Rojas" * 60
    text = f"{name} was arrested."
    document = Document(text=text, source="long.txt")
    entity = Entity("person:" + name.lower().replace(" ", "-"), "PERSON", name, [name], [Mention(0, len(name), name, "PERSON", "")])
    with pytest.raises(ValueError, match="too long to store"):
        store.add(Extraction(document, [entity]))
    assert not store.has_document(document.id)


def test_search_marks_only_matches_not_brackets_in_the_text(store):
    text = "Police said [the suspect] fled […] before Rojas was arrested in Lima."
    store.add(Extraction(Document(text, source="brackets.txt")))
    [found] = store.search("Rojas")["documents"]
    assert [part for part, hit in found["snippet_parts"] if hit] == ["Rojas"]
    assert "[Rojas]" in found["snippet"] and "[…]" in found["snippet"]


def test_an_older_postgresql_board_is_upgraded_to_a_stored_search_vector_and_dated_mentions(postgres_server):
    """A board made before `documents.search_vector` (searched through an expression index,
    `documents_fts`) and `mentions.published` gets them, filled in, on opening."""
    with pg_server.fresh_database(postgres_server) as url:
        store = Store.open(url)
        fill(store)
        expected = board.profile(store, "Julio Cárdenas Vela")
        with store.engine.begin() as conn:
            for statement in (
                "DROP INDEX documents_search",
                "ALTER TABLE documents DROP COLUMN search_vector",
                "CREATE INDEX documents_fts ON documents USING GIN "
                "(to_tsvector('caseboard', left(coalesce(title, '') || ' ' || text, 500000)))",
                "ALTER TABLE mentions DROP COLUMN published",  # its index goes with it
                "ALTER TABLE entity_summaries DROP COLUMN merges",
                "DROP INDEX entity_merges_by_entity",
                "CREATE INDEX ix_mentions_entity_id ON mentions (entity_id)",
            ):
                conn.exec_driver_sql(statement)
        store.close()
        store = Store.open(url)
        with store.engine.connect() as conn:
            indexes = set(conn.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'").scalars())
            undated = conn.exec_driver_sql(
                "SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.published IS DISTINCT FROM d.published"
            ).scalar()
        assert {"documents_search", "mentions_by_entity_date", "entity_merges_by_entity"} <= indexes
        assert not {"documents_fts", "ix_mentions_entity_id"} & indexes
        assert undated == 0
        assert [d["id"] for d in store.search("smuggling Lima")["documents"]] == [extraction(1).document.id]
        assert board.profile(store, "Julio Cárdenas Vela") == expected
        store.close()
