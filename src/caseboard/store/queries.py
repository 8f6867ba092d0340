"""The queries the views run (`Queries`, a part of `caseboard.store.Store`): listings,
search, profiles, facts, timelines and evidence, each read through indexes in the order
the page shows it. Only reads: writes and the summaries they keep are in `caseboard.store`."""


from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    case,
    distinct,
    exists,
    literal_column,
    null,
    Integer,
    String,
    Table,
    bindparam,
    func,
    select,
    text,
    true,
    tuple_,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine

from caseboard.corroboration import Fact, MergedEvent, Tally, fact_id, merge_events
from caseboard.model import Document, Entity, Event, Extraction, Mention, Quote, Relation, Span
from caseboard.aliases import name_key
from caseboard.store.schema import (
    documents,
    entities,
    entity_events,
    entity_keys_table,
    entity_merges,
    entity_redirects,
    entity_summaries,
    event_participants,
    events,
    fact_summaries,
    failures,
    mentions,
    quotes,
    relations,
    _BEST_FACTS,
    _DATE_ORDER,
    _PG_ENTITY_TSV,
    _PROVENANCE_COLUMNS,
)


# co-occurrence is counted over a sample of an entity's documents, this many: bounded for the
# most named, and fewer than the 20 most named entities of a 1,000-document board have (82 to
# 156 documents in `make bench`'s), so counting a hot entity's neighbours reads as many index
# entries on a board of 1,000 documents as on one of 100,000 (with 200, 1.6 times more at 20k)
COOCCURRENCE_DOCUMENTS = 100
# SQLite's search ranks a query's matches best first when there are at most this many: about as
# many as a word of the most named entity's name matches on a 1,000-document board. FTS5's bm25
# counts every document holding each word before it ranks any, so a word in more documents is
# listed latest stored first instead: ranking the latest 200 of them made a search for a word of
# a hot entity's name 1.4 times slower at 20k documents than at 1k, and 3 times at 100k.
SEARCH_RANKED = 200


class Queries:
    """The read side of `Store` (which provides `engine` and `is_sqlite`)."""

    engine: Engine
    is_sqlite: bool

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

    def search(self, query: str, limit: int = 20) -> dict[str, Any]:
        """Full-text search over document text and entity names; the query is taken
        as plain words (no operator syntax reaches the search engine). On SQLite the documents
        come best match first when at most SEARCH_RANKED hold the words, and otherwise the
        latest stored first (`latest_first`: True), so a common word costs no more on a big board."""
        words = _search_words(query)
        if not words:
            return {"documents": [], "entities": [], "latest_first": False}
        latest_first = False
        with self.engine.connect() as conn:
            if self.is_sqlite:
                match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                # whether more than SEARCH_RANKED documents match: FTS5's own range scan, newest
                # first, stopped there
                latest_first = (
                    conn.execute(
                        text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :ranked"),
                        {"q": match, "ranked": SEARCH_RANKED},
                    ).first()
                    is not None
                )
                docs = conn.execute(
                    text(
                        "SELECT d.id, d.source, d.title, d.published, "
                        "snippet(documents_fts, 2, char(2), char(3), ' … ', 12) AS snippet "
                        "FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id "
                        "WHERE documents_fts MATCH :q "
                        f"ORDER BY {'documents_fts.rowid DESC' if latest_first else 'rank'} LIMIT :n"
                    ),
                    {"q": match, "n": limit},
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
            "latest_first": latest_first,
        }

    def _search_postgres(self, conn: Connection, words: str, limit: int) -> tuple[list[Any], list[Any]]:
        docs = conn.execute(
            text(
                "SELECT id, source, title, published, "
                "ts_headline('caseboard', text, plainto_tsquery('caseboard', :q), "
                "'StartSel=' || chr(2) || ',StopSel=' || chr(3) || ',MaxFragments=1,MaxWords=20') AS snippet "
                "FROM documents WHERE search_vector @@ plainto_tsquery('caseboard', :q) LIMIT :n"
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
        rejected) and merged events are about it, and how many records say why it is one entity
        (`entity_merges`): kept by the writer, read from indexes."""
        with self.engine.connect() as conn:
            row = conn.execute(select(entity_summaries).where(entity_summaries.c.entity_id == entity_id)).first()
        totals = ("documents", "independent_documents", "quotes", "facts", "events", "merges")
        return {total: getattr(row, total) if row else 0 for total in totals}

    def cooccurring(self, entity_id: str, limit: int = 20, within: int = COOCCURRENCE_DOCUMENTS) -> list[dict[str, Any]]:
        """Entities named in the same documents as `entity_id`, by how many they share, counted
        in `within` of its documents: its first by id, and ids are hashes, so a sample spread
        over the whole board, read from the start of its range of `mentions_by_entity_document`.
        An entity named in thousands of documents costs what one named in `within` costs."""
        sample = (
            select(mentions.c.doc_id)
            .where(mentions.c.entity_id == entity_id)
            .group_by(mentions.c.doc_id)
            .order_by(mentions.c.doc_id)
            .limit(within)
        )
        shared = func.count(distinct(mentions.c.doc_id)).label("documents")
        counted = (
            select(mentions.c.entity_id, shared)
            .where(mentions.c.doc_id.in_(sample.scalar_subquery()), mentions.c.entity_id != entity_id)
            .group_by(mentions.c.entity_id)
            .order_by(shared.desc())
        )
        with self.engine.connect() as conn:
            # only the most shared are named: those counted as often as the `limit`-th, ties
            # broken by name below
            most: dict[str, int] = {}
            last = 0
            for row in conn.execute(counted):
                if len(most) >= limit and row.documents < last:
                    break
                most[row.entity_id] = last = row.documents
            named = conn.execute(select(entities.c.id, entities.c.type, entities.c.name).where(entities.c.id.in_(most)))
            found = [{**r._mapping, "documents": most[r.id]} for r in named]
        return sorted(found, key=lambda e: (-e["documents"], e["name"]))[:limit]

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
        Its mentions are counted in the range of `mentions_by_entity_date` (each carries its
        document's date), read in this order and stopped at the `limit`-th document, so a
        hot entity's thousands of documents are not all read."""
        counted = (
            select(mentions.c.doc_id, func.count().label("mentions"))
            .where(mentions.c.entity_id == entity_id)
            .group_by(mentions.c.published, mentions.c.doc_id)
            .order_by(mentions.c.published, mentions.c.doc_id)
            .limit(limit)
            .subquery()
        )
        query = (
            select(*_document_summary(), counted.c.mentions)
            .join(counted, counted.c.doc_id == documents.c.id)
            .order_by(documents.c.published, documents.c.id)
        )
        with self.engine.connect() as conn:
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


def _entity(row: Any) -> dict[str, Any]:
    return {"id": row.id, "type": row.type, "name": row.name, "aliases": json.loads(row.aliases)}


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
    conn: Connection, store: Queries, owners: list[str] | None, kinds: list[str] | None = None, participants: list[str] | None = None
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


def _relation_tally_query(store: Queries) -> Any:
    """Tally rows per (subject, relation, object, status, speaker) of relations (see `_tallies`)."""
    return (
        select(relations.c.subject, relations.c.relation, relations.c.object, *store._tally_columns(relations))
        .join(documents, documents.c.id == relations.c.doc_id)
        .group_by(
            relations.c.subject, relations.c.relation, relations.c.object, relations.c.status, relations.c.attributed_to
        )
    )


def _summarised_fact(row: Any) -> Fact:
    fact = Fact(
        row.subject, row.relation, row.object, row.status, row.attributed_to, row.sources, row.independent_sources,
        conflict=row.conflict, evidence_count=row.evidence,
    )
    fact.id, fact.review = fact_id(row.subject, row.relation, row.object), row.review
    return fact


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
