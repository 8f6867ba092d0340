"""The case board on disk. `Store` opens a board, writes documents and judgements, and keeps
the summaries the pages read; its queries are in `queries.py` (`Queries`), its tables and
the upgrades of older boards in `schema.py`.

Only this package speaks SQL. The default is a SQLite file; any SQLAlchemy URL
works (`--db postgresql+psycopg://...`). Documents are written whole, up to
ingest's batch in one transaction, so a killed ingest leaves whole documents or none.
"""

from __future__ import annotations

import itertools
import json
import os
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
    distinct,
    or_,
    and_,
    Table,
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
    union_all,
    update,
)
from sqlalchemy.engine import Connection, Engine

from caseboard import dedup
from caseboard.corroboration import Fact, MergedEvent, Tally, may_regroup, merge_events, merge_relations
from caseboard.model import Document, Entity, Extraction, Failure
from caseboard.aliases import entity_id as canonical_id
from caseboard.aliases import name_key
from caseboard.names import fuller_name as _fuller_name
from caseboard.resolve import WEAK, Known, Resolution, apply_mapping, entity_keys, lookup_keys, resolve_entities, strong
from caseboard.store.queries import (
    Queries,
    TELLING,
    _about,
    _document,
    _event_tallies,
    _relation_tally_query,
    _tallies,
    _telling_event,
    _tellings,
)
from caseboard.store.schema import (
    documents,
    entities,
    entity_event_names,
    entity_events,
    entity_keys_table,
    entity_merges,
    entity_redirects,
    entity_summaries,
    event_participants,
    events,
    fact_summaries,
    failures,
    judgements,
    mentions,
    meta,
    metadata,
    near_copy_buckets,
    quotes,
    relations,
    SCHEMA_VERSION,
    _add_columns,
    _EVENTS_BY_TELLING,
    _date_mentions,
    _PG_ENTITY_TSV,
    _PG_SEARCH_VECTOR,
    _pg_search_config,
    _PROVENANCE_COLUMNS,
    _REPLACED_INDEXES,
    _SCHEMA_LOCK,
    _SUMMARIES,
    _upgrade_buckets,
    _WRITE_LOCK,
)

DEFAULT_DB = "caseboard.db"


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


class Store(Queries):
    """A case board database: opening it, every write and the summaries they keep here, every
    query from `Queries` (queries.py), over the tables of schema.py. Create with `Store.open(db)`."""

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
            added = _add_columns(conn)  # before the indexes over them
            if ("mentions", "published") in added:
                _date_mentions(conn)
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
                conn.execute(text(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {_PG_SEARCH_VECTOR}"))
                conn.execute(text("CREATE INDEX IF NOT EXISTS documents_search ON documents USING GIN (search_vector)"))
                conn.execute(text("DROP INDEX IF EXISTS documents_fts"))  # the expression index it replaced
                conn.execute(text(f"CREATE INDEX IF NOT EXISTS entities_fts ON entities USING GIN ({_PG_ENTITY_TSV})"))
            summarised = list(conn.scalars(select(entity_summaries.c.entity_id)))
            if ("entity_summaries", "facts") in added:  # a board of schema 3 before them
                _count_facts_and_events(conn, summarised)
            if ("entity_summaries", "merges") in added:
                _count_merges(conn, summarised)
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
            conn.info["touched"].joins.update(current(resolution.mapping[j.entity]) for j in resolution.joins)
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
            self._drop_redirect(conn, survivor)
        for member in members:
            if member == survivor:
                continue
            self._move_rows(conn, member, survivor)
            self._unindex_names(conn, member)
            conn.execute(delete(entities).where(entities.c.id == member))
            conn.execute(update(entity_redirects).where(entity_redirects.c.new_id == member).values(new_id=survivor))
            self._drop_redirect(conn, member)
            conn.execute(insert(entity_redirects).values(old_id=member, new_id=survivor, reason=reason, at=_now()))
            conn.execute(update(entity_merges).where(entity_merges.c.entity_id == member).values(entity_id=survivor))
        keys = {r.key for r in conn.execute(select(entity_keys_table.c.key).where(entity_keys_table.c.entity_id.in_(members + [survivor])))}
        conn.execute(delete(entity_keys_table).where(entity_keys_table.c.entity_id.in_(members + [survivor])))
        if keys:
            conn.execute(insert(entity_keys_table), [{"key": k, "type": kind, "entity_id": survivor} for k in sorted(keys)])
        self._index_names(conn, survivor, aliases)
        return survivor

    def _drop_redirect(self, conn: Connection, old_id: str) -> None:
        """Forget where `old_id` redirected to (it is an entity's id again): the entity it led
        to counts one merge record fewer."""
        self._touch(conn, set(conn.scalars(select(entity_redirects.c.new_id).where(entity_redirects.c.old_id == old_id))))
        conn.execute(delete(entity_redirects).where(entity_redirects.c.old_id == old_id))

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
            self._add_figures(conn, chunk, sorted(touched.documents), touched.joins)
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

    def _add_figures(self, conn: Connection, ids: list[str], docs: list[str], joins: Counter[str]) -> None:
        """Add to the figures of entities `ids` what new documents `docs` count for them, not
        counting again all their mentions (a hot entity is named in thousands), and the merge
        records `joins` they gained; an entity new to the summaries has its records counted."""
        its = entity_summaries.c
        added = _entity_figures(conn, ids, docs)
        kept = {r.entity_id: r for r in conn.execute(select(entity_summaries).where(its.entity_id.in_(ids)))}
        merges = _merge_counts(conn, [i for i in ids if i not in kept])  # redirects may lead to a new id
        for row in added:
            ident = row["entity_id"]
            before = kept[ident]._mapping if ident in kept else {}
            row.update({figure: row[figure] + before.get(figure, 0) for figure in FIGURES})
            row.update({count: before.get(count, 0) for count in ("facts", "events")})  # kept by `_summarise`
            row["merges"] = before["merges"] + joins[ident] if before else merges[ident]
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
        self._drop_redirect(conn, new)
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
        published = conn.scalar(select(documents.c.published).where(documents.c.id == doc_id))
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
                {"doc_id": doc_id, "entity_id": entity.id, "start": m.start, "end": m.end, "text": m.text, "published": published}
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

def _ids(local: set[str], mapping: dict[str, str]) -> set[str]:
    return {mapping.get(i, i) for i in local}


def _name_key_of(row: Any, name: str | None = None) -> str:
    """The strong key of an entity's name (or of `name`, as a name of that entity), as
    entity keys are made: what a judgement keeps to find the entity again."""
    keys = sorted(strong(entity_keys(Entity(row.id, row.type, name or row.name))), key=lambda k: (k.startswith("="), k))
    return keys[0] if keys else name_key(name or row.name)


def _provenance_values(doc: Document) -> dict[str, str | None]:
    return {column: doc.provenance.get(key) for key, column in _PROVENANCE_COLUMNS.items()}


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
    joins: Counter[str] = field(default_factory=Counter)  # merge records new documents added, by entity

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


FIGURES = ("mentions", "documents", "independent_documents", "quotes", "links")  # of `entity_summaries`


def _entity_figures(conn: Connection, ids: list[str], docs: list[str] | None = None) -> list[dict[str, Any]]:
    """The `entity_summaries` rows of entities `ids`, counted from the fact tables (and their
    merge records); or, given new documents `docs`, what those add to them (independent
    documents: the groups of near-copies among them that no other document naming the entity
    belongs to; merge records are added by `Store._add_figures`)."""
    figures = {i: {"entity_id": i, **dict.fromkeys(FIGURES, 0), "merges": 0} for i in ids}

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
    if docs is None:
        for ident, n in _merge_counts(conn, ids).items():
            figures[ident]["merges"] = n
    return list(figures.values())


def _merge_counts(conn: Connection, ids: list[str]) -> Counter[str]:
    """How many records say why each of entities `ids` is one: its `entity_merges` rows and
    the ids redirected to it (what a profile lists, `Store.entity_merges`)."""
    counted: Counter[str] = Counter()
    for column in (entity_merges.c.entity_id, entity_redirects.c.new_id):
        for chunk in _chunks(ids, SUMMARY_CHUNK):
            counted.update(dict(conn.execute(select(column, func.count()).where(column.in_(chunk)).group_by(column)).all()))
    return counted


def _count_merges(conn: Connection, ids: list[str]) -> None:
    """Count again the merge records of entities `ids` into their `entity_summaries` rows."""
    counted = _merge_counts(conn, ids)
    for chunk in _chunks(ids, SUMMARY_CHUNK):
        conn.execute(
            update(entity_summaries).where(entity_summaries.c.entity_id == bindparam("ident")).values(merges=bindparam("counted")),
            [{"ident": i, "counted": counted[i]} for i in chunk],
        )


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
