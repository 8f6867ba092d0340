"""The case board as the views see it: facts, timeline, profiles and the graph.

CLI commands, web pages and exports all read the store through these
functions, so they always agree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from caseboard.corroboration import Evidence, Fact, MergedEvent
from caseboard.corroboration import evidence as to_evidence
from caseboard.model import ROLES
from caseboard.store import Store
from caseboard.store.queries import COOCCURRENCE_DOCUMENTS


class UnknownEntity(LookupError):
    """No stored entity matches the name or id given."""


class UnknownFact(LookupError):
    """No merged fact has the id given."""


def resolve_ref(store: Store, ref: str | None) -> str | None:
    """The entity id for a name, alias or id (None passes through); raises UnknownEntity."""
    if ref is None:
        return None
    found = store.find_entity(ref)
    if found is None:
        raise UnknownEntity(f"no entity named {ref!r} (try `caseboard search {ref}`)")
    return found["id"]


# The colours every view gives statuses and entity types (web charts, GEXF), and events
# where they are drawn as nodes.
STATUS_COLOURS: dict[str, str] = {
    "asserted": "#1b7f3b",
    "alleged": "#c77c02",
    "quoted": "#2f6fb0",
    "denied": "#b3261e",
}
TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#6a3d9a",
    "ORG": "#1f78b4",
    "GPE": "#33a02c",
    "LOC": "#b15928",
    "FAC": "#e31a1c",
}
EVENT_COLOUR = "#7f7f7f"

# How much of an entity a profile shows at first: facts and events (best supported
# first), quotations and documents; and evidence sentences per fact. Views ask for more.
PROFILE_ITEMS = 50
PROFILE_EVIDENCE = 3


def facts(
    store: Store,
    entity: str | None = None,
    status: str | None = None,
    min_sources: int = 1,
    relation: str | None = None,
    limit: int | None = None,
    evidence: int | None = None,
    rejected: bool = False,
) -> list[Fact]:
    """Merged relations, optionally about one entity, of one status or relation,
    backed by at least `min_sources` independent sources; best supported first.
    The first `limit` of them (all when None), each with its first `evidence`
    evidence sentences (all when None)."""
    ident = resolve_ref(store, entity)
    found = merged_facts(store, ident, status, min_sources, relation, rejected, limit)
    return with_fact_evidence(store, ident, found, evidence)


def merged_facts(
    store: Store,
    ident: str | None,
    status: str | None = None,
    min_sources: int = 1,
    relation: str | None = None,
    rejected: bool = False,
    limit: int | None = None,
) -> list[Fact]:
    """`facts` without evidence (add it with `with_fact_evidence`), the first `limit` (all
    when None): read from the summaries the writer keeps, so the first fifty cost the same
    however many documents state them. `ident` is an entity id, or None for the whole
    board. Each fact carries a person's review (confirmed, rejected or None); rejected
    facts are left out unless `rejected`."""
    return store.merged_facts(ident, status, relation, min_sources, limit, rejected)


def find_fact(store: Store, ident: str) -> Fact:
    """A merged fact by its id (rejected ones too); raises UnknownFact."""
    found = next((f for f in merged_facts(store, None, rejected=True) if f.id == ident), None)
    if found is None:
        raise UnknownFact(f"no fact {ident!r} (ids are in `caseboard facts --json`)")
    return found


def review(store: Store, ident: str, verdict: str, author: str, note: str | None = None) -> dict[str, Any]:
    """A person confirms or rejects the fact `ident`; returns the judgement with the fact's id."""
    fact = find_fact(store, ident)
    return {**store.review_fact(fact.subject, fact.relation, fact.object, verdict, author, note), "fact": fact.id}


# Up to this many facts, their evidence is fetched fact by fact (an index lookup each);
# beyond, in one pass over every fact of the entity or board.
FACT_BY_FACT = 100


def with_fact_evidence(store: Store, ident: str | None, found: list[Fact], evidence: int | None) -> list[Fact]:
    """The facts with their first `evidence` sentences each (all when None)."""
    if found:
        chosen = [(f.subject, f.relation, f.object) for f in found] if len(found) <= FACT_BY_FACT else None
        rows = store.relation_evidence(ident, per_fact=evidence, facts=chosen)
        for fact in found:
            fact.evidence = [to_evidence(r) for r in rows.get((fact.subject, fact.relation, fact.object), [])]
    return found


def timeline(
    store: Store,
    entity: str | None = None,
    type: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    evidence: int | None = None,
) -> list[MergedEvent]:
    """Merged events in date order (undated last), optionally filtered; the first
    `limit` (all when None), each with its first `evidence` sentences (all when None)."""
    ident = resolve_ref(store, entity)
    found = merged_events(store, ident, type, status, limit)
    return with_event_evidence(store, ident, found, evidence)


def merged_events(
    store: Store,
    ident: str | None,
    type: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    after: tuple[int, str | None, str, int] | None = None,
) -> list[MergedEvent]:
    """`timeline` without evidence (add it with `with_event_evidence`), the first `limit`
    (all when None), those after the event at `after` (a `MergedEvent.position`) if given.
    `ident` is an entity id (its events as the writer keeps them), or None for the whole board."""
    return store.merged_events(ident, type, status, limit, after=after)


def _in_date_order(event: MergedEvent) -> tuple[bool, str, str]:
    return (event.date is None, event.date or "", event.type)


def with_event_evidence(
    store: Store, ident: str | None, found: list[MergedEvent], evidence: int | None
) -> list[MergedEvent]:
    """The events with evidence: every sentence (when `evidence` is None), or the first
    sentence of each of their first `evidence` tellings (fetched by id: fast however
    many documents tell them)."""
    if not found:
        return found
    if evidence is None:
        rows = store.event_evidence(ident)
        for event in found:
            told = sorted((r for key in event.tellings for r in rows.get(key, [])), key=lambda r: r["id"])
            sentences = {(e.doc_id, e.start): e for r in told for e in _every_sentence(r)}  # once each
            event.evidence = list(sentences.values())
        return found
    wanted = {event_id: event for event in found for event_id in event.first_rows[:evidence]}
    for event in found:
        event.evidence = []
    for row in store.event_evidence_rows(sorted(wanted)):
        wanted[row["id"]].evidence.append(to_evidence(row))
    return found


def _every_sentence(row: dict[str, Any]) -> list[Evidence]:
    """The evidence of one stored telling of an event: its first sentence and every other
    sentence of its document that tells the same event (headline, lede, body, a quote)."""
    more = json.loads(row.get("more_evidence") or "[]")
    return [to_evidence(row), *(to_evidence({**row, "start": start, "end": end, "text": text}) for start, end, text in more)]


def names(store: Store, items: Sequence[Fact | MergedEvent]) -> dict[str, dict[str, str]]:
    """Display names for every entity the given facts or events refer to (one lookup of them all)."""
    ids: set[str] = set()
    for item in items:
        if isinstance(item, Fact):
            ids.update({item.subject, item.object})
        else:
            ids.update(i for role in ROLES for i in item.participants.get(role, []))
        if item.attributed_to:
            ids.add(item.attributed_to)
    return store.entity_names(ids)


@dataclass
class Profile:
    """What the case board knows about one entity: its best supported facts and events,
    quotations, co-occurring entities and documents, with how many there are in all."""

    entity: dict[str, Any]
    facts: list[Fact] = field(default_factory=list)
    events: list[MergedEvent] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    cooccurring: list[dict[str, Any]] = field(default_factory=list)
    # how many of its documents `cooccurring` counts in: all, or a sample of the most named's
    cooccurring_within: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    # facts, events, quotes and documents in all (the lists may show only the first ones)
    totals: dict[str, int] = field(default_factory=dict)
    # why its names are one entity: Store.entity_merges
    merges: list[dict[str, Any]] = field(default_factory=list)
    # where it is named, with the ids `caseboard split --mention` takes: Store.entity_mentions
    mentions: list[dict[str, Any]] = field(default_factory=list)


def profile(
    store: Store, ref: str, limit: int | None = PROFILE_ITEMS, evidence: int | None = PROFILE_EVIDENCE, rejected: bool = False
) -> Profile:
    """The profile of the entity named or identified by `ref`; raises UnknownEntity.

    Up to `limit` facts (best supported first), events (best supported, shown in date
    order), quotations and documents (all when None), each fact and event with its
    first `evidence` sentences (all when None). Facts a person rejected are left out
    unless `rejected`."""
    entity = store.find_entity(ref)
    if entity is None:
        raise UnknownEntity(f"no entity named {ref!r} (try `caseboard search {ref}`)")
    ident = entity["id"]
    its_facts = with_fact_evidence(store, ident, merged_facts(store, ident, rejected=rejected, limit=limit), evidence)
    best_events = store.merged_events(ident, limit=limit, best_supported=True)
    its_events = with_event_evidence(store, ident, sorted(best_events, key=_in_date_order), evidence)
    totals = store.entity_totals(ident)
    if rejected:  # the writer counts the facts that stand
        totals["facts"] = len(merged_facts(store, ident, rejected=True))
    return Profile(
        entity=entity,
        facts=its_facts,
        events=its_events,
        quotes=store.quote_rows(ident, limit),
        cooccurring=store.cooccurring(ident, within=COOCCURRENCE_DOCUMENTS),
        cooccurring_within=min(totals["documents"], COOCCURRENCE_DOCUMENTS),
        documents=store.entity_documents(ident, limit),
        names=names(store, [*its_facts, *its_events]),
        totals=totals,
        merges=store.entity_merges(ident, limit),
        mentions=store.entity_mentions(ident, limit),
    )


@dataclass
class Selection:
    """The part of the case board a graph or an export shows: entities (rows of
    `Store.list_entities`), merged facts and merged events, each with evidence."""

    entities: list[dict[str, Any]]
    facts: list[Fact]
    events: list[MergedEvent]
    # the entity the selection is centred on (`selection(entity=...)`), if any
    centre: str | None = None


@dataclass(frozen=True)
class Filters:
    """Which part of the case board a graph or an export shows (see `selection`)."""

    status: str | None = None
    min_sources: int = 1
    entity: str | None = None
    depth: int = 1
    isolated: bool = True
    rejected: bool = False  # keep facts a person rejected (marked so)


def selection(store: Store, filters: Filters = Filters(), evidence: int | None = None) -> Selection:
    """Facts and events of one status (all when None) backed by at least `min_sources`
    independent sources; with `entity`, only what lies within `depth` links of it (a fact
    links its subject and object, an event all it names); with `isolated=False`, only
    entities taking part in a kept fact or event. Raises UnknownEntity.

    Facts come best supported first, events in date order; each with its first `evidence`
    sentences (all when None), earliest source first. Ties are broken by ids, not by
    ingest order."""
    status, min_sources, depth = filters.status, filters.min_sources, filters.depth
    centre = resolve_ref(store, filters.entity)
    kept_facts = merged_facts(store, None, status, min_sources, rejected=filters.rejected)
    kept_events = sorted(
        (e for e in merged_events(store, None, status=status) if e.independent_sources >= min_sources),
        key=lambda e: (*_in_date_order(e), sorted(_named(e))),
    )
    kept_entities = store.list_entities()
    if centre is not None:
        near = neighbourhood(centre, kept_facts, kept_events, depth)
        kept_facts = [f for f in kept_facts if {f.subject, f.object} <= near]
        kept_events = [e for e in kept_events if _named(e) <= near]
        kept_entities = [e for e in kept_entities if e["id"] in near]
    if not filters.isolated:
        linked = {i for f in kept_facts for i in (f.subject, f.object)} | {i for e in kept_events for i in _named(e)}
        kept_entities = [e for e in kept_entities if e["id"] in linked]
    with_fact_evidence(store, None, kept_facts, evidence)
    with_event_evidence(store, None, kept_events, evidence)
    for fact in kept_facts:
        fact.evidence.sort(key=_source_order)
    for event in kept_events:
        event.evidence.sort(key=_source_order)
    return Selection(kept_entities, kept_facts, kept_events, centre)


def source_order(published: str | None, doc_id: str) -> tuple[str, str]:
    """How exports order documents: earliest published first (undated last), then by id;
    not by when they were ingested, so the same documents give the same files."""
    return (published or "~", doc_id)


def _source_order(evidence: Evidence) -> tuple[str, str, int]:
    return (*source_order(evidence.published, evidence.doc_id), evidence.start)


def _named(event: MergedEvent) -> set[str]:
    return {i for role in ROLES for i in event.participants.get(role, [])}


def neighbourhood(centre: str, found_facts: list[Fact], found_events: list[MergedEvent], depth: int) -> set[str]:
    """The entities within `depth` links of `centre` (itself included) through the given
    facts (subject to object, either way) and events (each named entity to every other)."""
    links: dict[str, set[str]] = {}
    for fact in found_facts:
        links.setdefault(fact.subject, set()).add(fact.object)
        links.setdefault(fact.object, set()).add(fact.subject)
    for event in found_events:
        named = _named(event)
        for ident in named:
            links.setdefault(ident, set()).update(named - {ident})
    near, frontier = {centre}, {centre}
    for _ in range(depth):
        frontier = {n for i in frontier for n in links.get(i, ())} - near
        near |= frontier
    return near


def event_key(event: MergedEvent) -> str:
    """A merged event's stable key, for ids in exports: its type and its earliest telling
    (earliest published, then by document id and offset). It does not change when a later
    document adds a participant, nor with the order documents were ingested in. Needs all
    of the event's evidence (`evidence=None`)."""
    if len(event.evidence) < event.evidence_count or not event.evidence:
        raise ValueError("event_key needs every evidence sentence of the event")
    first = min(event.evidence, key=_source_order)
    return f"{event.type}:{first.doc_id}:{first.start}"
