"""The store: round trips, failures, search, counts and corpus-wide entity ids."""

from __future__ import annotations

import copy
import sqlite3
import threading
import time
from contextlib import closing

import pytest

from caseboard.model import Document, Entity, Event, Extraction, Failure, Mention, Quote, Relation, Span, validate
from caseboard.store import Store, database_url

TEXT = (
    'Héctor "Niño" Guerrero leads Tren de Aragua, which was formed in Tocorón prison. '
    "Guerrero allegedly escaped from Tocorón in 2023. "
    '"He walked out of the front door," said Rafael de Armas. '
    'Héctor "Niño" Guerrero leads Tren de Aragua, which was formed in Tocorón prison.'
)


def span(text: str, needle: str, start: int = 0) -> Span:
    at = text.index(needle, start)
    return Span(at, at + len(needle), needle)


def mention(text: str, needle: str, kind: str, ident: str, start: int = 0) -> Mention:
    s = span(text, needle, start)
    return Mention(s.start, s.end, s.text, kind, ident)


def sample_extraction(text: str = TEXT, source: str = "guerrero.txt") -> Extraction:
    """A hand-made extraction using every part of the contract."""
    guerrero = "person:hector-nino-guerrero"
    gang = "org:tren-de-aragua"
    prison = "fac:tocoron"
    armas = "person:rafael-de-armas"
    second = text.index("Guerrero allegedly")
    entities = [
        Entity(
            guerrero,
            "PERSON",
            'Héctor "Niño" Guerrero',
            ["Guerrero", 'Héctor "Niño" Guerrero'],
            [mention(text, 'Héctor "Niño" Guerrero', "PERSON", guerrero), mention(text, "Guerrero", "PERSON", guerrero, second)],
        ),
        Entity(gang, "ORG", "Tren de Aragua", ["Tren de Aragua"], [mention(text, "Tren de Aragua", "ORG", gang)]),
        Entity(
            prison,
            "FAC",
            "Tocorón",
            ["Tocorón", "Tocorón prison"],
            [mention(text, "Tocorón prison", "FAC", prison), mention(text, "Tocorón", "FAC", prison, second)],
        ),
        Entity(armas, "PERSON", "Rafael de Armas", ["Rafael de Armas"], [mention(text, "Rafael de Armas", "PERSON", armas)]),
    ]
    first_sentence = span(text, 'Héctor "Niño" Guerrero leads Tren de Aragua, which was formed in Tocorón prison.')
    escape = span(text, "Guerrero allegedly escaped from Tocorón in 2023.")
    quote = span(text, "He walked out of the front door,")
    return Extraction(
        document=Document(
            text=text,
            source=source,
            title="Who is Niño Guerrero?",
            published="2024-07-11",
            url="https://news.example/guerrero",
            repeated_spans=[[text.rindex("Héctor"), len(text), 0, first_sentence.end]],
        ),
        entities=entities,
        relations=[
            Relation(guerrero, "leader_of", gang, first_sentence),
            Relation(gang, "founded_in", prison, first_sentence),
            Relation(guerrero, "escaped_from", prison, escape, status="alleged"),
        ],
        events=[
            Event("escape", escape, "2023", {"agent": [], "patient": [guerrero], "place": [prison]}, "alleged"),
            Event("escape", quote, None, {"agent": [], "patient": [guerrero], "place": []}, "quoted", armas),
        ],
        quotes=[Quote(quote.start, quote.end, quote.text, armas, "Rafael de Armas")],
    )


def test_sample_extraction_is_valid():
    assert validate(sample_extraction()) == []


def test_round_trip_reads_back_the_same_extraction(store):
    extraction = sample_extraction()
    expected = copy.deepcopy(extraction.to_dict())
    stored = store.add(extraction)
    assert stored.added and stored.id == extraction.document.id
    back = store.extraction(stored.id)
    assert back is not None
    assert back.to_dict() == expected
    assert validate(back) == []


def test_round_trip_survives_reopening_the_database(tmp_path):
    path = str(tmp_path / "board.db")
    first = Store.open(path)
    expected = copy.deepcopy(sample_extraction().to_dict())
    first.add(sample_extraction())
    first.close()
    again = Store.open(path, create=False)
    assert [e.to_dict() for e in again.extractions()] == [expected]
    again.close()


def _documents_in_file(path) -> int:
    """Documents the database file holds by itself, its write-ahead log left unread."""
    try:
        with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.DatabaseError:  # no table yet, or a page being copied
        return 0


def test_a_writing_board_copies_its_log_back_on_a_thread_of_its_own(tmp_path):
    """Checkpoints run beside the writer: the database file soon holds what was committed
    without the writer stopping for it, and closing the store ends the thread."""
    path = tmp_path / "board.db"
    others = set(threading.enumerate())  # other tests' stores may still be open
    store = Store.open(str(path))
    for n in range(3):
        store.add(Extraction(Document(text=f"Report number {n} from the port of Valparaíso.", source=f"{n}.txt")))
    deadline = time.monotonic() + 10
    while _documents_in_file(path) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _documents_in_file(path) == 3
    ours = [thread for thread in threading.enumerate() if thread not in others and thread.name == "caseboard-checkpoint"]
    assert len(ours) == 1
    store.close()
    assert not ours[0].is_alive()


def test_adding_the_same_text_twice_is_a_no_op(store):
    store.add(sample_extraction())
    before = store.counts()
    assert store.add(sample_extraction(source="elsewhere.txt")).added is False
    assert store.counts() == before


def test_counts_after_one_document(store):
    store.add(sample_extraction())
    assert store.counts() == {
        "documents": 1,
        "duplicates": 0,
        "entities": 4,
        "relations": 3,
        "events": 2,
        "quotes": 1,
        "failures": 0,
    }


def test_same_entity_in_a_second_document_keeps_its_id(store):
    store.add(sample_extraction())
    other_text = 'Police say Héctor "Niño" Guerrero still controls Tren de Aragua from abroad.'
    ident = "person:hector-nino-guerrero-local"
    other = Extraction(
        Document(text=other_text, source="second.txt"),
        [Entity(ident, "PERSON", 'Héctor "Niño" Guerrero', ['Héctor "Niño" Guerrero'],
                [mention(other_text, 'Héctor "Niño" Guerrero', "PERSON", ident)])],
    )
    store.add(other)
    back = store.extraction(other.document.id)
    assert [e.id for e in back.entities] == ["person:hector-nino-guerrero"]
    [row] = [r for r in store.list_entities() if r["id"] == "person:hector-nino-guerrero"]
    assert row["documents"] == 2 and row["mentions"] == 3


def test_missing_document_is_none(store):
    assert store.extraction("0000000000000000") is None
    assert store.get_document("0000000000000000") is None


def test_open_without_create_refuses_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="caseboard ingest"):
        Store.open(str(tmp_path / "nothing.db"), create=False)


def test_database_url_for_paths_and_urls(monkeypatch):
    monkeypatch.delenv("CASEBOARD_DB", raising=False)
    assert database_url("board.db") == "sqlite:///board.db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("CASEBOARD_DB", "/tmp/from-env.db")
    assert database_url(None) == "sqlite:////tmp/from-env.db"


# ---- failures -----------------------------------------------------------------


def test_failures_are_listed_and_replaced_per_source(store):
    store.add_failure(Failure("bad.pdf", "unreadable PDF (truncated or damaged): EOF marker not found"))
    store.add_failure(Failure("empty.txt", "empty file"))
    store.add_failure(Failure("bad.pdf", "not a PDF: the file does not start with %PDF"))
    rows = {r["source"]: r["reason"] for r in store.list_failures()}
    assert rows == {"bad.pdf": "not a PDF: the file does not start with %PDF", "empty.txt": "empty file"}
    assert all(r["failed_at"] for r in store.list_failures())
    assert store.counts()["failures"] == 2


def test_a_source_that_later_succeeds_leaves_the_failure_list(store):
    store.add_failure(Failure("guerrero.txt", "processing failed: MemoryError"))
    store.add(sample_extraction(source="guerrero.txt"))
    assert store.list_failures() == []


# ---- search -------------------------------------------------------------------


def test_search_finds_documents_and_entities_accent_insensitively(store):
    store.add(sample_extraction())
    found = store.search("tocoron")
    assert [d["id"] for d in found["documents"]] == [sample_extraction().document.id]
    assert "[" in found["documents"][0]["snippet"]
    assert [e["id"] for e in found["entities"]] == ["fac:tocoron"]
    assert store.search("Niño Guerrero")["entities"][0]["id"] == "person:hector-nino-guerrero"
    assert store.search("zebra") == {"documents": [], "entities": [], "latest_first": False}


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR", "') OR 1=1 --", "Guerrero AND", "NOT", "tren OR", "(", "^", "a:b", "-", "'; DROP TABLE documents; --",
     "NEAR(tren aragua)", "\x00", "", "   ", "x" * 10_000],
)
def test_hostile_search_strings_return_safely(store, query):
    store.add(sample_extraction())
    found = store.search(query)
    assert set(found) == {"documents", "entities", "latest_first"}
    assert store.counts()["documents"] == 1  # and nothing was dropped


def test_operator_words_are_searched_as_plain_words(store):
    text = "The court heard the case NEAR the border, and NOT in the capital."
    store.add(Extraction(Document(text=text, source="near.txt")))
    store.add(sample_extraction())
    assert [d["source"] for d in store.search("NEAR")["documents"]] == ["near.txt"]
    assert [d["source"] for d in store.search("NOT border")["documents"]] == ["near.txt"]


def test_search_limit(store):
    for n in range(5):
        store.add(Extraction(Document(text=f"Story {n} about Tren de Aragua in Chile.", source=f"{n}.txt")))
    assert len(store.search("aragua", limit=3)["documents"]) == 3


def test_a_word_in_few_documents_is_ranked_best_match_first(store):
    for n in range(6):
        words = "Aragua " * (5 if n == 0 else 1)  # the first story says it most
        store.add(Extraction(Document(text=f"Story {n} about Tren de {words}in Chile.", source=f"{n}.txt")))
    found = store.search("aragua", limit=1)
    assert found["documents"][0]["source"] == "0.txt"
    assert not found["latest_first"]


def test_a_word_in_more_documents_than_are_ranked_lists_the_latest_stored_first(store, monkeypatch):
    from caseboard.store import queries

    for n in range(6):
        words = "Aragua " * (5 if n == 0 else 1)
        store.add(Extraction(Document(text=f"Story {n} about Tren de {words}in Chile.", source=f"{n}.txt")))
    monkeypatch.setattr(queries, "SEARCH_RANKED", 3)
    found = store.search("aragua", limit=4)
    if store.is_sqlite:  # PostgreSQL's search does not rank (its LIMIT stops at the first matches)
        assert [d["source"] for d in found["documents"]] == ["5.txt", "4.txt", "3.txt", "2.txt"]
        assert found["latest_first"]
    assert len(found["documents"]) == 4
    monkeypatch.setattr(queries, "SEARCH_RANKED", 6)  # as many as match: ranked
    assert store.search("aragua", limit=1)["documents"][0]["source"] == "0.txt"


# ---- listings -------------------------------------------------------------------


def test_documents_are_listed_in_ingest_order_without_text(store):
    texts = ["Zulu story about Chile.", "Alpha story about Peru.", "Mike story about Colombia."]
    for n, text in enumerate(texts):
        store.add(Extraction(Document(text=text, source=f"{n}.txt")))
    rows = store.list_documents()
    assert [r["source"] for r in rows] == ["0.txt", "1.txt", "2.txt"]
    assert "text" not in rows[0] and rows[0]["chars"] == len(texts[0])
    assert len(store.list_documents(limit=2)) == 2


def test_entities_filter_by_type(store):
    store.add(sample_extraction())
    assert {r["id"] for r in store.list_entities("PERSON")} == {"person:hector-nino-guerrero", "person:rafael-de-armas"}
    assert store.list_entities("GPE") == []


def test_a_dateline_in_capitals_gives_way_to_the_written_name(tmp_path):
    from caseboard.store import _fuller_name

    assert _fuller_name("CARACAS", "Caracas") == "Caracas"
    assert _fuller_name("Caracas", "CARACAS") == "Caracas"
    assert _fuller_name("Guerrero", "Héctor Guerrero") == "Héctor Guerrero"


def test_a_documents_author_site_and_pages_are_stored(store):
    document = Document(
        text="Police arrested José Peña in Caracas.\n\nHe denied it.", source="filing.pdf",
        author="Ana Ruiz", site="Test Gazette", pages=[[0, 38, 1], [38, 51, 2]],
    )
    store.add(Extraction(document))
    stored = store.get_document(document.id)
    assert (stored.author, stored.site, stored.pages) == ("Ana Ruiz", "Test Gazette", [[0, 38, 1], [38, 51, 2]])
    [row] = store.list_documents()
    assert (row["author"], row["site"]) == ("Ana Ruiz", "Test Gazette")


def test_a_board_made_before_author_site_pages_and_provenance_gets_them_on_open(tmp_path):
    path = tmp_path / "old.db"
    old = Store.open(str(path))
    old.add(Extraction(Document(text="Police arrested Luis Mora.", source="old.txt")))
    old.close()
    with closing(sqlite3.connect(path)) as db:
        for column in ("author", "site", "pages", "caseboard_version", "model", "rules_hash"):
            db.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        db.commit()
    store = Store.open(str(path))
    try:
        now = {"caseboard": "9.9", "model": "en_core_web_sm-3.8.0", "rules": "0123456789abcdef"}
        document = Document(text="Police arrested José Peña.", source="a.txt", author="Ana Ruiz", provenance=now)
        store.add(Extraction(document))
        assert [row["author"] for row in store.list_documents()] == [None, "Ana Ruiz"]
        # a document stored before provenance was recorded is extracted otherwise than now
        assert store.documents_extracted_otherwise(now) == [store.list_documents()[0]["id"]]
        assert store.get_document(document.id).provenance == now
    finally:
        store.close()


def test_every_sentence_telling_an_event_is_its_evidence_on_the_board(store):
    from caseboard import board

    extraction = sample_extraction()
    escape = extraction.events[0]
    extraction.events = [escape]
    escape.more_evidence = [span(TEXT, "He walked out of the front door,")]
    store.add(extraction)
    [told] = board.timeline(store, "person:hector-nino-guerrero", evidence=None)
    assert [e.text for e in told.evidence] == [escape.evidence.text, "He walked out of the front door,"]
