"""The case board on disk: SQLAlchemy Core schema, writes, and every query the views use.

Only this module speaks SQL. The default is a SQLite file; any SQLAlchemy URL
works (`--db postgresql+psycopg://...`). Documents are written whole, up to
ingest's batch in one transaction, so a killed ingest leaves whole documents or none.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    case,
    distinct,
    exists,
    literal_column,
    null,
    or_,
    Integer,
    LargeBinary,
    and_,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    true,
    tuple_,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select
from sqlalchemy.exc import DBAPIError

from caseboard import dedup
from caseboard.corroboration import Fact, MergedEvent, Tally, fact_id, may_regroup, merge_events, merge_relations
from caseboard.model import (
    Document,
    Entity,
    Event,
    Extraction,
    Failure,
    Mention,
    Quote,
    Relation,
    Span,
)
from caseboard.aliases import entity_id as canonical_id
from caseboard.aliases import name_key
from caseboard.names import fuller_name as _fuller_name
from caseboard.read.fields import LANG_WIDTH, PUBLISHED_WIDTH
from caseboard.resolve import WEAK, Known, Resolution, apply_mapping, entity_keys, lookup_keys, resolve_entities, strong

DEFAULT_DB = "caseboard.db"
# co-occurrence is counted over an entity's latest documents: bounded for the most named
COOCCURRENCE_DOCUMENTS = 500
# A dense entity's first documents are found by walking the board in the order shown
# (`Store._walk_naming`), for at most this many times the documents the walk expects to read
# (`Store._walk_budget`): a walked document costs two or three listed ones (an index probe
# each), and an entity's documents are not spread evenly.
WALK_SLACK = 3

# PostgreSQL full-text search: the GIN indexes and the queries use these very
# expressions, or the planner cannot use the indexes. A tsvector must stay under
# 1 MB, so the first 500,000 characters of a document are searchable. The
# `caseboard` configuration is `simple` with accents folded (see _pg_search_config).
_PG_DOCUMENT_TSV = "to_tsvector('caseboard', left(coalesce(title, '') || ' ' || text, 500000))"
_PG_ENTITY_TSV = "to_tsvector('caseboard', name || ' ' || aliases)"
# the PostgreSQL advisory lock taken while creating the schema (any constant of our own)
_SCHEMA_LOCK = 0x63617365626F6172 >> 1
_WRITE_LOCK = _SCHEMA_LOCK + 1  # taken by each write transaction on PostgreSQL
# 2: near-copy buckets as two integers (boards of 1 are upgraded on open). Tables added
# since (entity_redirects, entity_merges, judgements) are created on open: no version needed.
# 3: the summaries of facts and entities (computed on the first opening of an older board).
SCHEMA_VERSION = 3
# SQLite's search ranks the latest matches of a query, this many (a word in every tenth
# document of a 100k board matched 12,000, all ranked per search)
SEARCH_RANKED = 2000

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    # ingest order: exports, duplicate groups and listings follow it
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(16), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("published", String(PUBLISHED_WIDTH)),
    Column("lang", String(LANG_WIDTH)),
    Column("url", Text),
    Column("duplicate_of", String(16), index=True),
    Column("repeated_spans", Text, nullable=False, default="[]"),
    Column("text", Text, nullable=False),
    Column("signature", LargeBinary),
    Column("ingested_at", String(32), nullable=False),
    Column("author", Text),
    Column("site", Text),
    Column("pages", Text),  # JSON [[start, end, page], ...] of a paged source (PDF)
    # provenance (provenance.py): what extracted the document's stored facts
    Column("caseboard_version", String(32)),
    Column("model", String(200)),
    Column("rules_hash", String(64)),
)

# One row per LSH bucket a document falls in (dedup.band_buckets), the document by its ingest
# number: two integers, on SQLite in a table without rowid, so the index is the table. A fifth
# of the size of the (band, hex bucket, document id) rows of schema 1, and a crowded bucket
# is read newest first.
near_copy_buckets = Table(
    "near_copy_buckets",
    metadata,
    Column("bucket", BigInteger, primary_key=True, autoincrement=False),
    Column("doc_seq", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("type", String(8), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
)

entity_keys_table = Table(
    "entity_keys",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("type", String(8), primary_key=True),
    Column("entity_id", String(200), primary_key=True, index=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String(16), nullable=False),
    Column("entity_id", String(200), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
# the documents naming an entity, read from the index alone (a hot entity is named in thousands)
Index("mentions_by_entity_document", mentions.c.entity_id, mentions.c.doc_id)
# the entities a document names, from the index alone (co-occurrence counts 500 documents'):
# it took the place of the index of `doc_id` alone (`_REPLACED_INDEXES`)
Index("mentions_by_document_entity", mentions.c.doc_id, mentions.c.entity_id)
_REPLACED_INDEXES = ("ix_mentions_doc_id",)
Index("documents_by_date", documents.c.published, documents.c.id)
# the newest documents' ids without reading their rows (`Store._walk_naming`)
Index("documents_in_ingest_order", documents.c.seq, documents.c.id)

def _stated_columns() -> list[Column]:
    """What every fact table carries: its status, who said it, and the evidence span."""
    return [
        Column("status", String(10), nullable=False),
        # timelines and profiles select by speaker as well as by participant
        Column("attributed_to", String(200), index=True),
        Column("ev_start", Integer, nullable=False),
        Column("ev_end", Integer, nullable=False),
        Column("ev_text", Text, nullable=False),
    ]


relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(16), nullable=False, index=True),
    Column("subject", String(200), nullable=False, index=True),
    Column("relation", String(32), nullable=False),
    Column("object", String(200), nullable=False, index=True),
    *_stated_columns(),
)

# a fact's evidence, first ones first, without scanning all of an entity's relations
Index("relations_by_fact", relations.c.subject, relations.c.relation, relations.c.object, relations.c.id)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(16), nullable=False, index=True),
    Column("type", String(32), nullable=False),
    Column("date", String(10)),
    Column("participants", Text, nullable=False),
    *_stated_columns(),
    # the document's other sentences telling the same event (JSON [[start, end, text], ...])
    Column("more_evidence", Text),
)

# a telling's rows, for the writer to merge again only the events it may join (`_summarise_told`)
_EVENTS_BY_TELLING = Index("events_by_telling", events.c.type, events.c.participants)

event_participants = Table(
    "event_participants",
    metadata,
    Column("event_id", Integer, nullable=False, index=True),
    Column("role", String(8), nullable=False),
    Column("entity_id", String(200), nullable=False, index=True),
)

quotes = Table(
    "quotes",
    metadata,
    Column("doc_id", String(16), nullable=False, index=True),
    Column("speaker", String(200), index=True),
    Column("speaker_name", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

# An entity id that is no more, and the id that took its place (merged into it, or renamed
# for a fuller name): old links keep working.
entity_redirects = Table(
    "entity_redirects",
    metadata,
    Column("old_id", String(200), primary_key=True),
    Column("new_id", String(200), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

# Why a document's entity took the id it has, or why two entities became one: the rule,
# the key they share, a score, and the document that showed it (resolve.Join).
entity_merges = Table(
    "entity_merges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(200), nullable=False, index=True),
    Column("other_id", String(200)),
    Column("doc_id", String(16)),
    Column("rule", Text, nullable=False),
    Column("key", Text),
    Column("score", Integer),
    Column("at", String(32), nullable=False),
)

# What a person decided, beside the machine's guesses (as nomenklatura keeps them): that two
# entities are one (`merge`, positive), that a name is someone else (`split`, negative), that
# a fact is right or wrong (`review`: confirmed or rejected). Names are kept as keys and facts
# by their entities, so a judgement outlives ids and is applied again on every ingest and
# rebuild. Undone judgements stay, with when.
judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # merge, split, review
    Column("verdict", String(10), nullable=False),  # positive, negative, unsure, confirmed, rejected
    Column("entity_type", String(8)),
    Column("key_a", Text),  # merge: the two names' keys; split: the entity's name, the name split off
    Column("key_b", Text),
    Column("subject", String(200), index=True),  # review: the fact's ends and relation
    Column("relation", String(32)),
    Column("object", String(200), index=True),
    Column("doc_id", String(16)),  # split by a mention: only in its document
    Column("note", Text),
    Column("author", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("undone_at", String(32)),
)

failures = Table(
    "failures",
    metadata,
    Column("source", Text, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# ---- summaries, computed again by every write for the entities it touched ---------------
# A profile, a timeline or an entity list reads these through indexes in the order the page
# shows them, so it costs the same for an entity named in ten documents or in ten thousand.
# Every write transaction ends with `Store._summarise` of the entities it touched (`_writing`).

# One row per merged relation (subject, relation, object), as corroboration.merge_relations
# merges it, with a person's standing review of it.
fact_summaries = Table(
    "fact_summaries",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("relation", String(32), primary_key=True),
    Column("object", String(200), primary_key=True),
    Column("status", String(10), nullable=False),
    Column("attributed_to", String(200)),
    Column("conflict", Text),
    Column("sources", Integer, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("evidence", Integer, nullable=False),
    Column("review", String(10)),  # confirmed, rejected or None
)
# "best supported first" for one entity, as subject and as object
_BEST_FACTS = (fact_summaries.c.independent_sources.desc(), fact_summaries.c.sources.desc(), fact_summaries.c.relation)
Index("fact_summaries_by_subject", fact_summaries.c.subject, *_BEST_FACTS, fact_summaries.c.object)
Index("fact_summaries_by_object", fact_summaries.c.object, *_BEST_FACTS, fact_summaries.c.subject)

# One row per entity and merged event naming it or told by it (merged as
# corroboration.merge_events merges the entity's tellings), with the sort columns of its
# timeline and of its profile; `event` holds the rest as JSON.
entity_events = Table(
    "entity_events",
    metadata,
    Column("entity_id", String(200), primary_key=True),
    Column("first", Integer, primary_key=True, autoincrement=False),  # its first evidence row
    Column("undated", Integer, nullable=False),
    Column("date", String(10)),
    Column("type", String(32), nullable=False),
    Column("status", String(10), nullable=False),
    Column("sources", Integer, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("event", Text, nullable=False),
)
_DATE_ORDER = (entity_events.c.undated, entity_events.c.date, entity_events.c.type, entity_events.c.first)
Index("entity_events_in_date_order", entity_events.c.entity_id, *_DATE_ORDER)
Index(
    "entity_events_best_supported",
    entity_events.c.entity_id,
    entity_events.c.independent_sources.desc(),
    entity_events.c.sources.desc(),
    *_DATE_ORDER,
)

# What a new telling of an entity's event may join or draw a telling from
# (`corroboration.may_regroup`), found by index: each merged event of `entity_events` filed
# under the names its tellings name but the entity's own (`_filed_under`).
entity_event_names = Table(
    "entity_event_names",
    metadata,
    Column("entity_id", String(200), primary_key=True),
    Column("type", String(32), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("first", Integer, primary_key=True, autoincrement=False),
)

# Per entity: what entity lists, the home page and profile headers count.
entity_summaries = Table(
    "entity_summaries",
    metadata,
    Column("entity_id", String(200), primary_key=True),
    Column("mentions", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("independent_documents", Integer, nullable=False),
    Column("quotes", Integer, nullable=False),
    Column("links", Integer, nullable=False),  # relation and event rows naming it
    # its merged facts (those not rejected) and merged events, as `entity_totals` gives them
    Column("facts", Integer, nullable=False, default=0),
    Column("events", Integer, nullable=False, default=0),
)
Index(
    "entity_summaries_most_mentioned",
    entity_summaries.c.documents.desc(),
    entity_summaries.c.mentions.desc(),
    entity_summaries.c.entity_id,
)
Index(
    "entity_summaries_most_connected",
    entity_summaries.c.links.desc(),
    entity_summaries.c.documents.desc(),
    entity_summaries.c.entity_id,
)
_SUMMARIES = (fact_summaries, entity_events, entity_event_names, entity_summaries)


# Near-duplicate candidates: the documents sharing the most (band, bucket) pairs with a new
# one. Boilerplate crowds some buckets (in a big corpus, thousands of documents share one
# sentence), so each bucket is read for at most CROWDED documents and only the best
# CANDIDATES are compared: a true near-copy shares several bands, most of them uncrowded.
# One bounded subquery per band, not a row-value IN (which SQLite answers by scanning the
# whole table); built once. On a 100k board, 50 and 20 (down from 200 and 50) still find
# every planted copy (benchmarks/run.py, section 3) and take the check from ~3 to ~1.9 ms.
CROWDED = 50
CANDIDATES = 20
_in_bucket = [
    select(near_copy_buckets.c.doc_seq)
    .where(near_copy_buckets.c.bucket == bindparam(f"bucket{i}"))
    .order_by(near_copy_buckets.c.doc_seq.desc())
    .limit(CROWDED)
    .subquery()
    for i in range(dedup.BANDS)
]
_sharing = union_all(*(select(bucket.c.doc_seq) for bucket in _in_bucket)).subquery()
_SHARING_MOST_BUCKETS = (
    select(_sharing.c.doc_seq)
    .group_by(_sharing.c.doc_seq)
    .order_by(func.count().desc(), _sharing.c.doc_seq.desc())
    .limit(CANDIDATES)
)


class _Checkpointer:
    """Copies a SQLite board's write-ahead log back into the database when nudged (after each
    commit), on a thread with its own connection, while the writer goes on with its next documents.
    A commit of 20 documents to a 100k board writes ~1,400 pages to the log, and copying them
    back syncs pages scattered over the file: done by the writer, that was a stop of ~0.5 s every
    few hundred documents. PASSIVE: it never waits for, nor blocks, readers or the writer; nudges
    that come while it copies make one more pass. The writer's own checkpoint
    (`wal_autocheckpoint`) still bounds the log, and then finds little left to copy."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.wake = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="caseboard-checkpoint", daemon=True)
        self.thread.start()

    def nudge(self) -> None:
        self.wake.set()

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.thread.join()

    def _run(self) -> None:
        db = sqlite3.connect(self.path)
        try:
            while True:
                self.wake.wait()
                self.wake.clear()
                if self.stopping:
                    return
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # the board is busy or gone: the writer's checkpoint remains
        finally:
            db.close()


def _upgrade_buckets(conn: Connection) -> None:
    """A board of schema 1 kept its buckets as (band, hex bucket, document id) rows: they are
    computed again from the stored signatures into `near_copy_buckets`, and the old table dropped."""
    last = 0
    while True:
        rows = conn.execute(
            select(documents.c.seq, documents.c.signature)
            .where(documents.c.seq > last, documents.c.signature.is_not(None))
            .order_by(documents.c.seq)
            .limit(1000)
        ).all()
        if not rows:
            break
        buckets = [
            {"bucket": bucket, "doc_seq": row.seq}
            for row in rows
            for bucket in dedup.band_buckets(dedup.from_bytes(row.signature))
        ]
        if buckets:
            conn.execute(insert(near_copy_buckets), buckets)
        last = rows[-1].seq
    conn.execute(text("DROP TABLE lsh_buckets"))


# Columns added since schema 2, by table: a board made before them gets them on open
# (empty for the rows stored before).
_ADDED_COLUMNS = {
    "documents": ("author", "site", "pages", "caseboard_version", "model", "rules_hash"),
    "judgements": ("doc_id",),
    "events": ("more_evidence",),
    "entity_summaries": ("facts", "events"),
}
# Document.provenance keys -> their columns
_PROVENANCE_COLUMNS = {"caseboard": "caseboard_version", "model": "model", "rules": "rules_hash"}


def _add_columns(conn: Connection) -> set[tuple[str, str]]:
    """Add to an older board's tables the columns they lack (empty for stored rows); the
    (table, column) pairs added."""
    added = set()
    for table, names in _ADDED_COLUMNS.items():
        present = {column["name"] for column in inspect(conn).get_columns(table)}
        for name in names:
            if name not in present:
                kind = metadata.tables[table].c[name].type.compile(dialect=conn.dialect)
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))
                added.add((table, name))
    return added


def _check_widths(extraction: Extraction) -> None:
    """Refuse, on every backend alike, an entity whose id or key is wider than its column:
    PostgreSQL would refuse it and SQLite store it, and a board must not depend on which."""
    id_width, key_width = entities.c.id.type.length, entity_keys_table.c.key.type.length
    for entity in extraction.entities:
        if len(entity.id) > id_width or any(len(k) > key_width for k in entity_keys(entity)):
            raise ValueError(f"entity name too long to store: {entity.name[:60]!r}… ({len(entity.name):,} characters)")


def database_url(db: str | None = None) -> str:
    """`db`, else $CASEBOARD_DB, else ./caseboard.db; a plain path becomes a SQLite URL."""
    value = db or os.environ.get("CASEBOARD_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Stored:
    """What happened to one document on `Store.add`."""

    id: str
    added: bool
    duplicate_of: str | None = None
    # the stored near-copy it heads now, published before it (a copy came in first)
    original_of: str | None = None


class Store:
    """A case board database. Create with `Store.open(db)`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._checkpointer: _Checkpointer | None = None

    @classmethod
    def open(cls, db: str | None = None, create: bool = True, notice: Callable[[str], None] | None = None) -> Store:
        """Open (and create if needed) the case board at `db` (a path or SQLAlchemy URL).
        `notice` is told, before it starts, of work that takes a while (upgrading an older board)."""
        url = database_url(db)
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if not create and not path.exists():
                raise FileNotFoundError(f"no case board at {path} (run `caseboard ingest` first, or pass --db)")
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        store.create_schema(notice)
        return store

    def create_schema(self, notice: Callable[[str], None] | None = None) -> None:
        """Create what is missing, in one transaction. On PostgreSQL an advisory lock makes
        two ingests that start together on an empty database take turns: the second finds
        the tables made (otherwise both create them, and one fails on the catalog's unique indexes)."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn)
            for table in metadata.tables.values():  # indexes added since a board was created
                for index in table.indexes:
                    index.create(conn, checkfirst=True)
            for name in _REPLACED_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
            if self.is_sqlite:
                conn.execute(
                    text(
                        "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                        "doc_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
                    )
                )
                conn.execute(
                    text(
                        "CREATE VIRTUAL TABLE IF NOT EXISTS entities_fts USING fts5("
                        "entity_id UNINDEXED, names, tokenize='unicode61 remove_diacritics 2')"
                    )
                )
            elif self.engine.dialect.name == "postgresql":
                _pg_search_config(conn)
                conn.execute(text(f"CREATE INDEX IF NOT EXISTS documents_fts ON documents USING GIN ({_PG_DOCUMENT_TSV})"))
                conn.execute(text(f"CREATE INDEX IF NOT EXISTS entities_fts ON entities USING GIN ({_PG_ENTITY_TSV})"))
            if ("entity_summaries", "facts") in _add_columns(conn):  # a board of schema 3 before them
                _count_facts_and_events(conn, list(conn.scalars(select(entity_summaries.c.entity_id))))
            _EVENTS_BY_TELLING.create(conn, checkfirst=True)  # on a board made before it
            if inspect(conn).has_table("lsh_buckets"):
                if notice:
                    count = conn.execute(select(func.count()).select_from(documents)).scalar()
                    notice(
                        f"upgrading this case board to schema {SCHEMA_VERSION} (once): near-copy buckets "
                        f"computed again for {count:,} stored document(s), about 40 s per 100,000"
                    )
                _upgrade_buckets(conn)
            version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if version != str(SCHEMA_VERSION):
                named = list(conn.scalars(select(entities.c.id)))
                if named:  # a board made before the summaries
                    count = conn.execute(select(func.count()).select_from(documents)).scalar() or 0
                    if notice:
                        notice(
                            f"upgrading this case board to schema {SCHEMA_VERSION} (once): fact and entity "
                            f"summaries computed for {count:,} stored document(s)"
                        )
                    self._summarise(conn, _Touched(entities=set(named)))
                conn.execute(delete(meta).where(meta.c.key == "schema_version"))
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))

    def close(self) -> None:
        if self._checkpointer:
            self._checkpointer.stop()
            self._checkpointer = None
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction that ends by computing again the summaries of every entity
        it touched (`_touch`). On PostgreSQL writers take turns, so two of them never
        summarise one entity from two states of the board."""
        with self.engine.begin() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
            conn.info["touched"] = _Touched()
            try:
                yield conn
                self._summarise(conn, conn.info["touched"])
            finally:
                conn.info.pop("touched", None)

    def _touch(self, conn: Connection, ids: Collection[str | None]) -> None:
        """Entities whose rows this write moves, removes or reviews: all their summaries change
        (see `_writing`)."""
        conn.info["touched"].entities.update(i for i in ids if i)

    def _touch_document(self, conn: Connection, extraction: Extraction) -> None:
        """What a newly stored document changes: the facts it states, the merged events its
        tellings may join, and its entities' figures (see `_writing`)."""
        touched: _Touched = conn.info["touched"]
        touched.facts.update((r.subject, r.relation, r.object) for r in extraction.relations)
        touched.documents.add(extraction.document.id)
        if extraction.events:
            touched.told.add(extraction.document.id)
        touched.figures.update(e.id for e in extraction.entities)

    # ---- writes -------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None

    def add(self, extraction: Extraction) -> Stored:
        """Store one extraction in one transaction: near-duplicate check, entity
        resolution across the corpus, and every row. Re-adding the same text is a no-op."""
        return self.add_many([extraction])[0]

    def add_many(self, extractions: Sequence[Extraction]) -> list[Stored]:
        """Store extractions in order in one transaction, each resolved against the ones
        before it; if one fails, none is stored. One commit for several documents is what
        keeps writes to a big board cheap (every commit writes the index pages it touched)."""
        with self._writing() as conn:
            stored = [self._add(conn, extraction) for extraction in extractions]
        self._committed()
        return stored

    def _committed(self) -> None:
        """After each commit, SQLite's log is copied back on a thread of its own (`_Checkpointer`)."""
        path = self.engine.url.database
        if not self.is_sqlite or not path or path == ":memory:":
            return
        if self._checkpointer is None:
            self._checkpointer = _Checkpointer(path)
        self._checkpointer.nudge()

    def _add(self, conn: Connection, extraction: Extraction) -> Stored:
        doc = extraction.document
        if conn.execute(select(documents.c.id).where(documents.c.id == doc.id)).first():
            return Stored(doc.id, added=False)
        minhash = dedup.signature(dedup.text_without_repeats(doc.text, doc.repeated_spans))
        buckets = dedup.band_buckets(minhash)
        doc.duplicate_of = self._near_duplicate(conn, minhash, buckets)
        original_of = self._head_of_copies(conn, doc) if doc.duplicate_of else None
        self._insert_document(conn, doc, dedup.to_bytes(minhash), buckets)
        self._resolve_and_insert(conn, extraction)
        conn.execute(delete(failures).where(failures.c.source == doc.source))
        return Stored(doc.id, added=True, duplicate_of=doc.duplicate_of, original_of=original_of)

    def _resolve_and_insert(self, conn: Connection, extraction: Extraction) -> None:
        """Resolve a stored document's entities against the board and insert them with its
        facts: a new document, a rebuild's and a reprocessed one's alike."""
        doc = extraction.document
        resolution = resolve_entities(
            extraction,
            self._lookup(conn, lookup_keys(extraction)),
            self._taken(conn, {e.id for e in extraction.entities}),
            self._apart(conn),
        )
        apply_mapping(extraction, resolution.mapping)
        _check_widths(extraction)
        names = self._insert_entities(conn, doc.id, extraction.entities, _ids(resolution.claimed, resolution.mapping))
        self._insert_facts(conn, doc.id, extraction)
        apply_mapping(extraction, self._settle(conn, doc.id, extraction, resolution, names))
        # a split by a mention is kept by its document, not by keys (`_apart`): applied again
        self._apply_judgements(conn, self._standing(conn, ("split",), by_mention=True))
        self._touch_document(conn, extraction)

    def documents_extracted_otherwise(self, provenance: dict[str, str]) -> list[str]:
        """Ids, in ingest order, of the documents whose facts were extracted by anything
        else than `provenance` (another version, model or rules; or before it was recorded)."""
        differs = [
            (documents.c[column].is_(None)) | (documents.c[column] != provenance[key])
            for key, column in _PROVENANCE_COLUMNS.items()
        ]
        query = select(documents.c.id).where(or_(*differs)).order_by(documents.c.seq)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def replace_extraction(self, extraction: Extraction) -> None:
        """Put `extraction` in place of what is stored for its document (same text, same id),
        in one transaction: the document's mentions, relations, events and quotes are
        replaced, entities that only it named are removed, and its provenance updated.
        The document row itself (its place, near-duplicate group) stays."""
        doc = extraction.document
        with self._writing() as conn:
            if not conn.execute(select(documents.c.id).where(documents.c.id == doc.id)).first():
                raise KeyError(f"no stored document {doc.id}")
            named = set(conn.execute(select(mentions.c.entity_id).where(mentions.c.doc_id == doc.id).distinct()).scalars())
            event_ids = select(events.c.id).where(events.c.doc_id == doc.id).scalar_subquery()
            self._touch(conn, named | self._named_with(conn, events.c.doc_id == doc.id, relations.c.doc_id == doc.id))
            conn.execute(delete(event_participants).where(event_participants.c.event_id.in_(event_ids)))
            for table in (mentions, relations, events, quotes):
                conn.execute(delete(table).where(table.c.doc_id == doc.id))
            still_named = set(
                conn.execute(select(mentions.c.entity_id).where(mentions.c.entity_id.in_(named)).distinct()).scalars()
            ) if named else set()
            orphans = sorted(named - still_named)
            if orphans:
                if self.is_sqlite:
                    conn.execute(
                        text("DELETE FROM entities_fts WHERE rowid IN (SELECT rowid FROM entities WHERE id IN :ids)").bindparams(
                            bindparam("ids", expanding=True)
                        ),
                        {"ids": orphans},
                    )
                conn.execute(delete(entity_keys_table).where(entity_keys_table.c.entity_id.in_(orphans)))
                conn.execute(delete(entities).where(entities.c.id.in_(orphans)))
            self._resolve_and_insert(conn, extraction)
            conn.execute(update(documents).where(documents.c.id == doc.id).values(**_provenance_values(doc)))
        self._committed()

    def add_failure(self, failure: Failure) -> None:
        """Record (or update) why an input could not be stored."""
        with self.engine.begin() as conn:
            conn.execute(delete(failures).where(failures.c.source == failure.source))
            conn.execute(insert(failures).values(source=failure.source, reason=failure.reason, failed_at=_now()))

    def _near_duplicate(self, conn: Connection, minhash: Any, buckets: list[int]) -> str | None:
        if not buckets:
            return None
        params = {f"bucket{i}": bucket for i, bucket in enumerate(buckets)}
        best: tuple[float, str, str | None] | None = None
        for row in conn.execute(
            select(documents.c.id, documents.c.signature, documents.c.duplicate_of)
            .where(documents.c.seq.in_(_SHARING_MOST_BUCKETS.scalar_subquery()))
            .order_by(documents.c.seq),
            params,
        ):
            score = dedup.similarity(minhash, dedup.from_bytes(row.signature))
            if score >= dedup.THRESHOLD and (best is None or score > best[0]):
                best = (score, row.id, row.duplicate_of)
        if best is None:
            return None
        return best[2] or best[1]  # point at the first document of the group

    def _head_of_copies(self, conn: Connection, doc: Document) -> str | None:
        """A group of near-copies is headed by its earliest published document (undated
        last, then by source name), not by the first one stored: the board does not depend
        on the order documents came in. (Only a copy of the same date and source name as its
        head leaves the first stored at the head.) Returns the head it took over, if any."""
        head = conn.execute(
            select(documents.c.id, documents.c.published, documents.c.source).where(documents.c.id == doc.duplicate_of)
        ).one()
        if (doc.published or "~", doc.source) < (head.published or "~", head.source):
            conn.execute(
                update(documents)
                .where((documents.c.duplicate_of == head.id) | (documents.c.id == head.id))
                .values(duplicate_of=doc.id)
            )
            doc.duplicate_of = None
            return str(head.id)
        return None

    def _lookup(self, conn: Connection, keys: set[str]) -> Callable[[str, set[str]], list[Known]]:
        """The resolver's lookup, with the keys of the whole document fetched in one go
        (one round trip per document, not per entity, counts on a database server).
        Each lookup sees only the keys it asked about, as a query of its own would."""
        among = strong(keys)
        contexts: dict[str, set[str]] = {}

        def context_of(entity_id: str) -> set[str]:
            if entity_id not in contexts:
                contexts[entity_id] = self._context(conn, entity_id, among)
            return contexts[entity_id]

        prefetched = self._known(conn, keys, context_of)

        def lookup(kind: str, wanted: set[str]) -> list[Known]:
            found = prefetched if wanted <= keys else self._known(conn, wanted, context_of)
            return [replace(k, keys=k.keys & wanted) for k in found if k.type == kind and k.keys & wanted]

        return lookup

    def _known(self, conn: Connection, keys: set[str], context_of: Callable[[str], set[str]]) -> list[Known]:
        """Stored entities (of any type) having any of `keys`, with their name (and their
        context, fetched by `context_of` if the resolver asks for it)."""
        if not keys:
            return []
        rows = conn.execute(
            select(entity_keys_table.c.entity_id, entity_keys_table.c.type, entity_keys_table.c.key)
            .where(entity_keys_table.c.key.in_(keys))
            .order_by(entity_keys_table.c.entity_id, entity_keys_table.c.type, entity_keys_table.c.key)
        ).all()
        found: dict[tuple[str, str], Known] = {}
        for row in rows:
            ident = row.entity_id
            known = found.setdefault(
                (row.type, ident), Known(ident, row.type, "", load_context=lambda ident=ident: context_of(ident))
            )
            known.keys.add(row.key)
        if not found:
            return []
        ids = {known.id for known in found.values()}
        names = {r.id: r for r in conn.execute(select(entities.c.id, entities.c.name, entities.c.aliases).where(entities.c.id.in_(ids)))}
        for known in found.values():
            if known.id in names:
                known.name, known.aliases = names[known.id].name, json.loads(names[known.id].aliases)
        return list(found.values())

    def _taken(self, conn: Connection, local_ids: set[str]) -> Callable[[str], bool]:
        """Whether an entity id is in use: the document's own ids looked up at once."""
        stored = set(conn.scalars(select(entities.c.id).where(entities.c.id.in_(local_ids))))

        def taken(ident: str) -> bool:
            if ident in local_ids:
                return ident in stored
            return conn.execute(select(entities.c.id).where(entities.c.id == ident)).first() is not None

        return taken

    def _context(self, conn: Connection, entity_id: str, among: set[str], per_entity: int = 50) -> set[str]:
        """Which of the strong keys `among` belong to entities named in the same documents
        as `entity_id` (in up to `per_entity` of its documents), for telling apart people
        who share a name."""
        if not among:
            return set()
        its_documents = (
            select(mentions.c.doc_id)
            .where(mentions.c.entity_id == entity_id)
            .group_by(mentions.c.doc_id)
            .order_by(mentions.c.doc_id.desc())
            .limit(per_entity)
        )
        return set(
            conn.scalars(
                select(entity_keys_table.c.key)
                .join(mentions, mentions.c.entity_id == entity_keys_table.c.entity_id)
                .where(entity_keys_table.c.key.in_(among), mentions.c.doc_id.in_(its_documents.scalar_subquery()))
                .distinct()
            )
        )

    # ---- identity: one id per entity, whatever order documents come in ----------

    def _apart(self, conn: Connection) -> Callable[[set[str], set[str]], bool]:
        """Whether a person judged two sets of name keys to be different entities (`split` by a
        name; a split by a mention is kept by its document: `_split_again`)."""
        pairs = {
            (r.key_a, r.key_b)
            for r in conn.execute(
                select(judgements.c.key_a, judgements.c.key_b).where(
                    judgements.c.kind == "split", judgements.c.undone_at.is_(None), judgements.c.doc_id.is_(None)
                )
            )
        }

        def apart(a: set[str], b: set[str]) -> bool:
            # one side named as the entity was (key x), the other by the name split off (y) and not so
            return any((x in a and y in b and x not in b) or (x in b and y in a and x not in a) for x, y in pairs)

        return apart

    def _settle(
        self,
        conn: Connection,
        doc_id: str,
        extraction: Extraction,
        resolution: Resolution,
        named: dict[str, tuple[str, str]],
    ) -> dict[str, str]:
        """After a document is stored: the stored entities it showed to be one are merged,
        those it retyped retyped, and every entity it names takes its canonical id (from its
        fullest name: the same whichever document came first), the old ids redirecting.
        Why each of its entities joined a stored one is kept. Returns old id -> new id."""
        moved: dict[str, str] = {}

        def current(ident: str) -> str:
            while ident in moved:
                ident = moved[ident]
            return ident

        for ident, kind in sorted(resolution.retype.items()):
            survivor = self._become(conn, [ident], f"retyped {kind}: the same name and context as one", kind=kind)
            if survivor != ident:
                moved[ident] = survivor
        for group in resolution.unite:
            members = sorted({current(i) for i in group})
            if len(members) > 1:
                survivor = self._become(conn, members, f"one entity: document {doc_id} names them as one")
                moved.update({m: survivor for m in members if m != survivor})
        for entity in extraction.entities:
            ident = current(entity.id)
            kind, name = named.get(ident, (entity.type, entity.name))
            if ident in moved.values() or canonical_id(kind, name) != ident:
                survivor = self._become(conn, [ident], "renamed for its fullest name")
                if survivor != ident:
                    moved[ident] = survivor
        if resolution.joins:
            conn.execute(
                insert(entity_merges),
                [
                    {
                        "entity_id": current(resolution.mapping[j.entity]),
                        "other_id": j.other,
                        "doc_id": doc_id,
                        "rule": j.rule,
                        "key": j.key,
                        "score": None if j.score is None else round(j.score),
                        "at": _now(),
                    }
                    for j in resolution.joins
                ],
            )
        return {old: current(old) for old in moved}

    def _become(self, conn: Connection, members: list[str], reason: str, kind: str | None = None) -> str:
        """Make the stored entities `members` one, under the canonical id of its fullest name
        (`-2`, `-3` ... if another entity holds it), of type `kind` (else the one type the
        members have, a group's or place's before a person's). Every row naming a member is
        moved; an id that goes redirects to the one that stays. Returns the id that stays."""
        rows = {r.id: r for r in conn.execute(select(entities).where(entities.c.id.in_(members)))}
        members = [m for m in members if m in rows]
        kinds = sorted({rows[m].type for m in members}, key=lambda t: t == "PERSON")
        kind = kind or kinds[0]
        name = ""
        for r in rows.values():
            name = _fuller_name(name, r.name) if name else r.name
        aliases = sorted(set().union(*(json.loads(r.aliases) for r in rows.values())))
        wanted = canonical_id(kind, name)
        survivor, n = wanted, 1
        while survivor not in members and conn.execute(select(entities.c.id).where(entities.c.id == survivor)).first():
            n += 1
            survivor = f"{wanted}-{n}"
        if survivor in rows:
            conn.execute(
                update(entities).where(entities.c.id == survivor).values(type=kind, name=name, aliases=json.dumps(aliases))
            )
        else:
            conn.execute(insert(entities).values(id=survivor, type=kind, name=name, aliases=json.dumps(aliases)))
            conn.execute(delete(entity_redirects).where(entity_redirects.c.old_id == survivor))
        for member in members:
            if member == survivor:
                continue
            self._move_rows(conn, member, survivor)
            self._unindex_names(conn, member)
            conn.execute(delete(entities).where(entities.c.id == member))
            conn.execute(update(entity_redirects).where(entity_redirects.c.new_id == member).values(new_id=survivor))
            conn.execute(delete(entity_redirects).where(entity_redirects.c.old_id == member))
            conn.execute(insert(entity_redirects).values(old_id=member, new_id=survivor, reason=reason, at=_now()))
            conn.execute(update(entity_merges).where(entity_merges.c.entity_id == member).values(entity_id=survivor))
        keys = {r.key for r in conn.execute(select(entity_keys_table.c.key).where(entity_keys_table.c.entity_id.in_(members + [survivor])))}
        conn.execute(delete(entity_keys_table).where(entity_keys_table.c.entity_id.in_(members + [survivor])))
        if keys:
            conn.execute(insert(entity_keys_table), [{"key": k, "type": kind, "entity_id": survivor} for k in sorted(keys)])
        self._index_names(conn, survivor, aliases)
        return survivor

    def _move_rows(self, conn: Connection, old: str, new: str, doc_ids: list[str] | None = None) -> None:
        """Every row naming entity `old` (only in `doc_ids`, if given) names `new` instead."""

        def in_docs(table: Table) -> Any:
            return table.c.doc_id.in_(doc_ids) if doc_ids is not None else true()

        # the others named in its events, and in the facts it is said to state, show it
        told = events.c.id.in_(select(event_participants.c.event_id).where(event_participants.c.entity_id == old))
        stated = (events.c.attributed_to == old) | told
        self._touch(conn, {old, new} | self._named_with(conn, stated & in_docs(events), (relations.c.attributed_to == old) & in_docs(relations)))
        conn.execute(update(mentions).where(mentions.c.entity_id == old, in_docs(mentions)).values(entity_id=new))
        for column in ("subject", "object", "attributed_to"):
            conn.execute(
                update(relations).where(relations.c[column] == old, in_docs(relations)).values({column: new})
            )
        conn.execute(update(events).where(events.c.attributed_to == old, in_docs(events)).values(attributed_to=new))
        told = select(event_participants.c.event_id).where(event_participants.c.entity_id == old)
        changed = []
        for row in conn.execute(select(events.c.id, events.c.participants).where(events.c.id.in_(told), in_docs(events))):
            participants = {
                role: list(dict.fromkeys(new if i == old else i for i in ids)) for role, ids in json.loads(row.participants).items()
            }
            changed.append({"event": row.id, "new_participants": json.dumps(participants)})
        if changed:
            conn.execute(
                update(events).where(events.c.id == bindparam("event")).values(participants=bindparam("new_participants")),
                changed,
            )
            conn.execute(
                update(event_participants)
                .where(event_participants.c.entity_id == old, event_participants.c.event_id.in_([c["event"] for c in changed]))
                .values(entity_id=new)
            )
        conn.execute(update(quotes).where(quotes.c.speaker == old, in_docs(quotes)).values(speaker=new))
        if doc_ids is None:  # the whole entity is `new` now: so are the facts reviewed about it
            for column in ("subject", "object"):
                conn.execute(update(judgements).where(judgements.c[column] == old).values({column: new}))

    def _unindex_names(self, conn: Connection, entity_id: str) -> None:
        if self.is_sqlite:
            conn.execute(
                text("DELETE FROM entities_fts WHERE rowid = (SELECT rowid FROM entities WHERE id = :id)"), {"id": entity_id}
            )

    def _index_names(self, conn: Connection, entity_id: str, aliases: list[str]) -> None:
        if self.is_sqlite:
            self._unindex_names(conn, entity_id)
            conn.execute(
                text("INSERT INTO entities_fts(rowid, entity_id, names) SELECT rowid, id, :names FROM entities WHERE id = :id"),
                {"id": entity_id, "names": " | ".join(aliases)},
            )

    # ---- summaries ------------------------------------------------------------

    def _named_with(self, conn: Connection, in_events: Any, in_relations: Any) -> set[str]:
        """Every entity named in, or said to state, the events and relations matching the
        conditions (their pages show each other)."""
        chosen = select(events.c.id).where(in_events)
        found = set(conn.scalars(select(event_participants.c.entity_id).where(event_participants.c.event_id.in_(chosen))))
        found |= set(conn.scalars(select(events.c.attributed_to).where(in_events)))
        for column in ("subject", "object", "attributed_to"):
            found |= set(conn.scalars(select(relations.c[column]).where(in_relations)))
        found.discard(None)
        return found

    def _summarise(self, conn: Connection, touched: _Touched) -> None:
        """Compute again, from the fact tables, the summaries a write changed (`touched`): for
        an entity whose rows moved, went or were reviewed, every merged relation about it (with
        its standing review), its merged events and its figures; for a new document, the merged
        relations it states, the merged events its tellings may change (`_summarise_told`),
        and its entities' figures. The one place summaries are written: every write ends here
        (`_writing`), and an id that is gone (merged away, its last document replaced) loses
        its rows."""
        facts_gained: Counter[str] = Counter()  # merged facts and events gained (or lost) by each entity
        events_gained: Counter[str] = Counter()
        for chunk in _chunks(sorted(touched.entities), SUMMARY_CHUNK):
            kept = list(conn.scalars(select(entities.c.id).where(entities.c.id.in_(chunk))))
            summarised = fact_summaries.c.subject.in_(chunk) | fact_summaries.c.object.in_(chunk)
            facts_gained.update(self._summarise_facts(conn, summarised, _about(kept)))
            self._summarise_events(conn, chunk)
            self._summarise_figures(conn, chunk)
        for facts in _chunks(sorted(touched.facts), SUMMARY_CHUNK):  # the facts stated, each by its index
            facts_gained.update(self._summarise_facts(
                conn, _any_of([fact_summaries.c[k] for k in FACT], facts), _any_of([relations.c[k] for k in FACT], facts)
            ))
        if touched.told:
            events_gained.update(self._summarise_told(conn, sorted(touched.told), touched.entities))
        for chunk in _chunks(sorted(touched.figures - touched.entities), SUMMARY_CHUNK):
            self._add_figures(conn, chunk, sorted(touched.documents))
        # the entities summarised whole were counted whole (`_summarise_figures`)
        gained = [
            {"ident": ident, "more_facts": facts_gained[ident], "more_events": events_gained[ident]}
            for ident in sorted((set(facts_gained) | set(events_gained)) - touched.entities)
            if facts_gained[ident] or events_gained[ident]
        ]
        if gained:
            its = entity_summaries.c
            conn.execute(
                update(entity_summaries)
                .where(its.entity_id == bindparam("ident"))
                .values(facts=its.facts + bindparam("more_facts"), events=its.events + bindparam("more_events")),
                gained,
            )

    def _summarise_facts(self, conn: Connection, summarised: Any, stated: Any) -> Counter[str]:
        """The `fact_summaries` rows matching `summarised`, merged again from the relation rows
        matching `stated` (the same facts); how many standing facts each entity gained."""
        summary = fact_summaries.c
        gained: Counter[str] = Counter()  # what was there is lost, then what is merged gained
        gained.subtract(_counted_for(conn.execute(select(summary.subject, summary.object, summary.review).where(summarised))))
        conn.execute(delete(fact_summaries).where(summarised))
        tallies = _tallies(conn.execute(_relation_tally_query(self).where(stated)), 3)
        if not tallies:
            return gained
        ends = {t.key[0] for t in tallies} | {t.key[2] for t in tallies}
        reviews = _standing_reviews(conn, judgements.c.subject.in_(ends) & judgements.c.object.in_(ends))
        facts = [_fact_summary(f, reviews.get((f.subject, f.relation, f.object), {})) for f in merge_relations(tallies)]
        conn.execute(insert(fact_summaries), facts)
        gained.update(_counted_for((f["subject"], f["object"], f["review"]) for f in facts))
        return gained

    def _summarise_events(self, conn: Connection, owners: list[str]) -> None:
        """Every merged event of entities `owners`, merged again from their tellings."""
        for table in (entity_events, entity_event_names):
            conn.execute(delete(table).where(table.c.entity_id.in_(owners)))
        self._insert_merged_events(conn, _event_tallies(conn, self, owners))

    def _summarise_told(self, conn: Connection, docs: list[str], done: set[str]) -> Counter[str]:
        """The merged events that the tellings of new documents `docs` may change
        (`corroboration.may_regroup`: those they may join or draw a telling from), merged
        again with them, for each entity they name or are said by, but those in `done`
        (summarised whole). Those events are found by the names they share with a new
        telling (`entity_event_names`), so a batch costs what it tells, however many events
        the board's hottest entities have. How many merged events each entity gained."""
        gained: Counter[str] = Counter()
        new: dict[tuple[str, str], set[tuple[Any, ...]]] = {}  # (owner, type) -> new telling keys
        for chunk in _chunks(docs, SUMMARY_CHUNK):
            tellings = _tellings(None, events.c.doc_id.in_(chunk))
            for row in conn.execute(select(tellings.c.owner, *(tellings.c[k] for k in TELLING)).distinct()):
                if row.owner not in done:
                    new.setdefault((row.owner, row.type), set()).add(tuple(row[1:]))
        its, named = entity_events.c, entity_event_names.c
        for chunk in _chunks(sorted(new), SUMMARY_CHUNK):
            candidates = self._events_told_may_change(conn, {pair: new[pair] for pair in chunk})
            wanted = {pair: set(new[pair]) for pair in chunk}  # the tellings to merge again, by (owner, type)
            stale = []
            summarised = select(its.entity_id, its.first, its.type, its.event)
            for part in _chunks(sorted(candidates), 500):
                for row in conn.execute(summarised.where(_any_of([its.entity_id, its.first], part))):
                    told = [tuple(key) for key in json.loads(row.event)["tellings"]]
                    group = [_telling_event(key) for key in told]
                    if any(may_regroup(group, _telling_event(key)) for key in new[(row.entity_id, row.type)]):
                        stale.append({"owner": row.entity_id, "first": row.first})
                        wanted[(row.entity_id, row.type)].update(told)
            for table in (entity_events, entity_event_names) if stale else ():
                one = (table.c.entity_id == bindparam("owner")) & (table.c.first == bindparam("first"))
                conn.execute(delete(table).where(one), stale)
            gained.subtract(row["owner"] for row in stale)
            owners, kinds = sorted({owner for owner, _ in chunk}), sorted({kind for _, kind in chunk})
            participants = sorted({key[2] for keys in wanted.values() for key in keys})
            tallies = _event_tallies(conn, self, owners, kinds, participants)
            gained.update(self._insert_merged_events(conn, [t for t in tallies if t.key[1:] in wanted.get(t.key[:2], ())]))
        return gained

    def _events_told_may_change(
        self, conn: Connection, new: dict[tuple[str, str], set[tuple[Any, ...]]]
    ) -> set[tuple[str, int]]:
        """(entity, first) of every merged event that new tellings (`new`: by entity and type)
        may join or draw a telling from, and a few more, found by `entity_event_names`: those
        naming all a telling names (but the entity), those holding a telling that names
        only some of it, and those of the same sentence naming nobody."""
        named = entity_event_names.c
        held, everyone = set(), set()  # exact names; (owner, type, names but the owner's)
        for (owner, kind), keys in new.items():
            for key in keys:
                others, alone = _named_but(owner, key)
                held |= {(owner, kind, name) for name in _held_under(others, alone, _telling_event(key)["date"])}
                if others:
                    everyone.add((owner, kind, others))
        # the events naming all of `others` are among those naming the one named in fewest documents
        names = sorted({name for _, _, others in everyone for name in others})
        figures = select(entity_summaries.c.entity_id, entity_summaries.c.documents).where(entity_summaries.c.entity_id.in_(names))
        documents_naming = {row.entity_id: row.documents for row in conn.execute(figures)} if names else {}
        rarest = {entry: min(entry[2], key=lambda name: (documents_naming.get(name, 0), name)) for entry in everyone}
        filed = self._filed(conn, held | {(owner, kind, name) for (owner, kind, _), name in rarest.items()})
        candidates = {(owner, first) for owner, kind, name in held for first in filed.get((owner, kind, name), ())}
        holding_alone = {(owner, kind) for owner, kind, name in filed if name == "@"}
        also = {  # (owner, type, name, first): each other name of each event naming the rarest
            (owner, kind, name, first)
            for (owner, kind, others), rare in rarest.items()
            for first in filed.get((owner, kind, rare), ())
            for name in others
            if name != rare
        }
        confirmed = {(owner, kind, name, first) for (owner, kind, name), firsts in self._filed(conn, also, first=True).items() for first in firsts}
        for (owner, kind, others), rare in rarest.items():
            candidates |= {
                (owner, first)
                for first in filed.get((owner, kind, rare), ())
                if all((owner, kind, name, first) in confirmed for name in others if name != rare)
            }
        # a telling naming only its entity joins the first event naming it: unless one already
        # holds such a telling (found under "@"), every event of that type may be it
        for (owner, kind), keys in new.items():
            if (owner, kind) not in holding_alone and any(_named_but(owner, key) == ((), True) for key in keys):
                every = select(entity_events.c.first).where(entity_events.c.entity_id == owner, entity_events.c.type == kind)
                candidates |= {(owner, first) for first in conn.scalars(every)}
        return candidates

    def _filed(self, conn: Connection, keys: set[tuple[Any, ...]], first: bool = False) -> dict[tuple[str, str, str], set[int]]:
        """The `entity_event_names` rows of `keys` ((entity, type, name), with the event's
        first row if `first`), as the first rows of the events filed under each name."""
        named = entity_event_names.c
        columns = [named.entity_id, named.type, named.name, named.first][: 4 if first else 3]
        filed: dict[tuple[str, str, str], set[int]] = {}
        for part in _chunks(sorted(keys), 500):
            query = select(named.entity_id, named.type, named.name, named.first).where(_any_of(columns, part))
            for row in conn.execute(query):
                filed.setdefault((row.entity_id, row.type, row.name), set()).add(row.first)
        return filed

    def _insert_merged_events(self, conn: Connection, tallies: list[Tally]) -> Counter[str]:
        """The `entity_events` rows (and their `entity_event_names`) merged from tallies keyed
        by owner, then telling; how many each owner gained."""
        owned: dict[str, list[Tally]] = {}
        for tally in tallies:
            owner, tally.key = tally.key[0], tally.key[1:]
            owned.setdefault(owner, []).append(tally)
        found, names = [], []
        for owner, told in owned.items():
            for event in merge_events(told):
                found.append(_entity_event(owner, event))
                filed = {name for key in event.tellings for name in _filed_under(owner, key)}
                names += [{"entity_id": owner, "type": event.type, "name": n, "first": event.first_rows[0]} for n in sorted(filed)]
        if found:
            conn.execute(insert(entity_events), found)
            conn.execute(insert(entity_event_names), names)
        return Counter(row["entity_id"] for row in found)

    def _summarise_figures(self, conn: Connection, ids: list[str]) -> None:
        conn.execute(delete(entity_summaries).where(entity_summaries.c.entity_id.in_(ids)))
        kept = list(conn.scalars(select(entities.c.id).where(entities.c.id.in_(ids))))
        if kept:
            conn.execute(insert(entity_summaries), _entity_figures(conn, kept))
            _count_facts_and_events(conn, kept)

    def _add_figures(self, conn: Connection, ids: list[str], docs: list[str]) -> None:
        """Add to the figures of entities `ids` what new documents `docs` count for them, not
        counting again all their mentions (a hot entity is named in thousands)."""
        its = entity_summaries.c
        added = _entity_figures(conn, ids, docs)
        kept = {r.entity_id: r for r in conn.execute(select(entity_summaries).where(its.entity_id.in_(ids)))}
        for row in added:
            before = kept[row["entity_id"]]._mapping if row["entity_id"] in kept else {}
            row.update({figure: row[figure] + before.get(figure, 0) for figure in FIGURES})
            row.update({count: before.get(count, 0) for count in ("facts", "events")})  # kept by `_summarise`
        conn.execute(delete(entity_summaries).where(its.entity_id.in_(ids)))
        conn.execute(insert(entity_summaries), added)

    def rebuild_summaries(self) -> None:
        """Compute every entity's summaries again from the fact tables (what the writer keeps)."""
        with self._writing() as conn:
            conn.execute(delete(fact_summaries))
            self._touch(conn, set(conn.scalars(select(entities.c.id))))

    # ---- judgements by a person ----------------------------------------------

    def merge_entities(
        self, a: str, b: str, author: str, note: str | None = None, verdict: str = "positive"
    ) -> dict[str, Any]:
        """A person's judgement that entities `a` and `b` (ids) are one (`positive`: kept, and
        applied now), or may be (`unsure`: kept for later, nothing changes). Returns the
        judgement, with the id the entity has now."""
        if verdict not in ("positive", "unsure"):
            raise ValueError(f"a merge is positive or unsure, not {verdict!r}")
        with self._writing() as conn:
            found = self._entity_rows(conn, [a, b])
            judged = self._judge(
                conn, "merge", verdict, author, note,
                entity_type=found[a].type, key_a=_name_key_of(found[a]), key_b=_name_key_of(found[b]),
            )
            judged["entity"] = (
                self._become(conn, [a, b], f"merged by {author} (judgement {judged['id']})") if verdict == "positive" else a
            )
        return judged

    def split_entity(
        self, entity_id: str, name: str, author: str, note: str | None = None, doc_id: str | None = None
    ) -> dict[str, Any]:
        """A person's judgement that `name` is not entity `entity_id`: the documents where the
        entity is named so (only `doc_id`, if given: a split by one mention) become another
        entity, and no later document joins the two. Returns the judgement, with both ids."""
        with self._writing() as conn:
            row = self._entity_rows(conn, [entity_id])[entity_id]
            key = name_key(name)
            named = select(mentions.c.doc_id, mentions.c.text).where(mentions.c.entity_id == entity_id)
            if doc_id:
                named = named.where(mentions.c.doc_id == doc_id)
            moving = sorted({m.doc_id for m in conn.execute(named) if name_key(m.text) == key})
            if not moving:
                raise LookupError(f"{row.name} ({entity_id}) is never named {name!r}" + (f" in document {doc_id}" if doc_id else ""))
            everywhere = {m.doc_id for m in conn.execute(select(mentions.c.doc_id).where(mentions.c.entity_id == entity_id))}
            if set(moving) == everywhere:
                raise LookupError(f"every document names {entity_id} {name!r}: nothing would be left to split from")
            judged = self._judge(
                conn, "split", "negative", author, note,
                entity_type=row.type, key_a=_name_key_of(row), key_b=_name_key_of(row, name), doc_id=doc_id,
            )
            judged["entity"], judged["split_off"] = entity_id, self._split(conn, row, moving, name)
        return judged

    def review_fact(
        self, subject: str, relation: str, obj: str, verdict: str, author: str, note: str | None = None
    ) -> dict[str, Any]:
        """A person's review of a merged fact: `confirmed` or `rejected`."""
        if verdict not in ("confirmed", "rejected"):
            raise ValueError(f"a review confirms or rejects, not {verdict!r}")
        with self._writing() as conn:
            self._touch(conn, {subject, obj})
            return self._judge(conn, "review", verdict, author, note, subject=subject, relation=relation, object=obj)

    def undo_judgement(self, judgement_id: int) -> dict[str, Any]:
        """Mark a judgement undone (kept, with when). A merge or split undone needs the
        board resolved again (`Store.resolve_again`); a review undone counts no more at once."""
        with self._writing() as conn:
            row = conn.execute(select(judgements).where(judgements.c.id == judgement_id)).first()
            if row is None:
                raise LookupError(f"no judgement {judgement_id}")
            self._touch(conn, {row.subject, row.object})  # a review's facts
            if row.undone_at is None:
                conn.execute(update(judgements).where(judgements.c.id == judgement_id).values(undone_at=_now()))
            return dict(conn.execute(select(judgements).where(judgements.c.id == judgement_id)).one()._mapping)

    def list_judgements(self, include_undone: bool = True) -> list[dict[str, Any]]:
        """Every judgement, oldest first."""
        query = select(judgements).order_by(judgements.c.id)
        if not include_undone:
            query = query.where(judgements.c.undone_at.is_(None))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def reviews(self) -> dict[tuple[str, str, str], dict[str, Any]]:
        """The standing review of each reviewed fact by (subject, relation, object): the latest not undone."""
        with self.engine.connect() as conn:
            return _standing_reviews(conn, true())

    def apply_judgements(self) -> None:
        """Apply every standing merge and split again (after a rebuild or a re-resolution):
        the entities they name are found by their names' keys."""
        with self._writing() as conn:
            self._apply_judgements(conn, self._standing(conn, ("merge", "split")))

    def _standing(self, conn: Connection, kinds: tuple[str, ...], by_mention: bool = False) -> list[Any]:
        """The standing merges and splits of `kinds` (only splits by a mention, if `by_mention`), oldest first."""
        query = select(judgements).where(
            judgements.c.kind.in_(kinds), judgements.c.verdict != "unsure", judgements.c.undone_at.is_(None)
        )
        if by_mention:
            query = query.where(judgements.c.doc_id.is_not(None))
        return list(conn.execute(query.order_by(judgements.c.id)))

    def _apply_judgements(self, conn: Connection, standing: list[Any]) -> None:
        for j in standing:
            a = self._by_key(conn, j.entity_type, j.key_a)
            if j.kind == "merge":
                b = self._by_key(conn, j.entity_type, j.key_b)
                if a and b and a != b:
                    self._become(conn, [a, b], f"merged by {j.author} (judgement {j.id})")
            elif a:
                self._split_again(conn, j, a)

    def _split_again(self, conn: Connection, judgement: Any, entity_id: str) -> None:
        """Split the name of `judgement` off entity `entity_id` again, if the entity is
        named so (in the judgement's document, for a split by a mention) and elsewhere too."""
        row = self._entity_rows(conn, [entity_id])[entity_id]
        named = [
            m
            for m in conn.execute(
                select(mentions.c.doc_id, mentions.c.text).where(mentions.c.entity_id == entity_id).order_by(mentions.c.doc_id, mentions.c.start)
            )
            if _name_key_of(row, m.text) == judgement.key_b and judgement.doc_id in (None, m.doc_id)
        ]
        docs = {m.doc_id for m in named}
        everywhere = set(conn.scalars(select(mentions.c.doc_id).where(mentions.c.entity_id == entity_id)))
        if docs and docs != everywhere:
            self._split(conn, row, sorted(docs), named[0].text)

    def _by_key(self, conn: Connection, kind: str | None, key: str | None) -> str | None:
        if not key:
            return None
        query = select(entity_keys_table.c.entity_id).where(entity_keys_table.c.key == key).order_by(entity_keys_table.c.entity_id)
        if kind:
            query = query.where(entity_keys_table.c.type == kind)
        return conn.scalar(query.limit(1))

    def _judge(self, conn: Connection, kind: str, verdict: str, author: str, note: str | None, **fields: Any) -> dict[str, Any]:
        ident = conn.execute(
            insert(judgements).values(kind=kind, verdict=verdict, author=author, note=note, created_at=_now(), **fields)
        ).inserted_primary_key[0]
        return dict(conn.execute(select(judgements).where(judgements.c.id == ident)).one()._mapping)

    def _entity_rows(self, conn: Connection, ids: list[str]) -> dict[str, Any]:
        rows = {r.id: r for r in conn.execute(select(entities).where(entities.c.id.in_(ids)))}
        for ident in ids:
            if ident not in rows:
                raise LookupError(f"no entity {ident!r}")
        return rows

    def _split(self, conn: Connection, row: Any, doc_ids: list[str], name: str) -> str:
        """Move entity `row`'s rows in `doc_ids` to a new entity named `name`; both get
        their names and keys again from the mentions they keep. Returns the new id."""
        wanted = canonical_id(row.type, name)
        new, n = wanted, 1
        while conn.execute(select(entities.c.id).where(entities.c.id == new)).first():
            n += 1
            new = f"{wanted}-{n}"
        conn.execute(delete(entity_redirects).where(entity_redirects.c.old_id == new))
        conn.execute(insert(entities).values(id=new, type=row.type, name=name, aliases="[]"))
        self._move_rows(conn, row.id, new, doc_ids)
        for ident in (row.id, new):
            texts = sorted({m.text for m in conn.execute(select(mentions.c.text).where(mentions.c.entity_id == ident))})
            full = ""
            for t in texts:
                full = _fuller_name(full, t) if full else t
            full = name if ident == new else full or row.name
            conn.execute(update(entities).where(entities.c.id == ident).values(name=full, aliases=json.dumps(texts)))
            conn.execute(delete(entity_keys_table).where(entity_keys_table.c.entity_id == ident))
            keys = entity_keys(Entity(ident, row.type, full, texts))
            conn.execute(insert(entity_keys_table), [{"key": k, "type": row.type, "entity_id": ident} for k in sorted(keys)])
            self._index_names(conn, ident, texts)
        conn.execute(
            insert(entity_merges).values(
                entity_id=new, other_id=row.id, doc_id=None, rule=f"split off {row.id} by a person: named {name!r}", at=_now()
            )
        )
        return new

    # ---- explanations ----------------------------------------------------------

    def entity_merge_count(self, entity_id: str) -> int:
        """How many records `entity_merges` holds for `entity_id` (joins and merged ids)."""
        with self.engine.connect() as conn:
            joins = conn.scalar(select(func.count()).select_from(entity_merges).where(entity_merges.c.entity_id == entity_id))
            merged = conn.scalar(select(func.count()).select_from(entity_redirects).where(entity_redirects.c.new_id == entity_id))
        return (joins or 0) + (merged or 0)

    def entity_merges(self, entity_id: str, limit: int | None = None) -> list[dict[str, Any]]:
        """Why an entity is what it is: each document's entity that joined it (rule, key,
        score, the stored entity it joined; the first `limit`), each id merged into it or
        renamed, oldest first."""
        with self.engine.connect() as conn:
            joins = [
                {"what": "joined", **dict(r._mapping)}
                for r in conn.execute(
                    select(
                        entity_merges.c.doc_id, entity_merges.c.other_id, entity_merges.c.rule,
                        entity_merges.c.key, entity_merges.c.score, entity_merges.c.at,
                    )
                    .where(entity_merges.c.entity_id == entity_id)
                    .order_by(entity_merges.c.id)
                    .limit(limit)
                )
            ]
            merged = [
                {"what": "merged", "doc_id": None, "other_id": r.old_id, "rule": r.reason, "key": None, "score": None, "at": r.at}
                for r in conn.execute(
                    select(entity_redirects).where(entity_redirects.c.new_id == entity_id).order_by(entity_redirects.c.at, entity_redirects.c.old_id)
                )
            ]
        return merged + joins

    # ---- rebuild ---------------------------------------------------------------

    def stored_documents(self) -> list[Document]:
        """Every stored document, earliest published first (undated last), then by id:
        the order a rebuild stores them in, so it gives the same board every time."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents).order_by(func.coalesce(documents.c.published, "~"), documents.c.id)).all()
        found = [_document(r) for r in rows]
        for doc in found:
            doc.duplicate_of = None
        return found

    def clear_extractions(self) -> None:
        """Forget every entity, mention, fact and quotation and why entities were joined;
        keep documents, redirects and judgements (for `rebuild` and `resolve_again`)."""
        with self.engine.begin() as conn:
            for table in (entities, entity_keys_table, mentions, relations, events, event_participants, quotes, entity_merges, *_SUMMARIES):
                conn.execute(delete(table))
            if self.is_sqlite:
                conn.execute(text("DELETE FROM entities_fts"))

    def add_again(self, extraction: Extraction) -> None:
        """Store the entities and facts of a document that is stored already (a rebuild),
        resolved against the board as it is now."""
        with self._writing() as conn:
            self._resolve_and_insert(conn, extraction)

    def _insert_document(self, conn: Connection, doc: Document, signature: bytes, buckets: list[int]) -> None:
        seq = conn.execute(
            insert(documents).values(
                id=doc.id,
                source=doc.source,
                title=doc.title,
                published=doc.published,
                lang=doc.lang,
                url=doc.url,
                duplicate_of=doc.duplicate_of,
                repeated_spans=json.dumps(doc.repeated_spans),
                text=doc.text,
                signature=signature,
                ingested_at=_now(),
                author=doc.author,
                site=doc.site,
                pages=json.dumps(doc.pages) if doc.pages else None,
                **_provenance_values(doc),
            )
        ).inserted_primary_key[0]
        if buckets:
            conn.execute(insert(near_copy_buckets), [{"bucket": bucket, "doc_seq": seq} for bucket in buckets])
        if self.is_sqlite:
            conn.execute(
                text("INSERT INTO documents_fts(doc_id, title, text) VALUES (:id, :title, :text)"),
                {"id": doc.id, "title": doc.title or "", "text": doc.text},
            )

    def _insert_entities(
        self, conn: Connection, doc_id: str, found: list[Entity], no_weak_keys: Collection[str] = ()
    ) -> dict[str, tuple[str, str]]:
        """New entities, merged names of known ones, new keys and every mention:
        a few statements per document, not per entity (ingest speed at scale).
        Returns each entity's (type, name) as stored now."""
        ids = [entity.id for entity in found]
        stored = {r.id: r for r in conn.execute(select(entities).where(entities.c.id.in_(ids)))}
        known_keys: dict[str, set[str]] = {}
        for r in conn.execute(select(entity_keys_table).where(entity_keys_table.c.entity_id.in_(ids))):
            known_keys.setdefault(r.entity_id, set()).add(r.key)
        added, merged, renamed, keys, found_mentions = [], [], [], [], []
        now_named: dict[str, tuple[str, str]] = {}
        for entity in found:
            row = stored.get(entity.id)
            old_names = json.loads(row.aliases) if row is not None else []
            names = sorted(set(old_names) | set(entity.aliases) | {entity.name})
            if row is None:
                now_named[entity.id] = (entity.type, entity.name)
                added.append({"id": entity.id, "type": entity.type, "name": entity.name, "aliases": json.dumps(names)})
            else:
                name = _fuller_name(row.name, entity.name)
                now_named[entity.id] = (row.type, name)
                if names != old_names or name != row.name:
                    merged.append({"entity": entity.id, "new_name": name, "new_aliases": json.dumps(names)})
            if names != old_names:
                renamed.append({"id": entity.id, "names": " | ".join(names)})
            keys += [
                {"key": k, "type": entity.type, "entity_id": entity.id}
                for k in sorted(entity_keys(entity) - known_keys.get(entity.id, set()))
                if entity.id not in no_weak_keys or not k.startswith(WEAK)
            ]
            found_mentions += [
                {"doc_id": doc_id, "entity_id": entity.id, "start": m.start, "end": m.end, "text": m.text}
                for m in entity.mentions
            ]
        if added:
            conn.execute(insert(entities), added)
        if merged:
            conn.execute(
                update(entities)
                .where(entities.c.id == bindparam("entity"))
                .values(name=bindparam("new_name"), aliases=bindparam("new_aliases")),
                merged,
            )
        if keys:
            conn.execute(insert(entity_keys_table), keys)
        if renamed and self.is_sqlite:
            # keyed by the entity's rowid: FTS5 finds a row by rowid, not by an UNINDEXED column
            conn.execute(
                text("DELETE FROM entities_fts WHERE rowid = (SELECT rowid FROM entities WHERE id = :id)"), renamed
            )
            conn.execute(
                text("INSERT INTO entities_fts(rowid, entity_id, names) SELECT rowid, id, :names FROM entities WHERE id = :id"),
                renamed,
            )
        if found_mentions:
            conn.execute(insert(mentions), found_mentions)
        return now_named

    def _insert_facts(self, conn: Connection, doc_id: str, extraction: Extraction) -> None:
        if extraction.relations:
            conn.execute(
                insert(relations),
                [
                    {
                        "doc_id": doc_id,
                        "subject": r.subject,
                        "relation": r.relation,
                        "object": r.object,
                        "status": r.status,
                        "attributed_to": r.attributed_to,
                        "ev_start": r.evidence.start,
                        "ev_end": r.evidence.end,
                        "ev_text": r.evidence.text,
                    }
                    for r in extraction.relations
                ],
            )
        for e in extraction.events:
            event_id = conn.execute(
                insert(events).values(
                    doc_id=doc_id,
                    type=e.type,
                    date=e.date,
                    participants=json.dumps(e.participants),
                    status=e.status,
                    attributed_to=e.attributed_to,
                    ev_start=e.evidence.start,
                    ev_end=e.evidence.end,
                    ev_text=e.evidence.text,
                    more_evidence=json.dumps([[m.start, m.end, m.text] for m in e.more_evidence]) if e.more_evidence else None,
                )
            ).inserted_primary_key[0]
            rows = [
                {"event_id": event_id, "role": role, "entity_id": ident}
                for role, ids in e.participants.items()
                for ident in ids
            ]
            if rows:
                conn.execute(insert(event_participants), rows)
        if extraction.quotes:
            conn.execute(
                insert(quotes),
                [
                    {
                        "doc_id": doc_id,
                        "speaker": q.speaker,
                        "speaker_name": q.speaker_name,
                        "start": q.start,
                        "end": q.end,
                        "text": q.text,
                    }
                    for q in extraction.quotes
                ],
            )

    # ---- queries ------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Corpus figures: documents, duplicates, entities, relations, events, quotes, failures."""
        with self.engine.connect() as conn:
            return {
                "documents": conn.scalar(select(func.count()).select_from(documents)) or 0,
                "duplicates": conn.scalar(
                    select(func.count()).select_from(documents).where(documents.c.duplicate_of.is_not(None))
                )
                or 0,
                "entities": conn.scalar(select(func.count()).select_from(entities)) or 0,
                "relations": conn.scalar(select(func.count()).select_from(relations)) or 0,
                "events": conn.scalar(select(func.count()).select_from(events)) or 0,
                "quotes": conn.scalar(select(func.count()).select_from(quotes)) or 0,
                "failures": conn.scalar(select(func.count()).select_from(failures)) or 0,
            }

    def list_documents(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Documents in ingest order, without their text."""
        query = (
            select(
                *_document_summary(),
                documents.c.url,
                documents.c.lang,
                func.length(documents.c.text).label("chars"),
                documents.c.ingested_at,
            )
            .order_by(documents.c.seq)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def get_document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
        return _document(row) if row else None

    def list_entities(self, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Entities with their mention and document counts, most mentioned first."""
        figures = entity_summaries.c
        query = (
            select(entities.c.id, entities.c.type, entities.c.name, entities.c.aliases, figures.mentions, figures.documents)
            .join(entity_summaries, figures.entity_id == entities.c.id)
            .order_by(figures.documents.desc(), figures.mentions.desc(), figures.entity_id)
            .limit(limit)
        )
        if kind:
            query = query.where(entities.c.type == kind)
        with self.engine.connect() as conn:
            return [{**dict(r._mapping), "aliases": json.loads(r.aliases)} for r in conn.execute(query)]

    def most_connected(self, limit: int = 10) -> list[dict[str, Any]]:
        """Entities by how many relations and events they take part in, then by documents."""
        figures = entity_summaries.c
        query = (
            select(entities.c.id, entities.c.type, entities.c.name, figures.links.label("facts"), figures.documents)
            .join(entity_summaries, figures.entity_id == entities.c.id)
            .order_by(figures.links.desc(), figures.documents.desc(), figures.entity_id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def list_failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(failures).order_by(failures.c.failed_at, failures.c.source))
            return [dict(r._mapping) for r in rows]

    def search(self, query: str, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
        """Full-text search over document text and entity names; the query is taken
        as plain words (no operator syntax reaches the search engine)."""
        words = _search_words(query)
        if not words:
            return {"documents": [], "entities": []}
        with self.engine.connect() as conn:
            if self.is_sqlite:
                match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                # ranked among the latest SEARCH_RANKED matches: the rowid bound is FTS5's own range
                # scan, so a word in every tenth document costs no more on a big board
                docs = conn.execute(
                    text(
                        "SELECT d.id, d.source, d.title, d.published, "
                        "snippet(documents_fts, 2, char(2), char(3), ' … ', 12) AS snippet "
                        "FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id "
                        "WHERE documents_fts MATCH :q AND documents_fts.rowid >= coalesce(("
                        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
                        "ORDER BY rowid DESC LIMIT 1 OFFSET :ranked), 0) "
                        "ORDER BY rank LIMIT :n"
                    ),
                    {"q": match, "n": limit, "ranked": SEARCH_RANKED - 1},
                ).all()
                names = conn.execute(
                    text(
                        "SELECT e.id, e.type, e.name FROM entities_fts JOIN entities e "
                        "ON e.id = entities_fts.entity_id WHERE entities_fts MATCH :q ORDER BY rank LIMIT :n"
                    ),
                    {"q": match, "n": limit},
                ).all()
            else:
                docs, names = self._search_postgres(conn, " ".join(words), limit)
        return {
            "documents": [{**r._mapping, **_snippet(r.snippet)} for r in docs],
            "entities": [dict(r._mapping) for r in names],
        }

    def _search_postgres(self, conn: Connection, words: str, limit: int) -> tuple[list[Any], list[Any]]:
        docs = conn.execute(
            text(
                "SELECT id, source, title, published, "
                "ts_headline('caseboard', text, plainto_tsquery('caseboard', :q), "
                "'StartSel=' || chr(2) || ',StopSel=' || chr(3) || ',MaxFragments=1,MaxWords=20') AS snippet "
                f"FROM documents WHERE {_PG_DOCUMENT_TSV} @@ plainto_tsquery('caseboard', :q) LIMIT :n"
            ),
            {"q": words, "n": limit},
        ).all()
        names = conn.execute(
            text(
                f"SELECT id, type, name FROM entities WHERE {_PG_ENTITY_TSV} @@ plainto_tsquery('caseboard', :q) LIMIT :n"
            ),
            {"q": words, "n": limit},
        ).all()
        return docs, names

    def find_entity(self, ref: str) -> dict[str, Any] | None:
        """An entity by id, by any of its names (accents and case ignored), or by best name match."""
        with self.engine.connect() as conn:
            row = conn.execute(select(entities).where(entities.c.id == ref)).first()
            moved_to = None if row else conn.scalar(select(entity_redirects.c.new_id).where(entity_redirects.c.old_id == ref))
            if moved_to:  # an id that was merged or renamed: old links keep working
                row = conn.execute(select(entities).where(entities.c.id == moved_to)).first()
            if row is None:
                key = name_key(ref)
                hits = conn.execute(
                    select(entity_keys_table.c.entity_id, entities.c.name)
                    .join(entities, entities.c.id == entity_keys_table.c.entity_id)
                    .where(entity_keys_table.c.key == key)
                    .order_by(entity_keys_table.c.entity_id)
                ).all()
                # the entity of exactly that name first ("Monos" is org:monos before org:los-monos)
                hit = min(hits, key=lambda h: name_key(h.name) != key, default=None)
                if hit is None:
                    # a bare surname or nickname is not an identifying key: try every known alias
                    hit = next(
                        (
                            r
                            for r in conn.execute(select(entities.c.id.label("entity_id"), entities.c.aliases))
                            if key in {name_key(a) for a in json.loads(r.aliases)}
                        ),
                        None,
                    )
                if hit is not None:
                    row = conn.execute(select(entities).where(entities.c.id == hit.entity_id)).first()
        return _entity(row) if row else None

    def entity_names(self, ids: set[str]) -> dict[str, dict[str, str]]:
        """id -> {"name", "type"} for the given entity ids."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(ids)))
            return {r.id: {"name": r.name, "type": r.type} for r in rows}

    def merged_facts(
        self,
        entity_id: str | None = None,
        status: str | None = None,
        relation: str | None = None,
        min_sources: int = 1,
        limit: int | None = None,
        rejected: bool = False,
    ) -> list[Fact]:
        """Merged relations (without evidence) as the writer keeps them, best supported first,
        each with its standing review; rejected ones left out unless `rejected`. About one
        entity (read from an index in that order as subject and as object, so the first
        `limit` cost the same however many there are), or of the whole board."""
        summary = fact_summaries.c
        wanted = [summary.independent_sources >= min_sources]
        if status:
            wanted.append(summary.status == status)
        if relation:
            wanted.append(summary.relation == relation)
        if not rejected:
            wanted.append(summary.review.is_(None) | (summary.review != "rejected"))
        if entity_id is None:
            branches = [select(fact_summaries).where(*wanted).order_by(*_BEST_FACTS, summary.subject, summary.object).limit(limit)]
        else:
            branches = [
                select(fact_summaries).where(summary.subject == entity_id, *wanted).order_by(*_BEST_FACTS, summary.object).limit(limit),
                select(fact_summaries)
                .where(summary.object == entity_id, summary.subject != entity_id, *wanted)
                .order_by(*_BEST_FACTS, summary.subject)
                .limit(limit),
            ]
        with self.engine.connect() as conn:
            rows = [row for branch in branches for row in conn.execute(branch)]
        rows.sort(key=lambda r: (-r.independent_sources, -r.sources, r.relation, r.subject, r.object))
        return [_summarised_fact(r) for r in rows[:limit]]

    def merged_events(
        self,
        entity_id: str | None = None,
        type: str | None = None,
        status: str | None = None,
        limit: int | None = None,
        best_supported: bool = False,
        after: tuple[int, str | None, str, int] | None = None,
    ) -> list[MergedEvent]:
        """Merged events (without evidence) in date order, undated last (or, with
        `best_supported`, most independent sources first). Those naming or told by one
        entity are read as the writer keeps them, from an index in that order; the whole
        board's are merged here. In date order, `after` (a `MergedEvent.position`) starts
        after that event: the next page."""
        if entity_id is None:
            return _board_events(merge_events(self.event_tallies()), type, status, limit, best_supported, after)
        its = entity_events.c
        order = _DATE_ORDER
        if best_supported:
            order = (its.independent_sources.desc(), its.sources.desc(), *order)
        query = select(entity_events).where(its.entity_id == entity_id).order_by(*order)
        if type:
            query = query.where(its.type == type)
        if status:
            query = query.where(its.status == status)
        with self.engine.connect() as conn:
            if after is None:
                rows = conn.execute(query.limit(limit)).all()
            else:  # each part a range of the index in its order (an OR of them is not one)
                undated, date, kind, first = after
                rows = []
                if not undated:
                    later = tuple_(its.date, its.type, its.first) > tuple_(date, kind, first)
                    rows = conn.execute(query.where(its.undated == 0, later).limit(limit)).all()
                    kind, first = "", 0  # then every undated event
                if limit is None or len(rows) < limit:
                    later = tuple_(its.type, its.first) > tuple_(kind, first)
                    rest = None if limit is None else limit - len(rows)
                    rows += conn.execute(query.where(its.undated == 1, later).limit(rest)).all()
        return [_summarised_event(r) for r in rows]

    def event_count(self, entity_id: str | None = None, type: str | None = None, status: str | None = None) -> int:
        """How many merged events `merged_events` lists with these filters."""
        if entity_id is None:
            return len(self.merged_events(None, type, status))
        its = entity_events.c
        query = select(func.count()).select_from(entity_events).where(its.entity_id == entity_id)
        if type:
            query = query.where(its.type == type)
        if status:
            query = query.where(its.status == status)
        with self.engine.connect() as conn:
            return conn.scalar(query) or 0

    def relation_tallies(self, entity_id: str | None = None) -> list[Tally]:
        """One Tally per (subject, relation, object), counted here from every row, optionally
        only those about one entity (what `merged_facts` reads as kept by the writer)."""
        query = _relation_tally_query(self)
        if entity_id:
            query = query.where(_about([entity_id]))
        with self.engine.connect() as conn:
            return _tallies(conn.execute(query), 3)

    def relation_evidence(
        self,
        entity_id: str | None = None,
        per_fact: int | None = None,
        facts: list[tuple[str, str, str]] | None = None,
    ) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
        """Evidence rows by (subject, relation, object), the first `per_fact` of each (all
        when None): of the given `facts` (an indexed lookup each), else of every fact
        about `entity_id` (or of the whole board)."""
        found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        query = _fact_query(relations, "subject", "relation", "object")
        with self.engine.connect() as conn:
            if facts and not self.is_sqlite:
                subjects, relations_, objects = (list(part) for part in zip(*facts))
                rows = conn.execute(
                    _PG_FIRST_OF_EACH_FACT,
                    {"subjects": subjects, "relations": relations_, "objects": objects, "per_fact": per_fact},
                )
                for row in rows:
                    found.setdefault((row.subject, row.relation, row.object), []).append(dict(row._mapping))
                return found
            if facts is not None:  # SQLite answers in-process: a lookup each costs little
                for subject, relation, obj in facts:
                    rows = conn.execute(
                        query.where(
                            relations.c.subject == subject, relations.c.relation == relation, relations.c.object == obj
                        ).limit(per_fact)
                    )
                    found[(subject, relation, obj)] = [dict(r._mapping) for r in rows]
                return found
            if per_fact is not None:
                ranked = select(
                    relations.c.id,
                    func.row_number()
                    .over(partition_by=(relations.c.subject, relations.c.relation, relations.c.object), order_by=relations.c.id)
                    .label("rank"),
                )
                if entity_id:
                    ranked = ranked.where(_about([entity_id]))
                first = ranked.subquery()
                query = query.join(first, first.c.id == relations.c.id).where(first.c.rank <= per_fact)
            elif entity_id:
                query = query.where(_about([entity_id]))
            for row in conn.execute(query):
                found.setdefault((row.subject, row.relation, row.object), []).append(dict(row._mapping))
        return found

    def event_tallies(self, entity_id: str | None = None) -> list[Tally]:
        """One Tally per telling of an event (its type, date and participants; and, when it
        names nobody, its near-duplicate group and sentence), optionally only those
        involving or attributed to one entity, counted here from every row (what
        `merged_events` reads as kept by the writer)."""
        with self.engine.connect() as conn:
            found = _event_tallies(conn, self, None if entity_id is None else [entity_id])
        for tally in found:
            tally.key = tally.key[1:]
        return found

    def event_evidence(self, entity_id: str | None = None) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
        """Every evidence row by telling (the key of `event_tallies`), of events involving or
        attributed to `entity_id` (or of the whole board)."""
        tellings = _tellings(None if entity_id is None else [entity_id])
        query = select(
            *(tellings.c[k].label(f"telling_{k}") for k in TELLING), *_fact_query(events, "id", "type", "date", "more_evidence").selected_columns
        ).select_from(
            events.join(documents, documents.c.id == events.c.doc_id).join(tellings, tellings.c.id == events.c.id)
        )
        found: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query.order_by(events.c.id)):
                found.setdefault(tuple(row._mapping[f"telling_{k}"] for k in TELLING), []).append(dict(row._mapping))
        return found

    def event_evidence_rows(self, ids: list[int]) -> list[dict[str, Any]]:
        """The evidence rows of the given event ids, in id order."""
        if not ids:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(_fact_query(events, "id", "type", "date", "more_evidence").where(events.c.id.in_(ids)))
            return [dict(r._mapping) for r in rows]

    def _tally_columns(self, table: Any) -> list[Any]:
        """What a tally counts over the rows of one fact, status and speaker."""
        group = table.c.group if "group" in table.c else func.coalesce(documents.c.duplicate_of, documents.c.id)
        return [
            table.c.status,
            table.c.attributed_to,
            func.count().label("n"),
            func.min(table.c.id).label("first"),
            self._distinct_list(table.c.doc_id).label("documents"),
            self._distinct_list(group).label("groups"),
        ]

    def _distinct_list(self, column: Any) -> Any:
        """The distinct values of `column` in a group, comma-separated (ids hold no commas)."""
        if self.is_sqlite:
            return func.group_concat(distinct(column))
        return func.string_agg(distinct(column), literal_column("','"))

    def quote_rows(self, speaker: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored quotations with their document, optionally only one speaker's (the first `limit`)."""
        query = (
            select(quotes.c.speaker, quotes.c.speaker_name, quotes.c.start, quotes.c.end, quotes.c.text, *_document_columns())
            .join(documents, documents.c.id == quotes.c.doc_id)
            .order_by(documents.c.published, quotes.c.doc_id, quotes.c.start)
            .limit(limit)
        )
        if speaker:
            query = query.where(quotes.c.speaker == speaker)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def entity_totals(self, entity_id: str) -> dict[str, int]:
        """How many documents name `entity_id` (and how many near-duplicate groups, i.e.
        independent ones), how many quotations it speaks, and how many merged facts (not
        rejected) and merged events are about it: kept by the writer, read from indexes."""
        with self.engine.connect() as conn:
            row = conn.execute(select(entity_summaries).where(entity_summaries.c.entity_id == entity_id)).first()
        totals = ("documents", "independent_documents", "quotes", "facts", "events")
        return {total: getattr(row, total) if row else 0 for total in totals}

    def cooccurring(self, entity_id: str, limit: int = 20, within: int = COOCCURRENCE_DOCUMENTS) -> list[dict[str, Any]]:
        """Entities named in the same documents as `entity_id` (its latest `within` documents,
        so an entity named in thousands costs no more), by how many documents they share."""
        with self.engine.connect() as conn:
            latest = self._first_naming(conn, entity_id, within, latest=True)
            if not latest:
                return []
            # counted from the index alone, then named: only the most shared are joined
            shared = (
                select(mentions.c.entity_id, func.count(distinct(mentions.c.doc_id)).label("documents"))
                .where(mentions.c.doc_id.in_(latest), mentions.c.entity_id != entity_id)
                .group_by(mentions.c.entity_id)
                .subquery()
            )
            query = (
                select(entities.c.id, entities.c.type, entities.c.name, shared.c.documents)
                .join(shared, shared.c.entity_id == entities.c.id)
                .order_by(shared.c.documents.desc(), entities.c.name)
                .limit(limit)
            )
            return [dict(r._mapping) for r in conn.execute(query)]

    def _first_naming(self, conn: Connection, entity_id: str, limit: int, latest: bool = False) -> list[str]:
        """The ids of the first `limit` documents naming `entity_id` by date (`documents_by_date`),
        or of the `latest` ingested. A rare entity's are chosen from the ids of every document
        naming it; a dense one's (`_walk_budget`) by walking the documents in that order and
        keeping those that name it (an index probe each); if that walk falls short (its
        documents lie late in the order), from the list after all. Either way, the same."""
        order = [documents.c.seq.desc()] if latest else [documents.c.published, documents.c.id]
        named_in = conn.scalar(select(entity_summaries.c.documents).where(entity_summaries.c.entity_id == entity_id)) or 0
        budget = self._walk_budget(conn, named_in, limit)
        if budget is not None:
            found = self._walk_naming(conn, entity_id, limit, latest, budget)
            if len(found) == limit:
                return found
        first = select(documents.c.id).where(documents.c.id.in_(_naming(entity_id))).order_by(*order).limit(limit)
        return list(conn.scalars(first))

    def _walk_naming(self, conn: Connection, entity_id: str, limit: int, latest: bool, at_most: int) -> list[str]:
        """`_first_naming` by walking at most the first `at_most` documents in order (fewer
        than `limit` found if they hold fewer). Ingest order is numbered: the walk is a range
        of it and stops at the `limit`-th found. By date, the `at_most` are walked."""
        if latest:
            newest = select(func.max(documents.c.seq)).scalar_subquery()
            naming = exists().where(mentions.c.entity_id == entity_id, mentions.c.doc_id == documents.c.id)
            walk = select(documents.c.id).where(documents.c.seq > newest - at_most, naming).order_by(documents.c.seq.desc())
            return list(conn.scalars(walk.limit(limit)))
        walked = (
            select(documents.c.id, documents.c.published)
            .order_by(documents.c.published, documents.c.id)
            .limit(at_most)
            .subquery()
        )
        naming = exists().where(mentions.c.entity_id == entity_id, mentions.c.doc_id == walked.c.id)
        return list(conn.scalars(select(walked.c.id).where(naming).order_by(walked.c.published, walked.c.id).limit(limit)))

    def _walk_budget(self, conn: Connection, named_in: int, limit: int) -> int | None:
        """How many documents to walk for the first `limit` of an entity named in `named_in`:
        WALK_SLACK times what the walk expects to read if they are spread evenly
        (limit * board / named_in), when that is fewer than the list of them all (None if not)."""
        if named_in <= limit:
            return None
        board_size = conn.scalar(select(func.max(documents.c.seq))) or 0
        budget = -(-WALK_SLACK * limit * board_size // named_in)
        return budget if budget < named_in else None

    def entity_mentions(self, entity_id: str, limit: int | None = None) -> list[dict[str, Any]]:
        """Where `entity_id` is named, in document and text order (the first `limit`), each
        with the id `find_mention` takes (`DOC:START`)."""
        query = (
            select(mentions.c.doc_id, mentions.c.start, mentions.c.end, mentions.c.text)
            .where(mentions.c.entity_id == entity_id)
            .order_by(mentions.c.doc_id, mentions.c.start)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [{"id": f"{r.doc_id}:{r.start}", **dict(r._mapping)} for r in conn.execute(query)]

    def find_mention(self, mention_id: str) -> dict[str, Any] | None:
        """The mention `DOC:START` (as `entity_mentions` gives it), with its entity, or None."""
        doc_id, _, start = mention_id.rpartition(":")
        if not start.isdigit():
            return None
        query = select(mentions).where(mentions.c.doc_id == doc_id, mentions.c.start == int(start))
        with self.engine.connect() as conn:
            row = conn.execute(query.limit(1)).first()
        return {"id": mention_id, **dict(row._mapping)} if row else None

    def entity_documents(self, entity_id: str, limit: int | None = None) -> list[dict[str, Any]]:
        """Documents that mention `entity_id`, with how often (the first `limit` by date).
        The first documents are chosen before mentions are counted (`_first_naming`), so a
        hot entity's thousands of documents are not all read."""
        count = func.count().label("mentions")
        query = (
            select(*_document_summary(), count)
            .join(mentions, mentions.c.doc_id == documents.c.id)
            .where(mentions.c.entity_id == entity_id)
            .group_by(*_document_summary())
            .order_by(documents.c.published, documents.c.id)
        )
        with self.engine.connect() as conn:
            if limit is not None:
                query = query.where(documents.c.id.in_(self._first_naming(conn, entity_id, limit)))
            return [dict(r._mapping) for r in conn.execute(query)]

    def extractions(self) -> Iterator[Extraction]:
        """Every stored document as an Extraction with corpus-wide entity ids, in ingest order."""
        with self.engine.connect() as conn:
            doc_ids = [r.id for r in conn.execute(select(documents.c.id).order_by(documents.c.seq))]
        for doc_id in doc_ids:
            extraction = self.extraction(doc_id)
            if extraction is not None:
                yield extraction

    def extraction(self, doc_id: str) -> Extraction | None:
        """One stored document as an Extraction with corpus-wide entity ids."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None:
                return None
            doc = _document(row)
            found: dict[str, Entity] = {}
            for m in conn.execute(
                select(mentions, entities.c.type, entities.c.name)
                .join(entities, entities.c.id == mentions.c.entity_id)
                .where(mentions.c.doc_id == doc_id)
                .order_by(mentions.c.start)
            ):
                entity = found.setdefault(m.entity_id, Entity(m.entity_id, m.type, m.name))
                entity.mentions.append(Mention(m.start, m.end, m.text, m.type, m.entity_id))
                if m.text not in entity.aliases:
                    entity.aliases.append(m.text)
            rels = [
                Relation(
                    r.subject, r.relation, r.object, Span(r.ev_start, r.ev_end, r.ev_text), r.status, r.attributed_to
                )
                for r in conn.execute(select(relations).where(relations.c.doc_id == doc_id).order_by(relations.c.id))
            ]
            evs = [
                Event(
                    e.type,
                    Span(e.ev_start, e.ev_end, e.ev_text),
                    e.date,
                    json.loads(e.participants),
                    e.status,
                    e.attributed_to,
                )
                for e in conn.execute(select(events).where(events.c.doc_id == doc_id).order_by(events.c.id))
            ]
            qs = [
                Quote(q.start, q.end, q.text, q.speaker, q.speaker_name)
                for q in conn.execute(select(quotes).where(quotes.c.doc_id == doc_id).order_by(quotes.c.start))
            ]
        for entity in found.values():
            entity.aliases.sort()
        return Extraction(doc, list(found.values()), rels, evs, qs)


def _ids(local: set[str], mapping: dict[str, str]) -> set[str]:
    return {mapping.get(i, i) for i in local}


def _name_key_of(row: Any, name: str | None = None) -> str:
    """The strong key of an entity's name (or of `name`, as a name of that entity), as
    entity keys are made: what a judgement keeps to find the entity again."""
    keys = sorted(strong(entity_keys(Entity(row.id, row.type, name or row.name))), key=lambda k: (k.startswith("="), k))
    return keys[0] if keys else name_key(name or row.name)


def _document(row: Any) -> Document:
    return Document(
        text=row.text,
        source=row.source,
        title=row.title,
        published=row.published,
        lang=row.lang or "en",
        url=row.url,
        duplicate_of=row.duplicate_of,
        repeated_spans=json.loads(row.repeated_spans or "[]"),
        id=row.id,
        author=row.author,
        site=row.site,
        pages=json.loads(row.pages or "[]"),
        provenance={key: row._mapping[column] for key, column in _PROVENANCE_COLUMNS.items() if row._mapping[column]},
    )


def _provenance_values(doc: Document) -> dict[str, str | None]:
    return {column: doc.provenance.get(key) for key, column in _PROVENANCE_COLUMNS.items()}


def _entity(row: Any) -> dict[str, Any]:
    return {"id": row.id, "type": row.type, "name": row.name, "aliases": json.loads(row.aliases)}


def _naming(entity_id: str) -> Select[Any]:
    """The ids of the documents naming `entity_id` (with repeats), from the mentions index alone."""
    return select(mentions.c.doc_id).where(mentions.c.entity_id == entity_id)


def _document_summary() -> list[Any]:
    """A document's listing columns: everything but its text."""
    return [
        documents.c.id,
        documents.c.source,
        documents.c.title,
        documents.c.published,
        documents.c.duplicate_of,
        documents.c.author,
        documents.c.site,
    ]


def _document_columns() -> list[Any]:
    """The document columns every fact row carries, with its near-duplicate group."""
    return [
        documents.c.id.label("doc_id"),
        documents.c.source,
        documents.c.title,
        documents.c.published,
        documents.c.url,
        documents.c.lang,
        func.coalesce(documents.c.duplicate_of, documents.c.id).label("group"),
    ]


def _fact_query(table: Table, *fields: str) -> Any:
    """Rows of a fact table (relations or events) with status, evidence and document columns."""
    return (
        select(
            *(table.c[f] for f in fields),
            table.c.status,
            table.c.attributed_to,
            table.c.ev_start.label("start"),
            table.c.ev_end.label("end"),
            table.c.ev_text.label("text"),
            *_document_columns(),
        )
        .join(documents, documents.c.id == table.c.doc_id)
        .order_by(table.c.id)
    )


def _pg_first_of_each_fact() -> Any:
    """The first :per_fact evidence rows of each fact in the arrays :subjects, :relations
    and :objects, in one statement of fixed shape (compiled once): a server plans and
    answers each statement in a round trip, and 50 lookups took 20 ms on PostgreSQL, this 1 ms."""
    wanted = (
        func.unnest(
            bindparam("subjects", type_=ARRAY(String)),
            bindparam("relations", type_=ARRAY(String)),
            bindparam("objects", type_=ARRAY(String)),
        )
        .table_valued("subject", "relation", "object", name="wanted")
        .render_derived()
    )
    first = (
        _fact_query(relations, "subject", "relation", "object")
        .where(
            relations.c.subject == wanted.c.subject,
            relations.c.relation == wanted.c.relation,
            relations.c.object == wanted.c.object,
        )
        .limit(bindparam("per_fact", type_=Integer))  # NULL: no limit
        .lateral()
    )
    return select(first).select_from(wanted).join(first, true())


_PG_FIRST_OF_EACH_FACT = _pg_first_of_each_fact()


def _about(ids: list[str]) -> Any:
    """Relations with one of `ids` as subject or object."""
    return relations.c.subject.in_(ids) | relations.c.object.in_(ids)


# What tells one event apart from another before merging (corroboration._event_groups):
# its type, date and participants; an event naming nobody is told by its sentence within
# a near-duplicate group.
TELLING = ("type", "date", "participants", "unnamed_group", "unnamed_text")


def _tellings(owners: list[str] | None, told: Any = None) -> Any:
    """Event rows with their telling's key, document and group: of the whole board (`owners`
    and `told` None), or once for each of `owners` (each entity, if None) naming the event or
    said to tell it, only those `told` (a condition on `events`) if given."""
    named = exists().where(event_participants.c.event_id == events.c.id)
    group = func.coalesce(documents.c.duplicate_of, documents.c.id)
    columns = [
        events.c.id,
        events.c.type,
        events.c.date,
        events.c.participants,
        case((named, None), else_=group).label("unnamed_group"),
        case((named, None), else_=events.c.ev_text).label("unnamed_text"),
        events.c.status,
        events.c.attributed_to,
        events.c.doc_id,
        group.label("group"),
    ]
    rows = events.join(documents, documents.c.id == events.c.doc_id)
    if owners is None and told is None:
        return select(*columns, null().label("owner")).select_from(rows).subquery()
    # a union of two indexed lookups: PostgreSQL answers "IN (...) OR attributed_to = ..."
    # by scanning every event (0.7 s a timeline on a 100k board)
    naming = select(event_participants.c.entity_id.label("owner"), event_participants.c.event_id.label("event_id"))
    saying = select(events.c.attributed_to.label("owner"), events.c.id.label("event_id"))
    if told is not None:  # found from the events told, by their index (the owners' may be long)
        naming = naming.join(events, events.c.id == event_participants.c.event_id).where(told)
        saying = saying.where(told, events.c.attributed_to.is_not(None))
    elif owners is not None:
        naming = naming.where(event_participants.c.entity_id.in_(owners))
        saying = saying.where(events.c.attributed_to.in_(owners))
    involved = union(naming, saying).subquery()
    query = select(*columns, involved.c.owner).select_from(rows.join(involved, involved.c.event_id == events.c.id))
    if told is not None and owners is not None:
        query = query.where(involved.c.owner.in_(owners))
    return query.subquery()


def _event_tallies(
    conn: Connection, store: Store, owners: list[str] | None, kinds: list[str] | None = None, participants: list[str] | None = None
) -> list[Tally]:
    """One Tally per owner and telling of an event (key: the owner, then TELLING) of the
    events of `owners` (see `_tellings`), only of types `kinds` and with `participants` (as
    stored) if given, with the telling in `event`."""
    tellings = _tellings(owners, None if participants is None else events.c.type.in_(kinds) & events.c.participants.in_(participants))
    keys = [tellings.c.owner, *(tellings.c[k] for k in TELLING)]
    query = select(*keys, *store._tally_columns(tellings)).group_by(*keys, tellings.c.status, tellings.c.attributed_to)
    if kinds:
        query = query.where(tellings.c.type.in_(kinds))
    found = _tallies(conn.execute(query), len(keys))
    for tally in found:
        tally.event = _telling_event(tally.key[1:])
    return found


# How many names a new telling may name (but its entity's) for the merged events holding a
# telling that names some of them to be looked up one set at a time (2 ** n sets)
SUBSETS_LOOKED_UP = 6


def _named_but(owner: str, key: tuple[Any, ...]) -> tuple[tuple[str, ...], bool]:
    """What a telling (key: TELLING) of `owner`'s names but the owner, sorted, and whether it names the owner."""
    named = {i for ids in _telling_event(key)["participants"].values() for i in ids}
    return tuple(sorted(named - {owner})), owner in named


def _filed_under(owner: str, key: tuple[Any, ...]) -> set[str]:
    """What the merged event holding a telling (key: TELLING) of `owner`'s is found under in
    `entity_event_names`: each name the telling names but the owner; "@" and those names
    together (what `_held_under` looks for); "=" and its date if it names nobody."""
    others, alone = _named_but(owner, key)
    if not others and not alone:
        return {"=" + (_telling_event(key)["date"] or "")}
    return {*others, "@" + " ".join(others)}


def _held_under(others: tuple[str, ...], alone: bool, date: str | None) -> set[str]:
    """Where the merged events are filed (`_filed_under`) that hold a telling naming only some
    of what a new telling names (`others` but the owner; the owner too if `alone`), or, if it
    names nobody, the same sentence."""
    if not others and not alone:
        return {"=" + (date or "")}
    if len(others) > SUBSETS_LOOKED_UP:
        return {*others, *(["@"] if alone else [])}  # every event naming one of them: more than needed
    subsets = {" ".join(chosen) for n in range(len(others) + 1) for chosen in itertools.combinations(others, n)}
    return {"@" + subset for subset in subsets if subset or alone}


def _telling_event(key: tuple[Any, ...]) -> dict[str, Any]:
    """A telling's key (TELLING) as `Tally.event`, what `corroboration` merges by."""
    kind, date, participants, group, text_ = key
    return {"type": kind, "date": date, "participants": json.loads(participants), "group": group, "text": text_ or ""}


def _board_events(
    found: list[MergedEvent],
    type: str | None,
    status: str | None,
    limit: int | None,
    best_supported: bool,
    after: tuple[int, str | None, str, int] | None,
) -> list[MergedEvent]:
    """The whole board's merged events, chosen and ordered as `Store.merged_events` orders an entity's."""

    def in_date_order(e: MergedEvent) -> tuple[int, str, str, int]:
        undated, date, kind, first = e.position
        return (undated, date or "", kind, first)

    chosen = [e for e in found if (type is None or e.type == type) and (status is None or e.status == status)]
    chosen.sort(key=in_date_order)
    if best_supported:
        chosen.sort(key=lambda e: (-e.independent_sources, -e.sources))
    elif after is not None:
        undated, date, kind, first = after
        chosen = [e for e in chosen if in_date_order(e) > (undated, date or "", kind, first)]
    return chosen[:limit]


# ---- what `Store._summarise` writes -------------------------------------------------------

FACT = ("subject", "relation", "object")  # what one merged relation is told apart by


@dataclass
class _Touched:
    """What one write transaction changed, for `Store._summarise`."""

    entities: set[str] = field(default_factory=set)  # rows moved, removed or reviewed: all of it
    facts: set[tuple[str, str, str]] = field(default_factory=set)  # stated by a new document
    documents: set[str] = field(default_factory=set)  # new documents
    told: set[str] = field(default_factory=set)  # those telling events
    figures: set[str] = field(default_factory=set)  # entities a new document names

SUMMARY_CHUNK = 500  # entities summarised per statement


def _any_of(columns: list[Any], keys: list[tuple[Any, ...]]) -> Any:
    """Rows whose `columns` are one of `keys`, as one indexed lookup per key prefix and an IN
    list of the last column (SQLite reads a whole index for a list of row values)."""
    last: dict[tuple[Any, ...], list[Any]] = {}
    for key in keys:
        last.setdefault(key[:-1], []).append(key[-1])
    return or_(*(and_(*(c == v for c, v in zip(columns, prefix)), columns[-1].in_(values)) for prefix, values in last.items()))


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _standing_reviews(conn: Connection, where: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The standing review (the latest not undone) of each reviewed fact matching `where`."""
    rows = conn.execute(
        select(judgements)
        .where(judgements.c.kind == "review", judgements.c.undone_at.is_(None), where)
        .order_by(judgements.c.id)
    )
    return {(r.subject, r.relation, r.object): dict(r._mapping) for r in rows}


def _relation_tally_query(store: Store) -> Any:
    """Tally rows per (subject, relation, object, status, speaker) of relations (see `_tallies`)."""
    return (
        select(relations.c.subject, relations.c.relation, relations.c.object, *store._tally_columns(relations))
        .join(documents, documents.c.id == relations.c.doc_id)
        .group_by(
            relations.c.subject, relations.c.relation, relations.c.object, relations.c.status, relations.c.attributed_to
        )
    )


def _fact_summary(fact: Fact, review: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject": fact.subject,
        "relation": fact.relation,
        "object": fact.object,
        "status": fact.status,
        "attributed_to": fact.attributed_to,
        "conflict": fact.conflict,
        "sources": fact.sources,
        "independent_sources": fact.independent_sources,
        "evidence": fact.evidence_count,
        "review": review.get("verdict"),
    }


def _summarised_fact(row: Any) -> Fact:
    fact = Fact(
        row.subject, row.relation, row.object, row.status, row.attributed_to, row.sources, row.independent_sources,
        conflict=row.conflict, evidence_count=row.evidence,
    )
    fact.id, fact.review = fact_id(row.subject, row.relation, row.object), row.review
    return fact


def _entity_event(owner: str, event: MergedEvent) -> dict[str, Any]:
    return {
        "entity_id": owner,
        "first": event.first_rows[0],
        "undated": int(event.date is None),
        "date": event.date,
        "type": event.type,
        "status": event.status,
        "sources": event.sources,
        "independent_sources": event.independent_sources,
        "event": json.dumps(
            {
                "participants": event.participants,
                "attributed_to": event.attributed_to,
                "conflict": event.conflict,
                "evidence_count": event.evidence_count,
                "tellings": event.tellings,
                "first_rows": event.first_rows,
            }
        ),
    }


def _summarised_event(row: Any) -> MergedEvent:
    told = json.loads(row.event)
    return MergedEvent(
        row.type,
        row.date,
        told["participants"],
        row.status,
        told["attributed_to"],
        row.sources,
        row.independent_sources,
        conflict=told["conflict"],
        evidence_count=told["evidence_count"],
        tellings=[tuple(t) for t in told["tellings"]],
        first_rows=told["first_rows"],
    )


FIGURES = ("mentions", "documents", "independent_documents", "quotes", "links")  # of `entity_summaries`


def _entity_figures(conn: Connection, ids: list[str], docs: list[str] | None = None) -> list[dict[str, Any]]:
    """The `entity_summaries` rows of entities `ids`, counted from the fact tables; or, given
    new documents `docs`, what those add to them (independent documents: the groups of
    near-copies among them that no other document naming the entity belongs to)."""
    figures = {i: {"entity_id": i, **dict.fromkeys(FIGURES, 0)} for i in ids}

    def of(column: Any, table: Any) -> Any:
        """Rows of `ids`; given `docs`, rows of those documents (by their index: a hot
        entity's rows are many), whose entities are kept in `figures` below."""
        return column.in_(ids) if docs is None else table.c.doc_id.in_(docs)

    group = func.coalesce(documents.c.duplicate_of, documents.c.id)
    named = (
        select(mentions.c.entity_id, func.count(), func.count(distinct(mentions.c.doc_id)), func.count(distinct(group)))
        .join(documents, documents.c.id == mentions.c.doc_id)
        .where(of(mentions.c.entity_id, mentions))
        .group_by(mentions.c.entity_id)
    )
    for ident, n, documents_, independent in conn.execute(named):
        if ident in figures:
            figures[ident].update(mentions=n, documents=documents_, independent_documents=independent)
    if docs is not None:
        grouped = select(mentions.c.entity_id, group.label("group")).join(documents, documents.c.id == mentions.c.doc_id)
        new = {(r.entity_id, r.group) for r in conn.execute(grouped.where(mentions.c.doc_id.in_(docs))) if r.entity_id in figures}
        if new:  # the other documents of those groups, by index (a hot entity's mentions are many)
            groups = sorted({g for _, g in new})
            members = select(documents.c.id).where(documents.c.duplicate_of.in_(groups) | documents.c.id.in_(groups))
            earlier = grouped.where(mentions.c.doc_id.in_(members), mentions.c.doc_id.not_in(docs))
            for ident, _ in new & {(r.entity_id, r.group) for r in conn.execute(earlier)}:
                figures[ident]["independent_documents"] -= 1
    told = event_participants.c.entity_id.in_(ids)
    if docs is not None:
        told = event_participants.c.event_id.in_(select(events.c.id).where(events.c.doc_id.in_(docs)))
    for column, figure, stated in (
        (quotes.c.speaker, "quotes", of(quotes.c.speaker, quotes)),
        (relations.c.subject, "links", of(relations.c.subject, relations)),
        (relations.c.object, "links", of(relations.c.object, relations)),
        (event_participants.c.entity_id, "links", told),
    ):
        for ident, n in conn.execute(select(column, func.count()).where(stated).group_by(column)):
            if ident in figures:
                figures[ident][figure] += n
    return list(figures.values())


def _counted_for(facts: Iterable[tuple[str, str, str | None]]) -> Iterator[str]:
    """The entities each (subject, object, review) merged fact counts for in `entity_totals`:
    both ends (once if the same), none if a person rejected it."""
    for subject, obj, review in facts:
        if review != "rejected":
            yield subject
            if obj != subject:
                yield obj


def _count_facts_and_events(conn: Connection, ids: list[str]) -> None:
    """Count again, from the summaries, the merged facts and events of entities `ids` into
    their `entity_summaries` rows."""
    summary, its = fact_summaries.c, entity_events.c
    for chunk in _chunks(ids, SUMMARY_CHUNK):
        facts = Counter(
            _counted_for(conn.execute(
                select(summary.subject, summary.object, summary.review).where(summary.subject.in_(chunk) | summary.object.in_(chunk))
            ))
        )
        events_ = dict(conn.execute(select(its.entity_id, func.count()).where(its.entity_id.in_(chunk)).group_by(its.entity_id)).all())
        conn.execute(
            update(entity_summaries)
            .where(entity_summaries.c.entity_id == bindparam("ident"))
            .values(facts=bindparam("counted_facts"), events=bindparam("counted_events")),
            [{"ident": i, "counted_facts": facts[i], "counted_events": events_.get(i, 0)} for i in chunk],
        )


def _tallies(rows: Any, width: int) -> list[Tally]:
    """Tallies from rows of (key columns..., status, attributed_to, n, first, documents, groups)."""
    found: dict[tuple[Any, ...], Tally] = {}
    for row in rows:
        key = tuple(row[:width])
        part = Tally(
            key,
            Counter({row.status: row.n}),
            Counter({(row.status, row.attributed_to): row.n}),
            set(row.documents.split(",")),
            set(row.groups.split(",")),
            row.first,
        )
        if key in found:
            found[key].absorb(part)
        else:
            found[key] = part
    return list(found.values())


def _snippet(marked: str | None) -> dict[str, Any]:
    """A search snippet as text with matches in [brackets], and as (text, is_match) parts.
    The engines mark matches with STX and ETX, which stored text never holds (clean.py drops
    control characters): a "[…]" in an article is not taken for a match."""
    parts = [
        [piece[1:], True] if piece.startswith("\x02") else [piece, False]
        for piece in re.split(r"(\x02[^\x02\x03]*)\x03", marked or "")
        if piece
    ]
    return {
        "snippet": "".join(f"[{text}]" if hit else text for text, hit in parts),
        "snippet_parts": parts,
    }


def _search_words(query: str) -> list[str]:
    return re.findall(r"\w+", query[:500])[:20]


def _pg_search_config(conn: Connection) -> None:
    """The `caseboard` text search configuration: `simple` words with accents folded,
    as SQLite's FTS5 search does (when the `unaccent` extension can be had)."""
    if conn.execute(text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'caseboard'")).first():
        return
    conn.execute(text("CREATE TEXT SEARCH CONFIGURATION caseboard (COPY = simple)"))
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    except DBAPIError:
        return  # no unaccent on this server (or no right to add it): accents then count
    conn.execute(
        text("ALTER TEXT SEARCH CONFIGURATION caseboard ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple")
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-16384")  # 16 MiB of pages per connection (the default is 2)
    # A writing Store copies the log back after each commit on a thread of its own
    # (_Checkpointer). The writer does it itself only once the log reaches 256 MiB (the
    # default is 4 MiB), which bounds the log if that thread falls behind. The log is cut back
    # to 64 MiB after a checkpoint, and removed when the last connection closes.
    cursor.execute("PRAGMA wal_autocheckpoint=65536")
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.close()
