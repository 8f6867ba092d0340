"""The case board as the views see it: facts, timeline, profiles and the graph.

CLI commands, web pages and exports all read the store through these
functions, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caseboard.corroboration import Fact, MergedEvent, merge_events, merge_relations
from caseboard.model import ROLES
from caseboard.store import Store


class UnknownEntity(LookupError):
    """No stored entity matches the name or id given."""


def resolve_ref(store: Store, ref: str | None) -> str | None:
    """The entity id for a name, alias or id (None passes through); raises UnknownEntity."""
    if ref is None:
        return None
    found = store.find_entity(ref)
    if found is None:
        raise UnknownEntity(f"no entity named {ref!r} (try `caseboard search {ref}`)")
    return found["id"]


def facts(
    store: Store,
    entity: str | None = None,
    status: str | None = None,
    min_sources: int = 1,
    relation: str | None = None,
) -> list[Fact]:
    """Merged relations, optionally about one entity, of one status or relation,
    backed by at least `min_sources` independent sources; best supported first."""
    found = merge_relations(store.relation_rows(resolve_ref(store, entity)))
    found = [
        f
        for f in found
        if (status is None or f.status == status)
        and (relation is None or f.relation == relation)
        and f.independent_sources >= min_sources
    ]
    return sorted(found, key=lambda f: (-f.independent_sources, -f.sources, f.relation, f.subject, f.object))


def timeline(
    store: Store,
    entity: str | None = None,
    type: str | None = None,
    status: str | None = None,
) -> list[MergedEvent]:
    """Merged events in date order (undated last), optionally filtered."""
    found = merge_events(store.event_rows(resolve_ref(store, entity)))
    found = [e for e in found if (type is None or e.type == type) and (status is None or e.status == status)]
    return sorted(found, key=lambda e: (e.date is None, e.date or "", e.type))


def names(store: Store, items: list[Fact] | list[MergedEvent]) -> dict[str, dict[str, str]]:
    """Display names for every entity the given facts or events refer to."""
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
    """Everything the case board knows about one entity."""

    entity: dict[str, Any]
    facts: list[Fact] = field(default_factory=list)
    events: list[MergedEvent] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    cooccurring: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)


def profile(store: Store, ref: str) -> Profile:
    """The profile of the entity named or identified by `ref`; raises UnknownEntity."""
    entity = store.find_entity(ref)
    if entity is None:
        raise UnknownEntity(f"no entity named {ref!r} (try `caseboard search {ref}`)")
    ident = entity["id"]
    its_facts = facts(store, ident)
    its_events = timeline(store, ident)
    return Profile(
        entity=entity,
        facts=its_facts,
        events=its_events,
        quotes=store.quote_rows(ident),
        cooccurring=store.cooccurring(ident),
        documents=store.entity_documents(ident),
        names={**names(store, its_facts), **names(store, its_events)},
    )


def graph(store: Store, status: str | None = None, min_sources: int = 1) -> tuple[list[dict[str, Any]], list[Fact]]:
    """Nodes (entities taking part in a kept fact) and edges (the kept facts)."""
    edges = facts(store, status=status, min_sources=min_sources)
    node_names = names(store, edges)
    nodes = [{"id": i, **info} for i, info in sorted(node_names.items())]
    return nodes, edges
