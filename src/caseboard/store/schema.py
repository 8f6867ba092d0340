"""The case board's tables and indexes, and what brings an older board up to date: the
schema every part of the store reads and writes (`caseboard.store`)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from caseboard import dedup
from caseboard.read.fields import LANG_WIDTH, PUBLISHED_WIDTH

# PostgreSQL full-text search: the GIN indexes and the queries use these very
# expressions, or the planner cannot use the indexes. A tsvector must stay under
# 1 MB, so the first 500,000 characters of a document are searchable. The
# `caseboard` configuration is `simple` with accents folded (see _pg_search_config).
_PG_DOCUMENT_TSV = "to_tsvector('caseboard', left(coalesce(title, '') || ' ' || text, 500000))"
# A document's words are kept in a stored generated column, `documents.search_vector`, with its
# own GIN index, `documents_search`: computed once when the document is written, where the
# expression index it took the place of (`documents_fts`) had the planner compute it again for
# every row a search scans, and kept no statistics to choose between the index and the scan.
_PG_SEARCH_VECTOR = f"search_vector tsvector GENERATED ALWAYS AS ({_PG_DOCUMENT_TSV}) STORED"
_PG_ENTITY_TSV = "to_tsvector('caseboard', name || ' ' || aliases)"
# the PostgreSQL advisory lock taken while creating the schema (any constant of our own)
_SCHEMA_LOCK = 0x63617365626F6172 >> 1
_WRITE_LOCK = _SCHEMA_LOCK + 1  # taken by each write transaction on PostgreSQL
# 2: near-copy buckets as two integers (boards of 1 are upgraded on open). Tables added
# since (entity_redirects, entity_merges, judgements) are created on open: no version needed.
# 3: the summaries of facts and entities (computed on the first opening of an older board).
SCHEMA_VERSION = 3


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
    Column("entity_id", String(200), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    # the document's date, copied when the mention is written: an entity's documents by date
    # are then one range of `mentions_by_entity_date`, not a join and sort of all of them
    Column("published", String(PUBLISHED_WIDTH)),
)
# an entity's documents in the order its profile lists them, with their mentions counted,
# read from the index alone and stopped at the page's last (`Store.entity_documents`)
Index("mentions_by_entity_date", mentions.c.entity_id, mentions.c.published, mentions.c.doc_id)
# the documents naming an entity, read from the index alone (a hot entity is named in thousands);
# its first by id are the sample its neighbours are counted in (`Store.cooccurring`)
Index("mentions_by_entity_document", mentions.c.entity_id, mentions.c.doc_id)
# the entities a document names, from the index alone (co-occurrence counts 100 documents'):
# it took the place of the index of `doc_id` alone (`_REPLACED_INDEXES`)
Index("mentions_by_document_entity", mentions.c.doc_id, mentions.c.entity_id)
Index("documents_by_date", documents.c.published, documents.c.id)
# documents in ingest order (listings, exports) from the index
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
    Column("entity_id", String(200), nullable=False),
    Column("other_id", String(200)),
    Column("doc_id", String(16)),
    Column("rule", Text, nullable=False),
    Column("key", Text),
    Column("score", Integer),
    Column("at", String(32), nullable=False),
)
# an entity's first records, oldest first, without reading all of them
Index("entity_merges_by_entity", entity_merges.c.entity_id, entity_merges.c.id)

# Indexes that others took the place of, dropped from older boards: `doc_id` alone
# (mentions_by_document_entity), and the `entity_id` alone of mentions and of merge records,
# each the first column of an index above.
_REPLACED_INDEXES = ("ix_mentions_doc_id", "ix_mentions_entity_id", "ix_entity_merges_entity_id")

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
    # records of why it is one entity: its `entity_merges` rows and the ids redirected to it
    Column("merges", Integer, nullable=False, default=0),
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
    "entity_summaries": ("facts", "events", "merges"),
    "mentions": ("published",),
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


def _date_mentions(conn: Connection) -> None:
    """Give every mention of a board made before `mentions.published` its document's date."""
    dated = select(documents.c.published).where(documents.c.id == mentions.c.doc_id).scalar_subquery()
    conn.execute(mentions.update().values(published=dated))


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
